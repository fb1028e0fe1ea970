/**
 * HTTP load through autocannon's programmatic API, with every response's latency recorded here
 * (autocannon's own histogram has whole-millisecond buckets and no p95), and the CPU each party
 * used during the run.
 */
import autocannon, { type AutocannonRequest } from 'autocannon';
import { cpuWindow, type CpuWindow } from './machine';

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  /** A fixed path, or a function giving the next path (random ids, rotating queries). */
  path: string | (() => string);
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
}

export interface Latencies {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadOutcome {
  requests: number;
  rps: number;
  /** Milliseconds. */
  latency: Latencies;
  non2xx: number;
  errors: number;
  cpu: CpuWindow;
}

/** Percentiles by the nearest-rank method, in milliseconds (three decimals). */
export function percentiles(samples: number[]): Latencies {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: s.length,
    mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
    p50: r(at(0.5)),
    p95: r(at(0.95)),
    p99: r(at(0.99)),
    max: r(s[s.length - 1] ?? NaN),
  };
}

/** Runs one load; `serverPid` and `pgPid` are charged for their CPU during it. */
export async function runLoad(spec: LoadSpec, serverPid: number, pgPid: number | null): Promise<LoadOutcome> {
  const headers = { ...(spec.body ? { 'content-type': 'application/json' } : {}), ...spec.headers };
  const next = spec.path;
  const request: AutocannonRequest =
    typeof next === 'string'
      ? { method: spec.method ?? 'GET', path: next, headers, ...(spec.body ? { body: spec.body } : {}) }
      : { method: spec.method ?? 'GET', headers, setupRequest: (req) => ({ ...req, path: next() }) };
  const latencies: number[] = [];
  let non2xx = 0;
  const close = cpuWindow(serverPid, pgPid);
  const started = performance.now();
  const instance = autocannon({ url: spec.url, connections: spec.connections, duration: spec.seconds, timeout: 30, requests: [request] });
  instance.on('response', (_client, status, _bytes, ms) => {
    latencies.push(ms);
    if (status < 200 || status > 299) non2xx++;
  });
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  const cpu = close();
  return {
    requests: latencies.length,
    rps: Math.round((latencies.length / seconds) * 10) / 10,
    latency: percentiles(latencies),
    non2xx,
    errors: result.errors + result.timeouts,
    cpu,
  };
}
