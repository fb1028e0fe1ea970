import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine';

/** The points shop (积分超市): rewards with stock, a price in points and who honours them. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('rewards'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull()) // parking | housekeeping | goods
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('price', 'integer', (c) => c.notNull())
      .addColumn('stock', 'integer', (c) => c.notNull())
      .addColumn('merchant_user_id', 'bigint', (c) => c.references('users.id'))
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('honoured_by', 'text', (c) => c.notNull())
      .addColumn('place_id', 'bigint', (c) => c.references('places.id'))
      .addColumn('valid_days', 'integer', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addCheckConstraint('rewards_stock', sql`stock >= 0 and price > 0`)
      .execute();
  },
});
