/** Shared helpers of the co-governance tests: error checks, table snapshots, activities and points made through the API. */
import { expect } from 'vitest';
import { hashPassword } from '../auth/password';
import { DEMO_PASSWORD } from '../demo/district';
import type { Client, Response, TestServer } from '../test/harness';

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** The answer is the given error, naming `field` when one is given. */
export function expectError(res: Response, status: number, code: string, field?: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  if (field !== undefined) expect(res.body.error.field).toBe(field);
}

const TABLES = [
  'activities',
  'activity_sessions',
  'enrollments',
  'attendance',
  'checkin_codes',
  'points_ledger',
  'points_balances',
  'points_settlements',
  'rewards',
  'redemptions',
  'activity_outputs',
  'audit_log',
] as const;

/** Every co-governance row (and the audit trail), to show that a refused request changed nothing. */
export async function snapshot(s: TestServer): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    const rows = (await s.ctx.db.selectFrom(t).selectAll().execute()) as Record<string, unknown>[];
    out[t] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Runs a request and checks it was refused with status/code/field and left every table as it was. */
export async function expectUnchanged(
  s: TestServer,
  call: () => Promise<Response>,
  status: number,
  code: string,
  field?: string,
): Promise<Response> {
  const before = await snapshot(s);
  const res = await call();
  expectError(res, status, code, field);
  expect(await snapshot(s)).toEqual(before);
  return res;
}

export interface ActivityOptions {
  kind?: 'duty' | 'class' | 'service_day';
  title?: string;
  placeKey?: string;
  capacity?: number;
  pointsMode?: 'per_hour' | 'per_attendance';
  pointsRate?: number;
  pointsCap?: number;
  reviewRequired?: boolean;
  noticeDays?: number;
  completionPercent?: number;
  /** [start offset from now, length] in ms, one per session. */
  slots?: [number, number][];
}

export function activityBody(s: TestServer, o: ActivityOptions = {}) {
  const now = s.clock.now();
  const slots = o.slots ?? [[0, 2 * HOUR]];
  return {
    kind: o.kind ?? 'duty',
    title: o.title ?? '垃圾分类督导',
    placeId: s.ids.places.get(o.placeKey ?? 'cp-tianxianglanjun')!,
    capacity: o.capacity ?? 10,
    pointsMode: o.pointsMode ?? 'per_hour',
    pointsRate: o.pointsRate ?? 10,
    pointsCap: o.pointsCap ?? 100,
    ...(o.reviewRequired !== undefined ? { reviewRequired: o.reviewRequired } : {}),
    ...(o.noticeDays !== undefined ? { noticeDays: o.noticeDays } : {}),
    ...(o.completionPercent !== undefined ? { completionPercent: o.completionPercent } : {}),
    sessions: slots.map(([start, len]) => ({
      startsAt: new Date(now + start).toISOString(),
      endsAt: new Date(now + start + len).toISOString(),
    })),
  };
}

/** Creates an activity as `organiser` and returns its body (id, sessions…). */
export async function makeActivity(s: TestServer, organiser: Client, o: ActivityOptions = {}) {
  const res = await organiser.post('/api/cogov/activities', activityBody(s, o));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; sessions: { id: number; startsAt: string; endsAt: string }[] };
}

/** Gives a resident `points` settled points through an activity the organiser marks them in for. */
export async function grantPoints(s: TestServer, organiser: Client, resident: Client, userId: number, points: number) {
  const a = await makeActivity(s, organiser, {
    pointsMode: 'per_attendance',
    pointsRate: points,
    pointsCap: points,
    title: '积分测试活动',
  });
  expect((await resident.post(`/api/cogov/activities/${a.id}/enroll`, {})).status).toBe(200);
  const res = await organiser.post(`/api/cogov/sessions/${a.sessions[0]!.id}/attendance`, { userId, action: 'in' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return a;
}

export async function balanceRow(s: TestServer, userId: number): Promise<number> {
  const r = await s.ctx.db.selectFrom('points_balances').select('balance').where('user_id', '=', userId).executeTakeFirst();
  return r?.balance ?? 0;
}

export async function ledgerSum(s: TestServer, userId: number): Promise<number> {
  const rows = await s.ctx.db.selectFrom('points_ledger').select('delta').where('user_id', '=', userId).execute();
  return rows.reduce((t, r) => t + r.delta, 0);
}

/** Adds an account beyond the demo's (e.g. a second merchant), signed in with the demo password. */
export async function addUser(s: TestServer, username: string, role: string, placeKey: string): Promise<number> {
  const { id } = await s.ctx.db
    .insertInto('users')
    .values({
      username,
      name: username,
      phone: null,
      role,
      unit_id: null,
      place_id: s.ids.places.get(placeKey)!,
      password_hash: await hashPassword(DEMO_PASSWORD),
      created_at: s.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
