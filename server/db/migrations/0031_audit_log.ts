import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** The administrator's audit trail: who changed which record, from what to what, and when. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('audit_log'))
      .addColumn('actor_id', 'bigint', (c) => c.references('users.id'))
      .addColumn('actor_role', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('before_json', 'text')
      .addColumn('after_json', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    // One record's history, newest first (GET /api/admin/audit?entity=&entityId=).
    await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id', 'id']).execute();
    // What one administrator did, newest first (GET /api/admin/audit?actorId=).
    await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'id']).execute();
  },
});
