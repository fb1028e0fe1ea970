/**
 * Smart intake benchmark (issue #9): on a fresh SQLite database with the demo district and N orders
 * of history (server/demo/demo-year.ts generateOrders), how long training takes (the category
 * model plus the import of the dispatch history the unit suggestions learn from), and how fast a
 * suggestion answers over HTTP — against GET of one order by id on the same server in the same run,
 * rounds alternating. Then the model's cross-validation on the demo district's orders
 * (bench/eval-classify.ts --demo). Prints the table and the machine line, writes
 * bench/results/classify-bench-<date>.json.
 *
 *   npx tsx bench/classify.ts [--count 100000] [--days 365] [--seconds 10] [--rounds 2] [--out DIR] [--no-eval]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createContext } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import { DEMO_PASSWORD } from '../server/demo/district';
import { generateOrders } from '../server/demo/demo-year';
import { seedDistrict } from '../server/demo/seed';
import { trainCategoryModel } from '../server/intake/classifier/service';
import { percentiles, type Latencies } from './http-load';
import { cpuWindow, describeMachine } from './machine';
import type { ChildReply } from './protocol';
import { DEFAULT_RESULTS_DIR, machineLine, textTable, type Row } from './report';

const { values: opts } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    days: { type: 'string', default: '365' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    out: { type: 'string' },
    'no-eval': { type: 'boolean', default: false },
  },
});
const COUNT = Number(opts.count);
const SECONDS = Number(opts.seconds);
const ROUNDS = Number(opts.rounds);
const log = (m: string) => console.log(`[classify-bench ${new Date().toISOString().slice(11, 19)}] ${m}`);

/** What hotline seats type, in the demo's style: each request varies the building and the wording. */
const COMPLAINTS: [string, string][] = [
  ['家里暖气不热', '暖气片下半截是凉的，室内只有15度'],
  ['楼道暖气管道漏水', '管道接口一直滴水，地面结冰了'],
  ['电梯停运三天', '电梯坏了没人修，老人上下楼困难'],
  ['电梯运行有异响', '运行时咣当响，很不安全'],
  ['楼道垃圾没人清理', '垃圾堆了好几天，有异味'],
  ['单元门禁坏了', '刷卡没反应，门一直开着'],
  ['突然停电', '整栋楼停电两个小时了，没有通知'],
  ['家里停水', '没看到停水通知，做饭都没水'],
  ['物业客服态度差', '打电话反映问题客服推诿'],
  ['小区路灯不亮', '晚上黑灯瞎火，出行不便'],
  ['楼下商铺噪音扰民', '每天晚上很晚还在装修'],
  ['飞线充电很危险', '有人从楼上拉电线给电动车充电'],
];

async function startApp(dataDir: string): Promise<{ proc: ChildProcess; url: string; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'server-child.ts')], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, BENCH_MODE: 'app', DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<ChildReply>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`app server exited (${code})`)));
    proc.once('message', (m: ChildReply) => resolve(m));
  });
  if (ready.type !== 'ready') throw new Error(`app server: unexpected ${ready.type}`);
  return {
    proc,
    url: `http://127.0.0.1:${ready.port}`,
    async stop() {
      if (proc.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.send({ type: 'exit' });
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One request on a kept-alive connection; resolves with status and body text. */
function call(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** One connection, one request after another for `seconds`: latency without queueing. */
async function measure(seconds: number, next: () => Promise<{ status: number }>): Promise<Latencies & { non2xx: number; rps: number }> {
  const samples: number[] = [];
  let non2xx = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    const r = await next();
    samples.push(performance.now() - t);
    if (r.status < 200 || r.status > 299) non2xx++;
  }
  return { ...percentiles(samples), non2xx, rps: Math.round((samples.length / seconds) * 10) / 10 };
}

async function main() {
  const machine = describeMachine();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-classify-'));
  const now = Date.now();
  const rows: Row[] = [];
  const row = (r: Omit<Row, 'engine' | 'size'>) => rows.push({ engine: 'sqlite', size: COUNT, ...r });
  let app: Awaited<ReturnType<typeof startApp>> | null = null;
  try {
    // ── history and training, in this process ──
    const ctx = await createContext({ ...loadConfig({}), dataDir, databaseUrl: null, logLevel: 'silent' });
    await seedDistrict(ctx.db, now);
    log(`generating ${COUNT} orders over ${opts.days} days`);
    const t = performance.now();
    // generateOrders draws a daily rate, so it writes about `count`: top up until there are COUNT.
    let written = 0;
    for (let pass = 0; written < COUNT && pass < 5; pass++) {
      written += await generateOrders(ctx.db, ctx.engine, await ctx.calendar.get(), now, {
        count: Math.max(COUNT - written, 1000),
        days: Number(opts.days),
        seed: 7 + pass,
        onProgress: (d) => d % 20000 < 500 && log(`  ${written + d}/${COUNT}`),
      });
    }
    const loadS = (performance.now() - t) / 1000;
    row({ metric: 'load: orders of history', value: loadS, unit: 's', note: `${written} orders` });
    log('training');
    // Wall time is the target; this process's CPU seconds beside it show how much of the wall was
    // waiting for a core on a shared machine (the 'others' share is everyone else's work).
    const timed = async <T>(fn: () => Promise<T>) => {
      const cpu0 = process.cpuUsage();
      const close = cpuWindow(process.pid, null);
      const t0 = performance.now();
      const value = await fn();
      const wall = (performance.now() - t0) / 1000;
      const u = process.cpuUsage(cpu0);
      const w = close();
      // cpuWindow counts this process as both load generator and server: others = busy − self.
      return { value, wall, cpu: (u.user + u.system) / 1e6, others: Math.round((w.share.others + w.share.server) * 100) };
    };
    const first = await timed(() => trainCategoryModel(ctx.db, now));
    const trained = first.value;
    if (!trained) throw new Error('training found too few closed orders');
    row({ metric: 'train (model + dispatch history)', value: first.wall, unit: 's', target: '< 30 s', pass: first.wall < 30, note: `${first.cpu.toFixed(1)} s CPU, others ${first.others}% of the cores; ${trained.trainedOn} closed orders, ${trained.labels} categories, ${trained.routesImported} dispatches imported` });
    const second = await timed(() => trainCategoryModel(ctx.db, now + 1));
    row({ metric: 'train again (next day, incremental import)', value: second.wall, unit: 's', target: '< 30 s', pass: second.wall < 30, note: `${second.cpu.toFixed(1)} s CPU, others ${second.others}%; ${second.value?.routesImported ?? 0} dispatches imported` });
    const buildings = (await ctx.db.selectFrom('places').select('id').where('level', '=', 'building').execute()).map((p) => p.id);
    const orderIds = await ctx.db.selectFrom('work_orders').select(['id']).orderBy('id').execute();
    await ctx.close();

    // ── the suggestion over HTTP, against GET of one order by id ──
    app = await startApp(dataDir);
    const login = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: DEMO_PASSWORD }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const tok = (await (await fetch(`${app.url}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'bench' }) })).json()) as { token: string };
    const auth = { authorization: `Bearer ${tok.token}` };
    let k = 0;
    const suggest = () => {
      const [title, description] = COMPLAINTS[k % COMPLAINTS.length]!;
      const placeId = buildings[(k * 7919) % buildings.length]!;
      k++;
      return call(`${app!.url}/api/intake/suggest`, 'POST', auth, JSON.stringify({ title: `${(k % 30) + 1}号楼${title}`, description, placeId }));
    };
    const detail = () => call(`${app!.url}/api/work-orders/${orderIds[Math.floor(Math.random() * orderIds.length)]!.id}`, 'GET', auth);
    const probe = await suggest();
    if (probe.status !== 200) throw new Error(`suggest answered ${probe.status}: ${probe.text}`);
    const example = JSON.parse(probe.text) as { categories: { name: string; score: number }[]; units: { name: string; reason: string }[] };
    log(`example: ${example.categories.map((c) => `${c.name} ${c.score}`).join(', ')} → ${example.units[0]?.name ?? '—'} (${example.units[0]?.reason ?? ''})`);
    await measure(1, suggest);
    await measure(1, detail);
    type Measured = Awaited<ReturnType<typeof measure>> & { serverCpuMs: number };
    const rounds: { suggest: Measured; detail: Measured; othersShare: number }[] = [];
    /** The latencies plus the app server's CPU milliseconds per request (what a quiet machine would pay). */
    const measured = async (next: () => Promise<{ status: number }>): Promise<Measured & { others: number }> => {
      const close = cpuWindow(app!.proc.pid!, null);
      const m = await measure(SECONDS, next);
      const w = close();
      return { ...m, serverCpuMs: Math.round((w.server / m.n) * 1e5) / 100, others: w.share.others };
    };
    for (let r = 0; r < ROUNDS; r++) {
      log(`round ${r + 1}/${ROUNDS}: ${SECONDS} s each`);
      const d = await measured(detail);
      const sg = await measured(suggest);
      rounds.push({ detail: d, suggest: sg, othersShare: Math.max(d.others, sg.others) });
    }
    const best = (key: 'suggest' | 'detail') => rounds.map((x) => x[key]).sort((a, b) => a.p95 - b.p95)[0]!;
    const s = best('suggest');
    const d = best('detail');
    row({ metric: 'suggest p50 (POST /api/intake/suggest)', value: s.p50, unit: 'ms', baseline: d.p50, ratio: s.p50 / d.p50 });
    const others = Math.round(Math.max(...rounds.map((x) => x.othersShare)) * 100);
    row({ metric: 'suggest p95', value: s.p95, unit: 'ms', baseline: d.p95, ratio: s.p95 / d.p95, target: '< 20 ms', pass: s.p95 < 20, note: `${s.n} requests, ${s.non2xx} non-2xx; others used up to ${others}% of the cores` });
    row({ metric: 'baseline: GET /api/work-orders/:id p95', value: d.p95, unit: 'ms', note: `${d.n} requests, ${d.non2xx} non-2xx` });
    row({ metric: 'suggest: app server CPU per request', value: s.serverCpuMs, unit: 'ms', baseline: d.serverCpuMs, ratio: s.serverCpuMs / d.serverCpuMs, note: 'baseline: GET by id' });
    await app.stop();
    app = null;

    // ── cross-validation on the demo district's orders ──
    let evaluation: Record<string, unknown> | null = null;
    if (!opts['no-eval']) {
      log('eval:classify --demo');
      const out = path.join(dataDir, 'eval.json');
      await new Promise<void>((resolve, reject) => {
        const p = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'eval-classify.ts'), '--demo', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
        p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`eval-classify exited ${code}`))));
      });
      evaluation = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>;
      const e = evaluation as { documents: number; labels: number; folds: number; top1: number; top3: number; macroF1: number; trainMsPerFold: number; inferenceP95Ms: number };
      const note = `${e.documents} demo orders, ${e.labels} categories, ${e.folds}-fold`;
      row({ metric: 'eval: top-1 accuracy', value: e.top1, unit: '', note });
      row({ metric: 'eval: top-3 accuracy', value: e.top3, unit: '' });
      row({ metric: 'eval: macro-F1', value: e.macroF1, unit: '' });
      row({ metric: 'eval: inference p95 (in process)', value: e.inferenceP95Ms, unit: 'ms' });
    }

    console.log(`\nSmart intake — SQLite, ${COUNT.toLocaleString('en-US')} orders of history\n`);
    console.log(textTable(rows));
    console.log(`\nMachine: ${machineLine(machine)}`);
    const dir = opts.out ?? DEFAULT_RESULTS_DIR;
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `classify-bench-${new Date().toISOString().slice(0, 10)}.json`);
    fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), engine: 'sqlite', size: COUNT, machine, rows, rounds, example, trained, evaluation }, null, 2) + '\n');
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await app?.stop();
    agent.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
