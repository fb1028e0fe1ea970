/** Reads of the co-governance tables. SQL lives here and in ledger.ts only. */
import { sql } from 'kysely';
import { shanghaiDayStart } from '../../common/calendar';
import type { Db, Tx } from '../db';
import { notFound } from '../errors';
import { ledgerEntries } from './ledger';

type Q = Db | Tx;

export async function findActivity(db: Q, id: number) {
  return db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getActivity(db: Q, id: number, field = 'id') {
  const a = await findActivity(db, id);
  if (!a) throw notFound(field);
  return a;
}

/** A session with its activity; 404 when either is missing. */
export async function getSession(db: Q, sessionId: number) {
  const s = await db.selectFrom('activity_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!s) throw notFound('sessionId');
  const a = await getActivity(db, s.activity_id, 'sessionId');
  return { session: s, activity: a };
}

export async function sessionsOf(db: Q, activityIds: number[]) {
  if (!activityIds.length) return [];
  return db
    .selectFrom('activity_sessions')
    .selectAll()
    .where('activity_id', 'in', activityIds)
    .orderBy('activity_id')
    .orderBy('seq')
    .execute();
}

export async function findEnrollment(db: Q, activityId: number, userId: number) {
  return db.selectFrom('enrollments').selectAll().where('activity_id', '=', activityId).where('user_id', '=', userId).executeTakeFirst();
}

export async function findAttendance(db: Q, sessionId: number, userId: number) {
  return db.selectFrom('attendance').selectAll().where('session_id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
}

/** The newest code of a session for check-in or check-out. */
export async function latestCode(db: Q, sessionId: number, purpose: string) {
  return db
    .selectFrom('checkin_codes')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('purpose', '=', purpose)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface ActivityFilter {
  placePath?: string;
  kind?: string;
  organiserId?: number;
  enrolledUserId?: number;
}

/** Activities with place and organiser names, newest first. */
export async function listActivities(db: Q, f: ActivityFilter) {
  let q = db
    .selectFrom('activities as a')
    .innerJoin('places as p', 'p.id', 'a.place_id')
    .innerJoin('users as u', 'u.id', 'a.organiser_id')
    .selectAll('a')
    .select(['p.name as place_name', 'u.name as organiser_name']);
  if (f.placePath) q = q.where('p.path', 'like', `${f.placePath}%`);
  if (f.kind) q = q.where('a.kind', '=', f.kind);
  if (f.organiserId !== undefined || f.enrolledUserId !== undefined) {
    q = q.where((eb) =>
      eb.or([
        ...(f.organiserId !== undefined ? [eb('a.organiser_id', '=', f.organiserId)] : []),
        ...(f.enrolledUserId !== undefined
          ? [
              eb(
                'a.id',
                'in',
                eb.selectFrom('enrollments').select('activity_id').where('user_id', '=', f.enrolledUserId).where('status', '=', 'enrolled'),
              ),
            ]
          : []),
      ]),
    );
  }
  return q.orderBy('a.id', 'desc').limit(200).execute();
}

/** One activity with place and organiser names. */
export async function activityRow(db: Q, id: number) {
  return db
    .selectFrom('activities as a')
    .innerJoin('places as p', 'p.id', 'a.place_id')
    .innerJoin('users as u', 'u.id', 'a.organiser_id')
    .selectAll('a')
    .select(['p.name as place_name', 'u.name as organiser_name'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export type ActivityListRow = Awaited<ReturnType<typeof listActivities>>[number];

export async function placePath(db: Q, placeId: number): Promise<string | null> {
  const p = await db.selectFrom('places').select('path').where('id', '=', placeId).executeTakeFirst();
  return p?.path ?? null;
}

export async function enrollmentsOfUser(db: Q, userId: number, activityIds: number[]) {
  if (!activityIds.length) return [];
  return db.selectFrom('enrollments').selectAll().where('user_id', '=', userId).where('activity_id', 'in', activityIds).execute();
}

/** Every enrollment and attendance row of an activity, for the attendance list. */
export async function attendanceOf(db: Q, activityId: number) {
  const people = await db
    .selectFrom('enrollments as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.user_id', 'e.status', 'u.name'])
    .where('e.activity_id', '=', activityId)
    .orderBy('e.id')
    .execute();
  const records = await db.selectFrom('attendance').selectAll().where('activity_id', '=', activityId).orderBy('id').execute();
  return { people, records };
}

/** Residents who attended at least `percent`% of an activity's sessions. */
export function completedUsers(records: { user_id: number }[], sessionCount: number, percent: number | null): Set<number> {
  const days = new Map<number, number>();
  for (const r of records) days.set(r.user_id, (days.get(r.user_id) ?? 0) + 1);
  const done = new Set<number>();
  for (const [u, n] of days) if (percent !== null && sessionCount > 0 && n * 100 >= percent * sessionCount) done.add(u);
  return done;
}

/** The points shop; withdrawn rewards too when `all` (the administrator's catalogue). */
export async function listRewards(db: Q, all = false) {
  let q = db.selectFrom('rewards').selectAll();
  if (!all) q = q.where('active', '=', 1);
  return q.orderBy('id').execute();
}

/** My check-ins in these activities. */
export async function attendanceOfUser(db: Q, userId: number, activityIds: number[]) {
  if (!activityIds.length) return [];
  return db.selectFrom('attendance').selectAll().where('user_id', '=', userId).where('activity_id', 'in', activityIds).orderBy('id').execute();
}

/** The credits of an activity and their reversals, newest first, with who earned them (the organiser's review). */
export async function activityCredits(db: Q, activityId: number) {
  return ledgerEntries(db)
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.user_id', 'u.name as user_name'])
    .select((eb) => eb.exists(eb.selectFrom('points_ledger as r').select('r.id').whereRef('r.reverses_id', '=', 'l.id')).as('reversed'))
    .where('l.activity_id', '=', activityId)
    .orderBy('l.id', 'desc')
    .limit(500)
    .execute();
}

export async function redemptionsOf(db: Q, where: { userId?: number; id?: number; codeHash?: string; usedBy?: number; used?: boolean }) {
  let q = db
    .selectFrom('redemptions as r')
    .innerJoin('rewards as w', 'w.id', 'r.reward_id')
    .selectAll('r')
    .select(['w.name as reward_name', 'w.honoured_by', 'w.merchant_user_id', 'w.unit_id']);
  if (where.userId !== undefined) q = q.where('r.user_id', '=', where.userId);
  if (where.id !== undefined) q = q.where('r.id', '=', where.id);
  if (where.codeHash !== undefined) q = q.where('r.code_hash', '=', where.codeHash);
  if (where.usedBy !== undefined) q = q.where('r.used_by', '=', where.usedBy);
  if (where.used) q = q.where('r.status', '=', 'used');
  return q.orderBy('r.id', 'desc').limit(200).execute();
}

export type RedemptionRow = Awaited<ReturnType<typeof redemptionsOf>>[number];

/** Outputs per activity, with the trainees who completed each class. */
export async function outputsReport(db: Q) {
  const outputs = await db
    .selectFrom('activity_outputs as o')
    .innerJoin('activities as a', 'a.id', 'o.activity_id')
    .select(['o.activity_id', 'a.title', 'a.kind', 'o.metric', 'o.label'])
    .select((eb) => eb.fn.sum<number>('o.quantity').as('quantity'))
    .groupBy(['o.activity_id', 'a.title', 'a.kind', 'o.metric', 'o.label'])
    .orderBy('o.activity_id')
    .orderBy('o.metric')
    .execute();
  const classes = await db
    .selectFrom('activities')
    .select(['id', 'title', 'kind', 'completion_percent'])
    .where('kind', '=', 'class')
    .orderBy('id')
    .execute();
  const completions = new Map<number, number>();
  for (const c of classes) {
    const sessions = await db
      .selectFrom('activity_sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('activity_id', '=', c.id)
      .executeTakeFirstOrThrow();
    const recs = await db.selectFrom('attendance').select('user_id').where('activity_id', '=', c.id).execute();
    completions.set(c.id, completedUsers(recs, Number(sessions.n), c.completion_percent).size);
  }
  return { outputs, classes, completions };
}

/** [start, end) of a 'YYYY-MM' month in Shanghai. */
export function monthRange(month: string): [number, number] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [shanghaiDayStart(`${month}-01`), shanghaiDayStart(`${next}-01`)];
}

export function previousMonths(month: string, n: number): string[] {
  let [y, m] = month.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

/** Participation and points of the residents living in a compound over one month. */
export async function monthFigures(db: Q, compoundPath: string, month: string) {
  const [from, to] = monthRange(month);
  const residents = (eb: any) =>
    eb.selectFrom('users as u').innerJoin('places as p', 'p.id', 'u.place_id').select('u.id').where('p.path', 'like', `${compoundPath}%`);
  const part = await db
    .selectFrom('attendance')
    .select(sql<number>`count(distinct user_id)`.as('n'))
    .where('checked_in_at', '>=', from)
    .where('checked_in_at', '<', to)
    .where('user_id', 'in', residents)
    .executeTakeFirstOrThrow();
  const pts = await db
    .selectFrom('points_ledger')
    .select([
      sql<number>`coalesce(sum(case when ref_type = 'attendance' then delta else 0 end), 0)`.as('issued'),
      sql<number>`coalesce(sum(case when ref_type = 'redemption' then -delta else 0 end), 0)`.as('redeemed'),
    ])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where('user_id', 'in', residents)
    .executeTakeFirstOrThrow();
  return { participants: Number(part.n), pointsIssued: Number(pts.issued), pointsRedeemed: Number(pts.redeemed) };
}

/** The compound's residents who earned most points in the month and agreed to be shown. */
export async function topVolunteers(db: Q, compoundPath: string, month: string, limit = 10) {
  const [from, to] = monthRange(month);
  return db
    .selectFrom('points_ledger as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .innerJoin('places as p', 'p.id', 'u.place_id')
    .select(['u.id', 'u.name'])
    .select((eb) => eb.fn.sum<number>('l.delta').as('points'))
    .where('l.ref_type', '=', 'attendance')
    .where('l.created_at', '>=', from)
    .where('l.created_at', '<', to)
    .where('p.path', 'like', `${compoundPath}%`)
    .where((eb) =>
      eb.exists(eb.selectFrom('enrollments as e').select('e.id').whereRef('e.user_id', '=', 'u.id').where('e.show_publicly', '=', 1)),
    )
    .groupBy(['u.id', 'u.name'])
    .having((eb) => eb.fn.sum('l.delta'), '>', 0)
    .orderBy('points', 'desc')
    .orderBy('u.id')
    .limit(limit)
    .execute();
}
