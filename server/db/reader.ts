/**
 * A second SQLite connection, read-only and on its own thread, for the dashboards' analytical
 * reads (server/evaluation: rollup sums over periods).
 *
 * better-sqlite3 runs every statement on the calling thread, so on the embedded engine the
 * application server did all of its SQL on the thread that also answers HTTP. A big screen or a
 * dozen officials' overviews summing rollups then took the same CPU as the service desk's order
 * handling, one after the other. Here those reads run on a worker thread (the machine's second
 * core), in WAL mode beside the writer: a read sees every transaction committed before it starts
 * and never blocks or waits for a writer. Writes and transactions stay on the main connection;
 * this Kysely refuses them. PostgreSQL needs none of this: its pool's queries already run in their
 * own server processes, so there `reads` is the main Kysely.
 */
import { Worker } from 'node:worker_threads';
import {
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Database } from './schema';

interface Reply {
  id: number;
  rows?: unknown[];
  error?: { message: string; code?: string };
}

class ReaderConnection implements DatabaseConnection {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (err: Error) => void }>();
  private next = 0;

  constructor(private readonly file: string) {}

  private start(): Worker {
    const w = new Worker(new URL('./sqlite-reader.worker.mjs', import.meta.url), { workerData: { file: this.file }, execArgv: [] });
    // Not what keeps a process alive: the CLI exits when its work is done, reader or not.
    w.unref();
    w.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p.resolve(m.rows ?? []);
    });
    const fail = (err: Error) => {
      if (this.worker === w) this.worker = null; // the next query starts a new thread
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the SQLite read thread exited (${code})`)));
    return w;
  }

  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const w = (this.worker ??= this.start());
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (rows) => resolve({ rows: rows as R[] }), reject });
      w.postMessage({ id, sql: q.sql, parameters: q.parameters });
    });
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the SQLite read connection does not stream');
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

class ReaderDriver implements Driver {
  private readonly connection: ReaderConnection;
  constructor(file: string) {
    this.connection = new ReaderConnection(file);
  }
  async init(): Promise<void> {}
  // One connection for every caller: the thread answers its queue in order.
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('the SQLite read connection runs no transactions');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    await this.connection.close();
  }
}

class ReaderDialect implements Dialect {
  constructor(private readonly file: string) {}
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver() {
    return new ReaderDriver(this.file);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

/** A Kysely over a read-only connection to the SQLite `file` on its own thread (started at the first query). */
export function sqliteReader(file: string): Kysely<Database> {
  return new Kysely<Database>({ dialect: new ReaderDialect(file) });
}
