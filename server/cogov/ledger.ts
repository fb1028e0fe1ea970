/**
 * The points ledger (积分台账). Entries are only ever inserted; the settled balance lives in
 * points_balances and which entries it holds in points_settlements. Every function takes the
 * transaction of the change it belongs to.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../db';
import { AppError } from '../errors';

export const DAY_MS = 24 * 3600_000;

export interface NewEntry {
  userId: number;
  kind: 'credit' | 'debit' | 'reversal';
  delta: number;
  reason: string;
  refType: 'attendance' | 'redemption' | 'entry';
  refId: number;
  activityId?: number | null;
  reversesId?: number | null;
  settlesAt: number;
  createdBy: number | null;
  now: number;
}

const insufficient = () => new AppError('rule_violation', 'points', { zh: '积分不足', en: 'not enough points' });

/** Adds `delta` to the settled balance; a debit succeeds only while the balance covers it (one conditional update). */
async function applyToBalance(tx: Tx, userId: number, delta: number, now: number): Promise<void> {
  if (delta === 0) return;
  if (delta > 0) {
    await tx
      .insertInto('points_balances')
      .values({ user_id: userId, balance: delta, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ balance: sql<number>`points_balances.balance + ${delta}`, updated_at: now }))
      .execute();
    return;
  }
  const res = await tx
    .updateTable('points_balances')
    .set({ balance: sql<number>`balance + ${delta}`, updated_at: now })
    .where('user_id', '=', userId)
    .where('balance', '>=', -delta)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw insufficient();
}

/** Appends an entry; one that settles now (debits, reversals of debits) moves the balance at once. */
export async function appendEntry(tx: Tx, e: NewEntry): Promise<number> {
  const { id } = await tx
    .insertInto('points_ledger')
    .values({
      user_id: e.userId,
      kind: e.kind,
      delta: e.delta,
      reason: e.reason,
      ref_type: e.refType,
      ref_id: e.refId,
      activity_id: e.activityId ?? null,
      reverses_id: e.reversesId ?? null,
      settles_at: e.settlesAt,
      created_by: e.createdBy,
      created_at: e.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (e.settlesAt <= e.now) {
    await applyToBalance(tx, e.userId, e.delta, e.now);
    await tx.insertInto('points_settlements').values({ entry_id: id, user_id: e.userId, settled_at: e.now }).execute();
  }
  return id;
}

/**
 * Settles every entry whose notice period has ended (公示期满): records it as settled and adds it
 * to the balance. Safe to run concurrently — an entry another run settled first is skipped.
 */
export async function settleDue(tx: Tx, now: number, userId?: number): Promise<number> {
  let q = tx
    .selectFrom('points_ledger as l')
    .leftJoin('points_settlements as s', 's.entry_id', 'l.id')
    .select(['l.id', 'l.user_id', 'l.delta'])
    .where('s.entry_id', 'is', null)
    .where('l.settles_at', '<=', now);
  if (userId !== undefined) q = q.where('l.user_id', '=', userId);
  const due = await q.orderBy('l.id').execute();
  if (!due.length) return 0;
  const settled = await tx
    .insertInto('points_settlements')
    .values(due.map((d) => ({ entry_id: d.id, user_id: d.user_id, settled_at: now })))
    .onConflict((oc) => oc.column('entry_id').doNothing())
    .returning('entry_id')
    .execute();
  const mine = new Set(settled.map((s) => Number(s.entry_id)));
  const perUser = new Map<number, number>();
  for (const d of due) if (mine.has(d.id)) perUser.set(d.user_id, (perUser.get(d.user_id) ?? 0) + d.delta);
  for (const [user, delta] of perUser) await applyToBalance(tx, user, delta, now);
  return mine.size;
}

/** Settles due entries for everyone (the sweep; also run on reads of one resident's points). */
export async function settleAll(db: Db, now: number): Promise<number> {
  return db.transaction().execute((tx) => settleDue(tx, now));
}

/** Settled balance and points still in their notice period. */
export async function balanceOf(db: Db | Tx, userId: number): Promise<{ balance: number; pending: number }> {
  const b = await db.selectFrom('points_balances').select('balance').where('user_id', '=', userId).executeTakeFirst();
  const p = await db
    .selectFrom('points_ledger as l')
    .leftJoin('points_settlements as s', 's.entry_id', 'l.id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('l.delta'), sql<number>`0`).as('n'))
    .where('s.entry_id', 'is', null)
    .where('l.user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { balance: b?.balance ?? 0, pending: Number(p.n) };
}

/** Points a resident holds from one activity (credits less their reversals), for the per-activity cap. */
export async function creditedForActivity(tx: Tx, activityId: number, userId: number): Promise<number> {
  const r = await tx
    .selectFrom('points_ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), sql<number>`0`).as('n'))
    .where('activity_id', '=', activityId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Ledger entries with their activity's title and when they settled (the shape presentEntry reads). */
export function ledgerEntries(db: Db | Tx) {
  return db
    .selectFrom('points_ledger as l')
    .leftJoin('points_settlements as s', 's.entry_id', 'l.id')
    .leftJoin('activities as a', 'a.id', 'l.activity_id')
    .select([
      'l.id',
      'l.kind',
      'l.delta',
      'l.reason',
      'l.ref_type',
      'l.ref_id',
      'l.activity_id',
      'a.title as activity_title',
      'l.reverses_id',
      'l.settles_at',
      'l.created_at',
      's.settled_at',
    ]);
}

/** A resident's history, newest first, with whether each entry has settled. */
export async function historyOf(db: Db, userId: number, limit: number) {
  return ledgerEntries(db).where('l.user_id', '=', userId).orderBy('l.id', 'desc').limit(limit).execute();
}

/** One entry as the history shows it. */
export async function entryView(db: Db | Tx, id: number) {
  return ledgerEntries(db).where('l.id', '=', id).executeTakeFirst();
}

/**
 * Corrects a credit by appending its reversal. A credit still in its notice period is reversed
 * in step with it (both settle together, net zero); a settled one takes the points back now, and
 * is refused when they were already spent.
 */
export async function reverseCredit(
  tx: Tx,
  entry: {
    id: number;
    user_id: number;
    delta: number;
    kind: string;
    ref_type: string;
    ref_id: number;
    activity_id: number | null;
    settles_at: number;
  },
  reason: string,
  actorId: number,
  now: number,
): Promise<number> {
  if (entry.kind !== 'credit')
    throw new AppError('rule_violation', 'entryId', { zh: '只能冲正积分发放记录', en: 'only credits can be reversed here' });
  const already = await tx.selectFrom('points_ledger').select('id').where('reverses_id', '=', entry.id).executeTakeFirst();
  if (already) throw new AppError('conflict', 'entryId', { zh: '该记录已冲正', en: 'this entry was already reversed' });
  await settleDue(tx, now, entry.user_id);
  const settled = await tx.selectFrom('points_settlements').select('entry_id').where('entry_id', '=', entry.id).executeTakeFirst();
  return appendEntry(tx, {
    userId: entry.user_id,
    kind: 'reversal',
    delta: -entry.delta,
    reason,
    refType: entry.ref_type as NewEntry['refType'],
    refId: entry.ref_id,
    activityId: entry.activity_id,
    reversesId: entry.id,
    settlesAt: settled ? now : entry.settles_at,
    createdBy: actorId,
    now,
  });
}
