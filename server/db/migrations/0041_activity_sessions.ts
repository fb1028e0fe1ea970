import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Time slots of an activity; a class over many days has one session per day. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('activity_sessions'))
      .addColumn('activity_id', 'bigint', (c) => c.notNull().references('activities.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .execute();
    // An activity's sessions in order (activity detail, attendance grid).
    await db.schema.createIndex('activity_sessions_activity').on('activity_sessions').columns(['activity_id', 'seq']).unique().execute();
  },
});
