/**
 * A lease on a named singleton job (a row in `jobs`), so that when several app servers share one
 * PostgreSQL only one runs the sweep at a time; a crashed holder's lease simply expires.
 *
 * The lease is the lowest-id row of its kind, so if two servers create the row at once both still
 * contend for the same one. Taking it is one conditional UPDATE: on PostgreSQL a concurrent one
 * waits for the row and re-checks the condition against the winner's values, so one succeeds.
 */
import crypto from 'node:crypto';
import type { Db } from '../db';

export const WORKER_ID = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;

/** A lease held by one run. */
export interface Lease {
  kind: string;
  rowId: number;
  holder: string;
  /** The job row's payload (what holders keep between runs), as stored when taken. */
  payload: string | null;
}

async function leaseRow(db: Db, kind: string) {
  return db
    .selectFrom('jobs')
    .select(['id', 'payload_json'])
    .where('kind', '=', kind)
    .where('status', '=', 'lease')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

async function tryLease(db: Db, kind: string, now: number, ttlMs: number, holder: string, reentrant: boolean): Promise<Lease | null> {
  let row = await leaseRow(db, kind);
  if (!row) {
    await db
      .insertInto('jobs')
      .values({ kind, payload_json: null, run_at: now, status: 'lease', locked_by: null, locked_until: null, last_error: null, created_at: now, finished_at: null })
      .execute();
    row = (await leaseRow(db, kind))!;
  }
  const res = await db
    .updateTable('jobs')
    .set({ locked_by: holder, locked_until: now + ttlMs, run_at: now })
    .where('id', '=', row.id)
    .where((eb) => {
      const free = [eb('locked_until', 'is', null), eb('locked_until', '<', now)];
      return eb.or(reentrant ? [...free, eb('locked_by', '=', holder)] : free);
    })
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? { kind, rowId: row.id, holder, payload: row.payload_json } : null;
}

/**
 * Takes the lease for one run, exclusively: every call has its own holder token, so two runs in
 * one process (a slow tick and the next, or a CLI run beside the server) exclude each other just
 * as two servers do. Null when someone holds it.
 */
export function takeLease(db: Db, kind: string, now: number, ttlMs: number): Promise<Lease | null> {
  return tryLease(db, kind, now, ttlMs, `${WORKER_ID}-${crypto.randomBytes(4).toString('hex')}`, false);
}

/** Gives back a lease taken with takeLease (a no-op if it expired and someone else took it). */
export async function dropLease(db: Db, lease: Lease): Promise<void> {
  await db.updateTable('jobs').set({ locked_until: null, locked_by: null }).where('id', '=', lease.rowId).where('locked_by', '=', lease.holder).execute();
}

/** Keeps a small state with the lease (e.g. which settings the last run used), if still held. */
export async function saveLeasePayload(db: Db, lease: Lease, payload: string): Promise<void> {
  await db.updateTable('jobs').set({ payload_json: payload }).where('id', '=', lease.rowId).where('locked_by', '=', lease.holder).execute();
  lease.payload = payload;
}

/**
 * Per-holder lease: re-entrant for the same holder name, which by default is this process. Two
 * overlapping runs in one process both get it — use takeLease when that matters.
 */
export async function acquireLease(db: Db, kind: string, now: number, ttlMs: number, holder = WORKER_ID): Promise<boolean> {
  return (await tryLease(db, kind, now, ttlMs, holder, true)) !== null;
}

export async function releaseLease(db: Db, kind: string, holder = WORKER_ID): Promise<void> {
  await db.updateTable('jobs').set({ locked_until: null, locked_by: null }).where('kind', '=', kind).where('status', '=', 'lease').where('locked_by', '=', holder).execute();
}
