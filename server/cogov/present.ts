/** Turns co-governance rows into the API's shapes (camelCase, ISO times, booleans). */
import type { Selectable } from 'kysely';
import type { ActivitiesTable, AttendanceTable, RewardsTable } from '../db/schema';
import type { ActivityListRow, RedemptionRow } from './queries';

const iso = (t: number) => new Date(t).toISOString();
const isoOrNull = (t: number | null) => (t === null ? null : iso(t));

/** An activity's terms: what it is, where, by whom, places and points rules, and its status (also the audit's before/after). */
export function activityTerms(a: Selectable<ActivitiesTable>) {
  return {
    kind: a.kind,
    title: a.title,
    description: a.description,
    placeId: a.place_id,
    organiserId: a.organiser_id,
    capacity: a.capacity,
    pointsMode: a.points_mode,
    pointsRate: a.points_rate,
    pointsCap: a.points_cap,
    reviewRequired: a.review_required === 1,
    noticeDays: a.notice_days,
    completionPercent: a.completion_percent,
    status: a.status,
  };
}

export function presentActivity(
  a: ActivityListRow,
  sessions: { id: number; seq: number; starts_at: number; ends_at: number }[],
  mine: { id: number; status: string; show_publicly: number } | null,
  actions: string[],
  attended: Selectable<AttendanceTable>[] = [],
) {
  return {
    id: a.id,
    ...activityTerms(a),
    placeName: a.place_name,
    organiserName: a.organiser_name,
    enrolledCount: a.enrolled_count,
    sessions: sessions.map((s) => ({ id: s.id, seq: s.seq, startsAt: iso(s.starts_at), endsAt: iso(s.ends_at) })),
    myEnrollment: mine ? { id: mine.id, status: mine.status, showPublicly: mine.show_publicly === 1 } : null,
    actions,
    myAttendance: attended.map((r) => ({
      sessionId: r.session_id,
      checkedInAt: iso(r.checked_in_at),
      checkedOutAt: isoOrNull(r.checked_out_at),
      points: r.points,
      review: r.review,
    })),
  };
}

export function presentAttendance(r: Selectable<AttendanceTable>) {
  return {
    id: r.id,
    sessionId: r.session_id,
    userId: r.user_id,
    checkedInAt: iso(r.checked_in_at),
    inMethod: r.in_method,
    checkedOutAt: isoOrNull(r.checked_out_at),
    outMethod: r.out_method,
    points: r.points,
    review: r.review,
  };
}

export function presentReward(r: Selectable<RewardsTable>) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    description: r.description,
    price: r.price,
    stock: r.stock,
    merchantUserId: r.merchant_user_id,
    unitId: r.unit_id,
    honouredBy: r.honoured_by,
    placeId: r.place_id,
    validDays: r.valid_days,
    active: r.active === 1,
  };
}

export function presentRedemption(r: RedemptionRow) {
  return {
    id: r.id,
    rewardId: r.reward_id,
    rewardName: r.reward_name,
    honouredBy: r.honoured_by,
    userId: r.user_id,
    cost: r.cost,
    status: r.status,
    codeHint: r.code_hint,
    expiresAt: iso(r.expires_at),
    usedAt: isoOrNull(r.used_at),
    createdAt: iso(r.created_at),
  };
}

export function presentEntry(e: {
  id: number;
  kind: string;
  delta: number;
  reason: string;
  ref_type: string;
  ref_id: number;
  activity_id: number | null;
  activity_title: string | null;
  reverses_id: number | null;
  settles_at: number;
  created_at: number;
  settled_at: number | null;
}) {
  return {
    id: e.id,
    kind: e.kind,
    delta: e.delta,
    reason: e.reason,
    refType: e.ref_type,
    refId: e.ref_id,
    activityId: e.activity_id,
    activityTitle: e.activity_title,
    reversesId: e.reverses_id,
    settlesAt: iso(e.settles_at),
    settled: e.settled_at !== null,
    createdAt: iso(e.created_at),
  };
}
