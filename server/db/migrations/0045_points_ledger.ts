import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine';

/**
 * The points ledger (积分台账): append-only. A credit, debit or reversal is a row with a signed
 * delta, a reason and a reference; rows are never updated — a correction is a reversal row.
 */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e
      .withId(db.schema.createTable('points_ledger'))
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull()) // credit | debit | reversal
      .addColumn('delta', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('ref_type', 'text', (c) => c.notNull()) // attendance | redemption | entry
      .addColumn('ref_id', 'bigint', (c) => c.notNull())
      .addColumn('activity_id', 'bigint', (c) => c.references('activities.id'))
      .addColumn('reverses_id', 'bigint', (c) => c.references('points_ledger.id'))
      // When the entry counts toward the balance: later than created_at during a public notice (公示).
      .addColumn('settles_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'bigint', (c) => c.references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addCheckConstraint(
        'points_ledger_sign',
        sql`(kind = 'credit' and delta > 0) or (kind = 'debit' and delta < 0) or (kind = 'reversal' and delta <> 0)`,
      )
      .execute();
    // A resident's history, newest first (GET /api/cogov/me/points).
    await db.schema.createIndex('points_ledger_user').on('points_ledger').columns(['user_id', 'id']).execute();
    // An entry is reversed at most once.
    await db.schema.createIndex('points_ledger_reverses').on('points_ledger').column('reverses_id').unique().execute();
    // Per-activity caps and totals; monthly reports.
    await db.schema.createIndex('points_ledger_activity').on('points_ledger').columns(['activity_id', 'user_id']).execute();
    await db.schema.createIndex('points_ledger_created').on('points_ledger').column('created_at').execute();
  },
});
