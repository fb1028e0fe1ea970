/**
 * The machine a run happened on, and CPU accounting from /proc: how much of the cores the load
 * generator (this process), the server child, PostgreSQL and everybody else used during a window.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Machine {
  os: string;
  kernel: string;
  cpuModel: string;
  /** Family/model, clock and whether it is a virtual machine, from /proc/cpuinfo and lscpu. */
  cpuDetail: string;
  cores: number;
  /** Filesystem under the temporary directory, where the SQLite files live (fsync cost). */
  tmpFilesystem: string;
  memoryGiB: number;
  node: string;
  betterSqlite3: string;
  loadAverageAtStart: number[];
  git: { commit: string; dirty: boolean } | null;
}

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** A command's output, or '' when it fails. */
function run(cmd: string, args: string[] = []): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

function packageVersion(name: string): string {
  const file = path.resolve(import.meta.dirname, '../node_modules', name, 'package.json');
  return (JSON.parse(read(file) || '{}') as { version?: string }).version ?? '?';
}

function gitState(): Machine['git'] {
  // A run from an exported tree (git archive) has no .git; the exporter names the commit.
  if (process.env.BENCH_GIT_COMMIT) return { commit: process.env.BENCH_GIT_COMMIT, dirty: false };
  try {
    const cwd = path.resolve(import.meta.dirname, '..');
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return null;
  }
}

export function describeMachine(): Machine {
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(read('/etc/os-release'))?.[1];
  const cpuinfo = read('/proc/cpuinfo');
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo)?.[1]?.trim();
  const model = field('model name') ?? os.cpus()[0]?.model ?? '?';
  const hypervisor = / hypervisor( |$)/m.test(field('flags') ?? '')
    ? run('lscpu')
        .match(/^Hypervisor vendor:\s*(.*)$/m)?.[1]
        ?.trim() || 'yes'
    : null;
  const cpuDetail = [
    field('cpu family') ? `family ${field('cpu family')} model ${field('model')}` : null,
    field('cpu MHz') ? `${Math.round(Number(field('cpu MHz')))} MHz` : null,
    hypervisor ? `virtual machine (${hypervisor})` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    os: pretty ?? `${os.type()} ${os.release()}`,
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: model.trim(),
    cpuDetail,
    cores: os.availableParallelism(),
    tmpFilesystem: run('findmnt', ['-n', '-o', 'FSTYPE,SOURCE', '--target', os.tmpdir()]).trim().replace(/\s+/g, ' ') || '?',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    betterSqlite3: packageVersion('better-sqlite3'),
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    git: gitState(),
  };
}

let clockTicks = 0;
/** USER_HZ, the unit of /proc/<pid>/stat times (almost always 100). */
function ticksPerSecond(): number {
  if (!clockTicks) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime+stime of a process in seconds (with its reaped children's when `withChildren`), 0 if gone. */
function processCpu(pid: number, withChildren = false): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  // Fields after the command name in parentheses (which may contain spaces).
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const t = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
  return t / ticksPerSecond();
}

/** The postmaster and its current children (backends, walwriter, checkpointer …), by parent pid. */
function postgresCpu(postmasterPid: number): number {
  let total = processCpu(postmasterPid, true);
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = read(`/proc/${d}/stat`);
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[1]) === postmasterPid) total += processCpu(Number(d));
  }
  return total;
}

/** The postmaster's pid from its data directory, or null. */
export function postmasterPid(dataDir: string | null): number | null {
  if (!dataDir) return null;
  const first = read(path.join(dataDir, 'postmaster.pid')).split('\n')[0];
  return first ? Number(first) : null;
}

function machineCpu(): { busy: number; total: number } {
  const line = read('/proc/stat').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: (total - idle) / ticksPerSecond(), total: total / ticksPerSecond() };
}

/** CPU seconds used during a window, by whom, and as shares of all cores' capacity. */
export interface CpuWindow {
  wallSeconds: number;
  /** The load generator: this process (autocannon runs here). */
  loadGenerator: number;
  server: number;
  postgres: number | null;
  /** Everything else on the machine (other people's work, the kernel). */
  others: number;
  /** Shares of cores × wall time, 0..1. */
  share: { loadGenerator: number; server: number; postgres: number | null; others: number; idle: number };
}

/** Starts a CPU accounting window; call the returned function to close it. */
export function cpuWindow(serverPid: number, pgPid: number | null): () => CpuWindow {
  const t0 = performance.now();
  const self0 = process.cpuUsage();
  const server0 = processCpu(serverPid);
  const pg0 = pgPid ? postgresCpu(pgPid) : 0;
  const m0 = machineCpu();
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const selfUsage = process.cpuUsage(self0);
    const loadGenerator = (selfUsage.user + selfUsage.system) / 1e6;
    const server = processCpu(serverPid) - server0;
    const postgres = pgPid ? postgresCpu(pgPid) - pg0 : null;
    const m1 = machineCpu();
    const busy = m1.busy - m0.busy;
    const capacity = Math.max(m1.total - m0.total, wall * os.availableParallelism());
    const others = Math.max(0, busy - loadGenerator - server - (postgres ?? 0));
    const r = (x: number) => Math.round((x / capacity) * 1000) / 1000;
    return {
      wallSeconds: wall,
      loadGenerator,
      server,
      postgres,
      others,
      share: {
        loadGenerator: r(loadGenerator),
        server: r(server),
        postgres: postgres === null ? null : r(postgres),
        others: r(others),
        idle: r(Math.max(0, capacity - busy)),
      },
    };
  };
}

/** Peak and current resident set size of a process, in MiB (VmHWM / VmRSS of /proc/<pid>/status). */
export function memoryOf(pid: number): { peakMiB: number; rssMiB: number } {
  const status = read(`/proc/${pid}/status`);
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s*(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { peakMiB: Math.round(kb('VmHWM') / 102.4) / 10, rssMiB: Math.round(kb('VmRSS') / 102.4) / 10 };
}
