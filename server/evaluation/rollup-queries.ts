/**
 * SQL over the rollup tables (server/evaluation/rollups.ts): every read is a primary-key range of
 * one scope, so its cost follows the period's days and the number of places, never the orders.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { RateCounts } from '../../common/evaluation';
import type { Db, Tx } from '../db';
import type { Database } from '../db/schema';
import { VECTOR_KEYS, type Scope, type Vector } from './rollups';

type Queryable = Db | Tx;

export interface DayRange {
  /** 'YYYY-MM-DD', inclusive both ends. */
  from: string;
  to: string;
}

/** Rollup tables keyed (scope, scope_id, day, …). */
type Keyed = 'rollup_day' | 'rollup_due' | 'rollup_category';

/** One scope id's rows over the day range: the key prefix that every one-scope read starts with. */
const oneScope = (scope: Scope, id: number, r: DayRange) => (eb: ExpressionBuilder<Database, Keyed>) =>
  eb.and([eb('scope', '=', scope), eb('scope_id', '=', id), eb('day', '>=', r.from), eb('day', '<=', r.to)]);

const sumVector = () => VECTOR_KEYS.map((k) => sql<number>`sum(${sql.ref(k)})`.as(k));

/**
 * A rollup row's counts as a Vector. Spelled out field by field (as are zeroVector and addVector):
 * a year of days for the big screen is thousands of these, and one object shape with plain
 * property access is several times faster than building objects from key lists.
 */
function toVector(r: Record<string, unknown>): Vector {
  return {
    volume: Number(r.volume ?? 0),
    dispatched: Number(r.dispatched ?? 0),
    signoff_done: Number(r.signoff_done ?? 0),
    signoff_on_time: Number(r.signoff_on_time ?? 0),
    response_done: Number(r.response_done ?? 0),
    response_on_time: Number(r.response_on_time ?? 0),
    resolution_done: Number(r.resolution_done ?? 0),
    resolution_on_time: Number(r.resolution_on_time ?? 0),
    rated: Number(r.rated ?? 0),
    rated_resolved: Number(r.rated_resolved ?? 0),
    rated_satisfied: Number(r.rated_satisfied ?? 0),
    returned: Number(r.returned ?? 0),
    redone: Number(r.redone ?? 0),
    reverified: Number(r.reverified ?? 0),
    reverified_held: Number(r.reverified_held ?? 0),
    closed: Number(r.closed ?? 0),
    overdue: Number(r.overdue ?? 0),
  };
}

/** The status cells of one scope (a few dozen rows: statuses × open due days). */
export function statusCells(db: Queryable, scope: Scope, id: number) {
  return db
    .selectFrom('rollup_status')
    .select(['status', 'overdue', 'supervised', 'due_day', 'n'])
    .where('scope', '=', scope)
    .where('scope_id', '=', id)
    .execute();
}

/** The status cells of every scope id of a level (for a unit view: one scope id). */
export async function dayVectors(db: Queryable, scope: Scope, id: number, r: DayRange): Promise<{ day: string; v: Vector }[]> {
  const rows = await db
    .selectFrom('rollup_day')
    .selectAll()
    .where(oneScope(scope, id, r))
    .orderBy('day')
    .execute();
  return rows.map((row) => ({ day: row.day, v: toVector(row as unknown as Record<string, unknown>) }));
}

/** Summed vectors per scope id of a level (children: streets, communities, compounds, units), optionally only `ids`. */
export async function childVectors(db: Queryable, scope: Scope, r: DayRange, ids: number[] | null): Promise<Map<number, Vector>> {
  if (ids !== null && ids.length === 0) return new Map();
  let q = db
    .selectFrom('rollup_day')
    .select('scope_id')
    .select(sumVector())
    .where('scope', '=', scope)
    .where('day', '>=', r.from)
    .where('day', '<=', r.to);
  if (ids !== null) q = q.where('scope_id', 'in', ids);
  const rows = await q.groupBy('scope_id').execute();
  return new Map(rows.map((row) => [Number(row.scope_id), toVector(row as Record<string, unknown>)]));
}

/** Pending steps fallen due by `now`, per scope id and step (orders received in the range). */
export async function dueCounts(
  db: Queryable,
  scope: Scope,
  ids: number[] | null,
  r: DayRange,
  now: number,
): Promise<Map<number, Record<string, number>>> {
  const out = new Map<number, Record<string, number>>();
  if (ids !== null && ids.length === 0) return out;
  let q = db
    .selectFrom('rollup_due')
    .select(['scope_id', 'step', sql<number>`sum(n)`.as('n')])
    .where('scope', '=', scope)
    .where('day', '>=', r.from)
    .where('day', '<=', r.to)
    .where('due_at', '<=', now);
  if (ids !== null) q = q.where('scope_id', 'in', ids);
  for (const row of await q.groupBy(['scope_id', 'step']).execute()) {
    const id = Number(row.scope_id);
    const m = out.get(id) ?? {};
    m[row.step] = Number(row.n);
    out.set(id, m);
  }
  return out;
}

/** Orders per category id of one scope over the range (rollup_category_read: read from the index). */
export async function categorySums(db: Queryable, scope: Scope, id: number, r: DayRange): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('rollup_category')
    .select(['category_id', sql<number>`sum(n)`.as('n')])
    .where(oneScope(scope, id, r))
    .groupBy('category_id')
    .execute();
  return new Map(rows.map((row) => [Number(row.category_id), Number(row.n)]).filter(([, n]) => n > 0) as [number, number][]);
}

/** Orders per day and category id of one scope (the portrait's split before and after a day). */
export async function categoryDays(
  db: Queryable,
  scope: Scope,
  id: number,
  r: DayRange,
): Promise<{ day: string; category: number; n: number }[]> {
  const rows = await db
    .selectFrom('rollup_category')
    .select(['day', 'category_id', 'n'])
    .where(oneScope(scope, id, r))
    .execute();
  return rows.map((row) => ({ day: row.day, category: Number(row.category_id), n: Number(row.n) })).filter((x) => x.n !== 0);
}

/** A lead unit's orders per compound over the range (rollup_unit_compound). */
export async function unitCompoundSums(db: Queryable, unitId: number, r: DayRange): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('rollup_unit_compound')
    .select(['compound_id', sql<number>`sum(n)`.as('n')])
    .where('unit_id', '=', unitId)
    .where('day', '>=', r.from)
    .where('day', '<=', r.to)
    .groupBy('compound_id')
    .execute();
  return new Map(rows.map((row) => [Number(row.compound_id), Number(row.n)]).filter(([, n]) => n > 0) as [number, number][]);
}

/**
 * One scope's vectors summed per month ('YYYY-MM') over the range, added up in SQL: a year is
 * twelve rows instead of 365 row objects (the big screen's 12-month series).
 */
export async function monthVectors(db: Queryable, scope: Scope, id: number, r: DayRange): Promise<Map<string, Vector>> {
  const month = sql<string>`substr(day, 1, 7)`;
  const rows = await db
    .selectFrom('rollup_day')
    .select(month.as('month'))
    .select(sumVector())
    .where(oneScope(scope, id, r))
    .groupBy(month)
    .execute();
  return new Map(rows.map((row) => [row.month, toVector(row as Record<string, unknown>)]));
}

/** Pending steps fallen due by `now`: signoff, response, resolution. */
export type DueSteps = Record<string, number>;

/**
 * One scope's days over the range: the vector of each day with orders, and per day the pending
 * steps fallen due by `now` — two reads, from which any sub-range (today, a month, 30 days) is summed.
 */
export async function scopeDays(
  db: Queryable,
  scope: Scope,
  id: number,
  r: DayRange,
  now: number,
): Promise<{ days: Map<string, Vector>; due: Map<string, DueSteps> }> {
  const [rows, dueRows] = await Promise.all([
    dayVectors(db, scope, id, r),
    db
      .selectFrom('rollup_due')
      .select(['day', 'step', sql<number>`sum(n)`.as('n')])
      .where(oneScope(scope, id, r))
      .where('due_at', '<=', now)
      .groupBy(['day', 'step'])
      .execute(),
  ]);
  const due = new Map<string, DueSteps>();
  for (const row of dueRows) {
    const m = due.get(row.day) ?? {};
    m[row.step] = Number(row.n);
    due.set(row.day, m);
  }
  return { days: new Map(rows.map((x) => [x.day, x.v])), due };
}

/** Orders received over the range per scope id of `scope` (all of its ids, or `ids`), from rollup_day_volume alone. */
export async function volumes(db: Queryable, scope: Scope, r: DayRange, ids: number[] | null): Promise<Map<number, number>> {
  if (ids !== null && ids.length === 0) return new Map();
  let q = db
    .selectFrom('rollup_day')
    .select(['scope_id', sql<number>`sum(volume)`.as('n')])
    .where('scope', '=', scope)
    .where('day', '>=', r.from)
    .where('day', '<=', r.to);
  if (ids !== null) q = q.where('scope_id', 'in', ids);
  const rows = await q.groupBy('scope_id').execute();
  return new Map(rows.map((row) => [Number(row.scope_id), Number(row.n)]).filter(([, n]) => n > 0) as [number, number][]);
}

/** Which scope ids to read. */
export interface ScopeIds {
  scope: Scope;
  ids: number[];
}

/**
 * Summed vectors and fallen-due steps over the range for a few ids of several scopes (the
 * children of a dashboard and its busiest units) in two primary-key reads, keyed 'scope|id'.
 */
export async function groupVectors(
  db: Queryable,
  groups: ScopeIds[],
  r: DayRange,
  now: number,
): Promise<{ vectors: Map<string, Vector>; due: Map<string, DueSteps> }> {
  const wanted = groups.filter((g) => g.ids.length > 0);
  const vectors = new Map<string, Vector>();
  const due = new Map<string, DueSteps>();
  if (!wanted.length) return { vectors, due };
  const which = (eb: ExpressionBuilder<Database, 'rollup_day' | 'rollup_due'>) =>
    eb.or(wanted.map((g) => eb.and([eb('scope', '=', g.scope), eb('scope_id', 'in', g.ids)])));
  const [rows, dueRows] = await Promise.all([
    db
      .selectFrom('rollup_day')
      .select(['scope', 'scope_id'])
      .select(sumVector())
      .where(which)
      .where('day', '>=', r.from)
      .where('day', '<=', r.to)
      .groupBy(['scope', 'scope_id'])
      .execute(),
    db
      .selectFrom('rollup_due')
      .select(['scope', 'scope_id', 'step', sql<number>`sum(n)`.as('n')])
      .where(which)
      .where('day', '>=', r.from)
      .where('day', '<=', r.to)
      .where('due_at', '<=', now)
      .groupBy(['scope', 'scope_id', 'step'])
      .execute(),
  ]);
  for (const row of rows) vectors.set(`${row.scope}|${row.scope_id}`, toVector(row as Record<string, unknown>));
  for (const row of dueRows) {
    const k = `${row.scope}|${row.scope_id}`;
    const m = due.get(k) ?? {};
    m[row.step] = Number(row.n);
    due.set(k, m);
  }
  return { vectors, due };
}

/** The RateCounts of a vector and its pending steps fallen due (countOrders' numbers, from rollups). */
export function countsOf(v: Vector, due: Record<string, number> | undefined): RateCounts {
  return {
    volume: v.volume,
    dispatched: v.dispatched,
    signoffDue: v.signoff_done + (due?.signoff ?? 0),
    signoffOnTime: v.signoff_on_time,
    responseDue: v.response_done + (due?.response ?? 0),
    responseOnTime: v.response_on_time,
    resolutionDue: v.resolution_done + (due?.resolution ?? 0),
    resolutionOnTime: v.resolution_on_time,
    rated: v.rated,
    ratedResolved: v.rated_resolved,
    ratedSatisfied: v.rated_satisfied,
    returned: v.returned,
    redone: v.redone,
    reverified: v.reverified,
    reverifiedHeld: v.reverified_held,
  };
}

export const zeroVector = (): Vector => ({
  volume: 0,
  dispatched: 0,
  signoff_done: 0,
  signoff_on_time: 0,
  response_done: 0,
  response_on_time: 0,
  resolution_done: 0,
  resolution_on_time: 0,
  rated: 0,
  rated_resolved: 0,
  rated_satisfied: 0,
  returned: 0,
  redone: 0,
  reverified: 0,
  reverified_held: 0,
  closed: 0,
  overdue: 0,
});

/** Adds b into a (and returns a). */
export function addVector(a: Vector, b: Vector): Vector {
  a.volume += b.volume;
  a.dispatched += b.dispatched;
  a.signoff_done += b.signoff_done;
  a.signoff_on_time += b.signoff_on_time;
  a.response_done += b.response_done;
  a.response_on_time += b.response_on_time;
  a.resolution_done += b.resolution_done;
  a.resolution_on_time += b.resolution_on_time;
  a.rated += b.rated;
  a.rated_resolved += b.rated_resolved;
  a.rated_satisfied += b.rated_satisfied;
  a.returned += b.returned;
  a.redone += b.redone;
  a.reverified += b.reverified;
  a.reverified_held += b.reverified_held;
  a.closed += b.closed;
  a.overdue += b.overdue;
  return a;
}

/** Places below `parentId` at `level` (children of a street …), with households rolled up from compounds. */
export async function childPlaces(
  db: Queryable,
  level: 'street' | 'community' | 'compound',
  parent: { column: 'street_id' | 'community_id' | 'compound_id' | null; id: number | null },
) {
  let q = db.selectFrom('places').select(['id', 'name', 'level', 'households']).where('level', '=', level);
  if (parent.column && parent.id !== null) q = q.where(parent.column, '=', parent.id);
  const places = await q.orderBy('id').execute();
  if (level === 'compound' || places.length === 0) return places.map((p) => ({ ...p, households: p.households ?? null }));
  const col = level === 'street' ? 'street_id' : 'community_id';
  const sums = await db
    .selectFrom('places')
    .select([sql<number>`${sql.ref(col)}`.as('pid'), sql<number>`sum(households)`.as('h')])
    .where('level', '=', 'compound')
    .where(
      sql.ref(col),
      'in',
      places.map((p) => p.id),
    )
    .groupBy(sql.ref(col))
    .execute();
  const h = new Map(sums.map((s) => [Number(s.pid), Number(s.h)]));
  return places.map((p) => ({ ...p, households: p.households ?? h.get(p.id) ?? null }));
}

/** The latest orders of a scope for the big screen's ticker (received_at indexes). */
export function latestOrders(db: Queryable, column: 'street_id' | 'community_id' | 'compound_id' | null, id: number | null, limit: number) {
  let q = db
    .selectFrom('work_orders as wo')
    .innerJoin('categories as c', 'c.id', 'wo.category_id')
    .innerJoin('places as p', 'p.id', 'wo.place_id')
    .select(['wo.id', 'wo.number', 'wo.title', 'c.name as category', 'p.name as place', 'wo.status', 'wo.received_at'])
    .orderBy('wo.received_at', 'desc')
    .orderBy('wo.id', 'desc')
    .limit(limit);
  if (column && id !== null) q = q.where(sql.ref(`wo.${column}`), '=', id);
  return q.execute();
}
