/**
 * The benchmark's output: one table (engine, size, metric, value, baseline, ratio, target, pass)
 * printed to the terminal and rendered into the README, and the JSON files under bench/results/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Machine } from './machine';

export interface Row {
  engine: string;
  size: number;
  metric: string;
  value: number | null;
  unit: string;
  baseline?: number | null;
  /** value / baseline. */
  ratio?: number | null;
  target?: string;
  pass?: boolean | null;
  note?: string;
}

/** What one engine's run produced: the rows plus every raw measurement behind them. */
export interface EngineRun {
  engine: string;
  date: string;
  quick: boolean;
  /** A what-if run (bench/experiments.ts), never published. */
  experiment: string | null;
  machine: Machine;
  engineVersion: string;
  settings: Record<string, unknown>;
  sizes: unknown[];
  rows: Row[];
}

/** Where results and the README live; --out and --readme point them elsewhere (a run from an exported tree). */
export const DEFAULT_RESULTS_DIR = path.resolve(import.meta.dirname, 'results');
export const DEFAULT_README = path.resolve(import.meta.dirname, '../README.md');

function num(v: number | null | undefined, unit = ''): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
  const s = v.toLocaleString('en-US', { maximumFractionDigits: digits });
  return unit ? `${s} ${unit}` : s;
}

const sizeLabel = (n: number) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));

function cells(r: Row): string[] {
  return [
    r.engine,
    sizeLabel(r.size),
    r.metric,
    num(r.value, r.unit) + (r.note ? ` (${r.note})` : ''),
    r.baseline === undefined ? '' : num(r.baseline, r.unit),
    r.ratio === undefined || r.ratio === null ? '' : num(r.ratio),
    r.target ?? '',
    r.pass === undefined || r.pass === null ? '' : r.pass ? 'yes' : 'NO',
  ];
}

const HEAD = ['engine', 'size', 'metric', 'value', 'baseline', 'ratio', 'target', 'pass'];

/** The median of a non-empty list (the mean of the middle two when it has an even length). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The table for a terminal: aligned columns (counting a CJK character as two). */
export function textTable(rows: Row[]): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ');
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(cells(r)))].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replaceAll('|', '\\|');
  return [
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`),
  ].join('\n');
}

export function machineLine(m: Machine): string {
  return `${m.cpuModel}${m.cpuDetail ? ` (${m.cpuDetail})` : ''}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}${m.tmpFilesystem ? `, temp files on ${m.tmpFilesystem}` : ''}, Node ${m.node.replace(/^v/, '')}, better-sqlite3 ${m.betterSqlite3}${m.git ? `, commit ${m.git.commit}${m.git.dirty ? ' + uncommitted changes' : ''}` : ''}; load average at start ${m.loadAverageAtStart.join(' / ')}`;
}

/** Writes bench/results/<date>-<engine>[-quick].json; returns its path. */
export function writeEngineResult(run: EngineRun, dir = DEFAULT_RESULTS_DIR): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `${run.date.slice(0, 10)}-${run.engine}${run.quick ? '-quick' : ''}${run.experiment ? `-${run.experiment}` : ''}.json`,
  );
  fs.writeFileSync(file, JSON.stringify(run, null, 2) + '\n');
  return file;
}

/** One engine's dashboard benchmark (bench/dashboard.ts), as `npm run bench` folds it into latest.json. */
export interface DashboardRun {
  engine: string;
  date: string;
  machine: Machine;
  withEvents: boolean;
  /** the result file of bench/dashboard.ts, every raw measurement */
  file: string;
  rows: Row[];
}

export interface Latest {
  updatedAt: string;
  machine: Machine;
  engines: Record<string, EngineRun>;
  dashboards?: Record<string, DashboardRun>;
}

/** Merges this run's engines into bench/results/latest.json (other engines' last results stay). */
export function updateLatest(runs: EngineRun[], machine: Machine, dir = DEFAULT_RESULTS_DIR, dashboards: DashboardRun[] = []): Latest {
  const file = path.join(dir, 'latest.json');
  const prev = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Latest) : null;
  const latest: Latest = { updatedAt: new Date().toISOString(), machine, engines: { ...prev?.engines }, dashboards: { ...prev?.dashboards } };
  for (const r of runs) latest.engines[r.engine] = r;
  for (const d of dashboards) latest.dashboards![d.engine] = d;
  fs.writeFileSync(file, JSON.stringify(latest, null, 2) + '\n');
  return latest;
}

const HEADING = '## Benchmarks';

/** The README's last section, from latest.json. */
export function readmeSection(latest: Latest): string {
  const runs = Object.values(latest.engines);
  const machines = [
    ...new Set(
      runs.map((r) => `- ${r.engine}, ${r.date.slice(0, 16).replace('T', ' ')} UTC: ${machineLine(r.machine)}; ${r.engineVersion}`),
    ),
  ];
  const caveats = runs
    .filter((r) => r.settings.fsync === 'off' || r.settings.synchronous_commit === 'off')
    .map(
      (r) =>
        `- ${r.engine}: fsync ${String(r.settings.fsync)}, synchronous_commit ${String(r.settings.synchronous_commit)} (the test suite's throwaway cluster): its writes do not wait for the disk, SQLite's do (synchronous=FULL).`,
    );
  return [
    HEADING,
    '',
    '`npm run bench` (see [`bench/README.md`](bench/README.md) for what each line measures and how). Latest run:',
    '',
    ...machines,
    ...caveats,
    '- "others" is CPU used by other people\'s work on the machine during the intake run: when it is large, that run is not the machine\'s best.',
    '',
    markdownTable(runs.flatMap((r) => r.rows)),
    '',
    'Raw numbers, CPU shares and settings: [`bench/results/latest.json`](bench/results/latest.json). Where the time goes and',
    'why targets were missed: the findings at the end of [`bench/README.md`](bench/README.md).',
    '',
    ...dashboardSection(Object.values(latest.dashboards ?? {})),
  ].join('\n');
}

/** The dashboards' part of the section: judged rows only (the cached views are in the result files). */
function dashboardSection(runs: DashboardRun[]): string[] {
  if (!runs.length) return [];
  return [
    'Dashboards (`bench/dashboard.ts`, run by `npm run bench`: p95 over HTTP with the answer cache off, ratio to GET one order by id in the same run; PostgreSQL loads with COPY and without event trails):',
    '',
    ...runs.map((r) => `- ${r.engine}, ${r.date.slice(0, 16).replace('T', ' ')} UTC: ${machineLine(r.machine)}; raw: \`${r.file}\``),
    '',
    markdownTable(runs.flatMap((r) => r.rows.filter((row) => !row.note?.startsWith('informational')))),
    '',
  ];
}

/**
 * Replaces the README's "## Benchmarks" section — always the file's last — or appends it. The
 * file is read right before writing, so edits others made above the section are kept.
 */
export function updateReadme(latest: Latest, readme = DEFAULT_README): void {
  const text = fs.readFileSync(readme, 'utf8');
  const at = text.search(/^## Benchmarks\s*$/m);
  const head = at >= 0 ? text.slice(0, at) : text.endsWith('\n') ? `${text}\n` : `${text}\n\n`;
  fs.writeFileSync(readme, head + readmeSection(latest));
}
