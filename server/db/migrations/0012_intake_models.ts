import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * Smart intake: versioned category models trained on the district's own closed orders, and a log
 * of every suggestion shown with what the dispatcher chose (corrections feed the next training;
 * the acceptance rate per month comes from here).
 */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('intake_models'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('trained_on', 'integer', (c) => c.notNull())
      .addColumn('labels', 'integer', (c) => c.notNull())
      .addColumn('train_ms', 'integer', (c) => c.notNull())
      .addColumn('model_json', 'text', (c) => c.notNull())
      .execute();
    await e
      .withId(db.schema.createTable('intake_suggestions'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('model_id', 'bigint', (c) => c.references('intake_models.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('place_id', 'bigint')
      .addColumn('suggested_json', 'text', (c) => c.notNull())
      .addColumn('top_category_id', 'bigint')
      .addColumn('top_unit_id', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('chosen_category_id', 'bigint')
      .addColumn('chosen_unit_id', 'bigint')
      .addColumn('order_id', 'bigint')
      .addColumn('decided_at', 'bigint')
      .execute();
    // Acceptance rate per month; corrections since a date for training.
    await db.schema.createIndex('intake_suggestions_created').on('intake_suggestions').column('created_at').execute();
  },
});
