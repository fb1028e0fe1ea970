/**
 * Dashboard benchmark (issue 6 point 5): for each engine and size, a fresh database with the demo
 * district and N synthetic orders (bench/load.ts → the demo generator's OrderWriter, which keeps
 * the rollups as it writes) and `check-rollups` over the loaded data. Once every size of the engine
 * is loaded, the p95 over HTTP of each dashboard endpoint beside the p95 of GET one order by id (the
 * baseline), all sizes' servers up at once and timed in turns, round after round (measure()).
 *
 *   npx tsx bench/dashboard.ts [--engines sqlite,postgres] [--sizes 100000,1000000] [--seconds 5] [--rounds 3] [--connections 4]
 *                              [--per-day 1000] [--no-events] [--no-check] [--check-max N] [--transitions 300] [--out bench/results] [--result FILE]
 *
 * Targets: every dashboard p95 ≤ 3 × the by-id p95 of its run, and p95 at the largest size ≤ 1.5 ×
 * p95 at the smallest — judged with the server's 5-second answer cache off (GZ_DASHBOARD_CACHE_SECONDS=0),
 * so they time the rollup reads; the cached overview, unit view and big screen are reported beside, unjudged. Prints the table and the machine line, writes bench/results/<date>-dashboard-<engine>.json.
 * PostgreSQL comes from DATABASE_URL or the throwaway cluster, as for `npm run bench`. The load
 * writes with COPY on PostgreSQL (secondary indexes built after it) and batched INSERTs on SQLite.
 * `--no-events` loads orders, units and rollups without the event trails (~7.5 events an order):
 * the dashboards and rollups never read events, so 10M on PostgreSQL becomes a load of about an
 * hour instead of several (bench/README.md). `--no-check` skips check-rollups; `--check-max N` runs
 * it only up to N orders (it reads one window of received days at a time, so its memory does not
 * grow with the history, but its time does). After the measurements, `--transitions N` loaded open
 * orders (default 300; 0: none) each get a random action through the API, beside random walks of
 * fresh orders (bench/transitions.ts), and check-rollups runs again.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createContext } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import type { Db } from '../server/db';
import type { EngineKind } from '../server/db/engine';
import { seedDistrict } from '../server/demo/seed';
import { checkRollupsReport } from '../server/evaluation/rollups';
import { loginAs } from '../server/test/harness';
import { shanghaiDate, shanghaiDayStart } from '../common/calendar';
import { checkpoint, freshDatabase, openCluster, type BenchDatabase, type PgCluster } from './database';
import { runLoad } from './http-load';
import { loadSyntheticOrders } from './load';
import { openOrderIds, randomTransitions, type TransitionsRun } from './transitions';
import { describeMachine } from './machine';
import type { ChildReply } from './protocol';
import { DEFAULT_RESULTS_DIR, machineLine, median, textTable, type Row } from './report';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const engines = arg('engines', 'sqlite').split(',') as EngineKind[];
const sizes = arg('sizes', '100000,1000000').split(',').map(Number);
const seconds = Number(arg('seconds', '5'));
/** Each endpoint is timed this many times at each size (measure(): interleaved); its p95 is the median of its rounds. */
const rounds = Math.max(1, Number(arg('rounds', '3')));
const connections = Number(arg('connections', '4'));
const perDay = Number(arg('per-day', '1000'));
const withEvents = !process.argv.includes('--no-events');
const withCheck = !process.argv.includes('--no-check');
/** check-rollups only up to this many orders (its time grows with the history). */
const checkMax = Number(arg('check-max', 'Infinity'));
/** Loaded open orders given a random action after the measurements (then check-rollups again). */
const transitions = Number(arg('transitions', '300'));
const outDir = path.resolve(arg('out', DEFAULT_RESULTS_DIR));
/** Write the result here instead of <out>/<date>-dashboard-<engine>.json (one engine only; `npm run bench` reads it). */
const resultFile = process.argv.includes('--result') ? path.resolve(arg('result', '')) : null;
const log = (m: string) => console.log(`[dashboard] ${m}`);
/** Suffix of the measurements taken with the server's 5-second answer cache on (not judged). */
const CACHED = ', as served (5 s answer cache)';

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function startApp(db: BenchDatabase, env: Record<string, string> = {}): Promise<Server> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'server-child.ts')], {
    cwd: path.resolve(import.meta.dirname, '..'),
    // NODE_OPTIONS is for this process (a larger heap for check-rollups at 10M), not the server under test.
    env: { ...process.env, NODE_OPTIONS: '', BENCH_MODE: 'app', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '', BENCH_TEMPLATE: '', BENCH_EXPERIMENT: '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`app server exited (${code})`)));
    proc.once('message', (m: ChildReply) => {
      if (m.type !== 'ready') return reject(new Error(`app server: ${JSON.stringify(m)}`));
      resolve({
        url: `http://127.0.0.1:${m.port}`,
        pid: proc.pid!,
        stop: async () => {
          proc.removeAllListeners('exit');
          const gone = new Promise<void>((r) => proc.once('exit', () => r()));
          proc.send({ type: 'exit' });
          const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
          await gone;
          clearTimeout(t);
        },
      });
    });
  });
}

/** An API token of a demo user (the benchmark's load sends it as a bearer header). */
async function token(base: string, username: string): Promise<string> {
  const res = await (await loginAs(base, username)).post<{ token: string }>('/api/auth/tokens', { name: 'bench' });
  return res.body.token;
}

/** Who asks: the dispatcher (district-wide), except where an endpoint names its user here. */
const ASKED_BY: Record<string, string> = {
  // 和信社区居委会's handler: its lead orders and the ones it co-handles (one in ten of its community's, bench/load.ts).
  'dashboard/counts, co-handling unit': 'handler.hexin',
};

/** check-rollups over the database, timed. */
async function timedCheck(db: Db): Promise<{ ok: boolean; ms: number }> {
  const started = Date.now();
  const ok = await checkRollupsReport(db, { repair: false, log });
  return { ok, ms: Date.now() - started };
}

interface SizeRun {
  size: number;
  loadMs: number;
  load: Awaited<ReturnType<typeof loadSyntheticOrders>>;
  check: { ok: boolean; ms: number } | null;
  transitions: (TransitionsRun & { check: { ok: boolean; ms: number } }) | null;
  /** The median of p95Rounds. */
  p95: Record<string, number>;
  p95Rounds: Record<string, number[]>;
  non2xx: Record<string, number>;
}

/** One size's database, loaded and checked, and what its measurements need. */
interface Loaded {
  size: number;
  bench: BenchDatabase;
  ids: Awaited<ReturnType<typeof seedDistrict>>;
  loaded: Awaited<ReturnType<typeof loadSyntheticOrders>>;
  check: { ok: boolean; ms: number } | null;
  walked: number[];
  paths: Record<string, string | (() => string)>;
}

/** A fresh database of `size` orders: loaded, settled (PostgreSQL), checked; the open orders the transitions will act on picked. */
async function prepare(engine: EngineKind, size: number, cluster: PgCluster | null): Promise<Loaded> {
  const bench = await freshDatabase(engine, cluster);
  try {
    return await loadAndCheck(engine, size, bench);
  } catch (err) {
    await bench.drop();
    throw err;
  }
}

async function loadAndCheck(engine: EngineKind, size: number, bench: BenchDatabase): Promise<Loaded> {
  const ctx = await createContext({ ...loadConfig({}), dataDir: bench.dataDir, databaseUrl: bench.databaseUrl, logLevel: 'silent' });
  try {
    const now = Date.now();
    const ids = await seedDistrict(ctx.db, now);
    log(`${engine} ${size}: loading`);
    const loaded = await loadSyntheticOrders(ctx.db, ctx.engine, await ctx.calendar.get(), {
      count: size,
      now,
      perDay,
      events: withEvents,
      databaseUrl: bench.databaseUrl,
      dropIndexes: true,
      onProgress: (d, t) => d % 100_000 < 5000 && log(`${engine} ${size}: ${d}/${t}`),
    });
    log(
      `${engine} ${size}: loaded ${loaded.orders} orders, ${loaded.events} events in ${(loaded.ms / 1000).toFixed(1)} s (${Math.round(loaded.orders / (loaded.ms / 1000))} orders/s, ${loaded.method}; rollups ${(loaded.rollupMs / 1000).toFixed(1)} s, index builds ${(loaded.indexMs / 1000).toFixed(1)} s)`,
    );
    if (engine === 'postgres') await import('kysely').then(({ sql }) => sql`vacuum analyze`.execute(ctx.db));
    const check = withCheck && size <= checkMax ? await timedCheck(ctx.db) : null;
    const street = ids.places.get('st-baidengshan') ?? [...ids.places.values()][1]!;
    const unit = ids.units.get('pc-huayu')!;
    const maxId = Number((await ctx.db.selectFrom('work_orders').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
    const walked = check ? await openOrderIds(ctx.db, transitions, size) : [];
    const today = shanghaiDate(now);
    const monthStart = `${today.slice(0, 7)}-01T00:00:00%2B08:00`;
    const paths: Loaded['paths'] = {
      'GET order by id': () => `/api/work-orders/${1 + Math.floor(Math.random() * maxId)}`,
      'dashboard/counts': '/api/dashboard/counts',
      'dashboard/counts, co-handling unit': '/api/dashboard/counts',
      'dashboard/overview (30 d)': '/api/dashboard/overview',
      'dashboard/overview street': `/api/dashboard/overview?placeId=${street}`,
      'dashboard/unit': `/api/dashboard/unit?unitId=${unit}`,
      'dashboard/screen': '/api/dashboard/screen',
      'evaluation/rates street (month)': `/api/evaluation/rates?groupBy=street&from=${monthStart}&to=${encodeURIComponent(new Date(shanghaiDayStart(today) + 86_400_000).toISOString())}`,
    };
    return { size, bench, ids, loaded, check, walked, paths };
  } finally {
    await ctx.close();
  }
}

/**
 * The p95 of every endpoint at every size, interleaved: one app server per size, all running, and
 * each round times each endpoint at each size in turn (the sizes' order flips every round). So the
 * sizes are compared over the same stretch of the machine's time, not half an hour apart, and a
 * slow minute of the machine (its neighbours, a checkpoint) falls on one round of one pair, which
 * the median of the rounds leaves out. Judged with the answer cache off: a read-only loop would
 * otherwise time the cache, not the rollups. Then, for the record, the three cached views as a
 * server serves them.
 */
async function measure(engine: EngineKind, all: Loaded[]) {
  const out = new Map(all.map((l) => [l.size, { p95: {} as Record<string, number>, p95Rounds: {} as Record<string, number[]>, non2xx: {} as Record<string, number> }]));
  const names = Object.keys(all[0]!.paths);
  const passes: [string, Record<string, string>, string[]][] = [
    ['', { GZ_DASHBOARD_CACHE_SECONDS: '0' }, names],
    [CACHED, {}, ['dashboard/overview (30 d)', 'dashboard/unit', 'dashboard/screen']],
  ];
  for (const [suffix, env, list] of passes) {
    const apps: Server[] = [];
    try {
      for (const l of all) apps.push(await startApp(l.bench, env));
      const users = [...new Set(['dispatcher', ...list.map((name) => ASKED_BY[name] ?? 'dispatcher')])];
      // headers[app][user]
      const headers = await Promise.all(
        apps.map(async (a) => Object.fromEntries(await Promise.all(users.map(async (u) => [u, { authorization: `Bearer ${await token(a.url, u)}` }] as const)))),
      );
      const time = (i: number, name: string, s: number) =>
        runLoad({ url: apps[i]!.url, path: all[i]!.paths[name]!, headers: headers[i]![ASKED_BY[name] ?? 'dispatcher']!, connections, seconds: s }, apps[i]!.pid, null);
      for (const name of list) for (let i = 0; i < all.length; i++) await time(i, name, 1); // warm-up
      for (let round = 1; round <= rounds; round++) {
        const order = all.map((_, i) => i);
        if (round % 2 === 0) order.reverse();
        for (const name of list) {
          for (const i of order) {
            const res = await time(i, name, seconds);
            const o = out.get(all[i]!.size)!;
            (o.p95Rounds[name + suffix] ??= []).push(res.latency.p95);
            o.non2xx[name + suffix] = (o.non2xx[name + suffix] ?? 0) + res.non2xx;
            log(`${engine} ${all[i]!.size} ${name}${suffix} (round ${round}/${rounds}): p95 ${res.latency.p95} ms, ${Math.round(res.rps)} req/s, non-2xx ${res.non2xx}`);
          }
        }
      }
    } finally {
      for (const a of apps) await a.stop();
    }
  }
  for (const o of out.values()) for (const [name, values] of Object.entries(o.p95Rounds)) o.p95[name] = median(values);
  return out;
}

/** Random transitions through the API on one loaded database, then check-rollups again. */
async function transitionsOn(engine: EngineKind, l: Loaded): Promise<SizeRun['transitions']> {
  if (!l.walked.length) return null;
  const app = await startApp(l.bench);
  let run: TransitionsRun;
  try {
    run = await randomTransitions(app.url, l.ids, l.walked, Math.max(5, Math.round(l.walked.length / 15)), l.size);
  } finally {
    await app.stop();
  }
  log(`${engine} ${l.size}: ${run.walks} random walks and ${l.walked.length} loaded orders acted on in ${run.ms} ms: ${JSON.stringify(run.actions)}`);
  const again = await createContext({ ...loadConfig({}), dataDir: l.bench.dataDir, databaseUrl: l.bench.databaseUrl, logLevel: 'silent' });
  try {
    return { ...run, check: await timedCheck(again.db) };
  } finally {
    await again.close();
  }
}

/** Every size of one engine: all loaded first (their databases kept), measured interleaved, then each given its transitions. */
async function runEngine(engine: EngineKind, cluster: PgCluster | null): Promise<SizeRun[]> {
  const all: Loaded[] = [];
  try {
    for (const size of sizes) all.push(await prepare(engine, size, cluster));
    if (cluster && engine === 'postgres') await checkpoint(cluster.adminUrl, log);
    const measured = await measure(engine, all);
    const runs: SizeRun[] = [];
    for (const l of all) {
      runs.push({ size: l.size, loadMs: l.loaded.ms, load: l.loaded, check: l.check, transitions: await transitionsOn(engine, l), ...measured.get(l.size)! });
    }
    return runs;
  } finally {
    for (const l of all) await l.bench.drop();
  }
}

async function main() {
  const machine = describeMachine();
  const cluster = engines.includes('postgres') ? await openCluster(log) : null;
  const rows: Row[] = [];
  try {
    for (const engine of engines) {
      const runs = await runEngine(engine, cluster);
      const engineRows: Row[] = [];
      for (const r of runs) {
        const base = r.p95['GET order by id']!;
        engineRows.push({
          engine,
          size: r.size,
          metric: `load (${r.load.method}${r.load.withEvents ? ', with events' : ', no events'})`,
          value: Math.round(r.load.ms / 100) / 10,
          unit: 's',
          note: `${r.load.orders} orders, ${r.load.events} events, ${Math.round(r.load.orders / (r.load.ms / 1000))} orders/s`,
        });
        if (r.check) engineRows.push({ engine, size: r.size, metric: 'check-rollups', value: r.check.ms, unit: 'ms', target: 'no difference', pass: r.check.ok });
        if (r.transitions) {
          const t = r.transitions;
          const acted = Object.entries(t.actions).map(([a, n]) => `${a} ${n}`).join(', ');
          engineRows.push({ engine, size: r.size, metric: 'random transitions', value: t.ms, unit: 'ms', note: `${t.walks} walks of fresh orders; loaded orders: ${acted}` });
          engineRows.push({ engine, size: r.size, metric: 'check-rollups after the transitions', value: t.check.ms, unit: 'ms', target: 'no difference', pass: t.check.ok });
        }
        for (const [name, v] of Object.entries(r.p95)) {
          if (name === 'GET order by id') {
            engineRows.push({ engine, size: r.size, metric: `p95 ${name}`, value: v, unit: 'ms', note: 'baseline' });
            continue;
          }
          const ratio = Math.round((v / base) * 100) / 100;
          if (name.endsWith(CACHED)) {
            engineRows.push({ engine, size: r.size, metric: `p95 ${name}`, value: v, unit: 'ms', baseline: base, ratio, note: 'informational: not judged' });
            continue;
          }
          engineRows.push({ engine, size: r.size, metric: `p95 ${name}`, value: v, unit: 'ms', baseline: base, ratio, target: '≤ 3× by id', pass: ratio <= 3 && r.non2xx[name] === 0 });
        }
      }
      if (runs.length > 1) {
        const [small, large] = [runs[0]!, runs[runs.length - 1]!];
        for (const name of Object.keys(large.p95).filter((n) => !n.endsWith(CACHED))) {
          const ratio = Math.round((large.p95[name]! / small.p95[name]!) * 100) / 100;
          engineRows.push({ engine, size: large.size, metric: `p95 ${name} vs ${small.size}`, value: large.p95[name]!, unit: 'ms', baseline: small.p95[name]!, ratio, target: '≤ 1.5× smallest', pass: ratio <= 1.5 });
        }
      }
      rows.push(...engineRows);
      const file = resultFile ?? path.join(outDir, `${new Date().toISOString().slice(0, 10)}-dashboard-${engine}.json`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ bench: 'dashboard', engine, date: new Date().toISOString(), machine, seconds, rounds, connections, perDay, withEvents, sizes: runs, rows: engineRows }, null, 2));
      log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    await cluster?.stop?.();
  }
  console.log(machineLine(machine));
  console.log(textTable(rows));
  if (rows.some((r) => r.pass === false)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
