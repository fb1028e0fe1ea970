import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * Rollups stored and keyed for the dashboards' reads (the dashboard benchmark, bench/README.md).
 *
 * - rollup_due is keyed by step and when it falls due: (scope, scope_id, step, due_at, day). Every
 *   dashboard asks how many of a scope's pending steps have fallen due by now, per step, for a
 *   period of received days. Keyed (scope, scope_id, day, …), that read went through every pending
 *   step of the period, most not yet due (each open order's resolution deadline), to keep the few
 *   that were — 5,363 entries for 727 answers over the district's last 30 days at 100k orders —
 *   and sorted them by step. Keyed by step and due_at, it reads one range per step holding only
 *   the steps already due (the overdue backlog, bounded however long the history grows), already
 *   grouped. Rebuilt, since SQLite cannot change a primary key in place.
 * - Every rollup table is key-ordered (engine.keyOrdered: WITHOUT ROWID on SQLite), so a key range
 *   reads one B-tree and an upsert writes one; on SQLite the covering indexes are then the tables
 *   themselves (rollup_due_fallen, rollup_category_read are PostgreSQL's only).
 * - rollup_day_scope_day (scope, day, scope_id) goes: the children's and volume reads list their
 *   ids (rollup-queries.ts, childVectors), each a key range read in key order without a sort.
 */

/** Re-creates `table` key-ordered on `key` (same columns, rows copied), then its covering index. */
async function rekey(e: Engine, db: Kysely<any>, table: string, columns: [string, 'text' | 'bigint'][], key: string[], covering: string) {
  const next = `${table}_next`;
  let tb = db.schema.createTable(next);
  for (const [name, type] of columns) tb = tb.addColumn(name, type, (c) => c.notNull());
  await e.keyOrdered(tb.addPrimaryKeyConstraint(`${table}_key`, key as never)).execute();
  const list = sql.join(columns.map(([name]) => sql.ref(name)));
  await sql`insert into ${sql.table(next)} (${list}) select ${list} from ${sql.table(table)}`.execute(db);
  await db.schema.dropTable(table).execute();
  await db.schema.alterTable(next).renameTo(table).execute();
  await e.keyCoveringIndex(db, covering, table, key, ['n']);
}

export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e.atomically(db, async (db) => {
      const scoped: [string, 'text' | 'bigint'][] = [
        ['scope', 'text'],
        ['scope_id', 'bigint'],
        ['day', 'text'],
      ];
      await rekey(
        e,
        db,
        'rollup_due',
        [...scoped, ['step', 'text'], ['due_at', 'bigint'], ['n', 'bigint']],
        ['scope', 'scope_id', 'step', 'due_at', 'day'],
        'rollup_due_fallen',
      );
      await db.schema.dropIndex('rollup_day_scope_day').execute();
      for (const t of ['rollup_day', 'rollup_category', 'rollup_status', 'rollup_unit_compound']) await e.rebuildKeyOrdered(db, t);
      await e.keyCoveringIndex(db, 'rollup_category_read', 'rollup_category', ['scope', 'scope_id', 'day', 'category_id'], ['n']);
    });
  },
});
