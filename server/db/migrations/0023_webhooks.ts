import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * Outbound webhooks: each hook reads the outbox in id order after its own cursor; every delivery
 * attempt is recorded in webhook_deliveries (status, error, when to retry).
 */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('webhooks'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('topics', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('cursor', 'bigint', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint')
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('last_attempt_at', 'bigint')
      .addColumn('last_success_at', 'bigint')
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await e
      .withId(db.schema.createTable('webhook_deliveries'))
      .addColumn('webhook_id', 'bigint', (c) => c.notNull().references('webhooks.id'))
      .addColumn('outbox_id', 'bigint', (c) => c.notNull())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('delivered', 'integer', (c) => c.notNull())
      .addColumn('attempted_at', 'bigint', (c) => c.notNull())
      .addColumn('next_retry_at', 'bigint')
      .execute();
    // A hook's recent deliveries, newest first (admin view).
    await db.schema.createIndex('webhook_deliveries_hook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();
    // Purging old delivery records.
    await db.schema.createIndex('webhook_deliveries_attempted').on('webhook_deliveries').column('attempted_at').execute();
  },
});
