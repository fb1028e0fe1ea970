import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Property-company credit (物业信用) records, and published monthly rankings (红榜/黑榜). */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('credit_records'))
      .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
      .addColumn('kind', 'text', (c) => c.notNull()) // good | bad
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('points', 'real', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('source', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_id', 'bigint', (c) => c.references('users.id'))
      .execute();
    // A unit's history; the same source never records twice for a unit and rule.
    await db.schema.createIndex('credit_records_unit').on('credit_records').columns(['unit_id', 'at']).execute();
    await db.schema.createIndex('credit_records_source').on('credit_records').columns(['unit_id', 'rule', 'source']).unique().execute();
    await e
      .withId(db.schema.createTable('ranking_publications'))
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('group_by', 'text', (c) => c.notNull())
      .addColumn('peer', 'text', (c) => c.notNull())
      .addColumn('scheme', 'text', (c) => c.notNull())
      .addColumn('red_json', 'text', (c) => c.notNull())
      .addColumn('black_json', 'text', (c) => c.notNull())
      .addColumn('look_back_plan_id', 'bigint')
      .addColumn('published_by', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('published_at', 'bigint', (c) => c.notNull())
      .execute();
    // One publication per month, grouping and peer group.
    await db.schema.createIndex('ranking_publications_key').on('ranking_publications').columns(['month', 'group_by', 'peer']).unique().execute();
  },
});
