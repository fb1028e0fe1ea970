/**
 * The points shop (积分超市): catalogue, redeeming (points and stock taken in one transaction by
 * conditional updates), the merchant's one-time verification, and cancellation or expiry, which
 * return both. Each function runs inside the caller's transaction.
 */
import { sql } from 'kysely';
import type { SessionActor } from '../../auth/actor';
import type { Db, Tx } from '../../db';
import { AppError, notFound } from '../../errors';
import { hashRewardCode, newRewardCode } from '../codes';
import { DAY_MS, appendEntry, settleDue } from '../ledger';
import { auditCogov } from '../audit';
import { presentRedemption, presentReward } from '../present';
import { redemptionsOf, type RedemptionRow } from '../queries';
import type { CreateRewardInput, UpdateRewardInput } from '../schema';

const rewardView = async (tx: Tx, id: number) =>
  presentReward(await tx.selectFrom('rewards').selectAll().where('id', '=', id).executeTakeFirstOrThrow());

export async function createReward(tx: Tx, actor: SessionActor, b: CreateRewardInput, now: number) {
  if (b.merchantUserId !== undefined) {
    const m = await tx.selectFrom('users').select(['role', 'active']).where('id', '=', b.merchantUserId).executeTakeFirst();
    if (!m || !m.active) throw new AppError('unknown_reference', 'merchantUserId');
    if (m.role !== 'merchant')
      throw new AppError('rule_violation', 'merchantUserId', { zh: '兑付方须为商户账号', en: 'must be a merchant account' });
  }
  if (b.unitId !== undefined && !(await tx.selectFrom('units').select('id').where('id', '=', b.unitId).executeTakeFirst()))
    throw new AppError('unknown_reference', 'unitId');
  if (b.placeId !== undefined && !(await tx.selectFrom('places').select('id').where('id', '=', b.placeId).executeTakeFirst()))
    throw new AppError('unknown_reference', 'placeId');
  if (b.merchantUserId === undefined && b.unitId === undefined)
    throw new AppError('validation', 'merchantUserId', { zh: '须指定兑付的商户或单位', en: 'name the merchant or unit that honours it' });
  const { id } = await tx
    .insertInto('rewards')
    .values({
      name: b.name,
      kind: b.kind,
      description: b.description ?? '',
      price: b.price,
      stock: b.stock,
      merchant_user_id: b.merchantUserId ?? null,
      unit_id: b.unitId ?? null,
      honoured_by: b.honouredBy,
      place_id: b.placeId ?? null,
      valid_days: b.validDays,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await auditCogov(tx, actor, 'reward', 'create', id, null, await rewardView(tx, id), now);
  return id;
}

/** The administrator restocks, reprices, renames or withdraws a reward; codes already issued keep their price. */
export async function updateReward(tx: Tx, actor: SessionActor, rewardId: number, b: UpdateRewardInput, now: number) {
  const r = await tx.selectFrom('rewards').select('id').where('id', '=', rewardId).executeTakeFirst();
  if (!r) throw notFound('id');
  const before = await rewardView(tx, r.id);
  await tx
    .updateTable('rewards')
    .set({
      ...(b.name !== undefined ? { name: b.name } : {}),
      ...(b.description !== undefined ? { description: b.description } : {}),
      ...(b.price !== undefined ? { price: b.price } : {}),
      ...(b.stock !== undefined ? { stock: b.stock } : {}),
      ...(b.active !== undefined ? { active: b.active ? 1 : 0 } : {}),
    })
    .where('id', '=', r.id)
    .execute();
  await auditCogov(tx, actor, 'reward', 'update', r.id, before, await rewardView(tx, r.id), now);
}

/**
 * Redeems a reward: the balance is debited by `update … where balance >= price` and the stock by
 * `update … where stock >= 1`, so parallel redemptions succeed exactly as far as points and
 * stock go; a refusal rolls back the whole transaction.
 */
export async function redeemReward(tx: Tx, actor: SessionActor, rewardId: number, now: number) {
  await settleDue(tx, now, actor.id);
  const reward = await tx.selectFrom('rewards').selectAll().where('id', '=', rewardId).where('active', '=', 1).executeTakeFirst();
  if (!reward) throw notFound('id');
  const stock = await tx
    .updateTable('rewards')
    .set({ stock: sql<number>`stock - 1` })
    .where('id', '=', reward.id)
    .where('stock', '>=', 1)
    .executeTakeFirst();
  if (Number(stock.numUpdatedRows) !== 1) throw new AppError('conflict', 'stock', { zh: '库存不足', en: 'out of stock' });
  const code = newRewardCode();
  const { id } = await tx
    .insertInto('redemptions')
    .values({
      reward_id: reward.id,
      user_id: actor.id,
      cost: reward.price,
      code_hash: code.hash,
      code_hint: code.hint,
      status: 'issued',
      expires_at: now + reward.valid_days * DAY_MS,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Throws rule_violation/points when the balance does not cover the price.
  await appendEntry(tx, {
    userId: actor.id,
    kind: 'debit',
    delta: -reward.price,
    reason: `兑换 ${reward.name}`,
    refType: 'redemption',
    refId: id,
    settlesAt: now,
    createdBy: actor.id,
    now,
  });
  return { id, code: code.code };
}

/** Returns the points (a reversal entry) and the stock of a redemption that ends unused. */
async function giveBack(tx: Tx, r: RedemptionRow, status: 'cancelled' | 'expired', actorId: number | null, now: number) {
  const res = await tx
    .updateTable('redemptions')
    .set({ status, closed_at: now })
    .where('id', '=', r.id)
    .where('status', '=', 'issued')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw new AppError('conflict', 'id', { zh: '兑换码已使用或已失效', en: 'the code was already used or closed' });
  const debit = await tx
    .selectFrom('points_ledger')
    .select('id')
    .where('ref_type', '=', 'redemption')
    .where('ref_id', '=', r.id)
    .where('kind', '=', 'debit')
    .executeTakeFirstOrThrow();
  await appendEntry(tx, {
    userId: r.user_id,
    kind: 'reversal',
    delta: r.cost,
    reason: status === 'cancelled' ? `取消兑换 ${r.reward_name}` : `兑换码过期 ${r.reward_name}`,
    refType: 'redemption',
    refId: r.id,
    reversesId: debit.id,
    settlesAt: now,
    createdBy: actorId,
    now,
  });
  await tx
    .updateTable('rewards')
    .set({ stock: sql<number>`stock + 1` })
    .where('id', '=', r.reward_id)
    .execute();
}

/**
 * A new code for an unused redemption, for a resident who lost the one shown at redemption
 * (only hashes are kept, so the old code cannot be shown again); the old code stops working.
 */
export async function reissueRedemptionCode(tx: Tx, actor: SessionActor, redemptionId: number, now: number) {
  const [r] = await redemptionsOf(tx, { id: redemptionId });
  if (!r || r.user_id !== actor.id) throw notFound('id');
  if (r.status !== 'issued' || r.expires_at <= now)
    throw new AppError('conflict', 'id', { zh: '兑换码已使用或已失效', en: 'the code was already used or closed' });
  const code = newRewardCode();
  const res = await tx
    .updateTable('redemptions')
    .set({ code_hash: code.hash, code_hint: code.hint })
    .where('id', '=', r.id)
    .where('status', '=', 'issued')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'id');
  return code.code;
}

/** The resident gives an unused code back. */
export async function cancelRedemption(tx: Tx, actor: SessionActor, redemptionId: number, now: number) {
  const [r] = await redemptionsOf(tx, { id: redemptionId });
  if (!r || (r.user_id !== actor.id && actor.role !== 'admin')) throw notFound('id');
  if (r.status !== 'issued')
    throw new AppError('conflict', 'id', { zh: '兑换码已使用或已失效', en: 'the code was already used or closed' });
  await giveBack(tx, r, 'cancelled', actor.id, now);
}

/** Closes every code past its expiry, returning points and stock (the sweep; also run on reads). */
export async function expireRedemptions(tx: Tx, now: number, userId?: number): Promise<number> {
  let q = tx.selectFrom('redemptions').select('id').where('status', '=', 'issued').where('expires_at', '<=', now);
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  const due = await q.orderBy('id').execute();
  for (const d of due) {
    const [r] = await redemptionsOf(tx, { id: d.id });
    if (r?.status === 'issued') await giveBack(tx, r, 'expired', null, now);
  }
  return due.length;
}

/** The co-governance sweep: settle credits whose notice ended, expire unused reward codes. */
export async function sweepCogov(db: Db, now: number) {
  return db.transaction().execute(async (tx) => ({ settled: await settleDue(tx, now), expired: await expireRedemptions(tx, now) }));
}

/**
 * The merchant (or unit) that honours the reward verifies a code, once. A code of another
 * merchant's reward is "not found"; a used, closed or expired one is refused and nothing changes.
 */
export async function verifyRedemption(tx: Tx, actor: SessionActor, code: string, now: number) {
  const [r] = await redemptionsOf(tx, { codeHash: hashRewardCode(code) });
  const honours = r && (actor.role === 'admin' || r.merchant_user_id === actor.id || (r.unit_id !== null && r.unit_id === actor.unitId));
  if (!r || !honours) throw new AppError('not_found', 'code', { zh: '兑换码无效', en: 'no such code' });
  if (r.status === 'used') throw new AppError('conflict', 'code', { zh: '兑换码已使用', en: 'the code was already used' });
  if (r.status !== 'issued')
    throw new AppError('conflict', 'code', { zh: '兑换码已取消或过期', en: 'the code was cancelled or has expired' });
  if (r.expires_at <= now) throw new AppError('rule_violation', 'code', { zh: '兑换码已过期', en: 'the code has expired' });
  const res = await tx
    .updateTable('redemptions')
    .set({ status: 'used', used_at: now, used_by: actor.id, closed_at: now })
    .where('id', '=', r.id)
    .where('status', '=', 'issued')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'code', { zh: '兑换码已使用', en: 'the code was already used' });
  const [after] = await redemptionsOf(tx, { id: r.id });
  await auditCogov(tx, actor, 'redemption', 'verify', r.id, presentRedemption(r), presentRedemption(after!), now);
  return r.id;
}
