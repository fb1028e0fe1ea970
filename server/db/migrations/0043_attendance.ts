import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Who attended which session: check-in and check-out, how they were verified, the points earned. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('attendance'))
      .addColumn('session_id', 'bigint', (c) => c.notNull().references('activity_sessions.id'))
      .addColumn('activity_id', 'bigint', (c) => c.notNull().references('activities.id'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('checked_in_at', 'bigint', (c) => c.notNull())
      .addColumn('in_method', 'text', (c) => c.notNull()) // code | organiser
      .addColumn('checked_out_at', 'bigint')
      .addColumn('out_method', 'text')
      .addColumn('points', 'integer')
      .addColumn('review', 'text') // null (nothing to credit yet) | pending | approved | rejected | auto
      .addColumn('ledger_entry_id', 'bigint')
      .execute();
    // One attendance per resident and session: a second check-in is refused by the database too.
    await db.schema.createIndex('attendance_session_user').on('attendance').columns(['session_id', 'user_id']).unique().execute();
    // An activity's attendance list; a resident's history.
    await db.schema.createIndex('attendance_activity').on('attendance').columns(['activity_id', 'user_id']).execute();
    await db.schema.createIndex('attendance_user').on('attendance').columns(['user_id', 'checked_in_at']).execute();
  },
});
