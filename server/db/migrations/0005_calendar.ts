import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Holiday calendar as data: weekday holidays and weekend make-up working days (调休). */
export default (_e: Engine) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('calendar_days')
      .addColumn('date', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();
  },
});
