/**
 * Builds the web bundle (web/dist) when it is missing or older than its sources, so `npm start`
 * on a fresh checkout serves the console without a separate build step. Runs Vite's CLI in a child
 * process (its ~1 GB peak stays out of the server's resident size); a
 * failed or impossible build is reported and the server starts anyway (serving the old bundle,
 * if any). Concurrent starts in one checkout share one build through a lock file, and the new
 * bundle replaces the old one by rename, so a running server never sees a half-written dist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(WEB, 'dist');
const LOCK = path.join(WEB, '.build.lock');
const LOCK_STALE_MS = 5 * 60_000;

export interface WebBuildResult {
  /** a build ran in this call */
  built: boolean;
  /** web/dist/index.html exists and is current (or no sources to compare) */
  ok: boolean;
  error?: string;
}

/** Newest modification time under a directory (recursively), ignoring tests and dot-files. */
function newestMtime(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || /\.test\.tsx?$/.test(e.name)) continue;
    max = Math.max(max, newestMtime(path.join(p, e.name)));
  }
  return max;
}

/** Why the bundle must be (re)built, or null when web/dist is current. */
export function webBuildReason(): string | null {
  const built = newestMtime(path.join(DIST, 'index.html'));
  if (built === 0) return 'web/dist is missing';
  const sources: [string, string][] = [
    ['web/src', path.join(WEB, 'src')],
    ['web/index.html', path.join(WEB, 'index.html')],
    ['web/vite.config.ts', path.join(WEB, 'vite.config.ts')],
    ['common', path.join(ROOT, 'common')],
  ];
  for (const [name, p] of sources) if (newestMtime(p) > built) return `${name} changed since the last build`;
  return null;
}

/** Vite's command-line entry, or null when Vite is not installed (a production install without dev dependencies). */
function viteCli(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('vite/package.json');
    const bin = path.join(path.dirname(pkg), 'bin', 'vite.js');
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** Runs a command with inherited output; rejects with its last lines of stderr when it fails. */
function runChild(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      process.stderr.write(d);
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`vite build ${signal ? `killed by ${signal}` : `exited with ${code}`}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`)),
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Takes the build lock, waiting for another process's build to finish; false if we only waited. */
async function acquireLock(log: (m: string) => void): Promise<boolean> {
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let age = 0;
    try {
      age = Date.now() - fs.statSync(LOCK).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (age > LOCK_STALE_MS) {
      fs.rmSync(LOCK, { force: true });
      continue;
    }
    if (!announced) {
      log('  Another process is building the web bundle; waiting…');
      announced = true;
    }
    await sleep(500);
    if (!fs.existsSync(LOCK)) return false;
  }
}

/**
 * Builds web/dist if it is missing or stale. Never throws: the result says what happened, and
 * `log` gets one line per step.
 */
export async function ensureWebBuilt(log: (m: string) => void = (m) => console.log(m)): Promise<WebBuildResult> {
  let reason = webBuildReason();
  if (!reason) return { built: false, ok: true };
  let locked = false;
  const tmp = path.join(WEB, `.dist-${process.pid}-${Date.now()}`);
  try {
    locked = await acquireLock(log);
    // Someone else may have built while we waited for the lock.
    reason = webBuildReason();
    if (!reason) return { built: false, ok: true };
    if (!locked) return ensureWebBuilt(log);

    const viteBin = viteCli();
    if (!viteBin) {
      const error = 'Vite is not installed (npm install without --omit=dev builds the console)';
      log(`  Web console NOT built: ${error}.`);
      return { built: false, ok: fs.existsSync(path.join(DIST, 'index.html')), error };
    }
    const t0 = Date.now();
    log(`  Building the web console (${reason})…`);
    // In a child process: the build peaks near 1 GB of native memory, which a server process would
    // keep as resident size for its whole life. Always the production bundle, even when the caller
    // runs with NODE_ENV=test (vitest) or development: Vite takes React's build flavour from NODE_ENV.
    await runChild(
      process.execPath,
      [viteBin, 'build', '--config', path.join(WEB, 'vite.config.ts'), '--mode', 'production', '--logLevel', 'warn', '--outDir', tmp, '--emptyOutDir'],
      { ...process.env, NODE_ENV: 'production' },
    );
    // Swap in the new bundle by rename; a server already serving web/dist picks up the new files.
    const old = path.join(WEB, `.dist-old-${process.pid}-${Date.now()}`);
    if (fs.existsSync(DIST)) fs.renameSync(DIST, old);
    fs.renameSync(tmp, DIST);
    fs.rmSync(old, { recursive: true, force: true });
    log(`  Web console built in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
    return { built: true, ok: true };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    log(`  Web console build FAILED: ${error.split('\n')[0]}`);
    log(fs.existsSync(path.join(DIST, 'index.html')) ? '  Serving the previous build of the console.' : '  The server starts without the console (the API works).');
    return { built: false, ok: false, error };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (locked) fs.rmSync(LOCK, { force: true });
  }
}
