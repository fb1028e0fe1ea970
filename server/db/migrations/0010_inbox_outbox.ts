import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * The resident's inbox (messages about their own requests) and the outbox: one row per event,
 * written in the event's transaction, from which webhooks (SMS gateway, the city 12345 platform)
 * are delivered after commit.
 */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('messages'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('order_id', 'bigint', (c) => c.references('work_orders.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('read_at', 'bigint')
      .execute();
    // A user's inbox, newest first.
    await db.schema.createIndex('messages_user').on('messages').columns(['user_id', 'id']).execute();
    await e
      .withId(db.schema.createTable('outbox'))
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('order_id', 'bigint')
      .addColumn('event_id', 'bigint')
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
});
