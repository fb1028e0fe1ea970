/** Turns work-order rows into the API's shapes, masking what the caller may not read whole. */
import { maskPhone } from '../../common/mask';
import type { OrderDetailDto, OrderSummaryDto } from '../../common/api';
import type { Status } from '../../common/lifecycle';
import type { WorkOrderRow } from '../db/schema';

export const iso = (t: number) => new Date(t).toISOString();
export const isoOrNull = (t: number | null) => (t === null ? null : iso(t));

const ref = (id: number | null | undefined, name: string | null | undefined) => (id && name ? { id, name } : null);

/** "上华苑 3号楼" — the compound, then the place itself when it is deeper. */
export function placeLabel(compoundName: string | null, placeName: string | null): string {
  if (compoundName && placeName && compoundName !== placeName) return `${compoundName} ${placeName}`;
  return placeName ?? compoundName ?? '';
}

export interface SummaryNames {
  category_name: string | null;
  place_name: string | null;
  compound_name: string | null;
  lead_unit_name: string | null;
}

export function presentSummary(r: WorkOrderRow & SummaryNames, fullPhone = false): OrderSummaryDto {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status as Status,
    priority: r.priority,
    channel: r.channel,
    version: r.version,
    category: ref(r.category_id, r.category_name),
    place: ref(r.place_id, r.place_name),
    placeLabel: placeLabel(r.compound_name, r.place_name),
    leadUnit: ref(r.lead_unit_id, r.lead_unit_name),
    callerName: r.anonymous && !fullPhone ? null : r.caller_name,
    callerPhone: fullPhone ? r.caller_phone : maskPhone(r.caller_phone),
    receivedAt: iso(r.received_at),
    signoffDueAt: isoOrNull(r.signoff_due_at),
    resolutionDueAt: isoOrNull(r.resolution_due_at),
    overdue: r.overdue === 1,
    urgeCount: r.urge_count,
    supervisionLevel: r.supervision_level,
    updatedAt: iso(r.updated_at),
  };
}

export function presentDetail(
  r: WorkOrderRow & SummaryNames,
  extra: Pick<OrderDetailDto, 'coUnits' | 'events' | 'attachments' | 'actions'>,
  fullPhone: boolean,
): OrderDetailDto {
  return {
    ...presentSummary(r, fullPhone),
    description: r.description,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    anonymous: r.anonymous === 1,
    attributes: r.attributes_json ? JSON.parse(r.attributes_json) : {},
    mergedIntoId: r.merged_into_id,
    dispatchedAt: isoOrNull(r.dispatched_at),
    responseDueAt: isoOrNull(r.response_due_at),
    resolutionLimit: r.resolution_limit,
    acceptedAt: isoOrNull(r.accepted_at),
    contactedAt: isoOrNull(r.contacted_at),
    repliedAt: isoOrNull(r.replied_at),
    closedAt: isoOrNull(r.closed_at),
    extensionRequestedUntil: isoOrNull(r.extension_requested_until),
    redoCount: r.redo_count,
    reopenCount: r.reopen_count,
    returnCount: r.return_count,
    flagged3x: r.flagged_3x === 1,
    ratingResolution: r.rating_resolution,
    ratingSatisfaction: r.rating_satisfaction,
    verifyPending: r.verify_pending === 1,
    ...extra,
  };
}
