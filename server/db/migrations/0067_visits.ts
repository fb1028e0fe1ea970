import type { Kysely } from 'kysely';
import type { Engine } from '../engine';
import { placeIndexes, withPlace } from './0060_fieldwork_attachments';

/** Visits (走访): door-to-door or by phone, scheduled or random, and what came of them. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await withPlace(e.withId(db.schema.createTable('visits')))
      .addColumn('mode', 'text', (c) => c.notNull()) // door | phone
      .addColumn('plan', 'text', (c) => c.notNull()) // scheduled | random
      .addColumn('status', 'text', (c) => c.notNull()) // planned | done
      .addColumn('scheduled_for', 'bigint')
      .addColumn('visitor_id', 'bigint', (c) => c.references('users.id'))
      .addColumn('resident_name', 'text')
      .addColumn('resident_phone', 'text')
      .addColumn('findings', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('outcome', 'text') // none | order | ledger
      .addColumn('order_id', 'bigint', (c) => c.references('work_orders.id'))
      .addColumn('ledger_entry_id', 'bigint', (c) => c.references('ledger_entries.id'))
      .addColumn('visited_at', 'bigint')
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await placeIndexes(db, 'visits');
  },
});
