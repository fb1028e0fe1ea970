/** Every lifecycle action and the command that carries it out; the switch is exhaustive by type. */
import type { ActionBodies } from '../../../common/api';
import type { Action } from '../../../common/lifecycle';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import type { WorkOrderRow } from '../../db/schema';
import { findVisibleOrder, orderUnits } from '../queries';
import type { TransitionRequest } from './apply-transition';
import { dispatchWorkOrder, transferWorkOrder } from './dispatch-work-order';
import { acceptWorkOrder, approveExtension, contactResident, rejectExtension, replyWorkOrder, requestExtension, requestReturn } from './handle-work-order';
import { approveReply, approveReturn, rejectReply, rejectReturn, superviseWorkOrder, urgeWorkOrder } from './supervise-work-order';
import {
  answerDirectly,
  cancelWorkOrder,
  closeWorkOrder,
  commentWorkOrder,
  mergeWorkOrder,
  rateWorkOrder,
  redoWorkOrder,
  reverifyWorkOrder,
} from './close-work-order';

type Handler<A extends Action> = (ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies[A]) => Promise<WorkOrderRow>;

export const COMMANDS: { [A in Action]: Handler<A> } = {
  dispatch: dispatchWorkOrder,
  transfer: transferWorkOrder,
  answer_directly: answerDirectly,
  accept: acceptWorkOrder,
  request_return: requestReturn,
  approve_return: approveReturn,
  reject_return: rejectReturn,
  contact: contactResident,
  request_extension: requestExtension,
  approve_extension: approveExtension,
  reject_extension: rejectExtension,
  urge: urgeWorkOrder,
  supervise: superviseWorkOrder,
  reply: replyWorkOrder,
  approve_reply: approveReply,
  reject_reply: rejectReply,
  rate: rateWorkOrder,
  redo: redoWorkOrder,
  close: closeWorkOrder,
  cancel: cancelWorkOrder,
  merge: mergeWorkOrder,
  reverify: reverifyWorkOrder,
  comment: commentWorkOrder,
};

/** Loads the order within the actor's scope (404 otherwise) and runs the action on it. */
export async function runAction<A extends Action>(ctx: AppContext, tx: Tx, actor: SessionActor, id: number, action: A, body: ActionBodies[A]) {
  const order = await findVisibleOrder(tx, actor, id);
  const units = await orderUnits(tx, id);
  const handler = COMMANDS[action] as Handler<A>;
  return handler(ctx, tx, actor, { action, order, units, version: (body as { version?: number }).version }, body);
}
