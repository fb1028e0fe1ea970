import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Ledger entries (台账): what must be rectified, by whom and by when, until 销号. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('ledger_entries'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('problem_id', 'bigint', (c) => c.references('problems.id'))
      .addColumn('place_id', 'bigint', (c) => c.notNull().references('places.id'))
      .addColumn('street_id', 'bigint')
      .addColumn('community_id', 'bigint')
      .addColumn('compound_id', 'bigint')
      .addColumn('building_id', 'bigint')
      .addColumn('category_id', 'bigint', (c) => c.references('categories.id'))
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('responsible_person', 'text')
      .addColumn('measures', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('deadline_at', 'bigint')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      // Idempotency of bulk pulls and imports: 'unsatisfied:<compound>:<category>', 'import:<ref>'.
      .addColumn('source_key', 'text', (c) => c.unique())
      .addColumn('inspection_id', 'bigint')
      .addColumn('template_item_id', 'bigint')
      .addColumn('submitted_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('reviewed_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('closed_at', 'bigint')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // Scoped lists: a street's, a compound's, a unit's entries (GET /api/ledger).
    await db.schema.createIndex('ledger_entries_street').on('ledger_entries').columns(['street_id', 'id']).execute();
    await db.schema.createIndex('ledger_entries_compound').on('ledger_entries').columns(['compound_id', 'id']).execute();
    await db.schema.createIndex('ledger_entries_unit').on('ledger_entries').columns(['unit_id', 'id']).execute();
    // A problem's entries; an inspection's rectifications.
    await db.schema.createIndex('ledger_entries_problem').on('ledger_entries').columns(['problem_id']).execute();
    await db.schema.createIndex('ledger_entries_inspection').on('ledger_entries').columns(['inspection_id', 'template_item_id']).execute();
  },
});
