import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Photos and files: bytes on disk under DATA_DIR, metadata here. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('attachments'))
      .addColumn('order_id', 'bigint', (c) => c.references('work_orders.id'))
      .addColumn('event_id', 'bigint', (c) => c.references('order_events.id'))
      .addColumn('uploader_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('phase', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('original_name', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // An order's photos.
    await db.schema.createIndex('attachments_order').on('attachments').columns(['order_id', 'id']).execute();
  },
});
