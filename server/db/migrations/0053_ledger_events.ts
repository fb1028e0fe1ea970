import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Every change to a ledger entry, written in the transaction that made it. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('ledger_events'))
      .addColumn('entry_id', 'bigint', (c) => c.notNull().references('ledger_entries.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'bigint', (c) => c.references('users.id'))
      .addColumn('actor_role', 'text')
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text')
      .addColumn('payload_json', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    // An entry's history in order (GET /api/ledger/:id).
    await db.schema.createIndex('ledger_events_entry').on('ledger_events').columns(['entry_id', 'id']).execute();
  },
});
