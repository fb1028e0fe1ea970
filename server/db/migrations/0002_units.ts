import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Responsible units, their kinds (data, not code) and the places each covers. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('unit_kinds')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name_zh', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .execute();
    await e
      .withId(db.schema.createTable('units'))
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull().references('unit_kinds.code'))
      .addColumn('phone', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('unit_places')
      .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
      .addColumn('place_id', 'bigint', (c) => c.notNull().references('places.id'))
      .addPrimaryKeyConstraint('unit_places_pk', ['unit_id', 'place_id'])
      .execute();
    // Routing: which units cover a place (place × category → unit).
    await db.schema.createIndex('unit_places_place').on('unit_places').columns(['place_id', 'unit_id']).execute();
  },
});
