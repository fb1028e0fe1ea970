import type { Kysely } from 'kysely';
import type { Engine } from '../engine';
import { placeIndexes, withPlace } from './0060_fieldwork_attachments';

/** Campaigns (专项行动): the task force of units, the points (点位) and their counted quantities. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await withPlace(e.withId(db.schema.createTable('campaigns')))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      // [{code, name, unit}]: the quantities counted at each point (metres of wire, poles…).
      .addColumn('quantity_kinds_json', 'text', (c) => c.notNull())
      .addColumn('starts_on', 'text')
      .addColumn('ends_on', 'text')
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await placeIndexes(db, 'campaigns');
    await db.schema
      .createTable('campaign_units')
      .addColumn('campaign_id', 'bigint', (c) => c.notNull().references('campaigns.id'))
      .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
      .addColumn('role', 'text', (c) => c.notNull()) // coordinator | member
      .addPrimaryKeyConstraint('campaign_units_pk', ['campaign_id', 'unit_id'])
      .execute();
    // The campaigns a unit serves on (a handler's view).
    await db.schema.createIndex('campaign_units_unit').on('campaign_units').columns(['unit_id']).execute();
    await withPlace(e.withId(db.schema.createTable('campaign_points')))
      .addColumn('campaign_id', 'bigint', (c) => c.notNull().references('campaigns.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'text', (c) => c.notNull()) // pending | in_progress | done
      .addColumn('unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('checkpoint_id', 'bigint', (c) => c.references('patrol_checkpoints.id'))
      .addColumn('closed_at', 'bigint')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // A campaign's points.
    await db.schema.createIndex('campaign_points_campaign').on('campaign_points').columns(['campaign_id', 'id']).execute();
    await db.schema
      .createTable('campaign_point_quantities')
      .addColumn('point_id', 'bigint', (c) => c.notNull().references('campaign_points.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('amount', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('campaign_point_quantities_pk', ['point_id', 'kind'])
      .execute();
  },
});
