/**
 * SQL over the rollup tables (server/evaluation/rollups.ts): every read is a primary-key range of
 * one scope, so its cost follows the period's days and the number of places, never the orders.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { RateCounts } from '../../common/evaluation';
import type { Db, Tx } from '../db';
import { fastQuery } from '../db/fast-query';
import type { Database } from '../db/schema';
import { STEPS, VECTOR_KEYS, type Scope, type StatusScope, type Vector } from './rollups';

/** The rollup reads are named prepared statements on PostgreSQL: one key range each, planned once per connection. */
const PREPARED = { prepare: true };

type Queryable = Db | Tx;

export interface DayRange {
  /** 'YYYY-MM-DD', inclusive both ends. */
  from: string;
  to: string;
}

/** Rollup tables keyed (scope, scope_id, day, …). */
type Keyed = 'rollup_day' | 'rollup_category';

/** One scope id's rows over the day range: the key prefix that every one-scope read starts with. */
const oneScope = (scope: Scope, id: number, r: DayRange) => (eb: ExpressionBuilder<Database, Keyed>) =>
  eb.and([eb('scope', '=', scope), eb('scope_id', '=', id), eb('day', '>=', r.from), eb('day', '<=', r.to)]);

const sums = (keys: readonly string[]) => keys.map((k) => sql<number>`sum(${sql.ref(k)})`.as(k));

/**
 * rollup_day's `keys` summed over the range per scope id of `ids`. The ids are listed, never left
 * open: each is a primary-key range (scope, id, days), read in key order and so grouped without a
 * sort, where "every id of the scope" would need a second index by day.
 */
async function sumsPerId(db: Queryable, shape: string, keys: readonly string[], scope: Scope, r: DayRange, ids: readonly number[]) {
  const { rows } = await fastQuery(
    db,
    `${shape}|${ids.length}`,
    [scope, ...ids, r.from, r.to],
    () =>
      db
        .selectFrom('rollup_day')
        .select('scope_id')
        .select(sums(keys))
        .where('scope', '=', scope)
        .where('scope_id', 'in', ids)
        .where('day', '>=', r.from)
        .where('day', '<=', r.to)
        .groupBy('scope_id'),
    PREPARED,
  );
  return rows as Record<string, unknown>[];
}

/** The columns a chart's series shows (SeriesCounts). */
const SERIES_KEYS = ['volume', 'closed', 'rated', 'rated_satisfied'] as const;

const toSeries = (r: Record<string, unknown>): SeriesCounts => ({
  volume: Number(r.volume),
  closed: Number(r.closed),
  rated: Number(r.rated),
  rated_satisfied: Number(r.rated_satisfied),
});

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
export function statusCells(db: Queryable, scope: StatusScope, id: number) {
  return db
    .selectFrom('rollup_status')
    .select(['status', 'overdue', 'supervised', 'due_day', 'n'])
    .where('scope', '=', scope)
    .where('scope_id', '=', id)
    .execute();
}

/** Summed vectors per scope id of `ids` (children: streets, communities, compounds, units), each a key range (sumsPerId). */
export async function childVectors(db: Queryable, scope: Scope, r: DayRange, ids: readonly number[]): Promise<Map<number, Vector>> {
  if (ids.length === 0) return new Map();
  const rows = await sumsPerId(db, 'childVectors', VECTOR_KEYS, scope, r, ids);
  return new Map(rows.map((row) => [Number(row.scope_id), toVector(row)]));
}

/**
 * Pending steps fallen due by `now`, per scope id of `ids` and step (orders received in the range),
 * through rollup_due's key (scope, scope_id, step, due_at, day): one range per id and step holding
 * only the steps already due, read in the order of the grouping.
 */
export async function dueCounts(
  db: Queryable,
  scope: Scope,
  ids: readonly number[],
  r: DayRange,
  now: number,
): Promise<Map<number, DueSteps>> {
  const out = new Map<number, DueSteps>();
  if (ids.length === 0) return out;
  const { rows } = await fastQuery(
    db,
    `dueCounts|${ids.length}`,
    [scope, ...ids, ...STEPS, now, r.from, r.to],
    () =>
      db
        .selectFrom('rollup_due')
        .select(['scope_id', 'step', sql<number>`sum(n)`.as('n')])
        .where('scope', '=', scope)
        .where('scope_id', 'in', ids)
        .where('step', 'in', STEPS)
        .where('due_at', '<=', now)
        .where('day', '>=', r.from)
        .where('day', '<=', r.to)
        .groupBy(['scope_id', 'step']),
    PREPARED,
  );
  for (const row of rows) {
    const id = Number(row.scope_id);
    const m = out.get(id) ?? {};
    m[row.step] = Number(row.n);
    out.set(id, m);
  }
  return out;
}

/**
 * Orders per category id of one scope over the range. The key stays (scope, scope_id, day,
 * category_id), sorted by category here: keyed by category first, a period would need every
 * category listed, and PostgreSQL 15 then reads the scope's whole history (no skip scan).
 */
export async function categorySums(db: Queryable, scope: Scope, id: number, r: DayRange): Promise<Map<number, number>> {
  const { rows } = await fastQuery(
    db,
    'categorySums',
    [scope, id, r.from, r.to],
    () =>
      db
        .selectFrom('rollup_category')
        .select(['category_id', sql<number>`sum(n)`.as('n')])
        .where(oneScope(scope, id, r))
        .groupBy('category_id'),
    PREPARED,
  );
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
 * One scope's series counts summed per month ('YYYY-MM') over the range, added up in SQL: a year
 * is twelve rows instead of 365 (the big screen's 12-month series).
 */
export async function monthSeries(db: Queryable, scope: Scope, id: number, r: DayRange): Promise<Map<string, SeriesCounts>> {
  const month = sql<string>`substr(day, 1, 7)`;
  const rows = await db
    .selectFrom('rollup_day')
    .select(month.as('month'))
    .select(sums(SERIES_KEYS))
    .where(oneScope(scope, id, r))
    .groupBy(month)
    .execute();
  return new Map(rows.map((row) => [row.month, toSeries(row)]));
}

/** Pending steps fallen due by `now`: signoff, response, resolution. */
export type DueSteps = Record<string, number>;

/** The counts a chart's series shows for a day or month (seriesOf in dashboard.ts). */
export interface SeriesCounts {
  volume: number;
  closed: number;
  rated: number;
  rated_satisfied: number;
}

/**
 * One scope's per-day series counts over the range, in key order. Four columns, not the row: on
 * SQLite turning a value into JavaScript costs several times more than summing it, so whole rows
 * are read only where every count of every day is used (the big screen's sub-ranges).
 */
export async function seriesDays(db: Queryable, scope: Scope, id: number, r: DayRange): Promise<Map<string, SeriesCounts>> {
  const { rows } = await fastQuery(
    db,
    'seriesDays',
    [scope, id, r.from, r.to],
    () =>
      db
        .selectFrom('rollup_day')
        .select(['day', ...SERIES_KEYS])
        .where(oneScope(scope, id, r))
        .orderBy('day'),
    PREPARED,
  );
  return new Map(rows.map((row) => [row.day, toSeries(row)]));
}

/** One scope over the range: its summed vector and its pending steps fallen due by `now` (two reads, neither sorted). */
export async function periodTotal(
  db: Queryable,
  scope: Scope,
  id: number,
  r: DayRange,
  now: number,
): Promise<{ total: Vector; due: DueSteps }> {
  const [total, due] = await Promise.all([childVectors(db, scope, r, [id]), dueCounts(db, scope, [id], r, now)]);
  return { total: total.get(id) ?? zeroVector(), due: due.get(id) ?? {} };
}

/** periodTotal and the scope's per-day series counts over the range (in key order). */
export async function periodDays(
  db: Queryable,
  scope: Scope,
  id: number,
  r: DayRange,
  now: number,
): Promise<{ total: Vector; days: Map<string, SeriesCounts>; due: DueSteps }> {
  const [t, days] = await Promise.all([periodTotal(db, scope, id, r, now), seriesDays(db, scope, id, r)]);
  return { ...t, days };
}

/** Orders received over the range per scope id of `ids` (the volume alone of childVectors' read). */
export async function volumes(db: Queryable, scope: Scope, r: DayRange, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await sumsPerId(db, 'volumes', ['volume'], scope, r, ids);
  return new Map(rows.map((row) => [Number(row.scope_id), Number(row.volume)]).filter(([, n]) => n > 0) as [number, number][]);
}

/** Which scope ids to read. */
export interface ScopeIds {
  scope: Scope;
  ids: number[];
}

/**
 * Summed vectors and fallen-due steps over the range for a few ids of several scopes (the
 * children of a dashboard and its busiest units), keyed 'scope|id': two primary-key reads per
 * scope. One read per scope, not one OR over all: SQLite answers an OR of index ranges by
 * collecting row ids and visiting the table for each (so the covering rollup_due_fallen stops
 * covering), and PostgreSQL plans the OR's bitmap scans slower than it runs them.
 */
export async function groupVectors(
  db: Queryable,
  groups: ScopeIds[],
  r: DayRange,
  now: number,
): Promise<{ vectors: Map<string, Vector>; due: Map<string, DueSteps> }> {
  const vectors = new Map<string, Vector>();
  const due = new Map<string, DueSteps>();
  await Promise.all(
    groups
      .filter((g) => g.ids.length > 0)
      .map(async (g) => {
        const [sums, steps] = await Promise.all([childVectors(db, g.scope, r, g.ids), dueCounts(db, g.scope, g.ids, r, now)]);
        for (const [id, v] of sums) vectors.set(`${g.scope}|${id}`, v);
        for (const [id, m] of steps) due.set(`${g.scope}|${id}`, m);
      }),
  );
  return { vectors, due };
}

/**
 * A place's summed vector and fallen-due steps as the sums of its children's (a groupVectors
 * answer holding only them), when the children hold every order the place counts over the period:
 * their volumes add up to `volume`, the place's own (from its series). Places nest (an order's
 * street, community and compound are its compound's), so equal volumes mean the same orders, and
 * every other count, pending steps included, adds up too. Null when some order has no child place
 * (no community, say): then read the place's own cells.
 */
export function childrenTotal(
  g: { vectors: Map<string, Vector>; due: Map<string, DueSteps> },
  volume: number,
): { total: Vector; due: DueSteps } | null {
  const total = zeroVector();
  for (const v of g.vectors.values()) addVector(total, v);
  if (total.volume !== volume) return null;
  const due: DueSteps = {};
  for (const steps of g.due.values()) for (const [step, n] of Object.entries(steps)) due[step] = (due[step] ?? 0) + n;
  return { total, due };
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
