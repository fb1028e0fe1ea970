/**
 * Deadlines (DOMAIN.md §3): which limits apply to an order, when its unit's clocks end, and when
 * the sweep next has something to do for it. Pure functions over rows; no I/O.
 */
import { addLimit, addWorkingDays, isWorkingDay, parseLimit, shanghaiDate, type Calendar, type Limit } from '../../common/calendar';
import { CLOCK_STATUSES, type Status } from '../../common/lifecycle';
import type { WorkOrderRow } from '../db/schema';

export interface SlaLimits {
  signoff: string;
  response: string;
  resolution: string;
}

/** Used when neither the category nor any ancestor defines limits: sign off in 1 working day, reply in 7. */
export const DEFAULT_LIMITS: SlaLimits = { signoff: '1wd', response: '24h', resolution: '7wd' };

/** The sweep's thresholds; stored as setting `sla.sweep`, these are the defaults. */
export interface SweepRules {
  /** Urge when this share of the resolution limit is left. */
  urgeWhenLeft: number;
  /** Raise supervision (督办) after this many working days overdue. */
  superviseAfterWorkdays: number;
  /** Flag orders past this multiple of their limit. */
  flagMultiple: number;
}
export const DEFAULT_SWEEP_RULES: SweepRules = { urgeWhenLeft: 0.2, superviseAfterWorkdays: 3, flagMultiple: 3 };

function limit(text: string): Limit {
  const l = parseLimit(text);
  if (!l) throw new Error(`bad SLA limit ${text}`);
  return l;
}

/** Deadlines of a unit's clocks started at `start` (dispatch or re-dispatch). */
export function unitClocks(start: number, limits: SlaLimits, cal: Calendar) {
  return {
    dispatched_at: start,
    signoff_due_at: addLimit(start, limit(limits.signoff), cal),
    response_due_at: addLimit(start, limit(limits.response), cal),
    ...resolutionClock(start, limits.resolution, cal),
  };
}

/** A fresh resolution clock (dispatch, redo, reopen): due time plus the sweep's flags cleared. */
export function resolutionClock(start: number, resolutionLimit: string, cal: Calendar) {
  return {
    resolution_due_at: addLimit(start, limit(resolutionLimit), cal),
    resolution_limit: resolutionLimit,
    auto_urged: 0,
    overdue: 0,
    flagged_3x: 0,
  };
}

type SweepView = Pick<
  WorkOrderRow,
  'status' | 'dispatched_at' | 'resolution_due_at' | 'resolution_limit' | 'auto_urged' | 'overdue' | 'supervision_level' | 'flagged_3x'
>;

const DAY_MS = 24 * 3600_000;

/** The latest instant from which the limit would end at `due` (addLimit backwards); null for an unreadable limit. */
export function limitStartBefore(due: number, limitText: string | null, cal: Calendar): number | null {
  const l = limitText === null ? null : parseLimit(limitText);
  if (!l) return null;
  switch (l.unit) {
    case 'minutes':
      return due - l.amount * 60_000;
    case 'hours':
      return due - l.amount * 3600_000;
    case 'workdays': {
      // Shanghai has no DST: stepping back whole days keeps the clock time.
      let t = due;
      for (let left = l.amount; left > 0; ) {
        t -= DAY_MS;
        if (isWorkingDay(shanghaiDate(t), cal)) left -= 1;
      }
      return t;
    }
  }
}

/**
 * When the resolution clock the order is on now started. Dispatch starts it, but a redo, a reopen
 * or an approved extension moves the deadline without a new dispatch: the clock then counts its
 * limit back from the deadline, so "20% of the limit left" and "3× the limit" measure that clock,
 * not the time since the first dispatch.
 */
export function resolutionClockStart(o: Pick<WorkOrderRow, 'dispatched_at' | 'resolution_due_at' | 'resolution_limit'>, cal: Calendar): number {
  const nominal = limitStartBefore(o.resolution_due_at!, o.resolution_limit, cal);
  return nominal === null ? o.dispatched_at! : Math.max(o.dispatched_at!, nominal);
}

/** The instants at which the sweep acts on an order, for the clock it is on now. */
export function sweepThresholds(o: SweepView, rules: SweepRules, cal: Calendar) {
  const start = resolutionClockStart(o, cal);
  const due = o.resolution_due_at!;
  const span = Math.max(due - start, 0);
  return {
    urge: due - Math.round(span * rules.urgeWhenLeft),
    overdue: due,
    supervise: addWorkingDays(due, rules.superviseAfterWorkdays, cal),
    flag: start + Math.round(span * rules.flagMultiple),
  };
}

/** When the sweep next has work for this order, or null when its clocks are not running. */
export function nextCheckAt(o: SweepView, rules: SweepRules, cal: Calendar): number | null {
  if (!CLOCK_STATUSES.includes(o.status as Status) || o.dispatched_at === null || o.resolution_due_at === null) return null;
  const t = sweepThresholds(o, rules, cal);
  const pending: number[] = [];
  if (!o.auto_urged && !o.overdue) pending.push(t.urge);
  if (!o.overdue) pending.push(t.overdue);
  if (o.supervision_level < 1) pending.push(t.supervise);
  if (!o.flagged_3x) pending.push(t.flag);
  return pending.length ? Math.min(...pending) : null;
}
