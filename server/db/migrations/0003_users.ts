import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Accounts, browser sessions and integration tokens. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('users'))
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('place_id', 'bigint', (c) => c.references('places.id'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // Residents sign in with their phone number.
    await db.schema.createIndex('users_phone').on('users').column('phone').execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await e
      .withId(db.schema.createTable('api_tokens'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
  },
});
