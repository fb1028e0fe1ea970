import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** The rotating short-lived codes an organiser shows for check-in and check-out; only hashes are kept. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('checkin_codes'))
      .addColumn('session_id', 'bigint', (c) => c.notNull().references('activity_sessions.id'))
      .addColumn('purpose', 'text', (c) => c.notNull()) // in | out
      .addColumn('salt', 'text', (c) => c.notNull())
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // The newest code of a session and purpose (check-in / check-out).
    await db.schema.createIndex('checkin_codes_session').on('checkin_codes').columns(['session_id', 'purpose', 'id']).execute();
  },
});
