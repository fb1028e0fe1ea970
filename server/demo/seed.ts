/**
 * Loads the demo district (server/demo/district.ts) into an empty database: places with their
 * paths and ancestor ids, unit kinds, units and coverage, categories with deadlines and questions,
 * the holiday calendar and one account per demo user.
 */
import { CN_HOLIDAYS } from '../../common/holidays-cn';
import { placeAncestry, type PlaceAncestry } from '../admin/place-tree';
import { hashPassword } from '../auth/password';
import type { Db } from '../db';
import { CATEGORIES, PLACES, UNIT_KINDS, UNITS, USERS, type DemoPlace } from './district';

export interface SeededIds {
  places: Map<string, number>;
  units: Map<string, number>;
  categories: Map<string, number>;
  users: Map<string, number>;
}

/** True when the database already holds a district (seeding is for empty databases only). */
export async function isSeeded(db: Db): Promise<boolean> {
  return (await db.selectFrom('places').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Households of a place: its own figure, or the sum of its children's. */
function rollUpHouseholds(places: DemoPlace[]): Map<string, number> {
  const children = new Map<string, DemoPlace[]>();
  for (const p of places) if (p.parent) children.set(p.parent, [...(children.get(p.parent) ?? []), p]);
  const memo = new Map<string, number>();
  const total = (p: DemoPlace): number => {
    if (memo.has(p.key)) return memo.get(p.key)!;
    const v = p.households ?? (children.get(p.key) ?? []).reduce((s, c) => s + total(c), 0);
    memo.set(p.key, v);
    return v;
  };
  for (const p of places) total(p);
  return memo;
}

export async function seedCalendar(db: Db) {
  await db
    .insertInto('calendar_days')
    .values(CN_HOLIDAYS.map((h) => ({ date: h.date, kind: h.kind, name: h.name })))
    .onConflict((oc) => oc.column('date').doNothing())
    .execute();
}

export async function seedDistrict(db: Db, now = Date.now()): Promise<SeededIds> {
  const ids: SeededIds = { places: new Map(), units: new Map(), categories: new Map(), users: new Map() };
  const hashes = await Promise.all(USERS.map((u) => hashPassword(u.password)));
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('unit_kinds').values(UNIT_KINDS.map((k) => ({ code: k.code, name_zh: k.zh, name_en: k.en }))).execute();

    const households = rollUpHouseholds(PLACES);
    const rows = new Map<string, PlaceAncestry & { id: number }>();
    for (const p of PLACES) {
      const parent = p.parent ? rows.get(p.parent) : undefined;
      if (p.parent && !parent) throw new Error(`place ${p.key} comes before its parent ${p.parent}`);
      // The path names the new id, so the row is inserted first and completed once the id is known.
      const { id } = await tx
        .insertInto('places')
        .values({
          parent_id: parent?.id ?? null,
          level: p.level,
          name: p.name,
          path: '',
          households: households.get(p.key) || null,
          lat: p.lat ?? null,
          lng: p.lng ?? null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const row = { id, ...placeAncestry(parent, id, p.level) };
      await tx.updateTable('places').set({ path: row.path, street_id: row.street_id, community_id: row.community_id, compound_id: row.compound_id, building_id: row.building_id }).where('id', '=', id).execute();
      rows.set(p.key, row);
      ids.places.set(p.key, id);
    }

    for (const u of UNITS) {
      const { id } = await tx.insertInto('units').values({ name: u.name, kind: u.kind, phone: u.phone ?? null, active: 1, created_at: now }).returning('id').executeTakeFirstOrThrow();
      ids.units.set(u.key, id);
      if (u.covers.length) await tx.insertInto('unit_places').values(u.covers.map((k) => ({ unit_id: id, place_id: ids.places.get(k)! }))).execute();
    }

    let sort = 0;
    for (const c of CATEGORIES) {
      const { id } = await tx
        .insertInto('categories')
        .values({
          code: c.code,
          parent_id: c.parent ? ids.categories.get(c.parent)! : null,
          name: c.name,
          name_en: c.nameEn,
          kind: c.kind,
          default_unit_kind: c.defaultUnitKind ?? null,
          keywords: (c.keywords ?? []).join(' '),
          active: 1,
          sort: sort++,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.categories.set(c.code, id);
      const slas = Object.entries(c.sla ?? {}).filter(([, v]) => v);
      if (slas.length) {
        await tx.insertInto('category_sla').values(slas.map(([priority, v]) => ({ category_id: id, priority, signoff: v!.signoff, response: v!.response, resolution: v!.resolution }))).execute();
      }
      if (c.fields?.length) {
        await tx
          .insertInto('category_fields')
          .values(c.fields.map((f, i) => ({ category_id: id, code: f.code, label: f.label, label_en: f.labelEn, datatype: f.datatype, required: f.required ? 1 : 0, values_json: f.values ? JSON.stringify(f.values) : null, description: f.description ?? null, sort: i })))
          .execute();
      }
    }

    for (const [i, u] of USERS.entries()) {
      const { id } = await tx
        .insertInto('users')
        .values({
          username: u.username,
          name: u.name,
          phone: u.phone,
          role: u.role,
          unit_id: u.unit ? ids.units.get(u.unit)! : null,
          place_id: u.place ? ids.places.get(u.place)! : null,
          password_hash: hashes[i]!,
          active: 1,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.users.set(u.username, id);
    }
  });
  await seedCalendar(db);
  return ids;
}
