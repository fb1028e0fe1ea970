/**
 * Activities (共治活动): create, enroll and cancel, the organiser's rotating check-in codes,
 * check-in and check-out (by code or marked by the organiser), the organiser's review of credits
 * and counted outputs. Each function runs inside the caller's transaction.
 */
import { sql } from 'kysely';
import type { SessionActor } from '../../auth/actor';
import type { Tx } from '../../db';
import { AppError, notFound } from '../../errors';
import { attendanceSnapshot, auditCogov } from '../audit';
import { activityTerms } from '../present';
import { CHECKIN_CODE_TTL_MS, WrongCodeLimiter, checkinCodeMatches, newCheckinCode } from '../codes';
import { DAY_MS, appendEntry, creditedForActivity, entryView, reverseCredit } from '../ledger';
import { findAttendance, findEnrollment, getActivity, getSession, latestCode } from '../queries';
import type { CreateActivityInput, UpdateActivityInput } from '../schema';

type ActivityRow = Awaited<ReturnType<typeof getActivity>>;
type SessionRow = Awaited<ReturnType<typeof getSession>>['session'];

/** Check-in opens this long before a session starts. */
export const CHECKIN_EARLY_MS = 30 * 60_000;
/** Check-out is accepted until this long after a session ends. */
export const CHECKOUT_LATE_MS = 60 * 60_000;

const outsideSlot = (what: { zh: string; en: string }) => new AppError('rule_violation', 'sessionId', what);

/** The organiser of the activity or an administrator; anyone else is refused. */
export function assertManages(actor: SessionActor, a: ActivityRow): void {
  if (actor.role !== 'admin' && a.organiser_id !== actor.id) throw new AppError('forbidden');
}

export async function createActivity(tx: Tx, actor: SessionActor, b: CreateActivityInput, now: number) {
  const place = await tx.selectFrom('places').select('id').where('id', '=', b.placeId).executeTakeFirst();
  if (!place) throw new AppError('unknown_reference', 'placeId');
  if (b.pointsCap < b.pointsRate && b.pointsMode === 'per_attendance')
    throw new AppError('validation', 'pointsCap', { zh: '上限不能低于单次积分', en: 'the cap is below the points of one attendance' });
  const slots = b.sessions.map((s) => ({ start: Date.parse(s.startsAt), end: Date.parse(s.endsAt) })).sort((x, y) => x.start - y.start);
  slots.forEach((s, i) => {
    if (!(s.end > s.start) || s.end - s.start > DAY_MS)
      throw new AppError('validation', `sessions.${i}.endsAt`, {
        zh: '时段须在开始之后结束且不超过24小时',
        en: 'a session must end after it starts, within 24 hours',
      });
    if (i > 0 && s.start < slots[i - 1]!.end)
      throw new AppError('validation', `sessions.${i}.startsAt`, { zh: '时段不能重叠', en: 'sessions must not overlap' });
  });
  if (b.kind === 'class' && b.completionPercent === undefined)
    throw new AppError('validation', 'completionPercent', {
      zh: '培训班须设定结业出勤比例',
      en: 'a class needs the attendance share that completes it',
    });
  const { id } = await tx
    .insertInto('activities')
    .values({
      kind: b.kind,
      title: b.title,
      description: b.description ?? '',
      place_id: b.placeId,
      organiser_id: actor.id,
      capacity: b.capacity,
      points_mode: b.pointsMode,
      points_rate: b.pointsRate,
      points_cap: b.pointsCap,
      review_required: b.reviewRequired ? 1 : 0,
      notice_days: b.noticeDays ?? 0,
      completion_percent: b.completionPercent ?? null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('activity_sessions')
    .values(slots.map((s, i) => ({ activity_id: id, seq: i + 1, starts_at: s.start, ends_at: s.end })))
    .execute();
  const after = { ...activityTerms(await getActivity(tx, id)), sessions: slots.map((s) => ({ startsAt: s.start, endsAt: s.end })) };
  await auditCogov(tx, actor, 'activity', 'create', id, null, after, now);
  return id;
}

/**
 * The organiser edits an activity: wording, capacity (never below who is enrolled), the notice
 * period of credits from now on, or cancels it. Points rules and sessions stay as residents
 * enrolled under them.
 */
export async function updateActivity(tx: Tx, actor: SessionActor, activityId: number, b: UpdateActivityInput, now: number) {
  const a = await getActivity(tx, activityId);
  assertManages(actor, a);
  const set: Partial<{ title: string; description: string; capacity: number; notice_days: number; status: string }> = {};
  if (b.title !== undefined) set.title = b.title;
  if (b.description !== undefined) set.description = b.description;
  if (b.noticeDays !== undefined) set.notice_days = b.noticeDays;
  if (b.status !== undefined) set.status = b.status;
  let q = tx.updateTable('activities').set(set).where('id', '=', a.id);
  if (b.capacity !== undefined) {
    // Conditional on the live count, so an enrollment racing this edit cannot end up over capacity.
    q = tx
      .updateTable('activities')
      .set({ ...set, capacity: b.capacity })
      .where('id', '=', a.id)
      .where('enrolled_count', '<=', b.capacity);
  }
  const res = await q.executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw new AppError('conflict', 'capacity', { zh: '名额不能少于已报名人数', en: 'capacity is below the number already enrolled' });
  const verb = b.status === 'cancelled' && a.status !== 'cancelled' ? 'cancel' : 'update';
  await auditCogov(tx, actor, 'activity', verb, a.id, activityTerms(a), activityTerms(await getActivity(tx, a.id)), now);
}

/** Enrolls a resident; capacity is one conditional update, so parallel enrollments never overfill. */
export async function enroll(tx: Tx, actor: SessionActor, activityId: number, showPublicly: boolean, now: number) {
  const a = await getActivity(tx, activityId);
  if (a.status !== 'open') throw new AppError('rule_violation', 'id', { zh: '活动已取消', en: 'the activity was cancelled' });
  const last = await tx
    .selectFrom('activity_sessions')
    .select((eb) => eb.fn.max('ends_at').as('end'))
    .where('activity_id', '=', a.id)
    .executeTakeFirst();
  if (last?.end !== null && last?.end !== undefined && Number(last.end) <= now)
    throw new AppError('rule_violation', 'id', { zh: '活动已结束', en: 'the activity is over' });
  const existing = await findEnrollment(tx, a.id, actor.id);
  if (existing?.status === 'enrolled') throw new AppError('conflict', 'id', { zh: '已报名', en: 'already enrolled' });
  const seat = await tx
    .updateTable('activities')
    .set({ enrolled_count: sql<number>`enrolled_count + 1` })
    .where('id', '=', a.id)
    .whereRef('enrolled_count', '<', 'capacity')
    .executeTakeFirst();
  if (Number(seat.numUpdatedRows) !== 1) throw new AppError('conflict', 'capacity', { zh: '名额已满', en: 'the activity is full' });
  if (existing) {
    // Conditional, so two parallel re-enrollments cannot take two seats for one person.
    const back = await tx
      .updateTable('enrollments')
      .set({ status: 'enrolled', show_publicly: showPublicly ? 1 : 0, enrolled_at: now, cancelled_at: null })
      .where('id', '=', existing.id)
      .where('status', '=', 'cancelled')
      .executeTakeFirst();
    if (Number(back.numUpdatedRows) !== 1) throw new AppError('conflict', 'id', { zh: '已报名', en: 'already enrolled' });
    return existing.id;
  }
  const { id } = await tx
    .insertInto('enrollments')
    .values({ activity_id: a.id, user_id: actor.id, status: 'enrolled', show_publicly: showPublicly ? 1 : 0, enrolled_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function cancelEnrollment(tx: Tx, actor: SessionActor, activityId: number, now: number) {
  const a = await getActivity(tx, activityId);
  const e = await findEnrollment(tx, a.id, actor.id);
  if (!e || e.status !== 'enrolled') throw new AppError('conflict', 'id', { zh: '未报名该活动', en: 'not enrolled in this activity' });
  const res = await tx
    .updateTable('enrollments')
    .set({ status: 'cancelled', cancelled_at: now })
    .where('id', '=', e.id)
    .where('status', '=', 'enrolled')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'id', { zh: '未报名该活动', en: 'not enrolled in this activity' });
  await tx
    .updateTable('activities')
    .set({ enrolled_count: sql<number>`enrolled_count - 1` })
    .where('id', '=', a.id)
    .execute();
  return e.id;
}

/** A fresh six-digit code for a session; it replaces the previous one and lives two minutes. */
export async function issueCheckinCode(tx: Tx, actor: SessionActor, sessionId: number, purpose: 'in' | 'out', now: number) {
  const { session, activity } = await getSession(tx, sessionId);
  assertManages(actor, activity);
  if (now < session.starts_at - CHECKIN_EARLY_MS || now > session.ends_at + CHECKOUT_LATE_MS)
    throw outsideSlot({ zh: '不在该时段的签到时间内', en: 'outside the session’s check-in window' });
  const c = newCheckinCode();
  const expiresAt = now + CHECKIN_CODE_TTL_MS;
  const { id } = await tx
    .insertInto('checkin_codes')
    .values({
      session_id: session.id,
      purpose,
      salt: c.salt,
      code_hash: c.hash,
      expires_at: expiresAt,
      created_by: actor.id,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The code itself (and its hash) stays out of the trail.
  await auditCogov(tx, actor, 'checkin_code', 'issue', id, null, { sessionId: session.id, activityId: activity.id, purpose, expiresAt }, now);
  return { sessionId: session.id, purpose, code: c.code, expiresAt };
}

const wrongCodes = new WrongCodeLimiter();

async function verifyCode(tx: Tx, userId: number, sessionId: number, purpose: 'in' | 'out', code: string, now: number) {
  const key = `${userId}:${sessionId}`;
  if (wrongCodes.blocked(key, now))
    throw new AppError('rate_limited', 'code', { zh: '签到码错误次数过多，请稍后再试', en: 'too many wrong codes; try again later' });
  const c = await latestCode(tx, sessionId, purpose);
  if (!c || !checkinCodeMatches(c.salt, c.code_hash, code)) {
    wrongCodes.fail(key, now);
    throw new AppError('rule_violation', 'code', { zh: '签到码不正确', en: 'wrong code' });
  }
  if (c.expires_at <= now) throw new AppError('rule_violation', 'code', { zh: '签到码已过期', en: 'the code has expired' });
}

async function requireEnrolled(tx: Tx, activityId: number, userId: number, field: string) {
  const e = await findEnrollment(tx, activityId, userId);
  if (!e || e.status !== 'enrolled')
    throw new AppError('rule_violation', field, { zh: '未报名该活动', en: 'not enrolled in this activity' });
}

/**
 * Points one attendance earns, within what is left of the per-activity cap. Credits waiting for
 * review count toward the cap so that approving them later cannot exceed it.
 */
async function pointsFor(tx: Tx, a: ActivityRow, s: SessionRow, userId: number, inAt: number, outAt: number | null): Promise<number> {
  let raw: number;
  if (a.points_mode === 'per_attendance') raw = a.points_rate;
  else {
    const minutes = Math.max(0, Math.min(outAt ?? inAt, s.ends_at) - Math.max(inAt, s.starts_at)) / 60_000;
    raw = Math.floor((a.points_rate * minutes) / 60);
  }
  const pending = await tx
    .selectFrom('attendance')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('n'))
    .where('activity_id', '=', a.id)
    .where('user_id', '=', userId)
    .where('review', '=', 'pending')
    .executeTakeFirstOrThrow();
  const left = a.points_cap - (await creditedForActivity(tx, a.id, userId)) - Number(pending.n);
  return Math.max(0, Math.min(raw, left));
}

/** Credits the points of an attendance, or parks them for the organiser's review. */
async function award(
  tx: Tx,
  a: ActivityRow,
  s: SessionRow,
  attendanceId: number,
  userId: number,
  inAt: number,
  outAt: number | null,
  now: number,
  actorId: number,
) {
  const points = await pointsFor(tx, a, s, userId, inAt, outAt);
  if (points === 0) {
    await tx.updateTable('attendance').set({ points: 0 }).where('id', '=', attendanceId).execute();
    return;
  }
  if (a.review_required) {
    await tx.updateTable('attendance').set({ points, review: 'pending' }).where('id', '=', attendanceId).execute();
    return;
  }
  const entry = await appendEntry(tx, {
    userId,
    kind: 'credit',
    delta: points,
    reason: `${a.title}（第${s.seq}场）`,
    refType: 'attendance',
    refId: attendanceId,
    activityId: a.id,
    settlesAt: now + a.notice_days * DAY_MS,
    createdBy: actorId,
    now,
  });
  await tx.updateTable('attendance').set({ points, review: 'auto', ledger_entry_id: entry }).where('id', '=', attendanceId).execute();
}

async function recordCheckIn(
  tx: Tx,
  a: ActivityRow,
  s: SessionRow,
  userId: number,
  at: number,
  method: 'code' | 'organiser',
  now: number,
  actorId: number,
) {
  if (await findAttendance(tx, s.id, userId)) throw new AppError('conflict', 'sessionId', { zh: '已签到', en: 'already checked in' });
  const { id } = await tx
    .insertInto('attendance')
    .values({ session_id: s.id, activity_id: a.id, user_id: userId, checked_in_at: at, in_method: method })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (a.points_mode === 'per_attendance') await award(tx, a, s, id, userId, at, null, now, actorId);
  return id;
}

async function recordCheckOut(
  tx: Tx,
  a: ActivityRow,
  s: SessionRow,
  userId: number,
  at: number,
  method: 'code' | 'organiser',
  now: number,
  actorId: number,
) {
  const att = await findAttendance(tx, s.id, userId);
  if (!att) throw new AppError('conflict', 'sessionId', { zh: '尚未签到', en: 'not checked in' });
  if (att.checked_out_at !== null) throw new AppError('conflict', 'sessionId', { zh: '已签退', en: 'already checked out' });
  const out = Math.max(at, att.checked_in_at);
  const res = await tx
    .updateTable('attendance')
    .set({ checked_out_at: out, out_method: method })
    .where('id', '=', att.id)
    .where('checked_out_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'sessionId', { zh: '已签退', en: 'already checked out' });
  if (a.points_mode === 'per_hour') await award(tx, a, s, att.id, userId, att.checked_in_at, out, now, actorId);
  return att.id;
}

/** A resident checks in with the code the organiser shows, during the slot. */
export async function checkIn(tx: Tx, actor: SessionActor, sessionId: number, code: string, now: number) {
  const { session, activity } = await getSession(tx, sessionId);
  await requireEnrolled(tx, activity.id, actor.id, 'sessionId');
  if (await findAttendance(tx, session.id, actor.id))
    throw new AppError('conflict', 'sessionId', { zh: '已签到', en: 'already checked in' });
  if (now < session.starts_at - CHECKIN_EARLY_MS || now >= session.ends_at)
    throw outsideSlot({ zh: '不在该时段的签到时间内', en: 'outside the session’s check-in window' });
  await verifyCode(tx, actor.id, session.id, 'in', code, now);
  return recordCheckIn(tx, activity, session, actor.id, now, 'code', now, actor.id);
}

/** A resident checks out with the organiser's check-out code, from the start until an hour after the end. */
export async function checkOut(tx: Tx, actor: SessionActor, sessionId: number, code: string, now: number) {
  const { session, activity } = await getSession(tx, sessionId);
  await requireEnrolled(tx, activity.id, actor.id, 'sessionId');
  if (now < session.starts_at || now > session.ends_at + CHECKOUT_LATE_MS)
    throw outsideSlot({ zh: '不在该时段的签退时间内', en: 'outside the session’s check-out window' });
  const att = await findAttendance(tx, session.id, actor.id);
  if (!att) throw new AppError('conflict', 'sessionId', { zh: '尚未签到', en: 'not checked in' });
  if (att.checked_out_at !== null) throw new AppError('conflict', 'sessionId', { zh: '已签退', en: 'already checked out' });
  await verifyCode(tx, actor.id, session.id, 'out', code, now);
  return recordCheckOut(tx, activity, session, actor.id, now, 'code', now, actor.id);
}

/**
 * The organiser marks a resident in or out (no phone, or after the fact). Times are held inside
 * the slot, so marking a past session afterwards credits what the slot was worth.
 */
export async function markAttendance(tx: Tx, actor: SessionActor, sessionId: number, userId: number, action: 'in' | 'out', now: number) {
  const { session, activity } = await getSession(tx, sessionId);
  assertManages(actor, activity);
  await requireEnrolled(tx, activity.id, userId, 'userId');
  if (now < session.starts_at - CHECKIN_EARLY_MS) throw outsideSlot({ zh: '该时段尚未开始', en: 'the session has not started' });
  const at = Math.min(Math.max(now, session.starts_at), session.ends_at);
  const before = await findAttendance(tx, session.id, userId);
  const id =
    action === 'in'
      ? await recordCheckIn(tx, activity, session, userId, at, 'organiser', now, actor.id)
      : await recordCheckOut(tx, activity, session, userId, at, 'organiser', now, actor.id);
  const after = await tx.selectFrom('attendance').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await auditCogov(tx, actor, 'attendance', `mark_${action}`, id, before ? attendanceSnapshot(before) : null, attendanceSnapshot(after), now);
  return id;
}

/** The organiser approves (credit, then the notice period) or rejects the points of an attendance. */
export async function reviewAttendance(tx: Tx, actor: SessionActor, attendanceId: number, decision: 'approve' | 'reject', now: number) {
  const att = await tx.selectFrom('attendance').selectAll().where('id', '=', attendanceId).executeTakeFirst();
  if (!att) throw notFound('id');
  const { session, activity } = await getSession(tx, att.session_id);
  assertManages(actor, activity);
  if (att.review !== 'pending') throw new AppError('conflict', 'id', { zh: '该记录不在待审核状态', en: 'nothing is waiting for review' });
  const claimed = await tx
    .updateTable('attendance')
    .set({ review: decision === 'approve' ? 'approved' : 'rejected' })
    .where('id', '=', att.id)
    .where('review', '=', 'pending')
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('conflict', 'id');
  const entry = decision === 'approve' ? await creditReviewed(tx, actor, att, activity, session.seq, now) : null;
  const after = await tx.selectFrom('attendance').selectAll().where('id', '=', att.id).executeTakeFirstOrThrow();
  await auditCogov(tx, actor, 'attendance', decision, att.id, attendanceSnapshot(att), attendanceSnapshot(after), now);
  return entry;
}

/** Credits approved points, within what is left of the activity's cap (null when nothing is left). */
async function creditReviewed(
  tx: Tx,
  actor: SessionActor,
  att: { id: number; user_id: number; points: number | null },
  activity: ActivityRow,
  seq: number,
  now: number,
) {
  const left = activity.points_cap - (await creditedForActivity(tx, activity.id, att.user_id));
  const points = Math.max(0, Math.min(att.points ?? 0, left));
  if (points === 0) return null;
  const entry = await appendEntry(tx, {
    userId: att.user_id,
    kind: 'credit',
    delta: points,
    reason: `${activity.title}（第${seq}场）`,
    refType: 'attendance',
    refId: att.id,
    activityId: activity.id,
    settlesAt: now + activity.notice_days * DAY_MS,
    createdBy: actor.id,
    now,
  });
  await tx.updateTable('attendance').set({ ledger_entry_id: entry, points }).where('id', '=', att.id).execute();
  return entry;
}

export async function recordOutput(
  tx: Tx,
  actor: SessionActor,
  activityId: number,
  o: { metric: string; label: string; quantity: number },
  now: number,
) {
  const a = await getActivity(tx, activityId);
  assertManages(actor, a);
  const { id } = await tx
    .insertInto('activity_outputs')
    .values({ activity_id: a.id, metric: o.metric, label: o.label, quantity: o.quantity, recorded_by: actor.id, recorded_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await auditCogov(tx, actor, 'activity_output', 'create', id, null, { activityId: a.id, ...o }, now);
  return id;
}

/**
 * Corrects a credit by appending its reversal: an administrator, or the organiser of the
 * activity that credited it. The audit row names the credit, and the reversal and reason after.
 */
export async function reversePoints(tx: Tx, actor: SessionActor, entryId: number, reason: string, now: number) {
  const e = await tx.selectFrom('points_ledger').selectAll().where('id', '=', entryId).executeTakeFirst();
  if (!e) throw notFound('id');
  if (actor.role !== 'admin') {
    const a = e.activity_id === null ? null : await getActivity(tx, e.activity_id);
    if (!a || a.organiser_id !== actor.id) throw new AppError('forbidden');
  }
  const id = await reverseCredit(tx, e, reason, actor.id, now);
  const view = async (entry: number) => ({ ...(await entryView(tx, entry))!, userId: e.user_id });
  await auditCogov(tx, actor, 'points_entry', 'reverse', e.id, await view(e.id), { reversal: await view(id), reason }, now);
  return id;
}
