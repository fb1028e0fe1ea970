import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** The tasks of a special supervision, each with a unit and a deadline; progress is the share done. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('supervision_tasks'))
      .addColumn('special_id', 'bigint', (c) => c.notNull().references('special_supervisions.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('deadline_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull()) // open | done
      .addColumn('done_at', 'bigint')
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // A special supervision's tasks.
    await db.schema.createIndex('supervision_tasks_special').on('supervision_tasks').columns(['special_id', 'id']).execute();
  },
});
