import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Problems (治理问题): the root cause shared by several orders, and the orders linked to one. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('problems'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('place_id', 'bigint', (c) => c.notNull().references('places.id'))
      // The place's ancestry, copied for scoping by subtree as on orders.
      .addColumn('street_id', 'bigint')
      .addColumn('community_id', 'bigint')
      .addColumn('compound_id', 'bigint')
      .addColumn('building_id', 'bigint')
      .addColumn('category_id', 'bigint', (c) => c.references('categories.id'))
      .addColumn('source_key', 'text', (c) => c.unique())
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // A street's or compound's problems (GET /api/problems scoped by subtree).
    await db.schema.createIndex('problems_compound').on('problems').columns(['compound_id', 'id']).execute();
    await db.schema.createIndex('problems_street').on('problems').columns(['street_id', 'id']).execute();
    await db.schema
      .createTable('problem_orders')
      .addColumn('problem_id', 'bigint', (c) => c.notNull().references('problems.id'))
      .addColumn('order_id', 'bigint', (c) => c.notNull().references('work_orders.id'))
      .addColumn('linked_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('linked_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('problem_orders_pk', ['problem_id', 'order_id'])
      .execute();
    // Which problems an order belongs to.
    await db.schema.createIndex('problem_orders_order').on('problem_orders').columns(['order_id']).execute();
  },
});
