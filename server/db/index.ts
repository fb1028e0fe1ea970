/** Opens the database (SQLite file by default, PostgreSQL when a URL is given) and migrates it. */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type DatabaseConnection, type Transaction } from 'kysely';
import type { Database } from './schema';
import { postgresEngine, sqliteEngine, type Engine } from './engine';
import { migrateToLatest } from './migrate';
import { sqliteReader } from './reader';
import { cachingSqlite, namingPool, TableWrites } from './statements';

export { TableWrites } from './statements';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type { Database } from './schema';

export interface DatabaseHandle {
  db: Db;
  /** For analytical reads (dashboards): a read-only connection on its own thread on SQLite (reader.ts), `db` on PostgreSQL. */
  reads: Db;
  engine: Engine;
  /** Where the SQLite file lives (null on PostgreSQL). */
  file: string | null;
  /** Writes to tables seen by this process, for in-memory caches to drop what changed (statements.ts). */
  writes: TableWrites;
  close(): Promise<void>;
}

// int8 (counts, ids, epoch-ms times) as JS numbers: every value we store is below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/**
 * SQLite's default BEGIN takes the write lock only at the first write, so two writers (the
 * server and the CLI) can deadlock into SQLITE_BUSY. BEGIN IMMEDIATE takes it up front and
 * waits on busy_timeout instead.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver() {
    const driver = super.createDriver();
    driver.beginTransaction = async (conn: DatabaseConnection) => {
      await conn.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  // FULL: NORMAL can lose the last commits on power loss, and nothing acknowledged may be lost.
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  return raw;
}

const HANDLES = new WeakMap<Db, DatabaseHandle>();

/** The table-write listeners of a database opened by openDatabase; null for any other Kysely instance (then nothing may be cached). */
export function tableWrites(db: Db): TableWrites | null {
  return HANDLES.get(db)?.writes ?? null;
}

/** The engine of a database opened by openDatabase (null for any other Kysely instance). */
export function dbEngineKind(db: Db): Engine['kind'] | null {
  return HANDLES.get(db)?.engine.kind ?? null;
}

export async function openDatabase(opts: {
  databaseUrl: string | null;
  sqliteFile: string;
  migrate?: boolean;
  poolSize?: number;
  /** Told when an idle PostgreSQL connection dies (server restart, admin termination). */
  onIdleError?: (err: Error) => void;
}): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  const writes = new TableWrites();
  let afterMigrations = () => {};
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection that the server drops (restart, failover, pg_terminate_backend) emits
    // 'error' on the pool; without a listener that is an uncaught exception that kills the process.
    // The pool has already discarded the client, so the next query simply opens a new one.
    pool.on('error', (err) => opts.onIdleError?.(err));
    const named = namingPool(pool, writes);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: named.pool }) });
    handle = { db, reads: db, engine: postgresEngine, file: null, writes, close: () => db.destroy() };
    afterMigrations = () => named.enableNaming();
  } else {
    const raw = openSqlite(opts.sqliteFile);
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cachingSqlite(raw, writes) }) });
    // An in-memory database exists only on its own connection: no second one can read it.
    const reads = opts.sqliteFile === ':memory:' ? db : sqliteReader(opts.sqliteFile);
    handle = {
      db,
      reads,
      engine: sqliteEngine,
      file: opts.sqliteFile,
      writes,
      close: async () => {
        if (reads !== db) await reads.destroy();
        await db.destroy();
      },
    };
  }
  if (opts.migrate !== false) await migrateToLatest(handle.db, handle.engine);
  afterMigrations();
  HANDLES.set(handle.db, handle);
  return handle;
}
