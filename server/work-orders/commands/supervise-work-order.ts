/** The supervisor's and dispatcher's rulings: returns, urging, supervision, reply review. */
import type { ActionBodies } from '../../../common/api';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import { applyTransition, type TransitionRequest } from './apply-transition';

/** Stopped clocks: the order waits for a new unit, whose clocks start at re-dispatch. */
const CLOCKS_STOPPED = {
  lead_unit_id: null,
  dispatched_at: null,
  signoff_due_at: null,
  response_due_at: null,
  resolution_due_at: null,
  accepted_at: null,
  contacted_at: null,
  extension_requested_until: null,
  // The sweep's marks were against the released unit's clock (its events stay on the timeline).
  auto_urged: 0,
  overdue: 0,
  flagged_3x: 0,
} as const;

/** 同意退单: the unit is released and its clocks stop; the order goes back to the dispatch queue. */
export async function approveReturn(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['approve_return']) {
  const next = await applyTransition(ctx, tx, actor, req, { to: 'received', set: CLOCKS_STOPPED, coUnits: [], payload: { note: body.note, unitId: req.order.lead_unit_id } });
  await tx.deleteFrom('order_units').where('order_id', '=', req.order.id).execute();
  return next;
}

/** 驳回退单: binding — the unit must handle it (signed off now if it had not been). */
export function rejectReturn(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['reject_return']) {
  return applyTransition(ctx, tx, actor, req, {
    to: 'handling',
    set: { accepted_at: req.order.accepted_at ?? ctx.clock.now() },
    payload: { note: body.note, binding: true },
  });
}

/** 催办: a flag and a notice, not a state. */
export function urgeWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['urge']) {
  return applyTransition(ctx, tx, actor, req, { set: { urge_count: req.order.urge_count + 1 }, payload: { note: body.note, count: req.order.urge_count + 1 } });
}

/** 督办: raises the supervision level by one, with the notice recorded. */
export function superviseWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['supervise']) {
  const level = req.order.supervision_level + 1;
  return applyTransition(ctx, tx, actor, req, { set: { supervision_level: level }, payload: { note: body.note, level } });
}

/** 审核通过: the reply goes to the resident, who is asked to rate it. */
export async function approveReply(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['approve_reply']) {
  const reply = await tx
    .selectFrom('order_events')
    .select('payload_json')
    .where('order_id', '=', req.order.id)
    .where('action', '=', 'reply')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const text = reply?.payload_json ? (JSON.parse(reply.payload_json) as { text?: string }).text : undefined;
  return applyTransition(ctx, tx, actor, req, { to: 'callback', public: true, payload: { reply: text, note: body.note } });
}

/** 审核退回: back to the unit, which must reply again (its deadline is unchanged). */
export function rejectReply(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['reject_reply']) {
  return applyTransition(ctx, tx, actor, req, { to: 'handling', set: { replied_at: null }, payload: { note: body.note } });
}
