import type { Kysely } from 'kysely';
import type { Engine } from '../engine';
import { placeIndexes, withPlace } from './0060_fieldwork_attachments';

/** Patrol routes with their weekly schedule, and the checkpoints walked on each. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await withPlace(e.withId(db.schema.createTable('patrol_routes')))
      .addColumn('team_id', 'bigint', (c) => c.notNull().references('patrol_teams.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      // Days of week the route is walked, digits 0 (Sunday) … 6: '0123456' is daily.
      .addColumn('weekdays', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await placeIndexes(db, 'patrol_routes');
    await withPlace(e.withId(db.schema.createTable('patrol_checkpoints')))
      .addColumn('route_id', 'bigint', (c) => c.notNull().references('patrol_routes.id'))
      .addColumn('kind', 'text', (c) => c.notNull()) // heating_valve | pipe_well | flying_wire | …
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('category_id', 'bigint', (c) => c.references('categories.id'))
      // The campaign point whose closing put the checkpoint here (results are re-patrolled).
      .addColumn('campaign_point_id', 'bigint')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // A route's checkpoints in order.
    await db.schema.createIndex('patrol_checkpoints_route').on('patrol_checkpoints').columns(['route_id', 'position']).execute();
  },
});
