import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** What a service activity delivered (rides given, leaflets, tickets), recorded as counted entries. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('activity_outputs'))
      .addColumn('activity_id', 'bigint', (c) => c.notNull().references('activities.id'))
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('recorded_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('recorded_at', 'bigint', (c) => c.notNull())
      .execute();
    // One activity's outputs; totals by metric.
    await db.schema.createIndex('activity_outputs_activity').on('activity_outputs').columns(['activity_id', 'metric']).execute();
  },
});
