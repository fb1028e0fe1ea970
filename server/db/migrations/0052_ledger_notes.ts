import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Progress notes on a ledger entry and the photos attached to them. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('ledger_notes'))
      .addColumn('entry_id', 'bigint', (c) => c.notNull().references('ledger_entries.id'))
      .addColumn('author_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    // An entry's notes in order.
    await db.schema.createIndex('ledger_notes_entry').on('ledger_notes').columns(['entry_id', 'id']).execute();
    await db.schema
      .createTable('ledger_note_attachments')
      .addColumn('note_id', 'bigint', (c) => c.notNull().references('ledger_notes.id'))
      .addColumn('attachment_id', 'bigint', (c) => c.notNull().unique().references('attachments.id'))
      .execute();
    // A note's photos.
    await db.schema.createIndex('ledger_note_attachments_note').on('ledger_note_attachments').columns(['note_id']).execute();
  },
});
