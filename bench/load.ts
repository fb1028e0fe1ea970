/**
 * Loads N synthetic orders into a seeded database for the benchmark, through the demo generator's
 * own pieces (server/demo/generate.ts): playOrder plays each order's whole event trail with the
 * live SLA rules, OrderWriter writes orders, units and events in batched transactions, and
 * NumberAllocator keeps the per-day numbers in step with `counters`. Each order is the demo year's
 * background order (backgroundPlan: its texts, seasonal category weights and callers, telecom
 * included, so the bench's search words such as 通信线缆乱拉 occur).
 *
 * Unlike the demo year (a fixed ~5k orders over one year), the history here grows at a fixed rate
 * backwards from `now` (default 1,000 orders a day), so a bigger N means a longer history while the
 * open backlog (recent orders) stays about the same size — which is what the sweep must not notice.
 */
import { sql } from 'kysely';
import { shanghaiDate, type Calendar } from '../common/calendar';
import type { Db } from '../server/db';
import type { Engine } from '../server/db/engine';
import { backgroundPlan, loadDemoYear, seasonalCodes } from '../server/demo/demo-year';
import {
  loadWorld,
  NumberAllocator,
  nextIds,
  OrderWriter,
  PgCopyConnection,
  playOrder,
  rng,
  type Rng,
} from '../server/demo/generate';

const DAY = 24 * 3600_000;

/** A cumulative-weight picker: O(log n) per pick, which matters a million times over. */
function weightedPicker<T>(xs: { w: number; v: T }[]) {
  const cum: number[] = [];
  let total = 0;
  for (const x of xs) cum.push((total += x.w));
  return (r: Rng): T => {
    const t = r.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return xs[lo]!.v;
  };
}

const ORDER_TABLES = ['work_orders', 'order_units', 'order_events'];

/** Drops the indexes of `tables` that back no constraint; returns their definitions, to create them again. */
async function dropSecondaryIndexes(db: Db, tables: string[]): Promise<string[]> {
  const res = await sql<{ name: string; def: string }>`select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename in (${sql.join(tables)})
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db);
  for (const r of res.rows) await sql`drop index ${sql.id(r.name)}`.execute(db);
  return res.rows.map((r) => r.def);
}

export interface LoadResult {
  orders: number;
  events: number;
  /** First and last receipt time of the generated history. */
  from: number;
  to: number;
  ms: number;
  /** Of which writing the background orders' rows (COPY or INSERT), and their rollup upserts. */
  writeMs: number;
  rollupMs: number;
  /** Building the secondary indexes dropped for the load (dropIndexes). */
  indexMs: number;
  /** How the background orders were written: PostgreSQL COPY or multi-row INSERTs. */
  method: 'copy' | 'insert';
  /** false when loaded without event trails (--no-events). */
  withEvents: boolean;
}

/** The share of background orders with a co-handling unit. */
const CO_HANDLED = 0.1;

/**
 * Writes exactly `count` orders ending at `now`: the demo year's own seed cases (with the handler
 * accounts they need), then background orders at `perDay` a day. Deterministic for a given seed.
 */
export async function loadSyntheticOrders(
  db: Db,
  engine: Engine,
  cal: Calendar,
  opts: {
    count: number;
    now: number;
    seed?: number;
    perDay?: number;
    /** PostgreSQL: the database's URL, for a connection of the loader's own that writes with COPY. */
    databaseUrl?: string | null;
    /** false: no event trail (orders, units and rollups only). */
    events?: boolean;
    /** PostgreSQL with COPY: drop the secondary indexes of the order tables for the load, build them after. */
    dropIndexes?: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<LoadResult> {
  const started = performance.now();
  const seed = opts.seed ?? 20261130;
  // perDay 0: only the seed's own cases (~280 orders), plus a handler account for every unit.
  const seedCases = await loadDemoYear(db, engine, cal, opts.now, { perDay: 0, seed });
  const w = await loadWorld(db, cal);
  const r = rng(seed + 1);
  // Its own stream, so that the rest of the history is the same with or without it.
  const coDraw = rng(seed + 2);
  const buildings = w.places.filter((p) => p.level === 'building' && (p.households ?? 0) > 0);
  const pickBuilding = weightedPicker(buildings.map((b) => ({ w: b.households ?? 1, v: b })));
  const pickers = new Map<number, (r: Rng) => string>();
  const pickCode = (month: number) => {
    let p = pickers.get(month);
    if (!p) pickers.set(month, (p = weightedPicker(seasonalCodes(month))));
    return p;
  };

  const total = Math.max(0, opts.count - seedCases);
  const perDay = opts.perDay ?? 1000;
  const numbers = new NumberAllocator(db);
  await numbers.load();
  let id = await nextIds(db);
  // PostgreSQL: COPY in batches of 5,000 orders (each batch one transaction with its rollups).
  const copy = engine.kind === 'postgres' && opts.databaseUrl ? await PgCopyConnection.open(opts.databaseUrl) : undefined;
  const writer = new OrderWriter(db, engine, copy ? 5000 : 500, { copy, events: opts.events });
  let done = 0;
  // Evenly spaced receipts (a 24-hour hotline) with jitter, oldest first, so ids follow receipt time.
  const slot = DAY / perDay;
  const from = opts.now - total * slot;
  const indexes = copy && opts.dropIndexes ? await dropSecondaryIndexes(db, ORDER_TABLES) : [];
  try {
    for (let k = 0; k < total; k++) {
      const at = Math.round(from + (k + r.next()) * slot);
      const month = Number(shanghaiDate(at).slice(5, 7));
      const plan = backgroundPlan(r, at, pickBuilding(r), pickCode(month)(r));
      // One order in ten co-handled (协办) by the community's residents' committee, which the
      // handler counts of that committee then include (rollup_status scope 'co').
      if (coDraw.chance(CO_HANDLED)) {
        const committee = w.unitFor(plan.placeId, 'community_committee');
        if (committee) plan.coUnitIds = [committee];
      }
      const played = playOrder(w, plan, opts.now, r, { order: id++, number: numbers.next(at) });
      await writer.add(played, plan.coUnitIds);
      done++;
      if (done % 5000 === 0) opts.onProgress?.(seedCases + done, opts.count);
    }
    await writer.finish();
  } finally {
    await copy?.close();
  }
  const indexStarted = performance.now();
  if (indexes.length)
    await db.transaction().execute(async (tx) => {
      // Index builds sort in memory up to this (the default 64 MB spills a 10M-order GIN build to disk).
      await sql`set local maintenance_work_mem = '512MB'`.execute(tx);
      for (const def of indexes) await sql.raw(def).execute(tx);
    });
  const indexMs = performance.now() - indexStarted;
  await numbers.save();
  opts.onProgress?.(seedCases + done, opts.count);
  const ms = performance.now() - started;
  const ev = await db
    .selectFrom('order_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const first = await db
    .selectFrom('work_orders')
    .select((eb) => eb.fn.min('received_at').as('t'))
    .executeTakeFirstOrThrow();
  return {
    orders: seedCases + done,
    events: Number(ev.n),
    from: Math.min(from, Number(first.t)),
    to: opts.now,
    ms,
    writeMs: Math.round(writer.writeMs),
    rollupMs: Math.round(writer.rollupMs),
    indexMs: Math.round(indexMs),
    method: copy ? 'copy' : 'insert',
    withEvents: opts.events !== false,
  };
}
