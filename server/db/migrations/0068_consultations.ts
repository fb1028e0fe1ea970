import type { Kysely } from 'kysely';
import type { Engine } from '../engine';
import { placeIndexes, withPlace } from './0060_fieldwork_attachments';

/** Consultations (会商): a meeting on a problem with its parties, the decision and follow-up tasks. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await withPlace(e.withId(db.schema.createTable('consultations')))
      .addColumn('problem_id', 'bigint', (c) => c.notNull().references('problems.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('held_at', 'bigint', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await placeIndexes(db, 'consultations');
    // A problem's consultations.
    await db.schema.createIndex('consultations_problem').on('consultations').columns(['problem_id']).execute();
    await e
      .withId(db.schema.createTable('consultation_parties'))
      .addColumn('consultation_id', 'bigint', (c) => c.notNull().references('consultations.id'))
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull()) // community | property | owners | department | other
      .execute();
    await db.schema.createIndex('consultation_parties_consultation').on('consultation_parties').columns(['consultation_id']).execute();
    await e
      .withId(db.schema.createTable('consultation_tasks'))
      .addColumn('consultation_id', 'bigint', (c) => c.notNull().references('consultations.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('deadline_at', 'bigint')
      .addColumn('status', 'text', (c) => c.notNull()) // open | done
      .addColumn('done_at', 'bigint')
      .execute();
    await db.schema.createIndex('consultation_tasks_consultation').on('consultation_tasks').columns(['consultation_id', 'id']).execute();
  },
});
