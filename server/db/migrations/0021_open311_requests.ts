import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * What an Open311 client told us about a request beyond the work order itself: which key sent it,
 * the reporter's contact fields, the media URL, and the token GET tokens/{token} answers for.
 */
export default (_e: Engine) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('open311_requests')
      .addColumn('order_id', 'bigint', (c) => c.primaryKey().references('work_orders.id'))
      .addColumn('api_key_id', 'bigint', (c) => c.notNull().references('api_keys.id'))
      .addColumn('token', 'text', (c) => c.notNull().unique())
      .addColumn('service_notice', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text')
      .addColumn('email', 'text')
      .addColumn('device_id', 'text')
      .addColumn('first_name', 'text')
      .addColumn('last_name', 'text')
      .addColumn('phone', 'text')
      .addColumn('media_url', 'text')
      .addColumn('address_string', 'text')
      .addColumn('address_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
});
