// @ts-check
/**
 * A throwaway PostgreSQL cluster for the test suite.
 *
 * Creates a fresh cluster in a temporary directory (UTF-8, C.UTF-8 locale, trust auth, durability
 * switched off for speed), starts it on a free loopback port and hands back its URL. `stop()`
 * shuts it down immediately and deletes the directory; the same happens on process exit, SIGINT,
 * SIGTERM and SIGHUP.
 *
 * PostgreSQL refuses to run as root, so when we are root the server binaries run through
 * `runuser -u <user> --` as `postgres` (if that user exists) or else as a dedicated system user
 * `gongzhi-pg`, created on first use.
 *
 * Usage as a module:
 *   import { startThrowawayPostgres } from './pg-throwaway.mjs';
 *   const pg = await startThrowawayPostgres({ log: console.log });
 *   if (pg) { ...pg.url...; await pg.stop(); }
 *
 * Usage from a shell (starts one, prints the URL, stays until Ctrl-C):
 *   node scripts/pg-throwaway.mjs
 *
 * Environment: PG_BINDIR overrides where initdb/pg_ctl are looked for.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const FALLBACK_USER = 'gongzhi-pg';

/**
 * @typedef {object} ThrowawayPostgres
 * @property {string} url  e.g. postgres://postgres@127.0.0.1:54321/postgres
 * @property {string} dir  the temporary directory holding data/, sock/ and postgres.log
 * @property {string} binDir  where initdb/pg_ctl were found
 * @property {() => Promise<void>} stop  stops the server (immediate mode) and removes the directory; idempotent
 */

/**
 * @typedef {object} StartOptions
 * @property {(msg: string) => void} [log]  receives one short line per step
 */

/**
 * Directory holding initdb and pg_ctl, or null when no PostgreSQL server binaries are installed.
 * Prefers $PG_BINDIR, then the highest /usr/lib/postgresql/<version>/bin, then `pg_config --bindir`.
 * @returns {string | null}
 */
export function findPostgresBinDir() {
  /** @param {string} dir */
  const hasServer = (dir) =>
    fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'));

  const fromEnv = process.env.PG_BINDIR;
  if (fromEnv && hasServer(fromEnv)) return fromEnv;

  const root = '/usr/lib/postgresql';
  try {
    const versions = fs
      .readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const dir = path.join(root, v, 'bin');
      if (hasServer(dir)) return dir;
    }
  } catch {
    // no Debian-style layout
  }

  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (r.status === 0) {
    const dir = r.stdout.trim();
    if (dir && hasServer(dir)) return dir;
  }
  return null;
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (bind port 0, read it, close).
 * @returns {Promise<number>}
 */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = addr && typeof addr === 'object' ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

/**
 * @param {string} name
 * @returns {{ uid: number, gid: number } | null}
 */
function lookupUser(name) {
  const u = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (u.status !== 0 || g.status !== 0) return null;
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/**
 * The unprivileged user to run the server as when we are root: `postgres` if it exists, else
 * `gongzhi-pg` (created as a system user if needed).
 * @param {(msg: string) => void} log
 * @returns {{ name: string, uid: number, gid: number }}
 */
function serverUserForRoot(log) {
  const pg = lookupUser('postgres');
  if (pg) return { name: 'postgres', ...pg };
  let fb = lookupUser(FALLBACK_USER);
  if (!fb) {
    log(`pg: creating system user ${FALLBACK_USER} (PostgreSQL refuses to run as root)`);
    const r = spawnSync(
      'useradd',
      ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', FALLBACK_USER],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) {
      throw new Error(
        `useradd ${FALLBACK_USER} failed: ${(r.stderr || r.error?.message || '').trim()}`,
      );
    }
    fb = lookupUser(FALLBACK_USER);
    if (!fb) throw new Error(`user ${FALLBACK_USER} not found right after useradd`);
  }
  return { name: FALLBACK_USER, ...fb };
}

/**
 * Runs a command, collecting its output; resolves with the exit code and output.
 * @param {string} cmd
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(cmd, args, cwd) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ code: 127, output: output + String(e) }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** @param {string} file @param {number} n */
function tail(file, n = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/** @param {string} s */
function indent(s) {
  return s
    .trimEnd()
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');
}

/**
 * Starts a throwaway PostgreSQL cluster.
 * @param {StartOptions} [options]
 * @returns {Promise<ThrowawayPostgres | null>} null when no PostgreSQL server binaries are installed;
 *   throws when they are installed but the cluster cannot be created or started.
 */
export async function startThrowawayPostgres({ log = (m) => console.error(m) } = {}) {
  const binDir = findPostgresBinDir();
  if (!binDir) {
    log('pg: no PostgreSQL server binaries found (/usr/lib/postgresql/*/bin, pg_config --bindir)');
    return null;
  }
  const initdb = path.join(binDir, 'initdb');
  const pgCtl = path.join(binDir, 'pg_ctl');
  log(`pg: using server binaries in ${binDir}`);

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const user = isRoot ? serverUserForRoot(log) : null;
  /** @param {string} bin @param {string[]} args @returns {[string, string[]]} */
  const asUser = (bin, args) =>
    user ? ['runuser', ['-u', user.name, '--', bin, ...args]] : [bin, args];

  // Unix socket paths are limited to ~107 bytes: keep the directory short.
  let base = os.tmpdir();
  if (base.length > 60 && fs.existsSync('/tmp')) base = '/tmp';
  const dir = fs.mkdtempSync(path.join(base, 'gongzhi-pg-'));
  const dataDir = path.join(dir, 'data');
  const sockDir = path.join(dir, 'sock');
  const logFile = path.join(dir, 'postgres.log');
  fs.mkdirSync(sockDir);
  if (user) {
    for (const p of [dir, sockDir]) fs.chownSync(p, user.uid, user.gid);
    log(`pg: running as root, so the server runs as user "${user.name}" (runuser)`);
  }
  log(`pg: cluster directory ${dir}`);

  let started = false;
  let stopped = false;

  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    removeHandlers();
    if (started) {
      const [c, a] = asUser(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
      spawnSync(c, a, { cwd: dir, stdio: 'ignore' });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const onExit = () => stopSync();
  /** @param {NodeJS.Signals} sig */
  const onSignal = (sig) => {
    stopSync();
    process.exit(sig === 'SIGINT' ? 130 : sig === 'SIGHUP' ? 129 : 143);
  };
  const signals = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);
  function removeHandlers() {
    process.removeListener('exit', onExit);
    for (const s of signals) process.removeListener(s, onSignal);
  }
  process.on('exit', onExit);
  for (const s of signals) process.on(s, onSignal);

  try {
    log('pg: initdb (UTF8, locale C.UTF-8, trust auth, superuser postgres)');
    {
      const [c, a] = asUser(initdb, [
        '-D',
        dataDir,
        '-E',
        'UTF8',
        '--locale=C.UTF-8',
        '-A',
        'trust',
        '-U',
        'postgres',
        '--no-sync',
      ]);
      const r = await run(c, a, dir);
      if (r.code !== 0) throw new Error(`initdb failed (exit ${r.code}):\n${indent(r.output)}`);
    }

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await findFreePort();
      log(`pg: starting server on 127.0.0.1:${port}`);
      const opts = [
        `-p ${port}`,
        `-k ${sockDir}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      const [c, a] = asUser(pgCtl, [
        'start',
        '-w',
        '-t',
        '60',
        '-D',
        dataDir,
        '-l',
        logFile,
        '-o',
        opts,
      ]);
      const r = await run(c, a, dir);
      if (r.code === 0) break;
      // Someone may have grabbed the port between our probe and the server's bind: retry.
      if (attempt >= 3) {
        throw new Error(
          `pg_ctl start failed (exit ${r.code}):\n${indent(r.output)}\n  server log:\n${indent(tail(logFile))}`,
        );
      }
      log(`pg: start failed (exit ${r.code}), retrying on another port`);
    }
    started = true;

    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    log(`pg: ready at ${url}`);
    return {
      url,
      dir,
      binDir,
      async stop() {
        if (stopped) return;
        log('pg: stopping server and removing its directory');
        stopSync();
      },
    };
  } catch (e) {
    started = true; // make sure a half-started server is stopped too
    stopSync();
    throw e;
  }
}

// Run directly: start one and keep it until Ctrl-C.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const log = (/** @type {string} */ m) => console.error(m);
  startThrowawayPostgres({ log }).then(
    (pg) => {
      if (!pg) {
        console.error(
          'No PostgreSQL server found. Install it (Debian: apt-get install postgresql-15).',
        );
        process.exit(2);
      }
      console.log(pg.url);
      console.error(
        `\n  export TEST_DATABASE_URL=${pg.url}\n\nPress Ctrl-C to stop and delete the cluster.`,
      );
      setInterval(() => {}, 1 << 30);
    },
    (e) => {
      console.error(`pg: ${e instanceof Error ? e.message : e}`);
      process.exit(1);
    },
  );
}
