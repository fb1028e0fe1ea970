/**
 * Everything that differs between SQLite and PostgreSQL lives here: id columns, the text-search
 * index and its query, and transaction start. The rest of the code base writes one Kysely query
 * for both engines.
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
    await sql`create virtual table work_orders_fts using fts5(title, description, content='work_orders', content_rowid='id', tokenize='trigram')`.execute(db);
    await sql`create trigger work_orders_fts_ai after insert on work_orders begin
      insert into work_orders_fts(rowid, title, description) values (new.id, new.title, new.description); end`.execute(db);
    await sql`create trigger work_orders_fts_ad after delete on work_orders begin
      insert into work_orders_fts(work_orders_fts, rowid, title, description) values ('delete', old.id, old.title, old.description); end`.execute(db);
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
      await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false)`.execute(db);
    }
  },
  monthBucket: (column) => sql<string>`to_char(to_timestamp(${sql.ref(column)} / 1000.0) at time zone 'Asia/Shanghai', 'YYYY-MM')`,
};
