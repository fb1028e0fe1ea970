import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * The settled balance per resident, and which ledger entries it already holds. A debit is one
 * `update … where balance >= cost`, so concurrent redemptions can never take it below zero; the
 * check constraint is the last line of defence. Settling inserts a row here, the ledger stays untouched.
 */
export default (_e: Engine) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('points_balances')
      .addColumn('user_id', 'bigint', (c) => c.primaryKey().references('users.id'))
      .addColumn('balance', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addCheckConstraint('points_balances_nonnegative', sql`balance >= 0`)
      .execute();
    await db.schema
      .createTable('points_settlements')
      .addColumn('entry_id', 'bigint', (c) => c.primaryKey().references('points_ledger.id'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('settled_at', 'bigint', (c) => c.notNull())
      .execute();
  },
});
