import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Work orders, their units (lead + co) and the append-only event log. */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('work_orders'))
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('category_id', 'bigint', (c) => c.notNull().references('categories.id'))
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('place_id', 'bigint', (c) => c.notNull().references('places.id'))
      .addColumn('street_id', 'bigint')
      .addColumn('community_id', 'bigint')
      .addColumn('compound_id', 'bigint')
      .addColumn('building_id', 'bigint')
      .addColumn('address', 'text')
      .addColumn('lat', 'double precision')
      .addColumn('lng', 'double precision')
      .addColumn('caller_name', 'text')
      .addColumn('caller_phone', 'text')
      .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reporter_user_id', 'bigint', (c) => c.references('users.id'))
      .addColumn('received_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('attributes_json', 'text')
      .addColumn('lead_unit_id', 'bigint', (c) => c.references('units.id'))
      .addColumn('merged_into_id', 'bigint', (c) => c.references('work_orders.id'))
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('dispatched_at', 'bigint')
      .addColumn('signoff_due_at', 'bigint')
      .addColumn('response_due_at', 'bigint')
      .addColumn('resolution_due_at', 'bigint')
      .addColumn('resolution_limit', 'text')
      .addColumn('accepted_at', 'bigint')
      .addColumn('contacted_at', 'bigint')
      .addColumn('replied_at', 'bigint')
      .addColumn('closed_at', 'bigint')
      .addColumn('extension_requested_until', 'bigint')
      .addColumn('urge_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('auto_urged', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('supervision_level', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('overdue', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('flagged_3x', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('redo_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('return_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rating_resolution', 'text')
      .addColumn('rating_satisfaction', 'text')
      .addColumn('rated_at', 'bigint')
      .addColumn('verify_pending', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_check_at', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    const idx = (name: string, cols: string[]) => db.schema.createIndex(name).on('work_orders').columns(cols).execute();
    // Default list order and date-range filters for district-wide users.
    await idx('wo_received', ['received_at']);
    // Scoped lists: a street / community / compound supervisor's newest orders.
    await idx('wo_street_received', ['street_id', 'received_at']);
    await idx('wo_community_received', ['community_id', 'received_at']);
    await idx('wo_compound_received', ['compound_id', 'received_at']);
    // Status filter and triage queue.
    await idx('wo_status_received', ['status', 'received_at']);
    // Category filter.
    await idx('wo_category_received', ['category_id', 'received_at']);
    // A resident's own requests.
    await idx('wo_reporter', ['reporter_user_id', 'received_at']);
    // The deadline sweep reads only orders with something due: cost follows what is coming due.
    await db.schema
      .createIndex('wo_next_check')
      .on('work_orders')
      .column('next_check_at')
      .where(sql.ref('next_check_at'), 'is not', null)
      .execute();

    await db.schema
      .createTable('order_units')
      .addColumn('order_id', 'bigint', (c) => c.notNull().references('work_orders.id'))
      .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('assigned_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('order_units_pk', ['order_id', 'unit_id'])
      .execute();
    // A handler's scope: the orders their unit leads or co-handles.
    await db.schema.createIndex('order_units_unit').on('order_units').columns(['unit_id', 'order_id']).execute();

    await e
      .withId(db.schema.createTable('order_events'))
      .addColumn('order_id', 'bigint', (c) => c.notNull().references('work_orders.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'bigint', (c) => c.references('users.id'))
      .addColumn('actor_role', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text')
      .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('payload_json', 'text')
      .execute();
    // An order's timeline.
    await db.schema.createIndex('order_events_order').on('order_events').columns(['order_id', 'id']).execute();
  },
});
