import path from 'node:path';

/** Runtime configuration, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… selects PostgreSQL; absent means the embedded SQLite file under dataDir. */
  databaseUrl: string | null;
  logLevel: string;
  sessionTtlMs: number;
  maxUploadBytes: number;
  /** Run the deadline sweep in this process (every app server may; they coordinate by lease). */
  sweepIntervalMs: number;
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify trustProxy): off by default, since a
   * forged header would otherwise pick the client IP that login limits key on. TRUST_PROXY=true,
   * a hop count, or a comma list of proxy addresses/CIDRs.
   */
  trustProxy: boolean | number | string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL.startsWith('postgres') ? env.DATABASE_URL : null,
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionTtlMs: Number(env.SESSION_TTL_HOURS ?? 12) * 3600_000,
    maxUploadBytes: Number(env.MAX_UPLOAD_MB ?? 10) * 1024 * 1024,
    sweepIntervalMs: Number(env.SWEEP_INTERVAL_MS ?? 60_000),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}

function parseTrustProxy(v: string | undefined): boolean | number | string {
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}
