import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Events of problems, plans and inspections (ledger entries keep their own ledger_events). */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('supervision_events'))
      .addColumn('entity', 'text', (c) => c.notNull()) // problem | plan | inspection | template
      .addColumn('entity_id', 'bigint', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'bigint', (c) => c.references('users.id'))
      .addColumn('actor_role', 'text')
      .addColumn('payload_json', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    // One record's history in order.
    await db.schema.createIndex('supervision_events_entity').on('supervision_events').columns(['entity', 'entity_id', 'id']).execute();
  },
});
