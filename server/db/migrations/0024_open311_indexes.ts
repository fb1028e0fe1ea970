import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Indexes that the public Open311 reads need on tables the core owns. */
export default (_e: Engine) => ({
  async up(db: Kysely<any>) {
    // Nearest compound/building to a reported lat/long: a latitude band per level (open311/location.ts).
    await db.schema.createIndex('places_level_lat').on('places').columns(['level', 'lat']).execute();
    // GET servicerequestupdates: public events in a time window, in time order.
    await db.schema.createIndex('order_events_public_at').on('order_events').columns(['at', 'id']).where(sql.ref('public'), '=', 1).execute();
    // GET requests?updated_after=…: what changed since a client's last poll.
    await db.schema.createIndex('wo_updated').on('work_orders').column('updated_at').execute();
  },
});
