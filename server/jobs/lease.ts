/**
 * A lease on a named singleton job (a row in `jobs`), so that when several app servers share one
 * PostgreSQL only one runs the sweep at a time; a crashed holder's lease simply expires.
 */
import crypto from 'node:crypto';
import type { Db } from '../db';

export const WORKER_ID = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;

export async function acquireLease(db: Db, kind: string, now: number, ttlMs: number, holder = WORKER_ID): Promise<boolean> {
  const existing = await db.selectFrom('jobs').select('id').where('kind', '=', kind).where('status', '=', 'lease').executeTakeFirst();
  if (!existing) {
    await db
      .insertInto('jobs')
      .values({ kind, payload_json: null, run_at: now, status: 'lease', locked_by: null, locked_until: null, last_error: null, created_at: now, finished_at: null })
      .execute()
      .catch(() => undefined); // another server inserted it first
  }
  const res = await db
    .updateTable('jobs')
    .set({ locked_by: holder, locked_until: now + ttlMs, run_at: now })
    .where('kind', '=', kind)
    .where('status', '=', 'lease')
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now), eb('locked_by', '=', holder)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function releaseLease(db: Db, kind: string, holder = WORKER_ID): Promise<void> {
  await db.updateTable('jobs').set({ locked_until: null, locked_by: null }).where('kind', '=', kind).where('status', '=', 'lease').where('locked_by', '=', holder).execute();
}
