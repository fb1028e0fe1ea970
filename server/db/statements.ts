/**
 * What the database layer does with each SQL text before it runs:
 *
 * - **Statement cache.** Kysely's SQLite driver calls `prepare` for every query; better-sqlite3
 *   compiles the text anew each time, and an INSERT into work_orders compiles its FTS5 triggers
 *   with it (about a fifth of a POST's CPU). `cachingSqlite` keeps the prepared Statement of each
 *   SQL text in a bounded LRU (texts with IN-lists of varying length are distinct texts; the bound
 *   keeps them from growing without end). SQLite re-prepares a cached statement itself after a
 *   schema change. On PostgreSQL, `namingPool` sends the plain writes and point reads as named
 *   prepared statements (parsed once per connection), up to a fixed number of texts.
 * - **Table writes.** Every text that writes a table (`insert into` / `update` / `delete from`)
 *   is reported to `TableWrites`, once when it runs and again when its transaction ends, so that
 *   in-memory caches of rarely changed tables (categories, places, users …) are dropped by any
 *   code path that edits them — admin commands, the CLI, tests — without each having to remember.
 */
import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const WRITE = /^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from|replace\s+into)\s+"?([A-Za-z_]\w*)"?/i;
const TX_END = /^\s*(?:commit|rollback|end)\b/i;

/** The table a statement writes, or null for a read (only the statement's first target counts). */
export function writtenTable(sqlText: string): string | null {
  return WRITE.exec(sqlText)?.[1]?.toLowerCase() ?? null;
}

/** Listeners for writes to named tables, within this process. */
export class TableWrites {
  private readonly listeners = new Map<string, Set<() => void>>();

  /** Calls `fn` whenever one of `tables` is written (statement run, then its transaction ended). */
  on(tables: readonly string[], fn: () => void): () => void {
    for (const t of tables) {
      let set = this.listeners.get(t);
      if (!set) this.listeners.set(t, (set = new Set()));
      set.add(fn);
    }
    return () => {
      for (const t of tables) this.listeners.get(t)?.delete(fn);
    };
  }

  watches(table: string): boolean {
    return (this.listeners.get(table)?.size ?? 0) > 0;
  }

  notify(tables: Iterable<string>): void {
    const called = new Set<() => void>();
    for (const t of tables)
      for (const fn of this.listeners.get(t) ?? []) {
        if (called.has(fn)) continue;
        called.add(fn);
        fn();
      }
  }
}

/**
 * Per connection: tables written since the transaction began. A cache dropped when the write runs
 * could be refilled, before the commit, by a reader on another connection that still sees the old
 * rows (PostgreSQL); dropping it again when the transaction ends closes that window.
 */
class ConnectionWrites {
  private pending = new Set<string>();
  constructor(private readonly writes: TableWrites) {}

  /** Before a statement runs. */
  before(table: string | null): void {
    if (table === null || !this.writes.watches(table)) return;
    this.pending.add(table);
    this.writes.notify([table]);
  }

  /** After a statement ran (or failed): at a transaction's end, report its writes again. */
  after(isTxEnd: boolean, inTransaction: boolean): void {
    if (!this.pending.size || (inTransaction && !isTxEnd)) return;
    const tables = this.pending;
    this.pending = new Set();
    this.writes.notify(tables);
  }
}

interface Entry {
  stmt: SqliteStatement;
  table: string | null;
  txEnd: boolean;
}

/**
 * better-sqlite3 behind Kysely's SqliteDialect with one prepared Statement per SQL text (LRU of
 * `max`). Safe because Kysely's SQLite driver runs one statement at a time on its one connection
 * and runs each to completion (`all` / `run`); a statement is never re-entered while busy.
 */
export function cachingSqlite(raw: SQLite.Database, writes: TableWrites, max = 500): SqliteDatabase {
  const cache = new Map<string, Entry>();
  const conn = new ConnectionWrites(writes);
  const wrap = (e: Entry): SqliteStatement => {
    if (e.table === null && !e.txEnd) return e.stmt;
    // Writes and transaction ends are reported around the run.
    const around = <T>(run: () => T): T => {
      conn.before(e.table);
      try {
        return run();
      } finally {
        conn.after(e.txEnd, raw.inTransaction);
      }
    };
    return {
      get reader() {
        return e.stmt.reader;
      },
      all: (params) => around(() => e.stmt.all(params)),
      run: (params) => around(() => e.stmt.run(params)),
      iterate(params) {
        conn.before(e.table);
        return e.stmt.iterate(params);
      },
    };
  };
  return {
    close: () => raw.close(),
    prepare(sqlText: string) {
      let e = cache.get(sqlText);
      if (e) {
        // Most recently used last: the Map's insertion order is the LRU order.
        cache.delete(sqlText);
        cache.set(sqlText, e);
      } else {
        e = { stmt: raw.prepare(sqlText) as unknown as SqliteStatement, table: writtenTable(sqlText), txEnd: TX_END.test(sqlText) };
        cache.set(sqlText, e);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return wrap(e);
    },
  };
}

/**
 * Marks a statement as worth a named prepared statement whatever its shape (fastQuery's
 * `prepare`): the dashboards' rollup reads group and sort, but each is one key range whose plan
 * does not depend on its values, and planning them anew cost PostgreSQL more than running them.
 */
export const PREPARE_MARK = '/* prepared */ ';

/** Statements worth a server-side prepared statement: plain writes, reads without sorting or text search, and marked reads. */
function worthNaming(sqlText: string): boolean {
  if (sqlText.startsWith(PREPARE_MARK) || writtenTable(sqlText)) return true;
  return /^\s*select\b/i.test(sqlText) && !/\b(order by|ilike|like|count\(|group by|limit)\b/i.test(sqlText);
}

type Query = (...args: unknown[]) => unknown;
const PATCHED = Symbol('gongzhi.patched');

/**
 * A pg Pool whose clients report table writes and send the texts that `worthNaming` picks as
 * named prepared statements (pg parses each once per connection). At most `max` texts get a name,
 * so a connection never holds more than `max` prepared statements; later texts go unnamed. Names
 * are used only after `enableNaming()` (after migrations: a statement prepared before an ALTER
 * would fail with "cached plan must not change result type").
 */
export function namingPool(pool: pg.Pool, writes: TableWrites, max = 200) {
  const names = new Map<string, string | null>();
  let naming = false;
  const nameOf = (text: string): string | null => {
    let n = names.get(text);
    if (n === undefined) {
      n = names.size < max && worthNaming(text) ? `gz${names.size}` : null;
      names.set(text, n);
    }
    return n;
  };
  const patch = (client: pg.PoolClient) => {
    const c = client as pg.PoolClient & { [PATCHED]?: true };
    if (c[PATCHED]) return client;
    c[PATCHED] = true;
    const query = client.query.bind(client) as Query;
    const conn = new ConnectionWrites(writes);
    let inTx = false;
    (client as unknown as { query: Query }).query = (...args: unknown[]) => {
      const [text, values] = args;
      if (typeof text !== 'string' || args.length !== 2 || !Array.isArray(values)) return query(...args);
      const table = writtenTable(text);
      const txEnd = TX_END.test(text);
      if (/^\s*begin\b/i.test(text)) inTx = true;
      conn.before(table);
      const name = naming ? nameOf(text) : null;
      const done = () => {
        if (txEnd) inTx = false;
        conn.after(txEnd, inTx);
      };
      const p = (name ? query({ name, text, values }) : query(text, values)) as Promise<unknown>;
      return p.then(
        (r) => {
          done();
          return r;
        },
        (err: unknown) => {
          done();
          throw err;
        },
      );
    };
    return client;
  };
  return {
    pool: {
      connect: async () => patch(await pool.connect()),
      end: () => pool.end(),
    },
    enableNaming() {
      naming = true;
    },
  };
}
