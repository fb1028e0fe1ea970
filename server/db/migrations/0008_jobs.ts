import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Background jobs (claimed by lease), idempotency keys, counters and settings. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('jobs'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text')
      .addColumn('run_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_by', 'text')
      .addColumn('locked_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();
    // Claiming due jobs.
    await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('user_id', 'bigint', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('order_id', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
      .execute();
    // Purging keys older than 24 h.
    await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
    await db.schema
      .createTable('counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value_json', 'text', (c) => c.notNull())
      .execute();
  },
});
