#!/usr/bin/env node
// @ts-check
/**
 * `npm test`: the whole suite, against both database engines.
 *
 *   a. unit              vitest --project unit
 *   b. server / sqlite   vitest --project server   GZ_TEST_DB=sqlite
 *   c. server / postgres vitest --project server   GZ_TEST_DB=postgres TEST_DATABASE_URL=...
 *                        ($TEST_DATABASE_URL if set, else a throwaway cluster: scripts/pg-throwaway.mjs)
 *   d. browser           vitest --project browser  GZ_TEST_DB=sqlite (needs Chromium)
 *
 * Run `node scripts/test.mjs --help` for the flags. Ends with a summary table and a last line
 * `N passed, N failed, N skipped`; exits non-zero if any phase or test failed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startThrowawayPostgres } from './pg-throwaway.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

const HELP = `Usage: node scripts/test.mjs [flags] [--] [vitest args...]   (npm test -- [flags] [vitest args...])

Phases: unit; server on SQLite; server on PostgreSQL; browser (Chromium, SQLite).

  --sqlite-only   unit + server on SQLite + browser   (no PostgreSQL)
  --pg-only       unit + server on PostgreSQL         (no SQLite, no browser)
  --browser-only  browser only
  --no-browser    leave out the browser phase
  -h, --help      this text

Anything else (or everything after "--") goes to every vitest run, e.g. a file filter:
  npm test -- --pg-only server/orders.test.ts
With such arguments a phase whose project has no matching file is not an error, but at
least one phase must find a file.

PostgreSQL: $TEST_DATABASE_URL if set, else a throwaway cluster (needs postgresql-15).
Chromium:   $CHROMIUM_PATH if set, else /usr/bin/chromium.`;

// ---------------------------------------------------------------- arguments
/** @type {string[]} */
const passthrough = [];
const sel = { unit: true, sqlite: true, pg: true, browser: true };
{
  const argv = process.argv.slice(2);
  let onlyFlags = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      passthrough.push(...argv.slice(i + 1));
      break;
    } else if (a === '-h' || a === '--help') {
      console.log(HELP);
      process.exit(0);
    } else if (a === '--sqlite-only') {
      Object.assign(sel, { unit: true, sqlite: true, pg: false, browser: sel.browser });
      onlyFlags++;
    } else if (a === '--pg-only') {
      Object.assign(sel, { unit: true, sqlite: false, pg: true, browser: false });
      onlyFlags++;
    } else if (a === '--browser-only') {
      Object.assign(sel, { unit: false, sqlite: false, pg: false, browser: true });
      onlyFlags++;
    } else if (a === '--no-browser') {
      sel.browser = false;
    } else {
      passthrough.push(a);
    }
  }
  if (onlyFlags > 1) {
    console.error('test.mjs: use at most one of --sqlite-only, --pg-only, --browser-only');
    process.exit(2);
  }
  if (argv.includes('--no-browser')) sel.browser = false;
}
const filtered = passthrough.length > 0;

// ---------------------------------------------------------------- helpers
/**
 * @typedef {object} PhaseResult
 * @property {string} phase
 * @property {string} engine
 * @property {'ok' | 'FAILED' | 'SKIPPED' | 'no tests' | 'no match'} result
 * @property {number} passed
 * @property {number} failed
 * @property {number} skipped
 * @property {number} seconds
 * @property {number} files
 * @property {string} [note]
 */

/** @type {PhaseResult[]} */
const results = [];
/** @type {string[]} reminders printed again in the summary */
const reminders = [];

const BANG = '!'.repeat(78);
/** @param {string} title @param {string[]} lines */
function banner(title, lines) {
  const out = [
    '',
    BANG,
    BANG,
    `!!!  ${title}`,
    '!!!',
    ...lines.map((l) => `!!!  ${l}`),
    BANG,
    BANG,
    '',
  ];
  console.log(out.join('\n'));
}

/** @param {string} title */
function heading(title) {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`\n=== [${t}] ${title} ${'='.repeat(Math.max(3, 70 - title.length))}\n`);
}

/** @type {import('node:child_process').ChildProcess | null} */
let currentChild = null;
for (const sig of /** @type {const} */ (['SIGTERM', 'SIGHUP'])) {
  // Ctrl-C already reaches the child (same process group); forward the others.
  process.on(sig, () => {
    if (currentChild && currentChild.exitCode === null) currentChild.kill(sig);
    process.exitCode = 128 + (sig === 'SIGTERM' ? 15 : 1);
  });
}

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-test-'));
process.on('exit', () => fs.rmSync(tmpDir, { recursive: true, force: true }));

/**
 * Runs one vitest project and reads the counts from its JSON report.
 * @param {object} p
 * @param {string} p.phase
 * @param {string} p.engine
 * @param {string} p.project
 * @param {Record<string, string>} p.env
 * @param {boolean} [p.noFilesIsWarning]  zero test files is a warning, not a failure (browser)
 * @param {number} [p.startedAt]
 * @returns {Promise<PhaseResult>}
 */
async function runVitest({ phase, engine, project, env, noFilesIsWarning = false, startedAt }) {
  const t0 = startedAt ?? Date.now();
  const jsonFile = path.join(tmpDir, `${phase}-${engine}.json`.replace(/[^\w.-]+/g, '_'));
  const args = [
    '--no',
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${jsonFile}`,
  ];
  if (noFilesIsWarning || filtered) args.push('--passWithNoTests');
  args.push(...passthrough);
  console.log(
    `$ ${Object.entries(env)
      .map(([k, v]) => `${k}=${v} `)
      .join('')}npx ${args.join(' ')}\n`,
  );

  const code = await new Promise((resolve) => {
    const child = spawn('npx', args, {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    currentChild = child;
    child.on('error', (e) => {
      console.error(`test.mjs: could not start vitest: ${e.message}`);
      resolve(127);
    });
    child.on('exit', (c, s) => resolve(c ?? (s ? 128 : 1)));
  });
  currentChild = null;
  const seconds = (Date.now() - t0) / 1000;

  /** @type {PhaseResult} */
  const r = { phase, engine, result: 'ok', passed: 0, failed: 0, skipped: 0, seconds, files: 0 };
  /** @type {any} */
  let report = null;
  try {
    report = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  } catch {
    // vitest crashed before writing its report
  }
  if (!report) {
    r.result = 'FAILED';
    r.failed = 1;
    r.note = `vitest exited ${code} without a JSON report (crash or bad arguments?)`;
    return r;
  }
  const files = Array.isArray(report.testResults) ? report.testResults : [];
  r.files = files.length;
  r.passed = report.numPassedTests ?? 0;
  r.failed = report.numFailedTests ?? 0;
  r.skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that fails to load has no test results: count it as one failure.
  const brokenFiles = files.filter(
    (/** @type {any} */ f) => f.status === 'failed' && (f.assertionResults?.length ?? 0) === 0,
  ).length;
  r.failed += brokenFiles;

  if (files.length === 0) {
    if (filtered) {
      r.result = 'no match';
      r.note = 'no test file of this project matches the given arguments';
    } else if (noFilesIsWarning) {
      r.result = 'no tests';
      r.note = `the ${project} project has no test files yet`;
      banner(`WARNING: NO ${project.toUpperCase()} TESTS FOUND`, [
        `vitest found no test files for the "${project}" project (see its include in vitest.config.ts).`,
        'Counted as a warning, not a failure, while those tests are being written.',
      ]);
      reminders.push(`${project}: no test files found (warning)`);
    } else {
      r.result = 'FAILED';
      r.failed = Math.max(r.failed, 1);
      r.note = `vitest found no test files for the "${project}" project`;
    }
    if (code !== 0 && r.result !== 'FAILED') {
      r.result = 'FAILED';
      r.failed = Math.max(r.failed, 1);
      r.note = `vitest exited ${code}`;
    }
    return r;
  }
  if (code !== 0 || r.failed > 0) {
    r.result = 'FAILED';
    if (r.failed === 0) {
      r.failed = 1;
      r.note = `vitest exited ${code} with no failing test (unhandled error?)`;
    }
  }
  return r;
}

/** @param {string} phase @param {string} engine @param {string} note @returns {PhaseResult} */
const skippedPhase = (phase, engine, note) => ({
  phase,
  engine,
  result: 'SKIPPED',
  passed: 0,
  failed: 0,
  skipped: 0,
  seconds: 0,
  files: 0,
  note,
});

// ---------------------------------------------------------------- phases
const tStart = Date.now();

if (sel.unit) {
  heading('unit tests');
  results.push(await runVitest({ phase: 'unit', engine: '-', project: 'unit', env: {} }));
}

if (sel.sqlite) {
  heading('server tests on SQLite');
  results.push(
    await runVitest({
      phase: 'server',
      engine: 'sqlite',
      project: 'server',
      env: { GZ_TEST_DB: 'sqlite' },
    }),
  );
}

if (sel.pg) {
  heading('server tests on PostgreSQL');
  const t0 = Date.now();
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    console.log(`Using TEST_DATABASE_URL=${given}\n`);
    results.push(
      await runVitest({
        phase: 'server',
        engine: 'postgres',
        project: 'server',
        env: { GZ_TEST_DB: 'postgres', TEST_DATABASE_URL: given },
      }),
    );
  } else {
    /** @type {Awaited<ReturnType<typeof startThrowawayPostgres>>} */
    let pg = null;
    /** @type {string | null} */
    let startError = null;
    try {
      pg = await startThrowawayPostgres({ log: (m) => console.log(m) });
    } catch (e) {
      startError = e instanceof Error ? e.message : String(e);
    }
    if (startError !== null) {
      banner('PostgreSQL half FAILED: the throwaway cluster could not start', [
        ...startError.split('\n'),
        '',
        'Fix the PostgreSQL install, or point TEST_DATABASE_URL at a server you run.',
      ]);
      const r = skippedPhase('server', 'postgres', 'throwaway PostgreSQL could not start');
      r.result = 'FAILED';
      r.failed = 1;
      r.seconds = (Date.now() - t0) / 1000;
      results.push(r);
    } else if (!pg) {
      const why = 'no PostgreSQL server binaries found and TEST_DATABASE_URL is not set';
      banner('PostgreSQL half SKIPPED: server tests did NOT run on PostgreSQL', [
        `Why: ${why}.`,
        'Enable it with ONE of:',
        '  apt-get install -y postgresql-15 postgresql-contrib   (a throwaway cluster is then started for you)',
        '  export TEST_DATABASE_URL=postgres://user@host:port/db  (a server you run; must allow CREATE DATABASE)',
      ]);
      results.push(skippedPhase('server', 'postgres', why));
      reminders.push(
        'PostgreSQL half SKIPPED: install postgresql-15 postgresql-contrib or set TEST_DATABASE_URL',
      );
    } else {
      try {
        results.push(
          await runVitest({
            phase: 'server',
            engine: 'postgres',
            project: 'server',
            env: { GZ_TEST_DB: 'postgres', TEST_DATABASE_URL: pg.url },
            startedAt: t0,
          }),
        );
      } finally {
        await pg.stop();
      }
    }
  }
}

if (sel.browser) {
  heading('browser tests (Chromium, SQLite)');
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    const why = `no Chromium at ${chromium}${process.env.CHROMIUM_PATH ? ' (from CHROMIUM_PATH)' : ''}`;
    banner('Browser half SKIPPED: browser tests did NOT run', [
      `Why: ${why}.`,
      'Enable it with:  apt-get install -y chromium fonts-noto-cjk',
      '           or:  export CHROMIUM_PATH=/path/to/chromium',
    ]);
    results.push(skippedPhase('browser', 'sqlite', why));
    reminders.push(
      'Browser half SKIPPED: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)',
    );
  } else {
    results.push(
      await runVitest({
        phase: 'browser',
        engine: 'sqlite',
        project: 'browser',
        env: { GZ_TEST_DB: 'sqlite', CHROMIUM_PATH: chromium },
        noFilesIsWarning: true,
      }),
    );
  }
}

// ---------------------------------------------------------------- summary
if (
  filtered &&
  results.length > 0 &&
  results.every((r) => r.result !== 'FAILED' && r.files === 0)
) {
  const r = results.find((x) => x.result === 'no match');
  if (r) {
    r.result = 'FAILED';
    r.failed = 1;
    r.note = `no test file in any phase matches: ${passthrough.join(' ')}`;
  }
}

// In CI (.ci/run installs PostgreSQL and Chromium) a skipped half means something is broken.
const ciSkipFailure = IN_CI && results.some((r) => r.result === 'SKIPPED');
if (ciSkipFailure) {
  for (const r of results) {
    if (r.result !== 'SKIPPED') continue;
    r.result = 'FAILED';
    r.failed = 1;
    r.note = `SKIPPED, which fails under CI=true: ${r.note}`;
  }
}

heading(`summary (${((Date.now() - tStart) / 1000).toFixed(1)} s)`);
const cols = ['phase', 'engine', 'passed', 'failed', 'skipped', 'seconds', 'result'];
const rows = results.map((r) => [
  r.phase,
  r.engine,
  String(r.passed),
  String(r.failed),
  String(r.skipped),
  r.seconds.toFixed(1),
  r.result + (r.note ? `  (${r.note})` : ''),
]);
const widths = cols.map((c, i) =>
  Math.max(c.length, ...rows.map((row) => (i < 6 ? row[i].length : 0))),
);
/** @param {string[]} row */
const fmt = (row) =>
  row
    .map((cell, i) => (i === 6 ? cell : i >= 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
    .join('  ');
console.log(fmt(cols));
console.log(fmt(cols.map((_, i) => '-'.repeat(i === 6 ? 6 : widths[i]))));
for (const row of rows) console.log(fmt(row));
if (results.length === 0) console.log('(no phase selected)');

if (reminders.length > 0) {
  console.log('');
  console.log(BANG);
  for (const m of reminders) console.log(`!!!  ${m}`);
  if (ciSkipFailure)
    console.log('!!!  CI=true: a skipped half fails the run (.ci/run installs what it needs).');
  console.log(BANG);
}

const total = results.reduce(
  (t, r) => ({
    passed: t.passed + r.passed,
    failed: t.failed + r.failed,
    skipped: t.skipped + r.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
const anyFailed = results.some((r) => r.result === 'FAILED') || total.failed > 0 || ciSkipFailure;
console.log('');
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = anyFailed ? 1 : process.exitCode || 0;
