import type { Kysely } from 'kysely';
import type { Engine } from '../engine';
import { rebuildRollups } from '../../evaluation/rollups';

/**
 * Faster dashboard reads (the dashboard benchmark): covering indexes for the rollups summed over a
 * period — a scope's pending steps fallen due (rollup_due; keyed by due_at since 0074) and its
 * categories (rollup_category) are read from the index alone instead of one table row per cell — and
 * rollup_unit_compound, a lead unit's orders per day and compound (the unit view's top compounds),
 * filled from the orders.
 */
export default (_e: Engine) => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('rollup_due_read').on('rollup_due').columns(['scope', 'scope_id', 'day', 'step', 'due_at', 'n']).execute();
    await db.schema
      .createIndex('rollup_category_read')
      .on('rollup_category')
      .columns(['scope', 'scope_id', 'day', 'category_id', 'n'])
      .execute();
    await db.schema
      .createTable('rollup_unit_compound')
      .addColumn('unit_id', 'bigint', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('compound_id', 'bigint', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('rollup_unit_compound_pk', ['unit_id', 'day', 'compound_id'])
      .execute();
    await rebuildRollups(db);
  },
});
