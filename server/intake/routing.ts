/**
 * Which unit should lead an order of a category at a place, and why. Two sources, both explained:
 * coverage (the units of the category's default kind that cover the place or its nearest ancestor,
 * from unit_places — "天香蓝郡由天香物业负责") and what dispatchers actually chose for the last
 * orders of the same category in the same compound (intake_routes: overrides in the form, one-click
 * accepts in the queue, and the dispatch history imported at training). A clear majority of the
 * recent decisions wins over coverage, so an override is learned.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../db';
import { suggestUnits } from '../work-orders';

/** How many recent decisions of a category × compound are weighed. */
export const LEARN_WINDOW = 5;

export interface UnitAdvice {
  unitId: number;
  name: string;
  kind: string;
  reason: string;
  reasonEn: string;
  /** true when recent dispatch decisions put this unit first */
  learned: boolean;
  /** how many of the last `of` similar orders went to this unit (0 when none were decided) */
  chosen: number;
  of: number;
}

type Queryable = Db | Tx;

/** The compound of a place (or the place itself outside compounds): what "similar orders" share. */
export async function areaOf(db: Queryable, placeId: number) {
  const p = await db.selectFrom('places').select(['id', 'compound_id', 'name']).where('id', '=', placeId).executeTakeFirst();
  if (!p) return null;
  return { placeId: p.id, areaId: p.compound_id ?? p.id };
}

/** The units chosen for the last `window` decided orders of a category in an area, most chosen first. */
export async function learnedChoices(db: Queryable, categoryId: number, areaId: number, window = LEARN_WINDOW) {
  // Serves from intake_routes_learn (category_id, area_id, decided_at).
  const rows = await db
    .selectFrom('intake_routes')
    .select(['chosen_unit_id', 'decided_at'])
    .where('category_id', '=', categoryId)
    .where('area_id', '=', areaId)
    .where('decided_at', 'is not', null)
    .where('chosen_unit_id', 'is not', null)
    .orderBy('decided_at', 'desc')
    .orderBy('id', 'desc')
    .limit(window)
    .execute();
  const counts = new Map<number, { unitId: number; count: number; newest: number }>();
  rows.forEach((r, i) => {
    const c = counts.get(r.chosen_unit_id!) ?? { unitId: r.chosen_unit_id!, count: 0, newest: i };
    c.count++;
    counts.set(r.chosen_unit_id!, c);
  });
  // Ties go to the unit chosen most recently.
  return { of: rows.length, units: [...counts.values()].sort((a, b) => b.count - a.count || a.newest - b.newest) };
}

/**
 * Units for an order of `categoryId` at `placeId`, best first, each with its reason in both
 * languages. The learned unit leads when it holds at least half of the recent decisions.
 */
export async function adviseUnits(db: Queryable, categoryId: number, placeId: number): Promise<UnitAdvice[]> {
  const area = await areaOf(db, placeId);
  if (!area) return [];
  const [covering, learned] = await Promise.all([suggestUnits(db as Db, categoryId, placeId), learnedChoices(db, categoryId, area.areaId)]);
  const out: UnitAdvice[] = covering.map((u) => ({ ...u, learned: false, chosen: 0, of: learned.of }));
  for (const l of learned.units) {
    const hit = out.find((u) => u.unitId === l.unitId);
    if (hit) hit.chosen = l.count;
  }
  const top = learned.units[0];
  if (top && top.count * 2 >= learned.of) {
    let unit = out.find((u) => u.unitId === top.unitId);
    if (!unit) {
      const u = await db
        .selectFrom('units')
        .select(['id', 'name', 'kind'])
        .where('id', '=', top.unitId)
        .where('active', '=', 1)
        .executeTakeFirst();
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

/** Logs a unit suggestion as shown (or re-points an undecided one of the same form) and returns its id. */
export async function recordRoute(
  db: Queryable,
  r: { id?: number | undefined; source: 'intake' | 'queue'; userId: number; suggestionId: number | null; orderId: number | null; categoryId: number; placeId: number; areaId: number; top: UnitAdvice | undefined; now: number },
): Promise<number> {
  const values = {
    suggestion_id: r.suggestionId,
    order_id: r.orderId,
    category_id: r.categoryId,
    place_id: r.placeId,
    area_id: r.areaId,
    suggested_unit_id: r.top?.unitId ?? null,
    learned: r.top?.learned ? 1 : 0,
    reason: r.top?.reason ?? null,
    created_at: r.now,
  };
  if (r.id) {
    const res = await db
      .updateTable('intake_routes')
      .set(values)
      .where('id', '=', r.id)
      .where('user_id', '=', r.userId)
      .where('source', '=', r.source)
      .where('decided_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) return r.id;
  }
  const { id } = await db
    .insertInto('intake_routes')
    .values({ ...values, source: r.source, user_id: r.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Records the unit the dispatcher chose for a shown suggestion (the override, when it differs). */
export async function decideRoute(db: Queryable, id: number, chosenUnitId: number, orderId: number | null, now: number) {
  await db
    .updateTable('intake_routes')
    .set({ chosen_unit_id: chosenUnitId, decided_at: now, ...(orderId ? { order_id: orderId } : {}) })
    .where('id', '=', id)
    .execute();
}

/**
 * Imports the dispatch decisions of the order history that no suggestion recorded (dispatches made
 * in the dialog, imported ledgers), and closes the suggestions whose order was dispatched some other
 * way. Incremental: only orders dispatched after the newest imported one. Runs with each training.
 */
export async function importDispatchHistory(db: Db): Promise<number> {
  const last = await db
    .selectFrom('intake_routes')
    .select((eb) => eb.fn.max('decided_at').as('t'))
    .where('source', '=', 'dispatch')
    .executeTakeFirst();
  const since = Number(last?.t ?? 0);
  // Suggestions shown for an order that was then dispatched another way: what was chosen is the lead unit.
  await db
    .updateTable('intake_routes as r')
    .set({
      chosen_unit_id: sql`(select wo.lead_unit_id from work_orders wo where wo.id = r.order_id)`,
      decided_at: sql`(select wo.dispatched_at from work_orders wo where wo.id = r.order_id)`,
    })
    .where('r.decided_at', 'is', null)
    .where('r.order_id', 'is not', null)
    .where(sql<boolean>`exists (select 1 from work_orders wo where wo.id = r.order_id and wo.lead_unit_id is not null and wo.dispatched_at is not null)`)
    .execute();
  const res = await db
    .insertInto('intake_routes')
    .columns(['source', 'order_id', 'category_id', 'place_id', 'area_id', 'created_at', 'chosen_unit_id', 'decided_at'])
    .expression(
      db
        .selectFrom('work_orders as wo')
        .select([
          sql<string>`'dispatch'`.as('source'),
          'wo.id',
          'wo.category_id',
          'wo.place_id',
          sql<number>`coalesce(wo.compound_id, wo.place_id)`.as('area_id'),
          'wo.dispatched_at as created_at',
          'wo.lead_unit_id',
          'wo.dispatched_at',
        ])
        .where('wo.lead_unit_id', 'is not', null)
        .where('wo.dispatched_at', '>', since)
        .where(sql<boolean>`not exists (select 1 from intake_routes r where r.order_id = wo.id)`),
    )
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}
