/**
 * Everything that differs between SQLite and PostgreSQL lives here: id columns, the text-search
 * index and its query, month bucketing, and how key-ordered tables (the rollups) are stored. The
 * rest of the code base writes one Kysely query for both engines.
 */
import { sql, type CreateTableBuilder, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';

export type EngineKind = 'sqlite' | 'postgres';

export interface Engine {
  kind: EngineKind;
  /** Adds an auto-generated integer primary key named `id`. */
  withId<T extends string>(tb: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
  /** Creates the substring search index over work_orders(title, description). */
  createOrderSearch(db: Kysely<any>): Promise<void>;
  /** A condition on alias `wo` that is true when title or description contains `q` (any length). */
  orderTextMatches(q: string): Expression<SqlBool>;
  /** After rows were inserted with explicit ids (bulk generation), make new ids continue past them. */
  syncIdSequences(db: Kysely<any>, tables: string[]): Promise<void>;
  /** 'YYYY-MM' of an epoch-ms column in Shanghai time, for grouping by month in SQL. */
  monthBucket(column: string): RawBuilder<string>;
  /**
   * A table read and written only by ranges of its primary key (the rollups): on SQLite WITHOUT
   * ROWID, so the key's B-tree holds the rows — a key range reads one tree instead of the key's
   * index and then the table row by row, and an upsert writes one tree instead of two. PostgreSQL
   * keeps a heap and the key's index (its index-only scans need a covering index: keyCoveringIndex).
   */
  keyOrdered<T extends string, C extends string>(tb: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
  /** Rebuilds an existing table as keyOrdered, rows and indexes kept (SQLite; nothing to do on PostgreSQL). */
  rebuildKeyOrdered(db: Kysely<any>, table: string): Promise<void>;
  /**
   * An index of a keyOrdered table's key columns plus `extra`, for reads answered from the index
   * alone: created on PostgreSQL (if missing); on SQLite the table itself is that index, so an index
   * of that name is dropped if present.
   */
  keyCoveringIndex(db: Kysely<any>, name: string, table: string, key: string[], extra: string[]): Promise<void>;
  /**
   * Runs schema changes atomically. PostgreSQL's migrations already run in one transaction;
   * SQLite's do not (Kysely: no transactional DDL), so a rebuild of several statements gets its own.
   */
  atomically(db: Kysely<any>, fn: (db: Kysely<any>) => Promise<void>): Promise<void>;
}

/** Counts characters as a reader does (code points), which is what trigram indexes count. */
export function charLength(s: string): number {
  return [...s].length;
}

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const sqliteEngine: Engine = {
  kind: 'sqlite',
  withId: (tb) => tb.addColumn('id', 'integer', (c) => c.primaryKey()),
  async createOrderSearch(db) {
    // FTS5 trigram finds any substring of 3+ characters, Chinese included, in under a millisecond
    // at 1M orders. External content: the text lives once, in work_orders; triggers keep it in step.
    await sql`create virtual table work_orders_fts using fts5(title, description, content='work_orders', content_rowid='id', tokenize='trigram')`.execute(
      db,
    );
    await sql`create trigger work_orders_fts_ai after insert on work_orders begin
      insert into work_orders_fts(rowid, title, description) values (new.id, new.title, new.description); end`.execute(db);
    await sql`create trigger work_orders_fts_ad after delete on work_orders begin
      insert into work_orders_fts(work_orders_fts, rowid, title, description) values ('delete', old.id, old.title, old.description); end`.execute(
      db,
    );
    await sql`create trigger work_orders_fts_au after update of title, description on work_orders begin
      insert into work_orders_fts(work_orders_fts, rowid, title, description) values ('delete', old.id, old.title, old.description);
      insert into work_orders_fts(rowid, title, description) values (new.id, new.title, new.description); end`.execute(db);
  },
  orderTextMatches(q) {
    if (charLength(q) >= 3) {
      const phrase = `"${q.replace(/"/g, '""')}"`;
      return sql<SqlBool>`wo.id in (select rowid from work_orders_fts where work_orders_fts match ${phrase})`;
    }
    // Trigram MATCH finds nothing for 1–2 characters; answer them with a scan (other filters narrow it).
    // lower(): case-insensitive like the trigram index (SQLite folds ASCII only; Chinese has no case).
    return sql<SqlBool>`(instr(lower(wo.title), lower(${q})) > 0 or instr(lower(wo.description), lower(${q})) > 0)`;
  },
  // INTEGER PRIMARY KEY continues from max(rowid) by itself.
  syncIdSequences: async () => {},
  // Shanghai has had no daylight saving since 1991: a fixed +8 h shift is exact.
  monthBucket: (column) => sql<string>`strftime('%Y-%m', ${sql.ref(column)} / 1000 + 28800, 'unixepoch')`,
  keyOrdered: (tb) => tb.modifyEnd(sql`without rowid`),
  async rebuildKeyOrdered(db, table) {
    const rows = await sql<{
      type: string;
      name: string;
      sql: string | null;
    }>`select type, name, sql from sqlite_master where tbl_name = ${table}`.execute(db);
    const create = rows.rows.find((r) => r.type === 'table')?.sql;
    if (!create) throw new Error(`rebuildKeyOrdered: no table ${table}`);
    if (/without\s+rowid\s*$/i.test(create)) return;
    const temp = `${table}_key_ordered`;
    // CREATE TABLE "name" (…): the same columns in the same order, so `select *` copies them.
    const text = create.replace(/^(\s*create\s+table\s+)("[^"]+"|\S+)/i, `$1"${temp}"`);
    await sql.raw(`${text} without rowid`).execute(db);
    await sql.raw(`insert into "${temp}" select * from "${table}"`).execute(db);
    await sql.raw(`drop table "${table}"`).execute(db);
    await sql.raw(`alter table "${temp}" rename to "${table}"`).execute(db);
    for (const r of rows.rows) if (r.type === 'index' && r.sql) await sql.raw(r.sql).execute(db);
  },
  async keyCoveringIndex(db, name) {
    await db.schema.dropIndex(name).ifExists().execute();
  },
  atomically: (db, fn) => db.transaction().execute(fn),
};

export const postgresEngine: Engine = {
  kind: 'postgres',
  withId: (tb) => tb.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()),
  async createOrderSearch(db) {
    // pg_trgm needs a UTF-8 LC_CTYPE to index Chinese (initdb -E UTF8 --locale=C.UTF-8).
    await sql`create extension if not exists pg_trgm`.execute(db);
    // Serves orderTextMatches: the expression must match it exactly.
    await sql`create index work_orders_text_trgm on work_orders using gin ((title || ' ' || description) gin_trgm_ops)`.execute(db);
  },
  orderTextMatches(q) {
    // pg_trgm answers 3+ characters from the index; shorter queries fall back to a full index scan.
    return sql<SqlBool>`(wo.title || ' ' || wo.description) ilike ${'%' + escapeLike(q) + '%'}`;
  },
  async syncIdSequences(db, tables) {
    for (const t of tables) {
      await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false)`.execute(
        db,
      );
    }
  },
  monthBucket: (column) => sql<string>`to_char(to_timestamp(${sql.ref(column)} / 1000.0) at time zone 'Asia/Shanghai', 'YYYY-MM')`,
  keyOrdered: (tb) => tb,
  rebuildKeyOrdered: async () => {},
  async keyCoveringIndex(db, name, table, key, extra) {
    await db.schema
      .createIndex(name)
      .ifNotExists()
      .on(table)
      .columns([...key, ...extra])
      .execute();
  },
  atomically: (db, fn) => fn(db),
};
