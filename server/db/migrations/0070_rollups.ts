import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * Rollup tables (server/evaluation/rollups.ts): counts kept per event so that dashboards and rates
 * never scan orders. Each primary key is the cell's whole key, its columns in the order the
 * dashboards read them (scope, then scope id, then the period).
 */
export default (_e: Engine) => ({
  async up(db: Kysely<any>) {
    const scoped = (name: string) => db.schema.createTable(name).addColumn('scope', 'text', (c) => c.notNull()).addColumn('scope_id', 'bigint', (c) => c.notNull());
    await scoped('rollup_status')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('overdue', 'integer', (c) => c.notNull())
      .addColumn('supervised', 'integer', (c) => c.notNull())
      .addColumn('due_day', 'text', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('rollup_status_pk', ['scope', 'scope_id', 'status', 'overdue', 'supervised', 'due_day'])
      .execute();
    let day = scoped('rollup_day').addColumn('day', 'text', (c) => c.notNull());
    for (const col of [
      'volume',
      'dispatched',
      'signoff_done',
      'signoff_on_time',
      'response_done',
      'response_on_time',
      'resolution_done',
      'resolution_on_time',
      'rated',
      'rated_resolved',
      'rated_satisfied',
      'returned',
      'redone',
      'reverified',
      'reverified_held',
      'closed',
      'overdue',
    ]) {
      day = day.addColumn(col, 'bigint', (c) => c.notNull().defaultTo(0));
    }
    await day.addPrimaryKeyConstraint('rollup_day_pk', ['scope', 'scope_id', 'day']).execute();
    // Per-day volumes of one scope's children (communities of a street …) are read by day across scope ids.
    await db.schema.createIndex('rollup_day_scope_day').on('rollup_day').columns(['scope', 'day', 'scope_id']).execute();
    await scoped('rollup_category')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('category_id', 'bigint', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('rollup_category_pk', ['scope', 'scope_id', 'day', 'category_id'])
      .execute();
    await scoped('rollup_due')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('rollup_due_pk', ['scope', 'scope_id', 'day', 'step', 'due_at'])
      .execute();
  },
});
