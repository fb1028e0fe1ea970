/**
 * SQL of evaluation: the counts behind every rate (common/evaluation.ts says what each means),
 * one query per grouping, COUNT(CASE WHEN …) over the orders received in the period and visible
 * to the actor. Computed from work_orders with the received_at indexes (wo_received,
 * wo_street_received, wo_community_received, wo_compound_received); per-event rollups
 * (issue 6 point 5) are not built yet.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { maskPhone } from '../../common/mask';
import type { RateCounts } from '../../common/evaluation';
import type { SessionActor } from '../auth/actor';
import type { Db, Tx } from '../db';
import type { Engine } from '../db/engine';
import { orderScope, placeColumn } from '../work-orders';

type Queryable = Db | Tx;

export const GROUP_BYS = ['unit', 'compound', 'community', 'street'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

const GROUP_COLUMN = { unit: 'lead_unit_id', compound: 'compound_id', community: 'community_id', street: 'street_id' } as const;

export interface Period {
  from: number;
  to: number;
}

/** The orders an evaluation looks at: visible, received in the period, not cancelled or merged. */
function baseOrders(db: Queryable, actor: SessionActor, p: Period) {
  return db
    .selectFrom('work_orders as wo')
    .where(orderScope(actor))
    .where('wo.received_at', '>=', p.from)
    .where('wo.received_at', '<', p.to)
    .where('wo.status', 'not in', ['cancelled', 'merged']);
}

const n = (c: RawBuilder<unknown>) => sql<number>`count(case when ${c} then 1 end)`;

/** The RateCounts columns as SQL aggregates, with `now` deciding which orders are due (mirrors countOrders). */
function countColumns(now: number) {
  const d = sql`wo.dispatched_at is not null`;
  const due = (done: string, at: string) => sql`(${sql.ref(`wo.${done}`)} is not null or ${sql.ref(`wo.${at}`)} <= ${now})`;
  const ok = (done: string, at: string) => sql`(${sql.ref(`wo.${done}`)} is not null and (${sql.ref(`wo.${at}`)} is null or ${sql.ref(`wo.${done}`)} <= ${sql.ref(`wo.${at}`)}))`;
  // Served by order_events_order (order_id, id).
  const reverified = sql`exists (select 1 from order_events ev where ev.order_id = wo.id and ev.action = 'reverify')`;
  return [
    sql<number>`count(*)`.as('volume'),
    n(d).as('dispatched'),
    n(sql`${d} and ${due('accepted_at', 'signoff_due_at')}`).as('signoffDue'),
    n(sql`${d} and ${ok('accepted_at', 'signoff_due_at')}`).as('signoffOnTime'),
    n(sql`${d} and ${due('contacted_at', 'response_due_at')}`).as('responseDue'),
    n(sql`${d} and wo.accepted_at is not null and ${ok('contacted_at', 'response_due_at')}`).as('responseOnTime'),
    n(sql`${d} and ${due('replied_at', 'resolution_due_at')}`).as('resolutionDue'),
    n(sql`${d} and ${ok('replied_at', 'resolution_due_at')}`).as('resolutionOnTime'),
    n(sql`${d} and wo.rating_satisfaction is not null`).as('rated'),
    n(sql`${d} and wo.rating_satisfaction is not null and wo.rating_resolution = 'resolved'`).as('ratedResolved'),
    n(sql`${d} and wo.rating_satisfaction in ('satisfied', 'basically')`).as('ratedSatisfied'),
    n(sql`${d} and wo.return_count > 0`).as('returned'),
    n(sql`${d} and wo.redo_count > 0`).as('redone'),
    n(sql`${d} and ${reverified}`).as('reverified'),
    n(sql`${d} and wo.reopen_count = 0 and ${reverified}`).as('reverifiedHeld'),
  ];
}

const COUNT_KEYS: (keyof RateCounts)[] = [
  'volume',
  'dispatched',
  'signoffDue',
  'signoffOnTime',
  'responseDue',
  'responseOnTime',
  'resolutionDue',
  'resolutionOnTime',
  'rated',
  'ratedResolved',
  'ratedSatisfied',
  'returned',
  'redone',
  'reverified',
  'reverifiedHeld',
];

/** PostgreSQL returns count() as text (bigint): make every count a number. */
function toCounts(row: Record<string, unknown>): RateCounts {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, Number(row[k] ?? 0)])) as unknown as RateCounts;
}

export interface GroupCounts {
  id: number;
  counts: RateCounts;
}

/**
 * Counts per unit (the current lead unit, dispatched orders only) or per compound / community /
 * street, for a period. `unitKind` keeps only units of that kind (peer group).
 */
export async function groupCounts(db: Queryable, actor: SessionActor, p: Period, groupBy: GroupBy, now: number, unitKind?: string): Promise<GroupCounts[]> {
  const col = GROUP_COLUMN[groupBy];
  let q = baseOrders(db, actor, p).where(sql.ref(`wo.${col}`), 'is not', null);
  if (groupBy === 'unit') {
    q = q.where('wo.dispatched_at', 'is not', null);
    if (unitKind !== undefined) q = q.where('wo.lead_unit_id', 'in', db.selectFrom('units').select('id').where('kind', '=', unitKind));
  }
  const rows = await q
    .select(sql<number>`${sql.ref(`wo.${col}`)}`.as('group_id'))
    .select(countColumns(now))
    .groupBy(sql.ref(`wo.${col}`))
    .execute();
  return rows.map((r) => ({ id: Number(r.group_id), counts: toCounts(r as Record<string, unknown>) }));
}

export interface GroupInfo {
  name: string;
  /** Unit kind for units, place level for places: the peer group. */
  peer: string;
  households: number | null;
}

/** Names, peer groups and households of the grouped ids (households rolled up from compounds). */
export async function groupInfo(db: Queryable, groupBy: GroupBy, ids: number[]): Promise<Map<number, GroupInfo>> {
  const out = new Map<number, GroupInfo>();
  if (ids.length === 0) return out;
  if (groupBy === 'unit') {
    const rows = await db.selectFrom('units').select(['id', 'name', 'kind']).where('id', 'in', ids).execute();
    for (const r of rows) out.set(r.id, { name: r.name, peer: r.kind, households: null });
    return out;
  }
  const places = await db.selectFrom('places').select(['id', 'name', 'level', 'households']).where('id', 'in', ids).execute();
  const rolled = groupBy === 'compound' ? new Map<number, number>() : await compoundHouseholds(db, groupBy, ids);
  for (const r of places) out.set(r.id, { name: r.name, peer: r.level, households: r.households ?? rolled.get(r.id) ?? null });
  return out;
}

async function compoundHouseholds(db: Queryable, level: 'community' | 'street', ids: number[]): Promise<Map<number, number>> {
  const col = level === 'community' ? 'community_id' : 'street_id';
  const rows = await db
    .selectFrom('places')
    .select([sql<number>`${sql.ref(col)}`.as('id'), sql<number>`sum(households)`.as('households')])
    .where('level', '=', 'compound')
    .where(sql.ref(col), 'in', ids)
    .groupBy(sql.ref(col))
    .execute();
  return new Map(rows.map((r) => [Number(r.id), Number(r.households)]));
}

// ── portrait ─────────────────────────────────────────────────────────────

export type PortraitTarget = { kind: 'place'; id: number; level: string; name: string; households: number | null } | { kind: 'unit'; id: number; name: string };

/** The place or unit a portrait is drawn for, or null when there is none with that id. */
export async function findPortraitTarget(db: Queryable, placeId: number | undefined, unitId: number | undefined): Promise<PortraitTarget | null> {
  if (placeId !== undefined) {
    const p = await db.selectFrom('places').select(['id', 'name', 'level', 'households']).where('id', '=', placeId).executeTakeFirst();
    if (!p) return null;
    let households = p.households;
    if (households === null && (p.level === 'community' || p.level === 'street')) households = (await compoundHouseholds(db, p.level, [p.id])).get(p.id) ?? null;
    return { kind: 'place', id: p.id, level: p.level, name: p.name, households };
  }
  const u = await db.selectFrom('units').select(['id', 'name']).where('id', '=', unitId!).executeTakeFirst();
  return u ? { kind: 'unit', id: u.id, name: u.name } : null;
}

function targetCondition(t: PortraitTarget): Expression<SqlBool> {
  if (t.kind === 'unit') return sql<SqlBool>`wo.lead_unit_id = ${t.id}`;
  const col = placeColumn(t.level);
  return col ? sql<SqlBool>`${sql.ref(`wo.${col}`)} = ${t.id}` : sql<SqlBool>`1 = 1`;
}

export interface CountRow {
  key: string;
  count: number;
}

/** Everything the problem portrait (问题画像) reads, one query per figure. */
export async function portraitData(db: Queryable, engine: Engine, actor: SessionActor, t: PortraitTarget, p: Period, now: number, before: number | null, limit = 10) {
  const base = () => baseOrders(db, actor, p).where(targetCondition(t));
  const month = engine.monthBucket('wo.received_at');
  const [counts, trend, kinds, topCategories, groups, scans, split] = await Promise.all([
    base().select(countColumns(now)).executeTakeFirstOrThrow(),
    base()
      .select([month.as('month'), sql<number>`count(*)`.as('count')])
      .groupBy(month)
      .orderBy(month)
      .execute(),
    base()
      .innerJoin('categories as c', 'c.id', 'wo.category_id')
      .select(['c.kind as kind', sql<number>`count(*)`.as('count')])
      .groupBy('c.kind')
      .execute(),
    base()
      .innerJoin('categories as c', 'c.id', 'wo.category_id')
      .select(['c.id as id', 'c.name as name', 'c.kind as kind', sql<number>`count(*)`.as('count')])
      .groupBy(['c.id', 'c.name', 'c.kind'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('c.id')
      .limit(limit)
      .execute(),
    // Share by category: leaf categories folded into their top-level group.
    base()
      .innerJoin('categories as c', 'c.id', 'wo.category_id')
      .innerJoin('categories as g', (j) => j.on(sql<SqlBool>`g.id = coalesce(c.parent_id, c.id)`))
      .select(['g.id as id', 'g.name as name', 'g.kind as kind', sql<number>`count(*)`.as('count')])
      .groupBy(['g.id', 'g.name', 'g.kind'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('g.id')
      .execute(),
    portraitScans(db, actor, t, p, limit),
    before === null
      ? Promise.resolve(null)
      : base()
          .innerJoin('categories as c', 'c.id', 'wo.category_id')
          .select([
            sql<number>`count(case when wo.received_at < ${before} then 1 end)`.as('before'),
            sql<number>`count(case when wo.received_at >= ${before} then 1 end)`.as('after'),
            sql<number>`count(case when wo.received_at < ${before} and c.kind = 'hardware' then 1 end)`.as('beforeHardware'),
            sql<number>`count(case when wo.received_at >= ${before} and c.kind = 'hardware' then 1 end)`.as('afterHardware'),
          ])
          .executeTakeFirstOrThrow(),
  ]);
  const num = (x: unknown) => Number(x ?? 0);
  return {
    counts: toCounts(counts as Record<string, unknown>),
    trend: trend.map((r) => ({ month: String(r.month), count: num(r.count) })),
    kinds: kinds.map((r) => ({ kind: r.kind, count: num(r.count) })),
    topCategories: topCategories.map((r) => ({ id: Number(r.id), name: r.name, kind: r.kind, count: num(r.count) })),
    categoryGroups: groups.map((r) => ({ id: Number(r.id), name: r.name, kind: r.kind, count: num(r.count) })),
    ...scans,
    split: split && { before: num(split.before), after: num(split.after), beforeHardware: num(split.beforeHardware), afterHardware: num(split.afterHardware) },
  };
}

/**
 * The portrait's figures no rollup carries — hot buildings, repeat callers, orders flagged overdue
 * (the flag stays after the reply) — from the target's orders of the period visible to the actor
 * (the received_at indexes of its street, community or compound).
 */
export async function portraitScans(db: Queryable, actor: SessionActor, t: PortraitTarget, p: Period, limit = 10) {
  const base = () => baseOrders(db, actor, p).where(targetCondition(t));
  const [buildings, callers, overdue] = await Promise.all([
    base()
      .innerJoin('places as b', 'b.id', 'wo.building_id')
      .select(['b.id as id', 'b.name as name', sql<number>`count(*)`.as('count')])
      .groupBy(['b.id', 'b.name'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('b.id')
      .limit(limit)
      .execute(),
    base()
      .where('wo.caller_phone', 'is not', null)
      .select(['wo.caller_phone as phone', sql<number>`count(*)`.as('count'), sql<number>`max(wo.received_at)`.as('last')])
      .groupBy('wo.caller_phone')
      .having(sql`count(*)`, '>=', 2)
      .orderBy(sql`count(*)`, 'desc')
      .orderBy(sql`max(wo.received_at)`, 'desc')
      .limit(limit)
      .execute(),
    base()
      .select(sql<number>`count(case when wo.overdue = 1 then 1 end)`.as('overdue'))
      .executeTakeFirstOrThrow(),
  ]);
  const num = (x: unknown) => Number(x ?? 0);
  return {
    buildings: buildings.map((r) => ({ id: Number(r.id), name: r.name, count: num(r.count) })),
    // Whole numbers never leave this module: the portrait is a list, and lists show 138****1234.
    repeatCallers: callers.map((r) => ({ phone: maskPhone(r.phone) ?? '', count: num(r.count), lastAt: num(r.last) })),
    overdue: num(overdue.overdue),
  };
}

// ── settings ─────────────────────────────────────────────────────────────

export const SCHEMES_KEY = 'evaluation.schemes';

/** The stored scheme settings as JSON text, or null when never set (defaults apply). */
export async function readSchemesJson(db: Queryable): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value_json').where('key', '=', SCHEMES_KEY).executeTakeFirst();
  return row?.value_json ?? null;
}

/** Upserts the scheme settings. */
export async function writeSchemesJson(tx: Tx, json: string): Promise<void> {
  await tx
    .insertInto('settings')
    .values({ key: SCHEMES_KEY, value_json: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: json }))
    .execute();
}

/** One audit row for a change of the scheme settings, in the change's transaction. */
export function auditSchemes(tx: Tx, actor: SessionActor, before: unknown, after: unknown, at: number): Promise<void> {
  return auditSetting(tx, actor, SCHEMES_KEY, before, after, at);
}

/** One audit row for a settings change (`key`), in the change's transaction. */
export async function auditSetting(tx: Tx, actor: SessionActor, key: string, before: unknown, after: unknown, at: number): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      actor_id: actor.id,
      actor_role: actor.role,
      action: 'settings.put',
      entity: 'setting',
      entity_id: key,
      before_json: before === null ? null : JSON.stringify(before),
      after_json: JSON.stringify(after),
      at,
    })
    .execute();
}
