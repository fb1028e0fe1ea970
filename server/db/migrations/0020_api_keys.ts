import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * API keys for Open311 clients (a city 12345 platform, a FixMyStreet site, a reporting app). Each
 * key acts as its own system user (a district dispatcher), so the normal commands and scoping
 * apply; its per-minute request counts live in api_key_windows (shared by every app server).
 */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('api_keys'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('key_prefix', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('rate_limit_per_minute', 'integer', (c) => c.notNull().defaultTo(60))
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .addColumn('last_used_at', 'bigint')
      .execute();
    await db.schema
      .createTable('api_key_windows')
      .addColumn('api_key_id', 'bigint', (c) => c.notNull().references('api_keys.id'))
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('api_key_windows_pk', ['api_key_id', 'window_start'])
      .execute();
  },
});
