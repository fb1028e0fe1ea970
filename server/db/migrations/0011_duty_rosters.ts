import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Hotlines (热线/专线) and their duty rosters (值班表); an order taken on a line records the line. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('hotlines')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
      .execute();
    await e
      .withId(db.schema.createTable('duty_shifts'))
      .addColumn('hotline', 'text', (c) => c.notNull().references('hotlines.code'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // Who is on duty on a line at an instant; a line's roster over a range.
    await db.schema.createIndex('duty_shifts_line').on('duty_shifts').columns(['hotline', 'starts_at']).execute();
    await db.schema.alterTable('work_orders').addColumn('hotline', 'text').execute();
  },
});
