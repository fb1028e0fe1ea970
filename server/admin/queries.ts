/** Reads behind the administrator's API: single records for commands, lists for the admin pages. */
import { sql } from 'kysely';
import type { SessionActor } from '../auth/actor';
import type { Db, Tx } from '../db';
import { DEFAULT_SWEEP_RULES, type SweepRules } from '../work-orders/sla';
import type { AuditQueryInput, ListUsersInput } from './schema';

type Q = Db | Tx;

// ── places ─────────────────────────────────────────────────────────────

export function findPlace(q: Q, id: number) {
  return q.selectFrom('places').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether another child of `parentId` already has this name (ignoring place `exceptId`). */
export async function siblingNamed(q: Q, parentId: number | null, name: string, exceptId?: number): Promise<boolean> {
  let s = q.selectFrom('places').select('id').where('name', '=', name);
  s = parentId === null ? s.where('parent_id', 'is', null) : s.where('parent_id', '=', parentId);
  if (exceptId !== undefined) s = s.where('id', '!=', exceptId);
  return (await s.limit(1).executeTakeFirst()) !== undefined;
}

/** How many rows of each kind point at a place; a place may be deleted only when all are zero. */
export async function placeReferences(q: Q, id: number) {
  const count = (table: 'places' | 'unit_places' | 'users' | 'work_orders', column: 'parent_id' | 'place_id') =>
    q
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', id)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  // Sequential: on SQLite the transaction holds the one connection.
  const children = await count('places', 'parent_id');
  const units = await count('unit_places', 'place_id');
  const users = await count('users', 'place_id');
  const orders = await count('work_orders', 'place_id');
  return { children, units, users, orders };
}

/** Ids among `ids` that name no place. */
export async function missingPlaces(q: Q, ids: readonly number[]): Promise<number[]> {
  if (!ids.length) return [];
  const found = new Set(
    (
      await q
        .selectFrom('places')
        .select('id')
        .where('id', 'in', [...ids])
        .execute()
    ).map((r) => r.id),
  );
  return ids.filter((id) => !found.has(id));
}

// ── unit kinds and units ───────────────────────────────────────────────

export function listUnitKinds(q: Q) {
  return q.selectFrom('unit_kinds').selectAll().orderBy('code').execute();
}

export function findUnitKind(q: Q, code: string) {
  return q.selectFrom('unit_kinds').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findUnit(q: Q, id: number) {
  return q.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Places each unit covers, sorted, keyed by unit id. */
export async function coverageOf(q: Q, unitIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(unitIds.map((id) => [id, []]));
  if (!unitIds.length) return out;
  const rows = await q
    .selectFrom('unit_places')
    .select(['unit_id', 'place_id'])
    .where('unit_id', 'in', [...unitIds])
    .orderBy('place_id')
    .execute();
  for (const r of rows) out.get(r.unit_id)?.push(r.place_id);
  return out;
}

/** Every unit, inactive ones included (the directory lists only active ones). */
export function listUnits(q: Q) {
  return q.selectFrom('units').selectAll().orderBy('id').execute();
}

// ── categories ─────────────────────────────────────────────────────────

export function findCategory(q: Q, id: number) {
  return q.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A category with its deadlines and questions, or undefined. */
export async function loadCategory(q: Q, id: number) {
  const row = await findCategory(q, id);
  if (!row) return undefined;
  const sla = await q.selectFrom('category_sla').selectAll().where('category_id', '=', id).orderBy('priority').execute();
  const fields = await q.selectFrom('category_fields').selectAll().where('category_id', '=', id).orderBy('sort').orderBy('id').execute();
  return { row, sla, fields };
}
export type LoadedCategory = NonNullable<Awaited<ReturnType<typeof loadCategory>>>;

/** Every category with deadlines and questions, inactive ones included. */
export async function listCategories(q: Q): Promise<LoadedCategory[]> {
  const rows = await q.selectFrom('categories').selectAll().orderBy('sort').orderBy('id').execute();
  const sla = await q.selectFrom('category_sla').selectAll().orderBy('priority').execute();
  const fields = await q.selectFrom('category_fields').selectAll().orderBy('sort').orderBy('id').execute();
  return rows.map((row) => ({
    row,
    sla: sla.filter((s) => s.category_id === row.id),
    fields: fields.filter((f) => f.category_id === row.id),
  }));
}

/** The parent of a category (null at the root), for the loop check when a category moves. */
export async function categoryParent(q: Q, id: number): Promise<number | null> {
  const r = await q.selectFrom('categories').select('parent_id').where('id', '=', id).executeTakeFirst();
  return r?.parent_id ?? null;
}

// ── holiday calendar ───────────────────────────────────────────────────

export function findCalendarDay(q: Q, date: string) {
  return q.selectFrom('calendar_days').selectAll().where('date', '=', date).executeTakeFirst();
}

export function calendarYear(q: Q, year: number) {
  return q
    .selectFrom('calendar_days')
    .selectAll()
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .execute();
}

// ── users ──────────────────────────────────────────────────────────────

function usersWithNames(q: Q) {
  return q
    .selectFrom('users as u')
    .leftJoin('units as un', 'un.id', 'u.unit_id')
    .leftJoin('places as p', 'p.id', 'u.place_id')
    .select([
      'u.id',
      'u.username',
      'u.name',
      'u.phone',
      'u.role',
      'u.unit_id',
      'u.place_id',
      'u.active',
      'u.created_at',
      'un.name as unit_name',
      'p.name as place_name',
    ]);
}
type UserQuery = ReturnType<typeof usersWithNames>;
export type UserView = Awaited<ReturnType<UserQuery['executeTakeFirstOrThrow']>>;

/**
 * Limits a user query to what the actor may read: everyone for an admin or a district-level
 * supervisor; for a street or community supervisor, accounts placed in their subtree and the
 * handlers of units that cover a place in it (or cover one of its ancestors, like a district-wide
 * utility). A row outside is "not found", never "forbidden".
 */
function scoped(s: UserQuery, actor: SessionActor): UserQuery {
  if (actor.role === 'admin' || (actor.role === 'supervisor' && actor.placeLevel === 'district')) return s;
  if (!actor.placePath) return s.where(sql<boolean>`1 = 0`);
  const prefix = `${actor.placePath}%`;
  const ancestors = actor.placePath.split('/').filter(Boolean).map(Number);
  return s.where((eb) =>
    eb.or([
      eb('p.path', 'like', prefix),
      eb(
        'u.unit_id',
        'in',
        eb
          .selectFrom('unit_places as up')
          .innerJoin('places as cp', 'cp.id', 'up.place_id')
          .select('up.unit_id')
          .where((w) => w.or([w('cp.path', 'like', prefix), w('cp.id', 'in', ancestors)])),
      ),
    ]),
  );
}

/** Whether another resident account signs in with this phone number (residents sign in by phone). */
export async function residentPhoneTaken(q: Q, phone: string, exceptId?: number): Promise<boolean> {
  let s = q.selectFrom('users').select('id').where('role', '=', 'resident').where('phone', '=', phone);
  if (exceptId !== undefined) s = s.where('id', '!=', exceptId);
  return (await s.limit(1).executeTakeFirst()) !== undefined;
}

export function findUser(q: Q, id: number) {
  return q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One account with its unit and place names, if the actor may read it. */
export function findUserView(q: Q, actor: SessionActor, id: number) {
  return scoped(usersWithNames(q), actor).where('u.id', '=', id).executeTakeFirst();
}

/** A page of accounts in the actor's reach, filtered by role, unit, place subtree, name and state. */
export async function listUsers(q: Q, actor: SessionActor, f: ListUsersInput) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 50;
  let s = scoped(usersWithNames(q), actor);
  if (f.role) s = s.where('u.role', '=', f.role);
  if (f.unitId) s = s.where('u.unit_id', '=', f.unitId);
  if (f.active !== undefined) s = s.where('u.active', '=', f.active ? 1 : 0);
  if (f.placeId) {
    const place = await findPlace(q, f.placeId);
    // An unknown place filters everything out, as an empty subtree would.
    s = place ? s.where('p.path', 'like', `${place.path}%`) : s.where(sql<boolean>`1 = 0`);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, '')}%`;
    s = s.where((eb) => eb.or([eb('u.name', 'like', like), eb('u.username', 'like', like)]));
  }
  const total = await s
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await s
    .orderBy('u.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: Number(total.n), page, pageSize };
}

// ── settings ───────────────────────────────────────────────────────────

/** The sweep rules as stored, over the defaults. */
export async function readSweepRules(q: Q): Promise<SweepRules> {
  const row = await q.selectFrom('settings').select('value_json').where('key', '=', 'sla.sweep').executeTakeFirst();
  return { ...DEFAULT_SWEEP_RULES, ...(row ? (JSON.parse(row.value_json) as Partial<SweepRules>) : {}) };
}

// ── audit ──────────────────────────────────────────────────────────────

/** Newest audit rows first, after the cursor `beforeId`; one extra row tells whether there is more. */
export async function listAudit(q: Q, f: AuditQueryInput) {
  const limit = f.limit ?? 50;
  let s = q
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select([
      'a.id',
      'a.actor_id',
      'a.actor_role',
      'a.action',
      'a.entity',
      'a.entity_id',
      'a.before_json',
      'a.after_json',
      'a.at',
      'u.name as actor_name',
    ]);
  if (f.entity) s = s.where('a.entity', '=', f.entity);
  if (f.entityId) s = s.where('a.entity_id', '=', f.entityId);
  if (f.actorId) s = s.where('a.actor_id', '=', f.actorId);
  if (f.beforeId) s = s.where('a.id', '<', f.beforeId);
  const rows = await s
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}
