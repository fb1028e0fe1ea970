/**
 * The deadline sweep (DOMAIN.md §3): urge when 20% of a limit is left, mark overdue at the
 * deadline, raise supervision after N working days overdue, flag orders past 3× their limit. It
 * reads only rows whose next_check_at has come (index wo_next_check), so its cost follows the
 * orders coming due, not the size of the history.
 */
import type { Calendar } from '../../common/calendar';
import { CLOCK_STATUSES } from '../../common/lifecycle';
import type { AppContext } from '../context';
import type { WorkOrderRow } from '../db/schema';
import { recordEvent } from '../work-orders/commands/record-event';
import { nextCheckAt, sweepThresholds, type SweepRules } from '../work-orders/sla';
import { dropLease, saveLeasePayload, takeLease, type Lease } from './lease';

export interface SweepResult {
  /** Orders read because something was due on them. */
  examined: number;
  urged: number;
  overdue: number;
  supervised: number;
  flagged: number;
  /** Running orders whose next check was recomputed because the thresholds (setting sla.sweep) changed. */
  rescheduled: number;
  idempotencyKeysPurged: number;
}

const BATCH = 500;

/**
 * next_check_at is computed with the thresholds in force when an order last changed. When the
 * administrator changes them, recompute it once for every order whose clocks run (one pass over
 * the open orders, not the history); the lease row remembers which thresholds the last run used.
 */
async function rescheduleIfRulesChanged(ctx: AppContext, lease: Lease, rules: SweepRules, cal: Calendar): Promise<number> {
  const key = JSON.stringify({ rules: { urgeWhenLeft: rules.urgeWhenLeft, superviseAfterWorkdays: rules.superviseAfterWorkdays, flagMultiple: rules.flagMultiple } });
  if (lease.payload === key) return 0;
  let changed = 0;
  let afterId = 0;
  for (;;) {
    // Serves from the primary key; the status filter keeps it to orders whose clocks run.
    const batch = await ctx.db
      .selectFrom('work_orders')
      .selectAll()
      .where('status', 'in', [...CLOCK_STATUSES])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (!batch.length) break;
    afterId = batch[batch.length - 1]!.id;
    await ctx.db.transaction().execute(async (tx) => {
      for (const o of batch) {
        const next = nextCheckAt(o, rules, cal);
        if (next === o.next_check_at) continue;
        // Guarded by version: an order a user changed meanwhile got its next check from that change.
        const res = await tx.updateTable('work_orders').set({ next_check_at: next }).where('id', '=', o.id).where('version', '=', o.version).executeTakeFirst();
        changed += Number(res.numUpdatedRows);
      }
    });
    if (batch.length < BATCH) break;
  }
  await saveLeasePayload(ctx.db, lease, key);
  return changed;
}

/** One pass of the sweep; null when another runner holds the lease. */
export async function runSweep(ctx: AppContext): Promise<SweepResult | null> {
  const now = ctx.clock.now();
  const lease = await takeLease(ctx.db, 'sweep', now, 5 * 60_000);
  if (!lease) return null;
  try {
    const result: SweepResult = { examined: 0, urged: 0, overdue: 0, supervised: 0, flagged: 0, rescheduled: 0, idempotencyKeysPurged: 0 };
    const rules = await ctx.settings.sweepRules();
    const cal = await ctx.calendar.get();
    result.rescheduled = await rescheduleIfRulesChanged(ctx, lease, rules, cal);
    let afterId = 0;
    for (;;) {
      const batch = await ctx.db
        .selectFrom('work_orders')
        .selectAll()
        .where('next_check_at', 'is not', null)
        .where('next_check_at', '<=', now)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(BATCH)
        .execute();
      if (!batch.length) break;
      afterId = batch[batch.length - 1]!.id;
      // One short transaction per batch keeps SQLite's single writer available to requests.
      await ctx.db.transaction().execute(async (tx) => {
        for (const o of batch) {
          result.examined++;
          const t = sweepThresholds(o, rules, cal);
          const set: Partial<WorkOrderRow> = {};
          const events: { action: string; payload: Record<string, unknown> }[] = [];
          if (!o.auto_urged && !o.overdue && now >= t.urge) {
            set.auto_urged = 1;
            set.urge_count = o.urge_count + 1;
            events.push({ action: 'auto_urge', payload: { dueAt: new Date(t.overdue).toISOString() } });
            result.urged++;
          }
          if (!o.overdue && now >= t.overdue) {
            set.overdue = 1;
            events.push({ action: 'overdue', payload: { dueAt: new Date(t.overdue).toISOString() } });
            result.overdue++;
          }
          if (o.supervision_level < 1 && now >= t.supervise) {
            set.supervision_level = 1;
            events.push({ action: 'auto_supervise', payload: { overdueWorkdays: rules.superviseAfterWorkdays } });
            result.supervised++;
          }
          if (!o.flagged_3x && now >= t.flag) {
            set.flagged_3x = 1;
            events.push({ action: 'flag_3x', payload: { multiple: rules.flagMultiple } });
            result.flagged++;
          }
          const merged = { ...o, ...set };
          set.next_check_at = nextCheckAt(merged, rules, cal);
          // Flags only: the version stays, so a user's transition made against it still applies.
          // The version guard skips an order a user changed since it was read (e.g. a manual urge,
          // whose count this would overwrite); it is still due and is looked at next run.
          const res = await tx
            .updateTable('work_orders')
            .set(set)
            .where('id', '=', o.id)
            .where('version', '=', o.version)
            .where('next_check_at', '=', o.next_check_at)
            .executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) continue;
          for (const e of events) {
            await recordEvent(tx, { orderId: o.id, action: e.action, actor: null, at: now, from: null, to: null, public: false, payload: e.payload });
          }
        }
      });
      if (batch.length < BATCH) break;
    }
    const purged = await ctx.db.deleteFrom('idempotency_keys').where('created_at', '<', now - 24 * 3600_000).executeTakeFirst();
    result.idempotencyKeysPurged = Number(purged.numDeletedRows);
    await ctx.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
    return result;
  } finally {
    await dropLease(ctx.db, lease);
  }
}

/** Runs the sweep now and then every `intervalMs`; returns a stop function. */
export function scheduleSweep(ctx: AppContext, intervalMs: number): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runSweep(ctx);
      if (r && (r.urged || r.overdue || r.supervised || r.flagged)) ctx.log.info({ sweep: r }, 'deadline sweep');
    } catch (err) {
      ctx.log.error({ err }, 'deadline sweep failed');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
