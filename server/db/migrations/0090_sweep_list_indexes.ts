import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * The sweep pages by (next_check_at, id), so its index carries both (on PostgreSQL a btree on
 * next_check_at alone orders ties by heap position, not id). A compound's orders filtered by status
 * (a street supervisor's "dispatched or handling at 上华苑") no longer walk all of the compound's
 * history: at 1M orders a compound holds up to ~130k.
 */
export default (_e: Engine) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('wo_next_check_id')
      .on('work_orders')
      .columns(['next_check_at', 'id'])
      .where(sql.ref('next_check_at'), 'is not', null)
      .execute();
    await db.schema.dropIndex('wo_next_check').execute();
    await db.schema.createIndex('wo_compound_status_received').on('work_orders').columns(['compound_id', 'status', 'received_at']).execute();
  },
});
