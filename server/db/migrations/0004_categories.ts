import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** The category tree with deadlines per priority and typed extra questions. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('categories'))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('parent_id', 'bigint', (c) => c.references('categories.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('default_unit_kind', 'text', (c) => c.references('unit_kinds.code'))
      .addColumn('keywords', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('category_sla')
      .addColumn('category_id', 'bigint', (c) => c.notNull().references('categories.id'))
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('signoff', 'text', (c) => c.notNull())
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('resolution', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('category_sla_pk', ['category_id', 'priority'])
      .execute();
    await e
      .withId(db.schema.createTable('category_fields'))
      .addColumn('category_id', 'bigint', (c) => c.notNull().references('categories.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('label_en', 'text', (c) => c.notNull())
      .addColumn('datatype', 'text', (c) => c.notNull())
      .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('values_json', 'text')
      .addColumn('description', 'text')
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .addUniqueConstraint('category_fields_code', ['category_id', 'code'])
      .execute();
  },
});
