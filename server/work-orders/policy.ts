/** Who may read what of an order: the lifecycle state view, whole phone numbers, internal events. */
import type { OrderState, Status } from '../../common/lifecycle';
import type { SessionActor } from '../auth/actor';
import type { WorkOrderRow } from '../db/schema';

export function toOrderState(row: WorkOrderRow, units: readonly { unit_id: number }[]): OrderState {
  return {
    status: row.status as Status,
    leadUnitId: row.lead_unit_id,
    unitIds: units.map((u) => u.unit_id),
    reporterUserId: row.reporter_user_id,
    contactedAt: row.contacted_at,
    resolutionDueAt: row.resolution_due_at,
    extensionRequestedUntil: row.extension_requested_until,
    verifyPending: row.verify_pending === 1,
  };
}

/** Whole numbers go to the dispatcher, supervisors, the order's handlers and the caller themself (DOMAIN.md §2). */
export function canSeeWholePhone(actor: SessionActor, row: WorkOrderRow, units: readonly { unit_id: number }[]): boolean {
  switch (actor.role) {
    case 'dispatcher':
    case 'supervisor':
      return true;
    case 'handler':
      return actor.unitId !== null && units.some((u) => u.unit_id === actor.unitId);
    case 'resident':
      return row.reporter_user_id === actor.id;
    default:
      return false;
  }
}

/** Residents read the public timeline; staff read internal notes too. */
export function seesOnlyPublicEvents(actor: SessionActor): boolean {
  return actor.role === 'resident';
}
