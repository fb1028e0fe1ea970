/**
 * Which unit should lead an order of a category at a place, and why. Two sources, both explained:
 * coverage (the units of the category's default kind that cover the place or its nearest ancestor,
 * from unit_places — "天香蓝郡由天香物业负责") and what dispatchers actually chose for the last
 * orders of the same category in the same compound (intake_routes: overrides in the intake form and
 * the dispatch dialog, one-click accepts in the queue, and the dispatch history imported at
 * training). A clear majority of the recent decisions wins over coverage, so an override is learned.
 *
 * It lives here, not in server/intake, so that both the order's own `/unit-suggestions` (the dispatch
 * dialog) and the intake routes give the same advice without an import cycle; the log of what was
 * shown and chosen stays in server/intake/routing.ts.
 *
 * Every read is served from per-database caches (server/db/row-cache.ts) dropped by any write to
 * their tables: a suggestion is asked for on every keystroke pause and must not cost a round of queries.
 */
import { Type } from 'typebox';
import type { Db, Tx } from '../db';
import { cached, tableCache } from '../db/row-cache';
import { placeById } from './catalogue';

type Queryable = Db | Tx;

/** How many recent decisions of a category × compound are weighed. */
export const LEARN_WINDOW = 5;

/** A unit that covers a place, with the reason in both languages. */
export interface UnitCoverage {
  unitId: number;
  name: string;
  kind: string;
  reason: string;
  reasonEn: string;
}

export interface UnitAdvice extends UnitCoverage {
  /** true when recent dispatch decisions put this unit first */
  learned: boolean;
  /** how many of the last `of` similar orders went to this unit (0 when none were decided) */
  chosen: number;
  of: number;
}

/** UnitAdvice in API responses (the order's /unit-suggestions, the intake routes). */
export const UnitAdviceSchema = Type.Object({
  unitId: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  reason: Type.String(),
  reasonEn: Type.String(),
  learned: Type.Boolean({ description: 'recent dispatch decisions of the same category in the same compound put this unit first' }),
  chosen: Type.Integer({ description: 'how many of the last `of` similar orders went to this unit' }),
  of: Type.Integer(),
});

/** The handle caches hang on: inside a transaction nothing is cached (a Tx has no write feed). */
const rootOf = (db: Queryable) => db as Db;

/** The unit kind expected to lead a category: its own default, else its parent's; null for any kind. */
async function leadKind(db: Queryable, categoryId: number): Promise<string | null> {
  const kinds = await cached(tableCache<'all', Map<number, { kind: string | null; parentId: number | null }>>(rootOf(db), 'routing-category-kinds', ['categories']), 'all', async () => {
    const rows = await db.selectFrom('categories').select(['id', 'default_unit_kind', 'parent_id']).execute();
    return new Map(rows.map((r) => [r.id, { kind: r.default_unit_kind, parentId: r.parent_id }]));
  });
  const cat = kinds!.get(categoryId);
  if (!cat) return null;
  return cat.kind ?? (cat.parentId !== null ? (kinds!.get(cat.parentId)?.kind ?? null) : null);
}

/** Active units of `kind` (any kind when null) covering the place or its nearest ancestor, nearest first. */
async function coverage(db: Queryable, kind: string | null, placeId: number): Promise<UnitCoverage[]> {
  const key = `${kind ?? '*'}:${placeId}`;
  const tables = ['places', 'unit_places', 'units', 'unit_kinds'];
  const list = await cached(tableCache<string, UnitCoverage[]>(rootOf(db), 'routing-coverage', tables), key, async () => {
    const place = await db.selectFrom('places').select(['path']).where('id', '=', placeId).executeTakeFirst();
    if (!place) return [];
    // '/1/4/17/' → [17, 4, 1]: nearest ancestor first.
    const chain = place.path.split('/').filter(Boolean).map(Number).reverse();
    const rows = await db
      .selectFrom('unit_places as up')
      .innerJoin('units as u', 'u.id', 'up.unit_id')
      .innerJoin('places as p', 'p.id', 'up.place_id')
      .innerJoin('unit_kinds as k', 'k.code', 'u.kind')
      .select(['u.id', 'u.name', 'u.kind', 'k.name_zh', 'k.name_en', 'up.place_id', 'p.name as place_name'])
      .where('up.place_id', 'in', chain)
      .where('u.active', '=', 1)
      .execute();
    const ranked = rows.filter((r) => kind === null || r.kind === kind).sort((a, b) => chain.indexOf(a.place_id) - chain.indexOf(b.place_id));
    const seen = new Set<number>();
    return ranked
      .filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)))
      .map((r) => ({
        unitId: r.id,
        name: r.name,
        kind: r.kind,
        reason: `${r.place_name}由${r.name}负责（${r.name_zh}）`,
        reasonEn: `${r.place_name} is served by ${r.name} (${r.name_en})`,
      }));
  });
  return list ?? [];
}

/**
 * Routing suggestion from coverage alone (place × category → unit): the units of the category's
 * default kind that cover the order's place or its nearest ancestor, nearest first, with the reason.
 */
export async function suggestUnits(db: Queryable, categoryId: number, placeId: number): Promise<UnitCoverage[]> {
  return coverage(db, await leadKind(db, categoryId), placeId);
}

/** The compound of a place (or the place itself outside compounds): what "similar orders" share. */
export async function areaOf(db: Queryable, placeId: number) {
  const p = await placeById(rootOf(db), db, placeId);
  if (!p) return null;
  return { placeId: p.id, areaId: p.compound_id ?? p.id };
}

export interface LearnedChoices {
  /** how many decisions were weighed (at most LEARN_WINDOW) */
  of: number;
  /** the units chosen, most chosen first (ties: the most recently chosen) */
  units: { unitId: number; count: number; newest: number }[];
}

/**
 * The units chosen for the last `window` decided orders of a category in an area, most chosen first.
 * An order decided twice (shown in the queue, then dispatched from the dialog) counts once, as its
 * newest decision.
 */
export async function learnedChoices(db: Queryable, categoryId: number, areaId: number, window = LEARN_WINDOW): Promise<LearnedChoices> {
  const cache = tableCache<string, LearnedChoices>(rootOf(db), 'routing-learned', ['intake_routes']);
  const result = await cached(cache, `${categoryId}:${areaId}:${window}`, async () => {
    // Serves from intake_routes_learn (category_id, area_id, decided_at).
    const rows = await db
      .selectFrom('intake_routes')
      .select(['chosen_unit_id', 'order_id'])
      .where('category_id', '=', categoryId)
      .where('area_id', '=', areaId)
      .where('decided_at', 'is not', null)
      .where('chosen_unit_id', 'is not', null)
      .orderBy('decided_at', 'desc')
      .orderBy('id', 'desc')
      .limit(window * 3)
      .execute();
    const orders = new Set<number>();
    const decisions = rows.filter((r) => r.order_id === null || (orders.has(r.order_id) ? false : (orders.add(r.order_id), true))).slice(0, window);
    const counts = new Map<number, { unitId: number; count: number; newest: number }>();
    decisions.forEach((r, i) => {
      const c = counts.get(r.chosen_unit_id!) ?? { unitId: r.chosen_unit_id!, count: 0, newest: i };
      c.count++;
      counts.set(r.chosen_unit_id!, c);
    });
    return { of: decisions.length, units: [...counts.values()].sort((a, b) => b.count - a.count || a.newest - b.newest) };
  });
  return result!;
}

/** An active unit with its kind, for a learned choice that does not cover the place. */
async function activeUnit(db: Queryable, id: number) {
  const hit = await cached(tableCache<number, { id: number; name: string; kind: string } | null>(rootOf(db), 'routing-units', ['units']), id, async () => {
    const u = await db.selectFrom('units').select(['id', 'name', 'kind']).where('id', '=', id).where('active', '=', 1).executeTakeFirst();
    return u ?? null;
  });
  return hit ?? null;
}

/**
 * Units for an order of `categoryId` at `placeId`, best first, each with its reason in both
 * languages. The learned unit leads when it holds at least half of the recent decisions.
 */
export async function adviseUnits(db: Queryable, categoryId: number, placeId: number): Promise<UnitAdvice[]> {
  const area = await areaOf(db, placeId);
  if (!area) return [];
  const [covering, learned] = await Promise.all([suggestUnits(db, categoryId, placeId), learnedChoices(db, categoryId, area.areaId)]);
  const out: UnitAdvice[] = covering.map((u) => ({ ...u, learned: false, chosen: 0, of: learned.of }));
  for (const l of learned.units) {
    const hit = out.find((u) => u.unitId === l.unitId);
    if (hit) hit.chosen = l.count;
  }
  const top = learned.units[0];
  if (top && top.count * 2 >= learned.of) {
    let unit = out.find((u) => u.unitId === top.unitId);
    if (!unit) {
      const u = await activeUnit(db, top.unitId);
      if (u) {
        unit = { unitId: u.id, name: u.name, kind: u.kind, reason: '', reasonEn: '', learned: false, chosen: top.count, of: learned.of };
        out.push(unit);
      }
    }
    if (unit) {
      const zh = `调度员最近${learned.of}件同类工单中有${top.count}件派给了${unit.name}`;
      const en = `dispatchers chose ${unit.name} for ${top.count} of the last ${learned.of} similar orders`;
      unit.reason = unit.reason ? `${zh}；${unit.reason}` : zh;
      unit.reasonEn = unit.reasonEn ? `${en}; ${unit.reasonEn}` : en;
      unit.learned = true;
      out.splice(out.indexOf(unit), 1);
      out.unshift(unit);
    }
  }
  return out;
}
