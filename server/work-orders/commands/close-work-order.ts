/** The end of the loop: rating, redo, closing (销号), direct answers, cancel, merge and re-verification. */
import type { ActionBodies } from '../../../common/api';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import { AppError } from '../../errors';
import { linkAttachments } from '../../attachments/link';
import { findVisibleOrder } from '../queries';
import { resolutionClock } from '../sla';
import { applyTransition, checkTransition, type TransitionRequest } from './apply-transition';
import { recordEvent } from './record-event';

const RATING_CLEARED = { rating_resolution: null, rating_satisfaction: null, rated_at: null, replied_at: null, closed_at: null } as const;

/** A new resolution clock for the same unit (redo, reopen), from now, with the order's limit. */
async function restartClock(ctx: AppContext, tx: Tx, req: TransitionRequest) {
  const limit = req.order.resolution_limit ?? '7wd';
  return resolutionClock(ctx.clock.now(), limit, await ctx.calendar.get(tx));
}

/** 回访评价: 不满意 goes to a supervisor to judge fault; anything else closes the order. */
export function rateWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['rate']) {
  const now = ctx.clock.now();
  const unsatisfied = body.satisfaction === 'unsatisfied';
  return applyTransition(ctx, tx, actor, req, {
    to: unsatisfied ? 'judging' : 'closed',
    set: { rating_resolution: body.resolution as string, rating_satisfaction: body.satisfaction as string, rated_at: now, closed_at: unsatisfied ? null : now },
    public: true,
    payload: { resolution: body.resolution, satisfaction: body.satisfaction, comment: body.comment },
  });
}

/** 重办: the unit was at fault; it handles the order again on a new resolution clock. */
export async function redoWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['redo']) {
  checkTransition(ctx, actor, req);
  return applyTransition(ctx, tx, actor, req, {
    to: 'handling',
    set: { ...(await restartClock(ctx, tx, req)), ...RATING_CLEARED, redo_count: req.order.redo_count + 1 },
    public: true,
    payload: { note: body.note, redoCount: req.order.redo_count + 1 },
  });
}

/** 办结销号: after rating (unit not at fault), or after a callback that reached nobody. */
export function closeWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['close']) {
  return applyTransition(ctx, tx, actor, req, { to: 'closed', set: { closed_at: ctx.clock.now() }, public: true, payload: { note: body.note, atFault: false } });
}

/** 直办: the desk answers the caller itself; no unit is involved. */
export function answerDirectly(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['answer_directly']) {
  const now = ctx.clock.now();
  return applyTransition(ctx, tx, actor, req, { to: 'closed', set: { replied_at: now, closed_at: now }, public: true, payload: { reply: body.reply } });
}

/** 撤销: withdrawn by the caller or the desk before a unit works on it. */
export function cancelWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['cancel']) {
  return applyTransition(ctx, tx, actor, req, {
    to: 'cancelled',
    set: { closed_at: ctx.clock.now() },
    public: true,
    payload: { reason: body.reason },
  });
}

const FINISHED = ['closed', 'cancelled', 'merged'];

/**
 * Re-checks, under the target's row lock, that it is still open: the target was read before this
 * order was locked, and meanwhile it may have been merged (even into this order: A→B and B→A at
 * once would make a cycle) or closed. PostgreSQL breaks the A↔B lock cycle by aborting one side.
 */
async function holdOpenTarget(tx: Tx, targetId: number) {
  let held: number;
  try {
    const res = await tx
      .updateTable('work_orders')
      .set((eb) => ({ updated_at: eb.ref('updated_at') }))
      .where('id', '=', targetId)
      .where('status', 'not in', FINISHED)
      .executeTakeFirst();
    held = Number(res.numUpdatedRows);
  } catch (err) {
    if ((err as { code?: string }).code === '40P01') throw new AppError('version_conflict', 'targetId');
    throw err;
  }
  if (held !== 1) throw new AppError('rule_violation', 'targetId', { zh: '目标工单已结束', en: 'the target order is finished' });
}

/** 合并: many reports, one problem — this order is folded into an open one the actor can see. */
export async function mergeWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['merge']) {
  checkTransition(ctx, actor, req);
  if (body.targetId === req.order.id) throw new AppError('validation', 'targetId', { zh: '不能合并到自身', en: 'cannot merge an order into itself' });
  const target = await findVisibleOrder(tx, actor, body.targetId).catch(() => {
    throw new AppError('unknown_reference', 'targetId');
  });
  if (FINISHED.includes(target.status)) {
    throw new AppError('rule_violation', 'targetId', { zh: '目标工单已结束', en: 'the target order is finished' });
  }
  const now = ctx.clock.now();
  const next = await applyTransition(ctx, tx, actor, req, {
    to: 'merged',
    set: { merged_into_id: target.id, closed_at: now },
    public: true,
    payload: { targetId: target.id, targetNumber: target.number },
  });
  await holdOpenTarget(tx, target.id);
  await recordEvent(tx, {
    orderId: target.id,
    action: 'merged_in',
    actor,
    at: now,
    from: null,
    to: null,
    public: false,
    payload: { sourceId: req.order.id, sourceNumber: req.order.number },
  });
  return next;
}

/** 回访核实: a sampled closed order is checked again; if the problem is back, it reopens on a new clock. */
export async function reverifyWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['reverify']) {
  checkTransition(ctx, actor, req);
  if (body.outcome === 'confirmed') {
    return applyTransition(ctx, tx, actor, req, { set: { verify_pending: 0 }, payload: { outcome: body.outcome, note: body.note } });
  }
  return applyTransition(ctx, tx, actor, req, {
    to: 'handling',
    set: { ...(await restartClock(ctx, tx, req)), ...RATING_CLEARED, verify_pending: 0, reopen_count: req.order.reopen_count + 1 },
    public: true,
    payload: { outcome: body.outcome, note: body.note, reopened: true },
  });
}

/** A note on the timeline: internal, or public for the resident. Not a state change. */
export async function commentWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['comment']) {
  checkTransition(ctx, actor, req);
  const isPublic = actor.role === 'resident' ? true : (body.public ?? false);
  const eventId = await recordEvent(tx, {
    orderId: req.order.id,
    action: 'comment',
    actor,
    at: ctx.clock.now(),
    from: null,
    to: null,
    public: isPublic,
    payload: { text: body.text, attachmentIds: body.attachmentIds ?? [] },
  });
  if (body.attachmentIds?.length) await linkAttachments(tx, actor, req.order.id, body.attachmentIds, 'other', eventId);
  return req.order;
}
