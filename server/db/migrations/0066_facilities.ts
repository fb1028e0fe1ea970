import type { Kysely } from 'kysely';
import type { Engine } from '../engine';
import { placeIndexes, withPlace } from './0060_fieldwork_attachments';

/** The facilities register (设施台账) of each compound, and its check and maintenance records. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await withPlace(e.withId(db.schema.createTable('facilities')))
      .addColumn('kind', 'text', (c) => c.notNull()) // elevator | ebike_shed | heating_pipe | heating_valve | fire_station | cctv
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('capacity', 'integer') // e.g. charging spaces of an e-bike shed
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id')) // who maintains it
      .addColumn('check_every_days', 'integer')
      .addColumn('maintain_every_days', 'integer')
      .addColumn('last_check_at', 'bigint')
      .addColumn('last_maintenance_at', 'bigint')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await placeIndexes(db, 'facilities');
    // A maintaining unit's facilities (a handler's view).
    await db.schema.createIndex('facilities_unit').on('facilities').columns(['unit_id', 'id']).execute();
    await e
      .withId(db.schema.createTable('facility_records'))
      .addColumn('facility_id', 'bigint', (c) => c.notNull().references('facilities.id'))
      .addColumn('kind', 'text', (c) => c.notNull()) // check | maintenance
      .addColumn('outcome', 'text', (c) => c.notNull()) // ok | fault
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('done_at', 'bigint', (c) => c.notNull())
      .addColumn('next_due_at', 'bigint')
      .addColumn('recorded_by', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('recorded_at', 'bigint', (c) => c.notNull())
      .execute();
    // A facility's records, newest first.
    await db.schema.createIndex('facility_records_facility').on('facility_records').columns(['facility_id', 'done_at']).execute();
  },
});
