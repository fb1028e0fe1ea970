import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** 专项督办: a problem marked high-frequency and hard, with its lead department, optionally the month's topic (每月一题). */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('special_supervisions'))
      .addColumn('problem_id', 'bigint', (c) => c.notNull().unique().references('problems.id'))
      .addColumn('lead_unit_id', 'bigint', (c) => c.notNull().references('units.id'))
      .addColumn('month', 'text') // YYYY-MM when it is that month's topic
      .addColumn('theme', 'text')
      .addColumn('marked_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('marked_at', 'bigint', (c) => c.notNull())
      .execute();
    // A month's topic view (GET /api/monthly-topics/:month).
    await db.schema.createIndex('special_supervisions_month').on('special_supervisions').columns(['month']).execute();
  },
});
