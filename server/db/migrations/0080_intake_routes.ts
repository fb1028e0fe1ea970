import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * Smart intake, routing: every unit suggestion shown (intake form, triage queue) with the unit the
 * dispatcher finally chose, plus the dispatches of the order history; the next suggestion for the
 * same category × compound prefers what dispatchers actually chose.
 */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('intake_routes'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('suggestion_id', 'bigint', (c) => c.references('intake_suggestions.id'))
      .addColumn('order_id', 'bigint', (c) => c.references('work_orders.id'))
      .addColumn('user_id', 'bigint', (c) => c.references('users.id'))
      .addColumn('category_id', 'bigint', (c) => c.notNull().references('categories.id'))
      .addColumn('place_id', 'bigint', (c) => c.notNull().references('places.id'))
      .addColumn('area_id', 'bigint', (c) => c.notNull())
      .addColumn('suggested_unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('learned', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reason', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('chosen_unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('decided_at', 'bigint')
      .execute();
    // The last decisions of a category × area (learnedChoices), newest first.
    await db.schema.createIndex('intake_routes_learn').on('intake_routes').columns(['category_id', 'area_id', 'decided_at']).execute();
    // The queue's open suggestion of an order; the history import skips orders already decided.
    await db.schema.createIndex('intake_routes_order').on('intake_routes').columns(['order_id']).execute();
    // Acceptance per month (intakeStats).
    await db.schema.createIndex('intake_routes_created').on('intake_routes').columns(['created_at']).execute();
    // The newest dispatch already imported from the history (importDispatchHistory).
    await db.schema.createIndex('intake_routes_source').on('intake_routes').columns(['source', 'decided_at']).execute();
  },
});
