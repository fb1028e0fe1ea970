import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Co-governance activities (共治活动): volunteer duties, training classes, service days. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('activities'))
      .addColumn('kind', 'text', (c) => c.notNull()) // duty | class | service_day
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('place_id', 'bigint', (c) => c.notNull().references('places.id'))
      .addColumn('organiser_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('capacity', 'integer', (c) => c.notNull())
      // Kept in step with enrollments so capacity is enforced by one conditional update.
      .addColumn('enrolled_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('points_mode', 'text', (c) => c.notNull()) // per_hour | per_attendance
      .addColumn('points_rate', 'integer', (c) => c.notNull())
      .addColumn('points_cap', 'integer', (c) => c.notNull())
      .addColumn('review_required', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('notice_days', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('completion_percent', 'integer')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open')) // open | cancelled
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addCheckConstraint('activities_capacity', sql`enrolled_count >= 0 and enrolled_count <= capacity`)
      .execute();
    // Activities at a place subtree or of one organiser (GET /api/cogov/activities).
    await db.schema.createIndex('activities_place').on('activities').columns(['place_id', 'id']).execute();
    await db.schema.createIndex('activities_organiser').on('activities').columns(['organiser_id', 'id']).execute();
  },
});
