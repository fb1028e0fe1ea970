/**
 * Our lifecycle ↔ Open311 statuses. GeoReport v2 knows only open/closed; FixMyStreet's update
 * extension has twelve extended statuses. The same table is in docs/open311.md.
 *
 * Outbound (a request's or an event's status as clients see it):
 *
 *   lifecycle status                      Open311   FixMyStreet extended
 *   received          待派单              open      for_triage
 *   dispatched        待签收              open      action_scheduled
 *   return_requested  退单审核            open      internal_referral
 *   handling          办理中              open      in_progress   (reopen for a redo / re-verification that reopens)
 *   replied           答复待审            open      in_progress
 *   callback          待回访              open      in_progress
 *   judging           不满意待研判        open      investigating
 *   closed            已办结              closed    fixed when rated "resolved", otherwise closed
 *   cancelled         已撤销              closed    no_further_action
 *   merged            已合并              closed    duplicate
 *
 * Inbound (POST servicerequestupdates, status in upper case): the first action of the list that is
 * legal now for the key's user (a district dispatcher) is taken; otherwise — or for a status with
 * no action — the update is stored as a public comment on the order.
 *
 *   FIXED, CLOSED                                   close (from callback/judging), answer_directly (from received)
 *   DUPLICATE, NOT_COUNCILS_RESPONSIBILITY,
 *   NO_FURTHER_ACTION                               cancel (from received/dispatched)
 *   OPEN, IN_PROGRESS, ACTION_SCHEDULED,
 *   INVESTIGATING, INTERNAL_REFERRAL, REOPEN,
 *   FOR_TRIAGE                                      none: a public comment (our units drive these steps)
 */
import { OPEN_STATUSES, type Action, type Status } from '../../common/lifecycle';

export const EXTENDED_STATUSES = [
  'open',
  'closed',
  'fixed',
  'in_progress',
  'action_scheduled',
  'investigating',
  'duplicate',
  'not_councils_responsibility',
  'no_further_action',
  'internal_referral',
  'reopen',
  'for_triage',
] as const;
export type ExtendedStatus = (typeof EXTENDED_STATUSES)[number];
export type PostedStatus = Uppercase<ExtendedStatus>;

/** GeoReport v2's two statuses. */
export function openClosedOf(status: Status): 'open' | 'closed' {
  return OPEN_STATUSES.includes(status) ? 'open' : 'closed';
}

/** The extended status of an order in a lifecycle status; `resolved` says whether the rating was "resolved". */
export function extendedStatusOf(status: Status, resolved: boolean): ExtendedStatus {
  switch (status) {
    case 'received':
      return 'for_triage';
    case 'dispatched':
      return 'action_scheduled';
    case 'return_requested':
      return 'internal_referral';
    case 'handling':
    case 'replied':
    case 'callback':
      return 'in_progress';
    case 'judging':
      return 'investigating';
    case 'closed':
      return resolved ? 'fixed' : 'closed';
    case 'cancelled':
      return 'no_further_action';
    case 'merged':
      return 'duplicate';
  }
}

/**
 * The extended status an order event announces. `statusThen` is the order's status after the
 * event (for comments, the status it was in); a redo or a re-verification that reopens is "reopen".
 */
export function extendedStatusOfEvent(e: { action: string; payload: Record<string, unknown> }, statusThen: Status): ExtendedStatus {
  if (e.action === 'redo' || (e.action === 'reverify' && e.payload.reopened === true)) return 'reopen';
  return extendedStatusOf(statusThen, e.action === 'rate' && e.payload.resolution === 'resolved');
}

/** Parses a posted status (upper case per FixMyStreet; lower case tolerated), or null. */
export function parsePostedStatus(s: string): PostedStatus | null {
  const lower = s.trim().toLowerCase();
  return (EXTENDED_STATUSES as readonly string[]).includes(lower) ? (lower.toUpperCase() as PostedStatus) : null;
}

/** The lifecycle actions a posted status may become, in the order they are tried. */
export const INBOUND_ACTIONS: Record<PostedStatus, readonly Action[]> = {
  FIXED: ['close', 'answer_directly'],
  CLOSED: ['close', 'answer_directly'],
  DUPLICATE: ['cancel'],
  NOT_COUNCILS_RESPONSIBILITY: ['cancel'],
  NO_FURTHER_ACTION: ['cancel'],
  OPEN: [],
  IN_PROGRESS: [],
  ACTION_SCHEDULED: [],
  INVESTIGATING: [],
  INTERNAL_REFERRAL: [],
  REOPEN: [],
  FOR_TRIAGE: [],
};
