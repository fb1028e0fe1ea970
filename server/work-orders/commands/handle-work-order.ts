/** What the lead unit does while holding an order: sign off, contact, ask for time, reply, ask to return it. */
import type { ActionBodies } from '../../../common/api';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import { AppError } from '../../errors';
import { linkAttachments } from '../../attachments/link';
import { applyTransition, checkTransition, type TransitionRequest } from './apply-transition';

/** 签收: the lead unit takes the order. */
export function acceptWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['accept']) {
  return applyTransition(ctx, tx, actor, req, { to: 'handling', set: { accepted_at: ctx.clock.now() }, public: true, payload: { note: body.note } });
}

/** The handler reached the resident; this is what the response limit measures. */
export function contactResident(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['contact']) {
  return applyTransition(ctx, tx, actor, req, {
    set: { contacted_at: ctx.clock.now() },
    public: true,
    payload: { method: body.method ?? 'phone', note: body.note },
  });
}

/** 延期申请: only before the resolution deadline, and only to a later time. */
export function requestExtension(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['request_extension']) {
  checkTransition(ctx, actor, req);
  const until = Date.parse(body.until);
  if (!(until > (req.order.resolution_due_at ?? 0))) {
    throw new AppError('validation', 'until', { zh: '新的期限必须晚于当前办结期限', en: 'the new deadline must be later than the current one' });
  }
  return applyTransition(ctx, tx, actor, req, { set: { extension_requested_until: until }, payload: { until: body.until, reason: body.reason } });
}

/**
 * Approving an extension moves the resolution deadline; the resident is told the new date. The
 * sweep's marks for the old deadline go: it urges again near the new one, and an order the
 * supervisor ruled on after the old deadline is no longer overdue.
 */
export function approveExtension(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['approve_extension']) {
  const until = req.order.extension_requested_until;
  const stillOverdue = until !== null && until <= ctx.clock.now() ? req.order.overdue : 0;
  return applyTransition(ctx, tx, actor, req, {
    set: { resolution_due_at: until, extension_requested_until: null, auto_urged: 0, overdue: stillOverdue },
    public: true,
    payload: { previousDueAt: req.order.resolution_due_at && new Date(req.order.resolution_due_at).toISOString(), newDueAt: until && new Date(until).toISOString(), note: body.note },
  });
}

export function rejectExtension(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['reject_extension']) {
  return applyTransition(ctx, tx, actor, req, { set: { extension_requested_until: null }, payload: { note: body.note } });
}

/** 答复: text and after-photos; the reply waits for review before the resident sees it. */
export async function replyWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['reply']) {
  checkTransition(ctx, actor, req);
  const next = await applyTransition(ctx, tx, actor, req, {
    to: 'replied',
    set: { replied_at: ctx.clock.now(), extension_requested_until: null },
    payload: { text: body.text, attachmentIds: body.attachmentIds ?? [] },
  });
  if (body.attachmentIds?.length) {
    // Tied to the (internal) reply event: the resident sees the photos once the reply is approved and shown.
    const ev = await tx.selectFrom('order_events').select('id').where('order_id', '=', req.order.id).where('action', '=', 'reply').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await linkAttachments(tx, actor, req.order.id, body.attachmentIds, 'after', ev.id);
  }
  return next;
}

/** 退单: the unit says the order is not theirs; a supervisor rules on it. Clocks keep running until then. */
export function requestReturn(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['request_return']) {
  return applyTransition(ctx, tx, actor, req, {
    to: 'return_requested',
    set: { return_count: req.order.return_count + 1 },
    payload: { reason: body.reason, note: body.note, fromStatus: req.order.status },
  });
}
