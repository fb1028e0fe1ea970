import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** The places tree: district → street → community/village → compound → building → household/shop. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('places'))
      .addColumn('parent_id', 'bigint', (c) => c.references('places.id'))
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('street_id', 'bigint')
      .addColumn('community_id', 'bigint')
      .addColumn('compound_id', 'bigint')
      .addColumn('building_id', 'bigint')
      .addColumn('households', 'integer')
      .addColumn('lat', 'double precision')
      .addColumn('lng', 'double precision')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // Children of a node (tree pickers).
    await db.schema.createIndex('places_parent').on('places').columns(['parent_id', 'name']).execute();
  },
});
