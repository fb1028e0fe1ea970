/**
 * The audit rows of co-governance staff changes (activities, hand-marked attendance, points
 * review and reversal, the rewards catalogue, merchant verification), written into the admin's
 * one audit trail in the transaction of the change. Snapshots hold what a reviewer needs to see
 * what changed, never a code or its hash.
 */
import type { Selectable } from 'kysely';
import type { SessionActor } from '../auth/actor';
import type { Tx } from '../db';
import type { AttendanceTable } from '../db/schema';
import { recordAudit } from '../admin';

export type CogovEntity = 'activity' | 'activity_output' | 'attendance' | 'points_entry' | 'reward' | 'redemption' | 'checkin_code';

/** One audit row: `<entity>.<verb>` by the actor at `at`, with the record before and after. */
export function auditCogov(
  tx: Tx,
  actor: Pick<SessionActor, 'id' | 'role'>,
  entity: CogovEntity,
  verb: string,
  entityId: number,
  before: unknown,
  after: unknown,
  at: number,
): Promise<void> {
  return recordAudit(tx, { actor, action: `${entity}.${verb}`, entity, entityId, before, after, at });
}

/** An attendance record: who, which session, in/out (and how), points and their review. */
export function attendanceSnapshot(r: Selectable<AttendanceTable>) {
  return {
    sessionId: r.session_id,
    activityId: r.activity_id,
    userId: r.user_id,
    checkedInAt: r.checked_in_at,
    inMethod: r.in_method,
    checkedOutAt: r.checked_out_at,
    outMethod: r.out_method,
    points: r.points,
    review: r.review,
    ledgerEntryId: r.ledger_entry_id,
  };
}
