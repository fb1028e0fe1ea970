import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * Updates posted by FixMyStreet-style clients (POST servicerequestupdates). The unique
 * (api_key_id, update_id) makes a re-posted update_id store nothing new; event_id is the order
 * event it became (a lifecycle step or a public comment), whose id is the update_id we answer.
 */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('open311_updates'))
      .addColumn('api_key_id', 'bigint', (c) => c.notNull().references('api_keys.id'))
      .addColumn('update_id', 'text', (c) => c.notNull())
      .addColumn('order_id', 'bigint', (c) => c.notNull().references('work_orders.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('media_url', 'text')
      .addColumn('updated_datetime', 'bigint', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('event_id', 'bigint', (c) => c.references('order_events.id'))
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('open311_updates_key_update', ['api_key_id', 'update_id'])
      .execute();
  },
});
