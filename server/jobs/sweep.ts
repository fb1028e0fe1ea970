/**
 * The deadline sweep (DOMAIN.md §3): urge when 20% of a limit is left, mark overdue at the
 * deadline, raise supervision after N working days overdue, flag orders past 3× their limit. It
 * reads only rows whose next_check_at has come (index wo_next_check_id), so its cost follows the
 * orders coming due, not the size of the history.
 */
import type { Calendar } from '../../common/calendar';
import { CLOCK_STATUSES } from '../../common/lifecycle';
import type { AppContext } from '../context';
import { repeat } from './repeat';
import type { WorkOrderRow } from '../db/schema';
import type { Tx } from '../db';
import { sql } from 'kysely';
import { recordEvents, type NewEvent } from '../work-orders/commands/record-event';
import { nextCheckAt, sweepThresholds, type SweepRules } from '../work-orders/sla';
import { dropLease, saveLeasePayload, takeLease, type Lease } from './lease';
import { rollupOrderChanges } from '../evaluation/rollups';

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

type FlagSet = Pick<WorkOrderRow, 'auto_urged' | 'urge_count' | 'overdue' | 'supervision_level' | 'flagged_3x' | 'next_check_at'>;

/**
 * The sweep's flag updates of one batch as one statement (a VALUES list joined by id), guarded per
 * row by version and the next check it was read with; returns the ids it updated. One statement
 * instead of one per order: on PostgreSQL the round trips were most of a large sweep.
 */
async function updateFlags(tx: Tx, rows: { id: number; version: number; oldNext: number; set: FlagSet }[]): Promise<Set<number>> {
  const done = new Set<number>();
  for (let i = 0; i < rows.length; i += 250) {
    const chunk = rows.slice(i, i + 250);
    const big = (v: number | null) => sql`cast(${v} as bigint)`;
    const int = (v: number) => sql`cast(${v} as integer)`;
    const values = sql.join(
      chunk.map(
        (r) =>
          sql`(${sql.join([big(r.id), int(r.version), big(r.oldNext), int(r.set.auto_urged), int(r.set.urge_count), int(r.set.overdue), int(r.set.supervision_level), int(r.set.flagged_3x), big(r.set.next_check_at)])})`,
      ),
    );
    const res = await sql<{ id: number }>`with v(id, version, old_next, auto_urged, urge_count, overdue, supervision_level, flagged_3x, next_check_at) as (values ${values})
      update work_orders set auto_urged = v.auto_urged, urge_count = v.urge_count, overdue = v.overdue,
        supervision_level = v.supervision_level, flagged_3x = v.flagged_3x, next_check_at = v.next_check_at
      from v where work_orders.id = v.id and work_orders.version = v.version and work_orders.next_check_at = v.old_next
      returning work_orders.id`.execute(tx);
    for (const r of res.rows) done.add(Number(r.id));
  }
  return done;
}

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
    // Pages by (next_check_at, id) over index wo_next_check_id: each batch reads only due rows.
    let after: { t: number; id: number } | null = null;
    // An order whose next check moves to a later instant that is still due would come round again.
    const seen = new Set<number>();
    for (;;) {
      const from: { t: number; id: number } | null = after;
      const batch: WorkOrderRow[] = await ctx.db
        .selectFrom('work_orders')
        .selectAll()
        .where('next_check_at', 'is not', null)
        .where('next_check_at', '<=', now)
        .$if(from !== null, (qb) => qb.where((eb) => eb(eb.refTuple('next_check_at', 'id'), '>', eb.tuple(from!.t, from!.id))))
        .orderBy('next_check_at')
        .orderBy('id')
        .limit(BATCH)
        .execute();
      if (!batch.length) break;
      const last: WorkOrderRow = batch[batch.length - 1]!;
      after = { t: last.next_check_at!, id: last.id };
      // One short transaction per batch keeps SQLite's single writer available to requests.
      await ctx.db.transaction().execute(async (tx) => {
        const plans: { o: WorkOrderRow; merged: WorkOrderRow; set: FlagSet; events: { action: string; payload: Record<string, unknown> }[] }[] = [];
        for (const o of batch) {
          if (seen.has(o.id)) continue;
          seen.add(o.id);
          result.examined++;
          const t = sweepThresholds(o, rules, cal);
          const set: FlagSet = {
            auto_urged: o.auto_urged,
            urge_count: o.urge_count,
            overdue: o.overdue,
            supervision_level: o.supervision_level,
            flagged_3x: o.flagged_3x,
            next_check_at: o.next_check_at,
          };
          const events: { action: string; payload: Record<string, unknown> }[] = [];
          if (!o.auto_urged && !o.overdue && now >= t.urge) {
            set.auto_urged = 1;
            set.urge_count = o.urge_count + 1;
            events.push({ action: 'auto_urge', payload: { dueAt: new Date(t.overdue).toISOString() } });
          }
          if (!o.overdue && now >= t.overdue) {
            set.overdue = 1;
            events.push({ action: 'overdue', payload: { dueAt: new Date(t.overdue).toISOString() } });
          }
          if (o.supervision_level < 1 && now >= t.supervise) {
            set.supervision_level = 1;
            events.push({ action: 'auto_supervise', payload: { overdueWorkdays: rules.superviseAfterWorkdays } });
          }
          if (!o.flagged_3x && now >= t.flag) {
            set.flagged_3x = 1;
            events.push({ action: 'flag_3x', payload: { multiple: rules.flagMultiple } });
          }
          const merged = { ...o, ...set };
          set.next_check_at = nextCheckAt(merged, rules, cal);
          plans.push({ o, merged, set, events });
        }
        // Flags only: the version stays, so a user's transition made against it still applies.
        // The version guard skips an order a user changed since it was read (e.g. a manual urge,
        // whose count this would overwrite); it is still due and is looked at next run.
        const updated = await updateFlags(tx, plans.map((p) => ({ id: p.o.id, version: p.o.version, oldNext: p.o.next_check_at!, set: p.set })));
        const events: NewEvent[] = [];
        const changes: { before: WorkOrderRow; after: WorkOrderRow }[] = [];
        for (const { o, merged, events: es } of plans) {
          if (!updated.has(o.id)) continue;
          changes.push({ before: o, after: merged });
          for (const e of es) {
            if (e.action === 'auto_urge') result.urged++;
            else if (e.action === 'overdue') result.overdue++;
            else if (e.action === 'auto_supervise') result.supervised++;
            else result.flagged++;
            events.push({ orderId: o.id, action: e.action, actor: null, at: now, from: null, to: null, public: false, payload: e.payload });
          }
        }
        // The batch's rollup changes as one set of upserts (a few statements), not four per order.
        await rollupOrderChanges(tx, changes);
        await recordEvents(tx, events);
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
  return repeat(
    ctx,
    intervalMs,
    () => runSweep(ctx),
    (r) => {
      if (r && (r.urged || r.overdue || r.supervised || r.flagged)) ctx.log.info({ sweep: r }, 'deadline sweep');
    },
    'deadline sweep failed',
  );
}
