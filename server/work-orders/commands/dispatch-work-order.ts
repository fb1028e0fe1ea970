/** Dispatch (派单) and transfer (转派): choose lead + co-units and start the lead unit's clocks. */
import type { ActionBodies } from '../../../common/api';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import { AppError } from '../../errors';
import { DEFAULT_LIMITS, unitClocks, type SlaLimits } from '../sla';
import { applyTransition, checkTransition, type TransitionRequest } from './apply-transition';

/** The limits of a category for a priority, inherited from the nearest ancestor that has them. */
export async function limitsFor(tx: Tx, categoryId: number, priority: string): Promise<SlaLimits> {
  let id: number | null = categoryId;
  for (let depth = 0; id !== null && depth < 8; depth++) {
    const rows = await tx.selectFrom('category_sla').selectAll().where('category_id', '=', id).execute();
    const hit = rows.find((r) => r.priority === priority) ?? rows.find((r) => r.priority === 'normal');
    if (hit) return { signoff: hit.signoff, response: hit.response, resolution: hit.resolution };
    const parent: { parent_id: number | null } | undefined = await tx
      .selectFrom('categories')
      .select('parent_id')
      .where('id', '=', id)
      .executeTakeFirst();
    id = parent?.parent_id ?? null;
  }
  return DEFAULT_LIMITS;
}

async function checkUnits(tx: Tx, leadUnitId: number, coUnitIds: number[]) {
  if (coUnitIds.includes(leadUnitId)) {
    throw new AppError('validation', 'coUnitIds', { zh: '协办单位不能与主办单位相同', en: 'a co-unit cannot also be the lead unit' });
  }
  const ids = [leadUnitId, ...coUnitIds];
  const found = await tx.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).where('active', '=', 1).execute();
  for (const id of ids) {
    if (!found.some((u) => u.id === id)) throw new AppError('unknown_reference', id === leadUnitId ? 'leadUnitId' : 'coUnitIds');
  }
  return found;
}

async function assignUnits(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['dispatch']) {
  checkTransition(ctx, actor, req);
  const coUnitIds = [...new Set(body.coUnitIds ?? [])];
  const units = await checkUnits(tx, body.leadUnitId, coUnitIds);
  const now = ctx.clock.now();
  const limits = await limitsFor(tx, req.order.category_id, req.order.priority);
  const clocks = unitClocks(now, limits, await ctx.calendar.get(tx));
  const name = (id: number) => units.find((u) => u.id === id)?.name;
  // The version-checked update comes first: it locks the order row, so a concurrent dispatch or
  // transfer of the same version waits for it and then fails with version_conflict before it
  // touches order_units (done first, the loser hit the winner's rows: a duplicate-key 409).
  const next = await applyTransition(ctx, tx, actor, req, {
    to: 'dispatched',
    set: { ...clocks, lead_unit_id: body.leadUnitId, accepted_at: null, contacted_at: null, replied_at: null, extension_requested_until: null },
    public: true,
    coUnits: coUnitIds,
    payload: {
      leadUnitId: body.leadUnitId,
      leadUnitName: name(body.leadUnitId),
      coUnits: coUnitIds.map((id) => ({ id, name: name(id) })),
      limits,
      signoffDueAt: new Date(clocks.signoff_due_at).toISOString(),
      resolutionDueAt: new Date(clocks.resolution_due_at).toISOString(),
      note: body.note,
    },
  });
  await tx.deleteFrom('order_units').where('order_id', '=', req.order.id).execute();
  await tx
    .insertInto('order_units')
    .values([
      { order_id: req.order.id, unit_id: body.leadUnitId, role: 'lead', assigned_at: now },
      ...coUnitIds.map((unit_id) => ({ order_id: req.order.id, unit_id, role: 'co', assigned_at: now })),
    ])
    .execute();
  return next;
}

/** 派单: a received order goes to its lead unit (and co-units); their clocks start now. */
export function dispatchWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['dispatch']) {
  return assignUnits(ctx, tx, actor, req, body);
}

/** 转派: the order moves to another unit, whose clocks start at the transfer. */
export function transferWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, req: TransitionRequest, body: ActionBodies['transfer']) {
  return assignUnits(ctx, tx, actor, req, body);
}
