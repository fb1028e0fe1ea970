import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** A resident's place in an activity; `show_publicly` is their consent to appear on volunteer boards. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('enrollments'))
      .addColumn('activity_id', 'bigint', (c) => c.notNull().references('activities.id'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('status', 'text', (c) => c.notNull()) // enrolled | cancelled
      .addColumn('show_publicly', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
      .addColumn('cancelled_at', 'bigint')
      .execute();
    // One enrollment per resident and activity (re-enrolling reuses it).
    await db.schema.createIndex('enrollments_activity_user').on('enrollments').columns(['activity_id', 'user_id']).unique().execute();
    // A resident's enrollments (GET /api/cogov/me/enrollments).
    await db.schema.createIndex('enrollments_user').on('enrollments').columns(['user_id', 'id']).execute();
  },
});
