/**
 * 回访核实 sampling: a supervisor draws closed, satisfied orders (named ones, or a random share of
 * those closed in a period) to be re-checked; each drawn order may then take `reverify`.
 */
import { sql } from 'kysely';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import type { WorkOrderRow } from '../../db/schema';
import { AppError } from '../../errors';
import { nextCheckAt } from '../sla';
import { orderScope } from '../queries';
import { recordEvent } from './record-event';

export interface SampleRequest {
  /** Exactly these orders (each must be eligible). */
  ids?: number[];
  /** Or a random share (0–1] of the eligible orders closed in [closedFrom, closedTo). */
  share?: number;
  closedFrom?: number;
  closedTo?: number;
  /** At most this many orders per draw. */
  max?: number;
}

/** Satisfied (满意/基本满意) closed orders handled by a unit, not already drawn. */
function eligible(tx: Tx, actor: SessionActor) {
  return tx
    .selectFrom('work_orders as wo')
    .selectAll('wo')
    .where(orderScope(actor))
    .where('wo.status', '=', 'closed')
    .where('wo.verify_pending', '=', 0)
    .where('wo.lead_unit_id', 'is not', null)
    .where('wo.rating_satisfaction', 'in', ['satisfied', 'basically']);
}

/** Marks the drawn orders verify_pending (version + 1, one event each) and returns their ids. */
export async function sampleForVerification(ctx: AppContext, tx: Tx, actor: SessionActor, req: SampleRequest): Promise<number[]> {
  if ((req.ids === undefined) === (req.share === undefined)) {
    throw new AppError('validation', 'share', { zh: '须给出 ids 或 share 之一', en: 'give either ids or share' });
  }
  const now = ctx.clock.now();
  let rows: WorkOrderRow[];
  if (req.ids) {
    const ids = [...new Set(req.ids)];
    rows = await eligible(tx, actor).where('wo.id', 'in', ids).execute();
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) {
      throw new AppError('rule_violation', 'ids', {
        zh: `工单 ${missing.join(', ')} 不是可核实的已办结满意工单`,
        en: `orders ${missing.join(', ')} are not closed satisfied orders you may re-verify`,
      });
    }
  } else {
    let q = eligible(tx, actor);
    if (req.closedFrom !== undefined) q = q.where('wo.closed_at', '>=', req.closedFrom);
    if (req.closedTo !== undefined) q = q.where('wo.closed_at', '<', req.closedTo);
    const count = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const want = Math.min(Math.ceil(Number(count.n) * (req.share ?? 0)), req.max ?? Number.MAX_SAFE_INTEGER);
    // random() exists on both engines; the sample is small, so ordering the candidates is fine.
    rows = want > 0 ? await q.orderBy(sql`random()`).limit(want).execute() : [];
  }
  const rules = await ctx.settings.sweepRules(tx);
  const cal = await ctx.calendar.get(tx);
  for (const o of rows) {
    const next = { ...o, verify_pending: 1, version: o.version + 1, updated_at: now };
    const res = await tx
      .updateTable('work_orders')
      .set({ verify_pending: 1, version: next.version, updated_at: now, next_check_at: nextCheckAt(next, rules, cal) })
      .where('id', '=', o.id)
      .where('version', '=', o.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('version_conflict', 'ids');
    await recordEvent(tx, { orderId: o.id, action: 'sample_verification', actor, at: now, from: 'closed', to: 'closed', public: false, payload: {} });
  }
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
