/**
 * The log of unit suggestions: each one shown (intake form, triage queue, dispatch dialog) with the
 * unit the dispatcher chose, and the dispatches of the order history imported at training. The
 * advice computed from it (coverage and what dispatchers chose before) is in
 * server/work-orders/routing.ts, which the order routes use too.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../db';
import type { UnitAdvice } from '../work-orders/routing';

// The advice itself is shared with the order's own /unit-suggestions (the dispatch dialog).
export { adviseUnits, areaOf, learnedChoices, LEARN_WINDOW, type UnitAdvice } from '../work-orders/routing';

type Queryable = Db | Tx;

/** Logs a unit suggestion as shown (or re-points an undecided one of the same form) and returns its id. */
export async function recordRoute(
  db: Queryable,
  r: { id?: number | undefined; source: 'intake' | 'queue' | 'dialog'; userId: number; suggestionId: number | null; orderId: number | null; categoryId: number; placeId: number; areaId: number; top: UnitAdvice | undefined; now: number },
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
