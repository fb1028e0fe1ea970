/**
 * Rollups (issue 6 point 5): counts kept in the same transaction as every order event, so that
 * dashboards and rates read a few hundred rollup rows instead of scanning orders.
 *
 * Each order maps, by its CURRENT row alone (plus whether a 回访核实 happened, an event fact), to
 * one cell per scope ('all', its street, community, compound, lead unit) in each table:
 * - rollup_status   (status, overdue, supervised, due_day) → n   the home pages' counts
 * - rollup_day      (received day) → the time-independent parts of RateCounts
 * - rollup_category (received day, category) → n                 top categories, kinds
 * - rollup_due      (step, due_at, received day) → n             steps still pending, by when they fall due
 * (each key after scope, scope_id; the tables are key-ordered and keyed for the reads in
 * rollup-queries.ts: migration 0074)
 * and, for orders with a lead unit and a compound, one cell in
 * - rollup_unit_compound (unit, received day, compound) → n        a unit's orders by compound (its view's top compounds)
 * and, for each unit that co-handles an order (order_units role 'co', not its lead), one more
 * rollup_status cell under scope 'co': a handler's home counts its co-handled orders from there, as
 * its lead orders from scope 'unit', never from the history of order_units.
 * A change applies −cells(before) +cells(after) as one multi-row upsert per table (equal cells
 * cancel out), and deletes the status/due cells that reach zero so those tables stay as small as
 * the open backlog. `checkRollups` recomputes every cell from the orders and lists differences.
 *
 * Time-dependent counts are split: signoffDue(now) = signoff_done + pending signoff cells with
 * due_at ≤ now (the same for response and resolution), exactly countOrders' rule.
 */
import { sql, type Kysely } from 'kysely';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../common/calendar';
import { CLOCK_STATUSES, OPEN_STATUSES } from '../../common/lifecycle';
import type { Db, Tx } from '../db';
import { fastQuery, rowParams } from '../db/fast-query';
import { AppError } from '../errors';

type Queryable = Db | Tx;

/** The order columns the rollups read; generated columns may be absent on a row about to be inserted. */
export interface RollupOrder {
  id: number;
  status: string;
  street_id: number | null;
  community_id: number | null;
  compound_id: number | null;
  lead_unit_id: number | null;
  category_id: number;
  received_at: number;
  dispatched_at: number | null;
  signoff_due_at: number | null;
  response_due_at: number | null;
  resolution_due_at: number | null;
  accepted_at: number | null;
  contacted_at: number | null;
  replied_at: number | null;
  rating_resolution: string | null;
  rating_satisfaction: string | null;
  overdue?: number;
  supervision_level?: number;
  redo_count?: number;
  reopen_count?: number;
  return_count?: number;
}

export const ROLLUP_COLUMNS = [
  'id',
  'status',
  'street_id',
  'community_id',
  'compound_id',
  'lead_unit_id',
  'category_id',
  'received_at',
  'dispatched_at',
  'signoff_due_at',
  'response_due_at',
  'resolution_due_at',
  'accepted_at',
  'contacted_at',
  'replied_at',
  'rating_resolution',
  'rating_satisfaction',
  'overdue',
  'supervision_level',
  'redo_count',
  'reopen_count',
  'return_count',
] as const;

/** An order row as inserted (generated columns absent, nullable ones maybe undefined) in the shape the rollups read. */
export function rollupRow(
  r: { id: number; status: string; category_id: number; received_at: number } & Partial<Record<(typeof ROLLUP_COLUMNS)[number], unknown>>,
): RollupOrder {
  const out: Record<string, unknown> = {};
  for (const c of ROLLUP_COLUMNS) out[c] = r[c] ?? null;
  for (const c of ['overdue', 'supervision_level', 'redo_count', 'reopen_count', 'return_count']) out[c] = Number(out[c] ?? 0);
  return out as unknown as RollupOrder;
}

export const VECTOR_KEYS = [
  'volume',
  'dispatched',
  'signoff_done',
  'signoff_on_time',
  'response_done',
  'response_on_time',
  'resolution_done',
  'resolution_on_time',
  'rated',
  'rated_resolved',
  'rated_satisfied',
  'returned',
  'redone',
  'reverified',
  'reverified_held',
  'closed',
  'overdue',
] as const;
export type VectorKey = (typeof VECTOR_KEYS)[number];
export type Vector = Record<VectorKey, number>;

const EXCLUDED = new Set(['cancelled', 'merged']);
const CLOCK = new Set<string>(CLOCK_STATUSES);
const OPEN = new Set<string>(OPEN_STATUSES);
/** Supervised orders the supervisor's tab lists: still with the unit or its reply not yet reviewed. */
export const SUPERVISED_STATUSES = ['dispatched', 'handling', 'return_requested', 'replied'] as const;
const SUPERVISED = new Set<string>(SUPERVISED_STATUSES);
export const STEPS = ['signoff', 'response', 'resolution'] as const;

export type Scope = 'all' | 'street' | 'community' | 'compound' | 'unit';
/** rollup_status's scopes: the five above, and 'co' (a unit's co-handled orders). */
export type StatusScope = Scope | 'co';

function scopesOf(o: RollupOrder): [Scope, number][] {
  const s: [Scope, number][] = [['all', 0]];
  if (o.street_id !== null) s.push(['street', o.street_id]);
  if (o.community_id !== null) s.push(['community', o.community_id]);
  if (o.compound_id !== null) s.push(['compound', o.compound_id]);
  if (o.lead_unit_id !== null) s.push(['unit', o.lead_unit_id]);
  return s;
}

const onTime = (done: number | null, due: number | null) => done !== null && (due === null || done <= due);

/** The order's contribution to rollup_day; null for cancelled and merged orders (they count nowhere). */
export function vectorOf(o: RollupOrder, reverified: boolean): Vector | null {
  if (EXCLUDED.has(o.status)) return null;
  const v = Object.fromEntries(VECTOR_KEYS.map((k) => [k, 0])) as Vector;
  v.volume = 1;
  v.closed = o.status === 'closed' ? 1 : 0;
  v.overdue = (o.overdue ?? 0) && CLOCK.has(o.status) ? 1 : 0;
  if (o.dispatched_at === null) return v;
  v.dispatched = 1;
  if (o.accepted_at !== null) v.signoff_done = 1;
  if (onTime(o.accepted_at, o.signoff_due_at)) v.signoff_on_time = 1;
  if (o.contacted_at !== null) v.response_done = 1;
  if (o.accepted_at !== null && onTime(o.contacted_at, o.response_due_at)) v.response_on_time = 1;
  if (o.replied_at !== null) v.resolution_done = 1;
  if (onTime(o.replied_at, o.resolution_due_at)) v.resolution_on_time = 1;
  if (o.rating_satisfaction !== null) {
    v.rated = 1;
    if (o.rating_resolution === 'resolved') v.rated_resolved = 1;
    if (o.rating_satisfaction === 'satisfied' || o.rating_satisfaction === 'basically') v.rated_satisfied = 1;
  }
  if ((o.return_count ?? 0) > 0) v.returned = 1;
  if ((o.redo_count ?? 0) > 0) v.redone = 1;
  if (reverified) {
    v.reverified = 1;
    if ((o.reopen_count ?? 0) === 0) v.reverified_held = 1;
  }
  return v;
}

/** What rollup_status keys an order by. */
type StatusFields = Pick<RollupOrder, 'status' | 'overdue' | 'supervision_level' | 'resolution_due_at'>;

/** The key of rollup_status (without the scope) for an order: 'status|overdue|supervised|due_day'. */
export function statusKey(o: StatusFields): string {
  if (!OPEN.has(o.status)) return `${o.status}|0|0|`;
  const clock = CLOCK.has(o.status);
  const overdue = clock && (o.overdue ?? 0) ? 1 : 0;
  const supervised = SUPERVISED.has(o.status) && (o.supervision_level ?? 0) > 0 ? 1 : 0;
  const dueDay = clock && o.resolution_due_at !== null ? shanghaiDate(o.resolution_due_at) : '';
  return `${o.status}|${overdue}|${supervised}|${dueDay}`;
}

/** Pending steps (not done, a deadline set) of a dispatched order: [step, due_at]. */
function pendingOf(o: RollupOrder): [string, number][] {
  if (EXCLUDED.has(o.status) || o.dispatched_at === null) return [];
  const out: [string, number][] = [];
  if (o.accepted_at === null && o.signoff_due_at !== null) out.push(['signoff', o.signoff_due_at]);
  if (o.contacted_at === null && o.response_due_at !== null) out.push(['response', o.response_due_at]);
  if (o.replied_at === null && o.resolution_due_at !== null) out.push(['resolution', o.resolution_due_at]);
  return out;
}

/** Cell deltas of all five tables, keyed by text; the accumulator for one change or a whole batch. */
export class Deltas {
  status = new Map<string, number>();
  day = new Map<string, Vector>();
  category = new Map<string, number>();
  due = new Map<string, number>();
  /** 'unit|day|compound' → n */
  unitCompound = new Map<string, number>();

  /** The order's cells; `co`: the units co-handling it (order_units role 'co'). */
  add(o: RollupOrder, reverified: boolean, sign: 1 | -1, co: readonly number[]): void {
    const scopes = scopesOf(o);
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + sign);
    const sk = statusKey(o);
    for (const [s, id] of scopes) bump(this.status, `${s}|${id}|${sk}`);
    this.addCo(o, co, sign);
    const v = vectorOf(o, reverified);
    if (!v) return;
    const day = shanghaiDate(o.received_at);
    for (const [s, id] of scopes) {
      const k = `${s}|${id}|${day}`;
      let acc = this.day.get(k);
      if (!acc) this.day.set(k, (acc = Object.fromEntries(VECTOR_KEYS.map((x) => [x, 0])) as Vector));
      for (const x of VECTOR_KEYS) acc[x] += sign * v[x];
      bump(this.category, `${k}|${o.category_id}`);
    }
    if (o.lead_unit_id !== null && o.compound_id !== null) bump(this.unitCompound, `${o.lead_unit_id}|${day}|${o.compound_id}`);
    for (const [step, at] of pendingOf(o)) for (const [s, id] of scopes) bump(this.due, `${s}|${id}|${day}|${step}|${at}`);
  }

  /** The order's status cells of its co-handling units (scope 'co'); a co-unit that is also the lead counts as lead only. */
  addCo(o: StatusFields & Pick<RollupOrder, 'lead_unit_id'>, co: readonly number[], sign: 1 | -1): void {
    if (!co.length) return;
    const sk = statusKey(o);
    for (const u of co) {
      if (u === o.lead_unit_id) continue;
      const k = `co|${u}|${sk}`;
      this.status.set(k, (this.status.get(k) ?? 0) + sign);
    }
  }

  /** Drops cells whose deltas cancelled out. */
  prune(): this {
    for (const m of [this.status, this.category, this.due, this.unitCompound]) for (const [k, n] of m) if (n === 0) m.delete(k);
    for (const [k, v] of this.day) if (VECTOR_KEYS.every((x) => v[x] === 0)) this.day.delete(k);
    return this;
  }

  get empty(): boolean {
    return !this.status.size && !this.day.size && !this.category.size && !this.due.size && !this.unitCompound.size;
  }
}

const CHUNK = 400;
/**
 * Cells in key order: every transaction locks the cells it touches in the same order (tables in a
 * fixed order too), so two concurrent changes on PostgreSQL wait for each other instead of deadlocking.
 */
const sorted = <V>(m: Map<string, V>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const split = (k: string) => k.split('|');

/** Writes the deltas as upserts (n = n + excluded.n), then deletes status and due cells that reached zero. */
export async function applyDeltas(tx: Tx, d: Deltas): Promise<void> {
  // One statement per table, tables in a fixed order and cells sorted: concurrent changes lock
  // shared cells in the same order. (A single statement of data-modifying CTEs was tried: PostgreSQL
  // runs WITH sub-statements in no promised order, and concurrent creates and transitions deadlocked.)
  const writes = cellWrites(d);
  for (const w of writes) await upsertCells(tx, w);
}

/**
 * The rows one set of deltas adds to each rollup table, in a fixed order of tables and of cells
 * (sorted keys: concurrent transactions lock shared cells in the same order). Empty tables are left out.
 */
export interface CellWrite {
  table: string;
  key: readonly string[];
  /** the columns added to on conflict */
  sums: readonly string[];
  /** delete the cells that reach zero */
  dropZero: boolean;
  rows: Record<string, unknown>[];
}

export function cellWrites(d: Deltas): CellWrite[] {
  d.prune();
  const writes: CellWrite[] = [
    {
      table: 'rollup_status',
      key: STATUS_KEY,
      sums: ['n'],
      dropZero: true,
      rows: sorted(d.status).map(([k, n]) => {
        const [scope, id, st, overdue, supervised, dueDay] = split(k);
        return { scope, scope_id: Number(id), status: st, overdue: Number(overdue), supervised: Number(supervised), due_day: dueDay, n };
      }),
    },
    {
      table: 'rollup_day',
      key: ['scope', 'scope_id', 'day'],
      sums: VECTOR_KEYS,
      dropZero: false,
      rows: sorted(d.day).map(([k, v]) => {
        const [scope, id, dd] = split(k);
        return { scope, scope_id: Number(id), day: dd, ...v };
      }),
    },
    {
      table: 'rollup_category',
      key: ['scope', 'scope_id', 'day', 'category_id'],
      sums: ['n'],
      dropZero: false,
      rows: sorted(d.category).map(([k, n]) => {
        const [scope, id, dd, cat] = split(k);
        return { scope, scope_id: Number(id), day: dd, category_id: Number(cat), n };
      }),
    },
    {
      table: 'rollup_due',
      key: DUE_KEY,
      sums: ['n'],
      dropZero: true,
      rows: sorted(d.due).map(([k, n]) => {
        const [scope, id, dd, step, at] = split(k);
        return { scope, scope_id: Number(id), day: dd, step, due_at: Number(at), n };
      }),
    },
    {
      table: 'rollup_unit_compound',
      key: ['unit_id', 'day', 'compound_id'],
      sums: ['n'],
      dropZero: false,
      rows: sorted(d.unitCompound).map(([k, n]) => {
        const [unit, dd, compound] = split(k);
        return { unit_id: Number(unit), day: dd, compound_id: Number(compound), n };
      }),
    },
  ];
  return writes.filter((w) => w.rows.length);
}

/** Rows per statement: fewer when each row carries many sums (bound parameters are limited). */
const chunkOf = (w: CellWrite) => Math.floor(CHUNK / Math.max(1, w.sums.length / 4));

function upsert(db: Kysely<any>, { table, key, sums }: CellWrite, rows: Record<string, unknown>[]) {
  const set = Object.fromEntries(sums.map((x) => [x, sql`${sql.ref(`${table}.${x}`)} + ${sql.ref(`excluded.${x}`)}`]));
  return db
    .insertInto(table)
    .values(rows)
    .onConflict((oc) => oc.columns(key).doUpdateSet(set));
}

const STATUS_KEY = ['scope', 'scope_id', 'status', 'overdue', 'supervised', 'due_day'] as const;
const DUE_KEY = ['scope', 'scope_id', 'day', 'step', 'due_at'] as const;

/**
 * One multi-row upsert per chunk adding each row's counts to its cell; with `dropZero`, the cells
 * that reached zero are deleted (their tables stay the size of what is open or pending).
 */
async function upsertCells(tx: Tx, w: CellWrite) {
  const { table, key, rows, dropZero } = w;
  const db = tx as unknown as Kysely<any>;
  const chunk = chunkOf(w);
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    if (!dropZero || part.every((r) => Number(r.n) > 0)) {
      // No cell can reach zero: the plain upsert, its text built once per table and row count.
      await fastQuery(db, `rollup|${table}|${part.length}`, rowParams(part).params, () => upsert(db, w, part));
      continue;
    }
    const cells: Record<string, unknown>[] = await upsert(db, w, part)
      .returning([...key, 'n'])
      .execute();
    const zeros = cells.filter((r) => Number(r.n) === 0);
    if (zeros.length) {
      await db
        .deleteFrom(table)
        .where('n', '=', 0)
        .where((eb) => eb.or(zeros.map((z) => eb.and(key.map((k) => eb(k, '=', z[k]))))))
        .execute();
    }
  }
}

/** Whether a 回访核实 was carried out on the order (only closed or reopened orders can have one). */
async function wasReverified(tx: Tx, o: RollupOrder): Promise<boolean> {
  if (o.status !== 'closed' && !(o.reopen_count ?? 0)) return false;
  const row = await tx
    .selectFrom('order_events')
    .select('id')
    .where('order_id', '=', o.id)
    .where('action', '=', 'reverify')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** What rollupOrderChange needs besides the two rows. */
export interface OrderChange {
  /** The units co-handling the order before the change (order_units role 'co'). */
  co: readonly number[];
  /** …and after it, when the change names new ones or releases them (default: `co`). */
  coAfter?: readonly number[];
  /** The lifecycle action, when there is one ('reverify' marks the order re-verified). */
  action?: string;
}

/**
 * THE hook: call once in the transaction of every change of an order row (before = null for a new
 * order): −cells(before) +cells(after), its co-handling units' included, as one set of upserts.
 */
export async function rollupOrderChange(tx: Tx, before: RollupOrder | null, after: RollupOrder, change: OrderChange): Promise<void> {
  const { co, coAfter = co, action } = change;
  const reverifiedBefore = before ? await wasReverified(tx, before) : false;
  const d = new Deltas();
  if (before) d.add(before, reverifiedBefore, -1, co);
  d.add(after, reverifiedBefore || action === 'reverify', 1, coAfter);
  if (d.prune().empty) return;
  try {
    await applyDeltas(tx, d);
  } catch (err) {
    // PostgreSQL broke a lock cycle with a concurrent change (e.g. two orders merged into each other): a conflict, not a fault.
    if ((err as { code?: string }).code === '40P01') throw new AppError('version_conflict', 'version');
    throw err;
  }
}

/**
 * The units co-handling each of the orders `ids` (order_units role 'co'), read by the primary key
 * (order_id, unit_id); orders without any are absent.
 */
async function coUnitsOf(db: Queryable, ids: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < ids.length; i += IDS_PER_READ) {
    const rows = await db
      .selectFrom('order_units')
      .select(['order_id', 'unit_id'])
      .where('order_id', 'in', ids.slice(i, i + IDS_PER_READ))
      .where('role', '=', 'co')
      .execute();
    for (const r of rows) {
      const list = out.get(Number(r.order_id));
      if (list) list.push(Number(r.unit_id));
      else out.set(Number(r.order_id), [Number(r.unit_id)]);
    }
  }
  return out;
}

/** Several changes in one transaction (the sweep's batch) as one set of upserts; the orders' co-units are read here. */
export async function rollupOrderChanges(
  tx: Tx,
  changes: readonly { before: RollupOrder | null; after: RollupOrder; action?: string }[],
): Promise<void> {
  const co = await coUnitsOf(tx, changes.map((c) => c.after.id));
  const d = new Deltas();
  for (const c of changes) {
    const units = co.get(c.after.id) ?? [];
    const reverifiedBefore = c.before ? await wasReverified(tx, c.before) : false;
    if (c.before) d.add(c.before, reverifiedBefore, -1, units);
    d.add(c.after, reverifiedBefore || c.action === 'reverify', 1, units);
  }
  if (!d.prune().empty) await applyDeltas(tx, d);
}

/** For bulk writers (demo generator, import): rows just inserted with their final state, and their co-units by order id. */
export async function rollupInsertedOrders(
  tx: Tx,
  rows: readonly RollupOrder[],
  reverifiedIds: ReadonlySet<number>,
  coUnits: ReadonlyMap<number, readonly number[]>,
): Promise<void> {
  const d = new Deltas();
  for (const o of rows) d.add(o, reverifiedIds.has(o.id), 1, coUnits.get(o.id) ?? []);
  await applyDeltas(tx, d);
}

// ── recompute, check, rebuild ──────────────────────────────────────────

const PAGE = 5000;
const DAY_MS = 24 * 3600_000;
/** About this many orders per window of received days: what the check and the rebuild hold at once. */
const WINDOW_ORDERS = 200_000;
/** The tables keyed by received day: recomputed, compared and written one window of days at a time. */
const DAY_TABLES = ['rollup_day', 'rollup_category', 'rollup_unit_compound'] as const;
const BACKLOG_TABLES = ['rollup_status', 'rollup_due'] as const;

export interface RecomputeOptions {
  onProgress?: (done: number) => void;
  /** Received days per window (default: about WINDOW_ORDERS orders' worth of the average day). */
  windowDays?: number;
}

/** A window of received days, both ends inclusive; null = open (the first window below, the last above). */
interface Window {
  from: string | null;
  to: string | null;
  /** the day-keyed cells of the orders received in the window */
  cells: Deltas;
}

/**
 * Every cell as the orders say it should be, one window of received days at a time, so that memory
 * follows a window, not the history: each window's day-keyed cells are handed to `onWindow` and
 * dropped. The status and due cells (as many as the open backlog, not the history) are returned at
 * the end. The first window is open below and the last open above, so that whoever compares the
 * stored cells of each window also sees stored cells outside the orders' days.
 */
async function recomputeByWindow(db: Queryable, onWindow: (w: Window) => Promise<void>, opts: RecomputeOptions = {}): Promise<Deltas> {
  const reverified = new Set(
    (await db.selectFrom('order_events').select('order_id').where('action', '=', 'reverify').distinct().execute()).map((r) =>
      Number(r.order_id),
    ),
  );
  const span = await db
    .selectFrom('work_orders')
    .select((eb) => [eb.fn.min('received_at').as('first'), eb.fn.max('received_at').as('last'), eb.fn.countAll().as('n')])
    .executeTakeFirstOrThrow();
  const backlog = new Deltas();
  if (span.first === null || span.last === null) {
    await onWindow({ from: null, to: null, cells: new Deltas() });
    return backlog;
  }
  const [firstDay, lastDay] = [shanghaiDate(Number(span.first)), shanghaiDate(Number(span.last))];
  const days = Math.round((shanghaiDayStart(lastDay) - shanghaiDayStart(firstDay)) / DAY_MS) + 1;
  const perWindow = opts.windowDays ?? Math.max(1, Math.floor((WINDOW_ORDERS * days) / Math.max(1, Number(span.n))));
  let done = 0;
  for (let from = firstDay; from <= lastDay; from = addDays(from, perWindow)) {
    const to = addDays(from, perWindow - 1);
    const cells = new Deltas();
    // Shared with the backlog: status and due cells accumulate over every window.
    [cells.status, cells.due] = [backlog.status, backlog.due];
    const end = shanghaiDayStart(to) + DAY_MS;
    let after: { at: number; id: number } = { at: shanghaiDayStart(from), id: 0 };
    for (;;) {
      const { at, id } = after;
      const rows = await db
        .selectFrom('work_orders')
        .select(ROLLUP_COLUMNS)
        .where('received_at', '>=', at)
        .where('received_at', '<', end)
        .where((eb) => eb.or([eb('received_at', '>', at), eb('id', '>', id)]))
        .orderBy('received_at')
        .orderBy('id')
        .limit(PAGE)
        .execute();
      // Co-handling cells are added by coHandledCells, from order_units.
      for (const o of rows) cells.add(o, reverified.has(o.id), 1, []);
      done += rows.length;
      if (rows.length) opts.onProgress?.(done);
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1]!;
      after = { at: Number(last.received_at), id: last.id };
    }
    cells.status = new Map();
    cells.due = new Map();
    await onWindow({ from: from === firstDay ? null : from, to: to >= lastDay ? null : to, cells: cells.prune() });
  }
  await coHandledCells(db, backlog);
  return backlog.prune();
}

/** The 'co' status cells of every co-handled order into `d`: order_units' 'co' rows with their orders, a page at a time in key order. */
async function coHandledCells(db: Queryable, d: Deltas): Promise<void> {
  let after = { order: 0, unit: 0 };
  for (;;) {
    const { order, unit } = after;
    const rows = await db
      .selectFrom('order_units as ou')
      .innerJoin('work_orders as wo', 'wo.id', 'ou.order_id')
      .select(['ou.order_id', 'ou.unit_id', 'wo.status', 'wo.overdue', 'wo.supervision_level', 'wo.resolution_due_at', 'wo.lead_unit_id'])
      .where('ou.role', '=', 'co')
      .where((eb) => eb.or([eb('ou.order_id', '>', order), eb.and([eb('ou.order_id', '=', order), eb('ou.unit_id', '>', unit)])]))
      .orderBy('ou.order_id')
      .orderBy('ou.unit_id')
      .limit(PAGE)
      .execute();
    for (const r of rows) d.addCo(r, [Number(r.unit_id)], 1);
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = { order: Number(last.order_id), unit: Number(last.unit_id) };
  }
}

/**
 * Rewrites the 'co' status cells from order_units (migration 0075: a database whose rollups were
 * kept before co-handled orders had cells). The rest of the rollups is left as it is.
 */
export async function rebuildCoHandledCells(db: Db | Tx): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx.deleteFrom('rollup_status').where('scope', '=', 'co').execute();
    const d = new Deltas();
    await coHandledCells(tx, d);
    await applyDeltas(tx, d);
  });
}

/** Runs `write` in `db` when it is a transaction already (a migration's), else in a new one. */
async function inTransaction(db: Db | Tx, write: (tx: Tx) => Promise<void>): Promise<void> {
  if (db.isTransaction) await write(db as Tx);
  else await (db as Db).transaction().execute(write);
}

/** Adds one stored row of a rollup table to `d`, keyed as Deltas keys its cells. */
function addStored(d: Deltas, table: string, r: Record<string, any>): void {
  if (table === 'rollup_status')
    d.status.set(`${r.scope}|${r.scope_id}|${r.status}|${r.overdue}|${r.supervised}|${r.due_day}`, Number(r.n));
  else if (table === 'rollup_day')
    d.day.set(`${r.scope}|${r.scope_id}|${r.day}`, Object.fromEntries(VECTOR_KEYS.map((x) => [x, Number(r[x])])) as Vector);
  else if (table === 'rollup_category') d.category.set(`${r.scope}|${r.scope_id}|${r.day}|${r.category_id}`, Number(r.n));
  else if (table === 'rollup_due') d.due.set(`${r.scope}|${r.scope_id}|${r.day}|${r.step}|${r.due_at}`, Number(r.n));
  else d.unitCompound.set(`${r.unit_id}|${r.day}|${r.compound_id}`, Number(r.n));
}

/** Every cell stored in `tables`, as Deltas (so that two sets compare cell by cell). */
async function readStored(db: Queryable, tables: readonly string[]): Promise<Deltas> {
  const d = new Deltas();
  for (const t of tables) for (const r of await (db as Kysely<any>).selectFrom(t).selectAll().execute()) addStored(d, t, r);
  return d.prune();
}

/** The cells stored now. Holds every cell: for tests and small data (checkRollups reads a window at a time). */
export const storedRollups = (db: Queryable): Promise<Deltas> => readStored(db, [...BACKLOG_TABLES, ...DAY_TABLES]);

const IDS_PER_READ = 500;

/**
 * The stored day-keyed cells of one window. Each table is read by its key: per scope (or unit), the
 * listed ids and the window's days, never the whole table. `prefixes` are the stored (scope, ids)
 * of each table, listed once.
 */
async function storedWindow(
  db: Queryable,
  prefixes: Map<string, Map<string, number[]>>,
  from: string | null,
  to: string | null,
): Promise<Deltas> {
  const d = new Deltas();
  const k = db as unknown as Kysely<any>;
  for (const [table, byScope] of prefixes) {
    const idColumn = table === 'rollup_unit_compound' ? 'unit_id' : 'scope_id';
    for (const [scope, ids] of byScope)
      for (let i = 0; i < ids.length; i += IDS_PER_READ) {
        let q = k
          .selectFrom(table)
          .selectAll()
          .where(idColumn, 'in', ids.slice(i, i + IDS_PER_READ));
        if (table !== 'rollup_unit_compound') q = q.where('scope', '=', scope);
        if (from !== null) q = q.where('day', '>=', from);
        if (to !== null) q = q.where('day', '<=', to);
        for (const r of await q.execute()) addStored(d, table, r);
      }
  }
  return d.prune();
}

/** The (scope, scope ids) with stored cells in each day-keyed table; rollup_unit_compound's are units under one pseudo-scope. */
async function storedPrefixes(db: Queryable): Promise<Map<string, Map<string, number[]>>> {
  const k = db as unknown as Kysely<any>;
  const out = new Map<string, Map<string, number[]>>();
  for (const table of DAY_TABLES) {
    const rows: { scope: string; id: number }[] =
      table === 'rollup_unit_compound'
        ? await k
            .selectFrom(table)
            .select([sql.lit('unit').as('scope'), 'unit_id as id'])
            .distinct()
            .execute()
        : await k.selectFrom(table).select(['scope', 'scope_id as id']).distinct().execute();
    const byScope = new Map<string, number[]>();
    for (const r of rows) {
      const ids = byScope.get(r.scope) ?? [];
      if (!ids.length) byScope.set(r.scope, ids);
      ids.push(Number(r.id));
    }
    out.set(table, byScope);
  }
  return out;
}

export interface RollupDifference {
  table: string;
  key: string;
  expected: number | Vector;
  stored: number | Vector;
}

const ZERO_VECTOR = Object.fromEntries(VECTOR_KEYS.map((x) => [x, 0])) as Vector;

/** The cells of `want` and `have` that differ (a missing cell counts as zero). */
function differences(want: Deltas, have: Deltas): RollupDifference[] {
  const diffs: RollupDifference[] = [];
  const cmp = (table: string, a: Map<string, number>, b: Map<string, number>) => {
    for (const k of new Set([...a.keys(), ...b.keys()]))
      if ((a.get(k) ?? 0) !== (b.get(k) ?? 0)) diffs.push({ table, key: k, expected: a.get(k) ?? 0, stored: b.get(k) ?? 0 });
  };
  cmp('rollup_status', want.status, have.status);
  cmp('rollup_category', want.category, have.category);
  cmp('rollup_due', want.due, have.due);
  cmp('rollup_unit_compound', want.unitCompound, have.unitCompound);
  for (const k of new Set([...want.day.keys(), ...have.day.keys()])) {
    const a = want.day.get(k) ?? ZERO_VECTOR;
    const b = have.day.get(k) ?? ZERO_VECTOR;
    if (VECTOR_KEYS.some((x) => a[x] !== b[x])) diffs.push({ table: 'rollup_day', key: k, expected: a, stored: b });
  }
  return diffs;
}

/**
 * Recomputes every rollup from the orders and returns the cells that differ (empty when
 * consistent). One window of received days at a time on both sides, so a 10M-order history is
 * checked in the memory of ~WINDOW_ORDERS orders' cells.
 */
export async function checkRollups(db: Queryable, opts: RecomputeOptions = {}): Promise<RollupDifference[]> {
  const prefixes = await storedPrefixes(db);
  const diffs: RollupDifference[] = [];
  const backlog = await recomputeByWindow(
    db,
    async (w) => {
      diffs.push(...differences(w.cells, await storedWindow(db, prefixes, w.from, w.to)));
    },
    opts,
  );
  diffs.push(...differences(backlog, await readStored(db, BACKLOG_TABLES)));
  return diffs;
}

/**
 * Empties the rollup tables and fills them from the orders, a window of received days at a time
 * (migration backfill, repair). Migration 0071 runs this before 0073 creates rollup_unit_compound:
 * a table not there yet is left alone (0073 rebuilds again once it exists).
 */
export async function rebuildRollups(db: Db | Tx, opts: RecomputeOptions = {}): Promise<void> {
  const present = new Set((await db.introspection.getTables()).map((t) => t.name));
  await inTransaction(db, async (tx) => {
    for (const t of [...BACKLOG_TABLES, ...DAY_TABLES]) if (present.has(t)) await tx.deleteFrom(t).execute();
    const backlog = await recomputeByWindow(
      tx,
      async (w) => {
        if (!present.has('rollup_unit_compound')) w.cells.unitCompound.clear();
        await applyDeltas(tx, w.cells);
      },
      opts,
    );
    await applyDeltas(tx, backlog);
  });
}

/**
 * `gongzhi check-rollups`: recomputes, prints a summary and the first differences; true when none.
 * With `repair`, rebuilds the rollups after reporting (the answer is still false: there were some).
 */
export async function checkRollupsReport(db: Db, opts: { repair: boolean; log: (line: string) => void }): Promise<boolean> {
  const started = Date.now();
  const count = async (t: string) =>
    Number(
      (
        await (db as unknown as Kysely<any>)
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const orders = await count('work_orders');
  let tenths = 0;
  const diffs = await checkRollups(db, {
    // A line every 10% of the orders: a 10M check takes minutes.
    onProgress: (done) => {
      const t = Math.floor((done * 10) / orders);
      if (t > tenths) opts.log(`check-rollups: ${done} / ${orders} orders (${(tenths = t) * 10}%)`);
    },
  });
  let cells = 0;
  for (const t of [...BACKLOG_TABLES, ...DAY_TABLES]) cells += await count(t);
  opts.log(`check-rollups: ${orders} orders, ${cells} rollup cells, ${diffs.length} differences (${Date.now() - started} ms)`);
  for (const d of diffs.slice(0, 20))
    opts.log(`  ${d.table} ${d.key}: expected ${JSON.stringify(d.expected)}, stored ${JSON.stringify(d.stored)}`);
  if (diffs.length > 20) opts.log(`  … ${diffs.length - 20} more`);
  if (diffs.length && opts.repair) {
    await rebuildRollups(db);
    opts.log('check-rollups: rebuilt from the orders');
  }
  return diffs.length === 0;
}
