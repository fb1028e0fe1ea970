import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Inspection plans (a seeded random sample or an explicit 回头看 list) and one inspection per compound. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('inspection_plans'))
      .addColumn('template_id', 'bigint', (c) => c.notNull().references('inspection_templates.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull()) // sample | look_back
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('seed', 'text')
      .addColumn('sample_size', 'integer')
      .addColumn('scope_place_id', 'bigint', (c) => c.references('places.id'))
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await e
      .withId(db.schema.createTable('inspections'))
      .addColumn('plan_id', 'bigint', (c) => c.notNull().references('inspection_plans.id'))
      .addColumn('compound_id', 'bigint', (c) => c.notNull().references('places.id'))
      .addColumn('street_id', 'bigint')
      .addColumn('community_id', 'bigint')
      .addColumn('status', 'text', (c) => c.notNull()) // pending | rectifying | passed
      .addColumn('inspector_id', 'bigint', (c) => c.references('users.id'))
      .addColumn('recorded_at', 'bigint')
      .addColumn('score', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('inspections_plan_compound', ['plan_id', 'compound_id'])
      .execute();
    // A compound's inspection history; a street's inspections (scoped lists).
    await db.schema.createIndex('inspections_compound').on('inspections').columns(['compound_id', 'id']).execute();
    await db.schema.createIndex('inspections_street').on('inspections').columns(['street_id', 'id']).execute();
  },
});
