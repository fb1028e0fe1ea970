import type { Kysely } from 'kysely';
import type { Engine } from '../engine';
import { placeIndexes, withPlace } from './0060_fieldwork_attachments';

/** Disclosure boards (公示): the 五亮 items each compound publishes, and public notices. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('board_items'))
      .addColumn('compound_id', 'bigint', (c) => c.notNull().references('places.id'))
      .addColumn('street_id', 'bigint')
      .addColumn('community_id', 'bigint')
      .addColumn('item', 'text', (c) => c.notNull()) // duties | identity | promises | standards | results
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('board_items_compound_item', ['compound_id', 'item'])
      .execute();
    await withPlace(e.withId(db.schema.createTable('public_notices')))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('published_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('withdrawn_at', 'bigint')
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await placeIndexes(db, 'public_notices');
  },
});
