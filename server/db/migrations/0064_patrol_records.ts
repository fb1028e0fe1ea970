import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** What a patrol found at a checkpoint on a day: ok, or a hazard that became a work order. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('patrol_records'))
      .addColumn('route_id', 'bigint', (c) => c.notNull().references('patrol_routes.id'))
      .addColumn('checkpoint_id', 'bigint', (c) => c.notNull().references('patrol_checkpoints.id'))
      .addColumn('day', 'text', (c) => c.notNull()) // Shanghai date YYYY-MM-DD
      .addColumn('outcome', 'text', (c) => c.notNull()) // ok | hazard
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('order_id', 'bigint', (c) => c.references('work_orders.id'))
      .addColumn('recorded_by', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('recorded_at', 'bigint', (c) => c.notNull())
      .execute();
    // The day sheet of a route (scheduled vs done); a checkpoint's history.
    await db.schema.createIndex('patrol_records_route_day').on('patrol_records').columns(['route_id', 'day']).execute();
    await db.schema.createIndex('patrol_records_checkpoint').on('patrol_records').columns(['checkpoint_id', 'id']).execute();
  },
});
