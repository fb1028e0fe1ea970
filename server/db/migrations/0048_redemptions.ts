import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** A redeemed reward: the one-time code (hashed) a merchant verifies once; expiry or cancellation returns points and stock. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('redemptions'))
      .addColumn('reward_id', 'bigint', (c) => c.notNull().references('rewards.id'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('cost', 'integer', (c) => c.notNull())
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('code_hint', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull()) // issued | used | cancelled | expired
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('used_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('closed_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // Verification looks a code up by its hash.
    await db.schema.createIndex('redemptions_code').on('redemptions').column('code_hash').unique().execute();
    // A resident's codes; the expiry sweep.
    await db.schema.createIndex('redemptions_user').on('redemptions').columns(['user_id', 'id']).execute();
    await db.schema.createIndex('redemptions_expiry').on('redemptions').columns(['status', 'expires_at']).execute();
  },
});
