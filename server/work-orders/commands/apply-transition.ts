/**
 * The one path by which a work order changes: check the actor's grant, the version the request
 * was made against, and the transition table; update with an optimistic version check; write the
 * event in the same transaction.
 */
import { isGranted, isLegal, transitionOf, type Action, type Status } from '../../../common/lifecycle';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import type { WorkOrderRow, WorkOrderUpdate } from '../../db/schema';
import { AppError } from '../../errors';
import { toOrderState } from '../policy';
import { nextCheckAt } from '../sla';
import { rollupOrderChange } from '../../evaluation/rollups';
import { recordEvent } from './record-event';

export interface TransitionRequest {
  action: Action;
  order: WorkOrderRow;
  /** The order's units (order_units) as they were read with it. */
  units: readonly { unit_id: number; role: string }[];
  version: number | undefined;
}

/** The co-handling units among an order's units. */
const coHandlingUnits = (units: TransitionRequest['units']) => units.filter((u) => u.role === 'co').map((u) => u.unit_id);

/** Throws unless the actor may take the action on this order in its current state and version. */
export function checkTransition(ctx: AppContext, actor: SessionActor, req: TransitionRequest) {
  const t = transitionOf(req.action);
  const state = toOrderState(req.order, req.units);
  if (!isGranted(t, actor, state)) throw new AppError('forbidden');
  if (req.version !== undefined && req.version !== req.order.version) throw new AppError('version_conflict', 'version');
  if (!isLegal(t, state, ctx.clock.now())) {
    throw new AppError('illegal_transition', undefined, {
      zh: `“${t.zh}”不能用于状态 ${req.order.status}`,
      en: `${t.en} is not allowed in status ${req.order.status}`,
    });
  }
  return t;
}

export interface TransitionChange {
  to?: Status;
  set?: WorkOrderUpdate;
  payload?: Record<string, unknown>;
  public?: boolean;
  /** The co-units after the change, when it names new ones or releases them (the caller rewrites order_units). */
  coUnits?: readonly number[];
}

/** Applies a checked transition: row update (version + 1) and its event, in `tx`. Returns the new row. */
export async function applyTransition(
  ctx: AppContext,
  tx: Tx,
  actor: SessionActor,
  req: TransitionRequest,
  change: TransitionChange,
): Promise<WorkOrderRow> {
  const t = checkTransition(ctx, actor, req);
  const now = ctx.clock.now();
  const to = change.to ?? req.order.status;
  if (t.to === 'same' ? to !== req.order.status : !t.to.includes(to as Status)) {
    throw new Error(`transition table does not allow ${req.action} → ${to}`);
  }
  const next: WorkOrderRow = { ...req.order, ...change.set, status: to, version: req.order.version + 1, updated_at: now } as WorkOrderRow;
  next.next_check_at = nextCheckAt(next, await ctx.settings.sweepRules(tx), await ctx.calendar.get(tx));
  const { id: _id, ...columns } = next;
  const res = await tx
    .updateTable('work_orders')
    .set(columns)
    .where('id', '=', req.order.id)
    .where('version', '=', req.order.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('version_conflict', 'version');
  await rollupOrderChange(tx, req.order, next, { co: coHandlingUnits(req.units), coAfter: change.coUnits, action: req.action });
  await recordEvent(tx, {
    orderId: req.order.id,
    action: req.action,
    actor,
    at: now,
    from: req.order.status,
    to,
    public: change.public ?? false,
    payload: change.payload,
  });
  return next;
}
