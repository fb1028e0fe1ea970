/**
 * `npm run bench [-- options]`: for each engine and size, a fresh database with the demo district
 * and N synthetic orders, then intake, reads, text search, the deadline sweep, database size and
 * the server's peak RSS, measured through the real HTTP stack on 127.0.0.1. See bench/README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createContext } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import type { EngineKind } from '../server/db/engine';
import { DEMO_PASSWORD } from '../server/demo/district';
import { seedDistrict } from '../server/demo/seed';
import { progressBar } from '../server/progress';
import { ORDER_COLUMNS, type OrderTemplate } from './baseline';
import { ROLLUP_COLUMNS, type RollupOrder } from '../server/evaluation/rollups';
import { databaseSize, engineVersion, freshDatabase, openCluster, pgSettings, type BenchDatabase, type PgCluster } from './database';
import { runLoad, type LoadOutcome, type LoadSpec } from './http-load';
import { loadSyntheticOrders } from './load';
import { describeMachine, memoryOf, postmasterPid, type Machine } from './machine';
import type { ChildReply, ChildRequest } from './protocol';
import {
  DEFAULT_README,
  DEFAULT_RESULTS_DIR,
  machineLine,
  textTable,
  updateLatest,
  updateReadme,
  writeEngineResult,
  type DashboardRun,
  type EngineRun,
  type Latest,
  type Row,
} from './report';
import { makeOrdersDue } from './sweep';
import { EXPERIMENTS, type Experiment } from './experiments';
import { measureWeb, type WebResult } from './web';
import { ensureWebBuilt } from '../server/web-build';

const HELP = `npm run bench [-- options]

  --engines sqlite,postgres   engines to run (default both; PostgreSQL from DATABASE_URL or a throwaway cluster)
  --sizes 100000,1000000      orders to load, one fresh database per size (default 100000,1000000)
  --quick                     smoke run: 10,000 orders, short loads; writes *-quick.json only
  --seconds N                 length of each HTTP load (default 10; quick 3)
  --rounds N                  intake rounds, baseline and app alternating; the best of each counts (default 2; quick 1)
  --connections N             concurrent connections for intake (default 10)
  --per-day N                 generated orders per day of history (default 1000)
  --only intake,reads,search,web,sweep,dashboards   measure only these (load, size and RSS always, unless only
                              dashboards); implies --no-readme
  --no-dashboards             skip the dashboard benchmark (bench/dashboard.ts: its own loads, SQLite at --sizes,
                              PostgreSQL at --dashboard-sizes-postgres, check-rollups, random transitions)
  --dashboard-sizes-postgres  PostgreSQL sizes of the dashboard benchmark (default 1000000,10000000; quick 10000)
  --no-web                    skip the browser part (bundle sizes, time to first list in Chromium)
  --experiment stmt-cache     what-if: the app server reuses prepared statements (bench/experiments.ts); never published
  --heap-gc                   collect garbage in the app server before each heap reading (live heap; changes RSS)
  --profile DIR               write a V8 CPU profile of the app server to DIR (node --cpu-prof)
  --no-readme                 leave README.md alone (results JSON is still written)
  --readme-only               rewrite the README's Benchmarks section from latest.json, measure nothing
  --out DIR                   results directory (default bench/results)
  --readme FILE               the README whose last section shows the table (default README.md)
  --publish                   update latest.json and README.md even after --quick
`;

interface Options {
  engines: EngineKind[];
  sizes: number[];
  quick: boolean;
  seconds: number;
  rounds: number;
  connections: number;
  perDay: number;
  readme: boolean;
  publish: boolean;
  only: Set<string> | null;
  profile: string | null;
  out: string;
  readmeFile: string;
  experiment: Experiment | null;
  heapGc: boolean;
  web: boolean;
  /** engine → sizes of the dashboard benchmark; empty: none */
  dashboards: Map<EngineKind, number[]>;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
    return v;
  };
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    process.exit(0);
  }
  const known = new Set([
    '--engines',
    '--sizes',
    '--quick',
    '--seconds',
    '--rounds',
    '--connections',
    '--per-day',
    '--no-readme',
    '--publish',
    '--only',
    '--profile',
    '--out',
    '--readme',
    '--experiment',
    '--readme-only',
    '--heap-gc',
    '--no-web',
    '--no-dashboards',
    '--dashboard-sizes-postgres',
  ]);
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown option ${a}\n\n${HELP}`);
  const quick = argv.includes('--quick');
  const int = (name: string, dflt: number) => {
    const v = get(name);
    const n = v === undefined ? dflt : Number(v.replaceAll('_', ''));
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  const engines = (get('engines') ?? 'sqlite,postgres').split(',').map((e) => e.trim()) as EngineKind[];
  for (const e of engines) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`unknown engine ${e}`);
  const sizes = (get('sizes') ?? (quick ? '10000' : '100000,1000000')).split(',').map((s) => Number(s.replaceAll('_', '')));
  for (const s of sizes) if (!Number.isInteger(s) || s < 1000) throw new Error('--sizes: integers of at least 1000');
  const experiment = (get('experiment') ?? null) as Experiment | null;
  if (experiment && !EXPERIMENTS.includes(experiment)) throw new Error(`--experiment: one of ${EXPERIMENTS.join(', ')}`);
  const only = get('only') ? new Set(get('only')!.split(',')) : null;
  for (const o of only ?? []) if (!['intake', 'reads', 'search', 'web', 'sweep', 'dashboards'].includes(o)) throw new Error(`--only: unknown part ${o}`);
  const pgDashboardSizes = (get('dashboard-sizes-postgres') ?? (quick ? '10000' : '1000000,10000000')).split(',').map((s) => Number(s.replaceAll('_', '')));
  for (const s of pgDashboardSizes) if (!Number.isInteger(s) || s < 1000) throw new Error('--dashboard-sizes-postgres: integers of at least 1000');
  const dashboards = new Map<EngineKind, number[]>();
  if (!argv.includes('--no-dashboards') && (!only || only.has('dashboards')))
    for (const e of engines) dashboards.set(e, e === 'postgres' ? pgDashboardSizes : sizes);
  return {
    engines,
    sizes: [...sizes].sort((a, b) => a - b),
    quick,
    seconds: int('seconds', quick ? 3 : 10),
    rounds: int('rounds', quick ? 1 : 2),
    connections: int('connections', 10),
    perDay: int('per-day', 1000),
    readme: !argv.includes('--no-readme') && !only && !experiment && !argv.includes('--heap-gc'),
    publish: argv.includes('--publish') && !only && !experiment && !argv.includes('--heap-gc'),
    only,
    profile: get('profile') ? path.resolve(get('profile')!) : null,
    out: get('out') ? path.resolve(get('out')!) : DEFAULT_RESULTS_DIR,
    readmeFile: get('readme') ? path.resolve(get('readme')!) : DEFAULT_README,
    experiment,
    heapGc: argv.includes('--heap-gc'),
    web: !argv.includes('--no-web'),
    dashboards,
  };
}

/** Search words of 2, 4 and 6 characters that occur in the generated titles (bench/load.ts). */
const QUERIES: Record<number, string[]> = {
  2: ['暖气', '电梯', '停水'],
  4: ['暖气不热', '电梯停运', '突然停电'],
  6: ['暖气管道漏水', '电梯运行异响', '通信线缆乱拉'],
};
/** The sweep: this many orders due at both sizes, among the newest SWEEP_WINDOW orders. */
const SWEEP_DUE = 2000;
const SWEEP_WINDOW = 100_000;
/** Targets from issue 3. */
const INTAKE_RATIO_TARGET = 0.5;
const RSS_TARGET_MIB = 300;
/** Issue 4: the console's first screen under 400 KB of gzipped JavaScript. */
const FIRST_SCREEN_TARGET_KB = 400;
/** The sweep with a fixed number due may not grow with the history by more than this. */
const SWEEP_GROWTH_TARGET = 1.5;

const log = (m: string) => console.log(m);
const fmt = (n: number) => n.toLocaleString('en-US');

interface Child {
  proc: ChildProcess;
  pid: number;
  url: string;
  request(m: ChildRequest): Promise<ChildReply>;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();

/**
 * The Node options of the product's real start command (`npm start` = package.json's scripts.start,
 * e.g. `node --max-old-space-size=128 bin/gongzhi.mjs start`): the app server under test runs with
 * them, so its memory is what a district's server has.
 */
export function startCommandNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = pkg.scripts.start ?? '';
  const m = /(?:^|\s)node((?:\s+--\S+)*)\s+bin\/gongzhi\.mjs\s+start\b/.exec(start);
  if (!m) throw new Error(`package.json scripts.start is not "node [--flags] bin/gongzhi.mjs start": ${start}`);
  const nodeOptions = /NODE_OPTIONS=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(start);
  return [...(nodeOptions ? (nodeOptions[1] ?? nodeOptions[2] ?? nodeOptions[3] ?? '').split(/\s+/) : []), ...m[1]!.trim().split(/\s+/)].filter(Boolean);
}

/** Starts bench/server-child.ts in its own Node process (tsx as a loader, so the pid is the server's). */
async function startChild(
  mode: 'app' | 'baseline',
  db: BenchDatabase,
  template?: OrderTemplate,
  extra: { profileDir?: string | null; experiment?: string | null; exposeGc?: boolean } = {},
): Promise<Child> {
  const profileDir = extra.profileDir;
  const profile = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...(extra.exposeGc ? ['--expose-gc'] : [])];
  // The application runs as `npm start` runs it; the baseline with Node's defaults.
  const startFlags = mode === 'app' ? startCommandNodeFlags() : [];
  const proc = spawn(process.execPath, [...startFlags, ...profile, '--import', 'tsx', path.join(import.meta.dirname, 'server-child.ts')], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      BENCH_MODE: mode,
      DATA_DIR: db.dataDir,
      DATABASE_URL: db.databaseUrl ?? '',
      BENCH_TEMPLATE: template ? JSON.stringify(template) : '',
      BENCH_EXPERIMENT: extra.experiment ?? '',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  const next = () =>
    new Promise<ChildReply>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${mode} server exited (${code})`));
      proc.once('exit', onExit);
      proc.once('message', (m: ChildReply) => {
        proc.off('exit', onExit);
        if (m.type === 'error') reject(new Error(`${mode} server: ${m.message}`));
        else resolve(m);
      });
    });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`${mode} server: unexpected ${ready.type}`);
  return {
    proc,
    pid: proc.pid!,
    url: `http://127.0.0.1:${ready.port}`,
    request(m) {
      const reply = next();
      proc.send(m);
      return reply;
    },
    async stop() {
      if (proc.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.send({ type: 'exit' } satisfies ChildRequest);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

async function http<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const { json, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    ...(json !== undefined
      ? { body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...(rest.headers as Record<string, string>) } }
      : {}),
  });
  const body = (await res.json()) as T;
  if (res.status >= 400) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`);
  return { status: res.status, body, headers: res.headers };
}

/** A bearer token for the district hotline dispatcher (POST /api/auth/login, then /api/auth/tokens). */
async function bearerToken(base: string): Promise<string> {
  const login = await http<unknown>(`${base}/api/auth/login`, {
    method: 'POST',
    json: { username: 'dispatcher', password: DEMO_PASSWORD },
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const t = await http<{ token: string }>(`${base}/api/auth/tokens`, { method: 'POST', json: { name: 'bench' }, headers: { cookie } });
  return t.body.token;
}

interface SizeResult {
  size: number;
  engineVersion: string;
  load: Awaited<ReturnType<typeof loadSyntheticOrders>> & { perDay: number };
  dbSize: Awaited<ReturnType<typeof databaseSize>>;
  intake: {
    body: unknown;
    rounds: { baseline: LoadOutcome; app: LoadOutcome; whatIf?: LoadOutcome }[];
    best: { baseline: LoadOutcome; app: LoadOutcome; whatIf?: LoadOutcome };
  } | null;
  reads: Record<string, LoadOutcome & { path: string; hits?: number[] }>;
  sweep: Record<string, { due: number; ms: number; result: unknown }>;
  /** Bundle sizes and time to first list in Chromium (bench/web.ts), null when skipped. */
  web: WebResult | null;
  memory: {
    app: ReturnType<typeof memoryOf>;
    baseline: ReturnType<typeof memoryOf>;
    /** The app's RSS and peak after each phase, to see which one raised it. */
    appByPhase: Record<string, ReturnType<typeof memoryOf> & { heapTotalMiB?: number; heapUsedMiB?: number; externalMiB?: number }>;
  };
}

async function measureSize(engine: EngineKind, size: number, opts: Options, cluster: PgCluster | null): Promise<SizeResult> {
  log(`\n=== ${engine}, ${fmt(size)} orders ===`);
  const bench = await freshDatabase(engine, cluster);
  const ctx = await createContext({ ...loadConfig({}), dataDir: bench.dataDir, databaseUrl: bench.databaseUrl, logLevel: 'silent' });
  let app: Child | null = null;
  let whatIf: Child | null = null;
  let baseline: Child | null = null;
  try {
    const now = Date.now();
    const ids = await seedDistrict(ctx.db, now);
    const cal = await ctx.calendar.get();
    const bar = progressBar(`Loading ${fmt(size)} orders (${engine})`);
    const loaded = await loadSyntheticOrders(ctx.db, ctx.engine, cal, {
      count: size,
      now,
      perDay: opts.perDay,
      // PostgreSQL: COPY over a connection of the loader's own, secondary indexes built after the load.
      databaseUrl: bench.databaseUrl,
      dropIndexes: true,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.done(`${fmt(loaded.orders)} orders, ${fmt(loaded.events)} events, ${Math.round(loaded.orders / (loaded.ms / 1000))} orders/s (${loaded.method})`);
    if (engine === 'postgres') {
      // What autovacuum would do shortly after a bulk load.
      await sql`vacuum analyze`.execute(ctx.db);
    } else {
      await sql`pragma wal_checkpoint(truncate)`.execute(ctx.db);
    }
    const dbSize = await databaseSize(ctx.db, bench);
    log(`database: ${(dbSize.bytes / 2 ** 20).toFixed(1)} MiB`);

    const pgPid = engine === 'postgres' ? postmasterPid(cluster?.dataDir ?? null) : null;
    app = await startChild('app', bench, undefined, { profileDir: opts.profile, exposeGc: opts.heapGc });
    // A what-if (--experiment) runs as a second application server on the same database, measured beside the real one.
    whatIf = opts.experiment ? await startChild('app', bench, undefined, { experiment: opts.experiment }) : null;
    const token = await bearerToken(app.url);
    const auth = { authorization: `Bearer ${token}` };

    // One order through the application gives the row the baseline writes for the same body.
    const category = await ctx.db.selectFrom('categories').select('id').where('code', '=', 'heating-cold').executeTakeFirstOrThrow();
    const building = await ctx.db
      .selectFrom('places')
      .select(['id', 'name'])
      .where('id', '=', ids.places.get('cp-lvdi-b5')!)
      .executeTakeFirstOrThrow();
    const body = {
      title: `${building.name}暖气不热`,
      description: '室内温度只有15度，暖气片下半截是凉的，家里有老人',
      categoryId: category.id,
      placeId: building.id,
      priority: 'normal',
      channel: 'hotline',
      callerName: '王女士',
      callerPhone: '13903520001',
      attributes: { indoor_temp: 15 },
    };
    const created = await http<{ id: number }>(`${app.url}/api/work-orders`, { method: 'POST', json: body, headers: auth });
    const row = await ctx.db.selectFrom('work_orders').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    const event = await ctx.db
      .selectFrom('order_events')
      .select(['actor_id', 'actor_role'])
      .where('order_id', '=', row.id)
      .executeTakeFirstOrThrow();
    const template: OrderTemplate = {
      row: Object.fromEntries(ORDER_COLUMNS.map((c) => [c, row[c]])) as OrderTemplate['row'],
      rollup: Object.fromEntries(ROLLUP_COLUMNS.map((c) => [c, row[c as keyof typeof row]])) as unknown as RollupOrder,
      actorId: event.actor_id!,
      actorRole: event.actor_role!,
    };
    baseline = await startChild('baseline', bench, template);

    const want = (part: string) => !opts.only || opts.only.has(part);
    const appByPhase: SizeResult['memory']['appByPhase'] = {};
    const appServer = app;
    const mib = (b: number) => Math.round(b / 2 ** 20);
    const phaseDone = async (phase: string) => {
      const heap = await appServer.request({ type: 'heap', gc: opts.heapGc });
      const v8 =
        heap.type === 'heap'
          ? { heapTotalMiB: mib(heap.usage.heapTotal), heapUsedMiB: mib(heap.usage.heapUsed), externalMiB: mib(heap.usage.external) }
          : {};
      appByPhase[phase] = { ...memoryOf(appServer.pid), ...v8 };
    };
    await phaseDone('started');
    // (a) Intake: baseline and app alternate, after a short warm-up of each.
    const intakeSpec = (base: string, p: string, headers: Record<string, string>): LoadSpec => ({
      url: base,
      method: 'POST',
      path: p,
      headers,
      body: JSON.stringify(body),
      connections: opts.connections,
      seconds: opts.seconds,
    });
    const bl = baseline;
    const ap = app;
    const intakeBaseline = () => runLoad(intakeSpec(bl.url, '/orders', {}), bl.pid, pgPid);
    const intakeApp = () => runLoad(intakeSpec(ap.url, '/api/work-orders', auth), ap.pid, pgPid);
    const wi = whatIf;
    const intakeWhatIf = wi ? () => runLoad(intakeSpec(wi.url, '/api/work-orders', auth), wi.pid, pgPid) : null;
    const rounds: { baseline: LoadOutcome; app: LoadOutcome; whatIf?: LoadOutcome }[] = [];
    if (want('intake')) {
      await runLoad({ ...intakeSpec(bl.url, '/orders', {}), seconds: 1 }, bl.pid, pgPid);
      await runLoad({ ...intakeSpec(ap.url, '/api/work-orders', auth), seconds: 1 }, ap.pid, pgPid);
      if (wi) await runLoad({ ...intakeSpec(wi.url, '/api/work-orders', auth), seconds: 1 }, wi.pid, pgPid);
    }
    for (let i = 0; i < (want('intake') ? opts.rounds : 0); i++) {
      const b = await intakeBaseline();
      const a = await intakeApp();
      const w = intakeWhatIf ? await intakeWhatIf() : undefined;
      log(
        `intake round ${i + 1}: baseline ${b.rps} req/s, app ${a.rps} req/s (ratio ${(a.rps / b.rps).toFixed(2)})` +
          (w ? `, ${opts.experiment} ${w.rps} req/s (ratio ${(w.rps / b.rps).toFixed(2)})` : ''),
      );
      rounds.push({ baseline: b, app: a, ...(w ? { whatIf: w } : {}) });
    }
    const best = (pick: (r: (typeof rounds)[number]) => LoadOutcome | undefined) =>
      rounds.map(pick).reduce((x, y) => (y && (!x || y.rps > x.rps) ? y : x), undefined);
    const intake = rounds.length
      ? {
          body,
          rounds,
          best: { baseline: best((r) => r.baseline)!, app: best((r) => r.app)!, ...(wi ? { whatIf: best((r) => r.whatIf)! } : {}) },
        }
      : null;
    if (rounds.length) await phaseDone('intake');
    for (const r of rounds)
      if (r.app.non2xx || r.baseline.non2xx) log(`warning: non-2xx responses: app ${r.app.non2xx}, baseline ${r.baseline.non2xx}`);

    // (b, c) Reads, one connection each (latency without queueing), paths drawn at random.
    const maxId = Number(
      (
        await ctx.db
          .selectFrom('work_orders')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirstOrThrow()
      ).m,
    );
    const randomId = () => 1 + Math.floor(Math.random() * Math.min(maxId, size));
    const compounds = [...ids.places.entries()].filter(([k]) => /^cp-[a-z]+$/.test(k)).map(([, id]) => id);
    let turn = 0;
    const rotate = (xs: string[]) => () => xs[turn++ % xs.length]!;
    const reads: SizeResult['reads'] = {};
    const read = async (key: string, base: Child, p: string | (() => string), label: string, headers: Record<string, string> = auth) => {
      const r = await runLoad({ url: base.url, path: p, headers, connections: 1, seconds: opts.seconds }, base.pid, pgPid);
      reads[key] = { ...r, path: typeof p === 'string' ? p : label };
      if (base === appServer) await phaseDone(key);
      log(`${key}: p95 ${r.latency.p95} ms, p50 ${r.latency.p50} ms (${r.requests} requests${r.non2xx ? `, ${r.non2xx} non-2xx` : ''})`);
    };
    if (want('reads')) {
      await read('detail.baseline', baseline, () => `/orders/${randomId()}`, '/orders/:id (random id)', {});
      await read('detail.app', app, () => `/api/work-orders/${randomId()}`, '/api/work-orders/:id (random id)');
      if (whatIf)
        await read('detail.whatIf', whatIf, () => `/api/work-orders/${randomId()}`, `/api/work-orders/:id (random id), ${opts.experiment}`);
      await read(
        'list.statusCompound',
        app,
        rotate(compounds.map((c) => `/api/work-orders?status=dispatched,handling&placeId=${c}`)),
        '/api/work-orders?status=dispatched,handling&placeId=<compound>',
      );
      await read('list.newest', app, '/api/work-orders', 'page 1, newest first');
    }
    for (const len of want('search') ? [2, 4, 6] : []) {
      const qs = QUERIES[len]!;
      const hits: number[] = [];
      for (const q of qs)
        hits.push((await http<{ total: number }>(`${app.url}/api/work-orders?q=${encodeURIComponent(q)}`, { headers: auth })).body.total);
      await read(`search.q${len}`, app, rotate(qs.map((q) => `/api/work-orders?q=${encodeURIComponent(q)}`)), `?q= ${qs.join(' / ')}`);
      reads[`search.q${len}`]!.hits = hits;
    }

    // Issue 4: the web bundle and the order list in Chromium, against this server and its data.
    let web: WebResult | null = null;
    if (opts.web && want('web')) {
      try {
        web = await measureWeb(app.url);
        log(`web: ${JSON.stringify(web)}`);
      } catch (err) {
        log(`web: not measured (${String(err).split('\n')[0]})`);
      }
      await phaseDone('web');
    }

    // (d) The sweep at a frozen instant: catch up first, then exactly SWEEP_DUE due, then 2% of the size.
    const sweep: SizeResult['sweep'] = {};
    const sweepAt = Date.now();
    const runSweepAt = async (key: string, due: number) => {
      const r = await app!.request({ type: 'sweep', at: sweepAt });
      if (r.type !== 'swept') throw new Error('sweep: no answer');
      sweep[key] = { due, ms: Math.round(r.ms * 10) / 10, result: r.result };
      log(`sweep ${key}: ${sweep[key].ms} ms, ${JSON.stringify(r.result)}`);
    };
    if (want('sweep')) {
      await runSweepAt('catchUp', -1);
      const fixed = await makeOrdersDue(ctx.db, cal, { at: sweepAt, count: SWEEP_DUE, window: SWEEP_WINDOW, seed: 1 });
      await runSweepAt('fixed', fixed);
      const share = await makeOrdersDue(ctx.db, cal, { at: sweepAt, count: Math.round(size * 0.02), window: size + 10_000_000, seed: 2 });
      await runSweepAt('twoPercent', share);
    }

    // (f) Peak RSS of each server over everything above.
    if (want('sweep')) await phaseDone('sweep');
    const memory = { app: memoryOf(app.pid), baseline: memoryOf(baseline.pid), appByPhase };
    log(`peak RSS: app ${memory.app.peakMiB} MiB, baseline ${memory.baseline.peakMiB} MiB`);
    log(
      `app RSS / peak after each phase (MiB): ${Object.entries(appByPhase)
        .map(
          ([k, m]) => `${k} ${m.rssMiB}/${m.peakMiB}${m.heapTotalMiB === undefined ? '' : ` (V8 heap ${m.heapUsedMiB}/${m.heapTotalMiB})`}`,
        )
        .join(', ')}`,
    );
    return {
      size,
      engineVersion: await engineVersion(ctx.db, engine),
      load: { ...loaded, perDay: opts.perDay },
      dbSize,
      intake,
      reads,
      sweep,
      web,
      memory,
    };
  } finally {
    await app?.stop();
    await whatIf?.stop();
    await baseline?.stop();
    await ctx.close();
    await bench.drop();
  }
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const ratioOf = (a: number, b: number) => (b ? round(a / b, 2) : null);

/** The table's rows for one engine, from its sizes' results (the smallest size is the sweep's baseline). */
function rowsFor(engine: string, results: SizeResult[], experimentName: string | null = null): Row[] {
  const rows: Row[] = [];
  const smallest = results[0]!;
  for (const r of results) {
    const add = (row: Omit<Row, 'engine' | 'size'>) => rows.push({ engine, size: r.size, ...row });
    add({
      metric: 'load (orders with full event trail)',
      value: round(r.load.ms / 1000),
      unit: 's',
      note: `${fmt(r.load.orders)} orders, ${fmt(r.load.events)} events`,
    });
    if (r.intake) {
      const { app, baseline } = r.intake.best;
      add({
        metric: 'intake POST req/s',
        value: app.rps,
        unit: 'req/s',
        baseline: baseline.rps,
        ratio: ratioOf(app.rps, baseline.rps),
        target: `ratio ≥ ${INTAKE_RATIO_TARGET}`,
        pass: baseline.rps ? app.rps / baseline.rps >= INTAKE_RATIO_TARGET : null,
      });
      if (r.intake.best.whatIf) {
        const w = r.intake.best.whatIf;
        add({
          metric: `intake POST req/s, what-if ${experimentName}`,
          value: w.rps,
          unit: 'req/s',
          baseline: baseline.rps,
          ratio: ratioOf(w.rps, baseline.rps),
          target: `ratio ≥ ${INTAKE_RATIO_TARGET}`,
          pass: baseline.rps ? w.rps / baseline.rps >= INTAKE_RATIO_TARGET : null,
          note: `p95 ${w.latency.p95} ms`,
        });
      }
      for (const p of ['p50', 'p95', 'p99'] as const)
        add({
          metric: `intake POST ${p}`,
          value: app.latency[p],
          unit: 'ms',
          baseline: baseline.latency[p],
          ratio: ratioOf(app.latency[p], baseline.latency[p]),
        });
      add({
        metric: 'intake CPU: load generator share',
        value: round(app.cpu.share.loadGenerator * 100),
        unit: '%',
        note: `of ${os.availableParallelism()} cores; baseline run ${round(baseline.cpu.share.loadGenerator * 100)}%`,
      });
      add({
        metric: 'intake CPU: app server share',
        value: round(app.cpu.share.server * 100),
        unit: '%',
        note: `baseline server ${round(baseline.cpu.share.server * 100)}%`,
      });
      if (app.cpu.share.postgres !== null)
        add({
          metric: 'intake CPU: PostgreSQL share',
          value: round(app.cpu.share.postgres * 100),
          unit: '%',
          note: `baseline run ${round((baseline.cpu.share.postgres ?? 0) * 100)}%`,
        });
      add({
        metric: 'intake CPU: others (neighbours) share',
        value: round(app.cpu.share.others * 100),
        unit: '%',
        note: `idle ${round(app.cpu.share.idle * 100)}%`,
      });
    }
    const d = r.reads['detail.app'];
    const db = r.reads['detail.baseline'];
    if (d && db)
      add({
        metric: 'GET /api/work-orders/:id p95',
        value: d.latency.p95,
        unit: 'ms',
        baseline: db.latency.p95,
        ratio: ratioOf(d.latency.p95, db.latency.p95),
        note: `n=${d.latency.n}`,
      });
    const dw = r.reads['detail.whatIf'];
    if (dw && db)
      add({
        metric: `GET /api/work-orders/:id p95, what-if ${experimentName}`,
        value: dw.latency.p95,
        unit: 'ms',
        baseline: db.latency.p95,
        ratio: ratioOf(dw.latency.p95, db.latency.p95),
        note: `n=${dw.latency.n}`,
      });
    const lc = r.reads['list.statusCompound'];
    if (lc) add({ metric: 'list p95: status + compound, page 1', value: lc.latency.p95, unit: 'ms', note: `n=${lc.latency.n}` });
    const ln = r.reads['list.newest'];
    if (ln) add({ metric: 'list p95: everything, newest, page 1', value: ln.latency.p95, unit: 'ms', note: `n=${ln.latency.n}` });
    for (const len of [2, 4, 6]) {
      const s = r.reads[`search.q${len}`];
      if (s)
        add({
          metric: `search p95, ${len}-character query`,
          value: s.latency.p95,
          unit: 'ms',
          note: `n=${s.latency.n}; hits ${s.hits?.map(fmt).join('/')}`,
        });
    }
    if (r.web) {
      for (const [role, f] of Object.entries(r.web.firstScreen)) {
        const consoleRole = !role.startsWith('resident');
        add({
          metric: `first screen JS, ${role} (gzip)`,
          value: f.jsKiB,
          unit: 'KiB',
          note: `${f.files} files, CSS ${f.cssKiB} KiB`,
          ...(consoleRole ? { target: `< ${FIRST_SCREEN_TARGET_KB} KB`, pass: f.jsKiB * 1.024 < FIRST_SCREEN_TARGET_KB } : {}),
        });
      }
      if (r.web.chartChunk) add({ metric: 'chart chunk (ECharts, gzip)', value: r.web.chartChunk.kiB, unit: 'KiB', note: r.web.chartChunk.file });
      add({ metric: 'order list in Chromium: first rows (cold)', value: r.web.firstList.coldMs, unit: 'ms', note: `median of ${r.web.firstList.rounds}` });
      add({ metric: 'order list in Chromium: 50 rows', value: r.web.firstList.fiftyMs, unit: 'ms', note: `switch to 50 a page until ${r.web.firstList.rows} rows; median of ${r.web.firstList.rounds}` });
    }
    const sweepRow = (key: string, label: string, withTarget: boolean) => {
      const s = r.sweep[key];
      const base = smallest.sweep[key];
      if (!s || !base) return;
      const compare = withTarget && r !== smallest;
      const examined = (s.result as { examined?: number } | null)?.examined ?? 0;
      add({
        metric: label,
        value: s.ms,
        unit: 'ms',
        note: `${fmt(examined)} rows examined`,
        ...(compare
          ? {
              baseline: base.ms,
              ratio: ratioOf(s.ms, base.ms),
              target: `≤ ${SWEEP_GROWTH_TARGET}× at ${fmt(smallest.size)}`,
              pass: s.ms <= base.ms * SWEEP_GROWTH_TARGET,
            }
          : {}),
      });
    };
    sweepRow('fixed', `sweep, ${fmt(SWEEP_DUE)} due`, true);
    sweepRow('twoPercent', `sweep, 2% due (${fmt(r.sweep.twoPercent?.due ?? 0)})`, false);
    add({
      metric: 'database size',
      value: round(r.dbSize.bytes / 2 ** 20),
      unit: 'MiB',
      note: engine === 'sqlite' ? 'file + WAL, after load' : 'pg_database_size, after load',
    });
    add({
      metric: 'server peak RSS (VmHWM)',
      value: r.memory.app.peakMiB,
      unit: 'MiB',
      baseline: r.memory.baseline.peakMiB,
      ratio: ratioOf(r.memory.app.peakMiB, r.memory.baseline.peakMiB),
      target: `≤ ${RSS_TARGET_MIB} MiB`,
      pass: r.memory.app.peakMiB <= RSS_TARGET_MIB,
    });
  }
  return rows;
}

/**
 * The dashboard benchmark of one engine, as its own process (bench/dashboard.ts: its own loads and
 * servers; PostgreSQL from DATABASE_URL or its own throwaway cluster). PostgreSQL loads with COPY
 * and without event trails (the dashboards never read them; 10M with trails is hours of load).
 */
async function runDashboards(engine: EngineKind, sizes: number[], opts: Options): Promise<DashboardRun> {
  const stamp = new Date().toISOString().replaceAll(':', '').slice(0, 15);
  const file = path.join(opts.out, `${stamp}-dashboard-${engine}${opts.quick ? '-quick' : ''}.json`);
  const args = ['--engines', engine, '--sizes', sizes.join(','), '--per-day', String(opts.perDay), '--result', file];
  if (engine === 'postgres') args.push('--no-events');
  if (opts.quick) args.push('--seconds', '3', '--transitions', '50');
  log(`\ndashboards, ${engine}: npx tsx bench/dashboard.ts ${args.join(' ')}`);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'dashboard.ts'), ...args], { stdio: 'inherit' });
  children.add(child);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  children.delete(child);
  // Exit code 1 with a result file: a target missed (its rows say which). Without one: it failed.
  if (!fs.existsSync(file)) throw new Error(`bench/dashboard.ts (${engine}) exited ${code} without a result`);
  const result = JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<DashboardRun, 'file'>;
  return { engine, date: result.date, machine: result.machine, withEvents: result.withEvents, rows: result.rows, file: path.relative(process.cwd(), file) };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (process.argv.includes('--readme-only')) {
    const latest = JSON.parse(fs.readFileSync(path.join(opts.out, 'latest.json'), 'utf8')) as Latest;
    updateReadme(latest, opts.readmeFile);
    log(`rewrote the Benchmarks section of ${opts.readmeFile} from ${path.join(opts.out, 'latest.json')}`);
    return;
  }
  const machine: Machine = describeMachine();
  log(`Machine: ${machineLine(machine)}`);
  log(
    `Engines ${opts.engines.join(', ')}; sizes ${opts.sizes.map(fmt).join(', ')}; ${opts.seconds} s per load, ${opts.rounds} intake round(s), ${opts.connections} connections`,
  );
  if (opts.web) {
    // The server under test serves web/dist, as `npm start` does after building it when stale.
    const build = await ensureWebBuilt(log);
    if (!build.ok) throw new Error(`the web bundle could not be built: ${build.error}`);
  }
  let cluster: PgCluster | null = null;
  const runs: EngineRun[] = [];
  const cleanup = () => {
    for (const c of children) c.kill('SIGKILL');
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    const onlyDashboards = opts.only?.size === 1 && opts.only.has('dashboards');
    for (const engine of onlyDashboards ? [] : opts.engines) {
      if (engine === 'postgres' && !cluster) cluster = await openCluster(log);
      const started = new Date().toISOString();
      const results: SizeResult[] = [];
      for (const size of opts.sizes) results.push(await measureSize(engine, size, opts, cluster));
      const version = results[0]!.engineVersion;
      const settings =
        engine === 'postgres' && cluster
          ? {
              ...(await pgSettings(cluster.adminUrl)),
              cluster: cluster.throwaway ? 'throwaway (scripts/pg-throwaway.mjs): not durable, unlike SQLite here' : 'DATABASE_URL',
            }
          : { journal_mode: 'wal', synchronous: 'full' };
      const run: EngineRun = {
        engine,
        date: started,
        quick: opts.quick,
        experiment: opts.experiment,
        machine,
        engineVersion: version,
        settings,
        sizes: results,
        rows: rowsFor(engine, results, opts.experiment),
      };
      runs.push(run);
      log(`\nwrote ${path.relative(process.cwd(), writeEngineResult(run, opts.out))}`);
    }
  } finally {
    cleanup();
    await cluster?.stop();
  }
  const dashboards: DashboardRun[] = [];
  for (const [engine, sizes] of opts.dashboards) dashboards.push(await runDashboards(engine, sizes, opts));
  const rows = [...runs.flatMap((r) => r.rows), ...dashboards.flatMap((d) => d.rows)];
  log(`\n${textTable(rows)}\n`);
  log(`Machine: ${machineLine(machine)}`);
  for (const r of runs) log(`${r.engine}: ${r.engineVersion}; ${JSON.stringify(r.settings)}`);
  if (!opts.quick || opts.publish) {
    const latest = updateLatest(runs, machine, opts.out, dashboards);
    log(`updated ${path.join(opts.out, 'latest.json')}`);
    if (opts.readme) {
      updateReadme(latest, opts.readmeFile);
      log(`updated the Benchmarks section at the end of ${opts.readmeFile}`);
    }
  }
  const missed = rows.filter((r) => r.pass === false);
  if (missed.length) log(`missed: ${missed.map((r) => `${r.engine} ${fmt(r.size)} ${r.metric}`).join('; ')}`);
}

main().catch((err: unknown) => {
  for (const c of children) c.kill('SIGKILL');
  console.error(err);
  process.exit(1);
});
