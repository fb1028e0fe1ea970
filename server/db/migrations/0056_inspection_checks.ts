import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Each recorded check point (round 1 = the inspection, 2… = 复查), with its photos: the loop's history. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('inspection_checks'))
      .addColumn('inspection_id', 'bigint', (c) => c.notNull().references('inspections.id'))
      .addColumn('template_item_id', 'bigint', (c) => c.notNull().references('inspection_template_items.id'))
      .addColumn('round', 'integer', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull()) // pass | fail
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('ledger_entry_id', 'bigint', (c) => c.references('ledger_entries.id'))
      .addColumn('recorded_by', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('recorded_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('inspection_checks_round', ['inspection_id', 'template_item_id', 'round'])
      .execute();
    await db.schema
      .createTable('inspection_check_attachments')
      .addColumn('check_id', 'bigint', (c) => c.notNull().references('inspection_checks.id'))
      .addColumn('attachment_id', 'bigint', (c) => c.notNull().unique().references('attachments.id'))
      .execute();
    // A check's photos.
    await db.schema.createIndex('inspection_check_attachments_check').on('inspection_check_attachments').columns(['check_id']).execute();
  },
});
