/**
 * A fresh database per engine and size: a SQLite file in a temporary directory, or a new database
 * in a PostgreSQL cluster (DATABASE_URL's, or a throwaway cluster from scripts/pg-throwaway.mjs).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import type { EngineKind } from '../server/db/engine';
import type { Db } from '../server/db';

interface Throwaway {
  url: string;
  dir: string;
  stop(): Promise<void>;
}
/** scripts/pg-throwaway.mjs is checked JavaScript without a declaration file; its one function, typed here. */
type StartThrowaway = (opts: { log: (m: string) => void }) => Promise<Throwaway | null>;
const THROWAWAY_MODULE = '../scripts/pg-throwaway.mjs';

/** A PostgreSQL cluster to create benchmark databases in. */
export interface PgCluster {
  adminUrl: string;
  /** The cluster's data directory when we started it (to account for its CPU use). */
  dataDir: string | null;
  throwaway: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL's cluster, or a throwaway one; null when neither is available. */
export async function openCluster(log: (m: string) => void): Promise<PgCluster | null> {
  const url = process.env.DATABASE_URL;
  if (url?.startsWith('postgres')) return { adminUrl: url, dataDir: null, throwaway: false, stop: async () => {} };
  const { startThrowawayPostgres } = (await import(THROWAWAY_MODULE)) as { startThrowawayPostgres: StartThrowaway };
  const started = await startThrowawayPostgres({ log });
  if (!started) return null;
  return { adminUrl: started.url, dataDir: path.join(started.dir, 'data'), throwaway: true, stop: () => started.stop() };
}

async function adminQuery(adminUrl: string, text: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

/**
 * Writes the cluster's dirty pages now (after the loads), not while the endpoints are timed: a 10M
 * load leaves gigabytes in shared_buffers for the checkpointer. CHECKPOINT needs a superuser or
 * pg_checkpoint; without either, the loads' own checkpoints have to do.
 */
export async function checkpoint(adminUrl: string, log: (m: string) => void): Promise<void> {
  try {
    await adminQuery(adminUrl, 'checkpoint');
  } catch (err) {
    log(`checkpoint skipped: ${(err as Error).message}`);
  }
}

/** The settings that shape PostgreSQL's numbers, as the server reports them. */
export async function pgSettings(adminUrl: string): Promise<Record<string, string>> {
  const names = ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'work_mem', 'max_connections'];
  const list = names.map((n) => `'${n}'`).join(',');
  const res = await adminQuery(adminUrl, `select name, current_setting(name) as value from pg_settings where name in (${list})`);
  return Object.fromEntries((res.rows as { name: string; value: string }[]).map((r) => [r.name, r.value]));
}

/** Where one benchmark database lives, as the server child needs to know it. */
export interface BenchDatabase {
  engine: EngineKind;
  /** postgres://… of the fresh database, or null for SQLite. */
  databaseUrl: string | null;
  /** DATA_DIR: holds gongzhi.db on SQLite (and the files folder on both). */
  dataDir: string;
  drop(): Promise<void>;
}

export async function freshDatabase(engine: EngineKind, cluster: PgCluster | null): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `gz-bench-${engine}-`));
  if (engine === 'sqlite') {
    return { engine, databaseUrl: null, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  if (!cluster) throw new Error('PostgreSQL: set DATABASE_URL or install postgresql-15 for a throwaway cluster');
  const name = `gz_bench_${crypto.randomBytes(5).toString('hex')}`;
  await adminQuery(cluster.adminUrl, `create database ${name}`);
  const url = new URL(cluster.adminUrl);
  url.pathname = `/${name}`;
  return {
    engine,
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      await adminQuery(cluster.adminUrl, `drop database if exists ${name} with (force)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The database's size on disk: SQLite main file + WAL (+ shm), or pg_database_size. */
export async function databaseSize(db: Db, bench: BenchDatabase): Promise<{ bytes: number; detail: Record<string, number> }> {
  if (bench.engine === 'sqlite') {
    const file = path.join(bench.dataDir, 'gongzhi.db');
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    const detail = { main: size(file), wal: size(`${file}-wal`), shm: size(`${file}-shm`) };
    return { bytes: detail.main + detail.wal, detail };
  }
  const res = await sql<{ db: number; orders: number; events: number }>`select pg_database_size(current_database()) as db,
    pg_total_relation_size('work_orders') as orders, pg_total_relation_size('order_events') as events`.execute(db);
  const row = res.rows[0]!;
  return {
    bytes: Number(row.db),
    detail: { database: Number(row.db), work_orders_total: Number(row.orders), order_events_total: Number(row.events) },
  };
}

/** The engine's own version string (and its search extension's). */
export async function engineVersion(db: Db, engine: EngineKind): Promise<string> {
  if (engine === 'sqlite') {
    const r = await sql<{ v: string }>`select sqlite_version() as v`.execute(db);
    return `SQLite ${r.rows[0]!.v} (FTS5 trigram)`;
  }
  const r = await sql<{
    v: string;
    t: string | null;
  }>`select current_setting('server_version') as v, (select extversion from pg_extension where extname = 'pg_trgm') as t`.execute(db);
  return `PostgreSQL ${r.rows[0]!.v} (pg_trgm ${r.rows[0]!.t ?? '?'})`;
}
