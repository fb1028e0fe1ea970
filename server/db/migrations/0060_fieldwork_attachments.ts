import type { CreateTableBuilder, Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * The place columns of every fieldwork row: the place itself and its ancestry, copied for scoping
 * by subtree as on orders (a street's, community's or compound's rows).
 */
export function withPlace<T extends string, C extends string>(tb: CreateTableBuilder<T, C>) {
  return tb
    .addColumn('place_id', 'bigint', (c) => c.notNull().references('places.id'))
    .addColumn('street_id', 'bigint')
    .addColumn('community_id', 'bigint')
    .addColumn('compound_id', 'bigint')
    .addColumn('building_id', 'bigint');
}

/** Indexes serving the scoped lists of a fieldwork table (by street, by compound). */
export async function placeIndexes(db: Kysely<any>, table: string) {
  await db.schema.createIndex(`${table}_street`).on(table).columns(['street_id', 'id']).execute();
  await db.schema.createIndex(`${table}_community`).on(table).columns(['community_id', 'id']).execute();
  await db.schema.createIndex(`${table}_compound`).on(table).columns(['compound_id', 'id']).execute();
}

/** Photos of fieldwork records (patrol records, campaign points before/after, facility records, visits). */
export default (_e: Engine) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('fieldwork_attachments')
      .addColumn('entity', 'text', (c) => c.notNull()) // patrol_record | campaign_point | facility_record | visit
      .addColumn('entity_id', 'bigint', (c) => c.notNull())
      .addColumn('attachment_id', 'bigint', (c) => c.notNull().unique().references('attachments.id'))
      .addColumn('phase', 'text', (c) => c.notNull()) // photo | before | after
      .execute();
    // One record's photos.
    await db.schema.createIndex('fieldwork_attachments_entity').on('fieldwork_attachments').columns(['entity', 'entity_id']).execute();
  },
});
