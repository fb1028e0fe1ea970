/** Activities through real HTTP: guards, bad input, enrollment and capacity, check-in codes, attendance, review, caps, classes and outputs. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, startTestServer, type Client, type TestServer } from '../test/harness';
import { DAY, HOUR, activityBody, addUser, balanceRow, expectError, expectUnchanged, makeActivity, snapshot } from './testing';

let s: TestServer;
let organiser: Client;
let resident: Client;
let shy: Client;
let fixture: { id: number; sessions: { id: number }[] };
let attendanceId: number;
const user = (u: string) => s.ids.users.get(u)!;

beforeAll(async () => {
  s = await startTestServer();
  organiser = await s.login('organiser');
  resident = await s.login('resident.txlj');
  shy = await s.login('resident.shy');
  fixture = await makeActivity(s, organiser, { pointsMode: 'per_attendance', pointsRate: 5, reviewRequired: true });
  await resident.post(`/api/cogov/activities/${fixture.id}/enroll`, {});
  const mark = await organiser.post(`/api/cogov/sessions/${fixture.sessions[0]!.id}/attendance`, {
    userId: user('resident.txlj'),
    action: 'in',
  });
  attendanceId = mark.body.id;
});
afterAll(async () => s?.close());
beforeEach(async () => {
  s.clock.set(DEFAULT_NOW);
  [organiser, resident, shy] = await Promise.all([s.login('organiser'), s.login('resident.txlj'), s.login('resident.shy')]);
});

interface Call {
  name: string;
  method: string;
  url: () => string;
  body?: () => unknown;
  /** A signed-in role the policy refuses (none when every role may call it). */
  forbidden?: string;
  /** A request with bad input, made as a permitted user. */
  bad?: { as: string; url?: () => string; body?: () => unknown; field: string };
}

const calls: Call[] = [
  {
    name: 'list activities',
    method: 'GET',
    url: () => '/api/cogov/activities',
    bad: { as: 'resident', url: () => '/api/cogov/activities?kind=party', field: 'kind' },
  },
  {
    name: 'create activity',
    method: 'POST',
    url: () => '/api/cogov/activities',
    body: () => activityBody(s),
    forbidden: 'resident',
    bad: { as: 'organiser', body: () => ({ ...activityBody(s), capacity: 0 }), field: 'capacity' },
  },
  {
    name: 'get activity',
    method: 'GET',
    url: () => `/api/cogov/activities/${fixture.id}`,
    bad: { as: 'resident', url: () => '/api/cogov/activities/abc', field: 'id' },
  },
  {
    name: 'enroll',
    method: 'POST',
    url: () => `/api/cogov/activities/${fixture.id}/enroll`,
    body: () => ({}),
    forbidden: 'organiser',
    bad: { as: 'resident.shy', body: () => ({ showPublicly: 'yes' }), field: 'showPublicly' },
  },
  {
    name: 'cancel enrollment',
    method: 'POST',
    url: () => `/api/cogov/activities/${fixture.id}/cancel-enrollment`,
    forbidden: 'organiser',
    bad: { as: 'resident.shy', url: () => '/api/cogov/activities/0/cancel-enrollment', field: 'id' },
  },
  {
    name: 'attendance list',
    method: 'GET',
    url: () => `/api/cogov/activities/${fixture.id}/attendance`,
    forbidden: 'resident',
    bad: { as: 'organiser', url: () => '/api/cogov/activities/1.5/attendance', field: 'id' },
  },
  {
    name: 'record output',
    method: 'POST',
    url: () => `/api/cogov/activities/${fixture.id}/outputs`,
    body: () => ({ metric: 'rides', label: '接送', quantity: 1 }),
    forbidden: 'resident',
    bad: { as: 'organiser', body: () => ({ metric: 'rides', label: '接送', quantity: -3 }), field: 'quantity' },
  },
  { name: 'outputs report', method: 'GET', url: () => '/api/cogov/outputs' },
  {
    name: 'issue code',
    method: 'POST',
    url: () => `/api/cogov/sessions/${fixture.sessions[0]!.id}/codes`,
    body: () => ({ purpose: 'in' }),
    forbidden: 'resident',
    bad: { as: 'organiser', body: () => ({ purpose: 'sideways' }), field: 'purpose' },
  },
  {
    name: 'check in',
    method: 'POST',
    url: () => `/api/cogov/sessions/${fixture.sessions[0]!.id}/check-in`,
    body: () => ({ code: '123456' }),
    forbidden: 'organiser',
    bad: { as: 'resident', body: () => ({ code: '12ab' }), field: 'code' },
  },
  {
    name: 'check out',
    method: 'POST',
    url: () => `/api/cogov/sessions/${fixture.sessions[0]!.id}/check-out`,
    body: () => ({ code: '123456' }),
    forbidden: 'merchant',
    bad: { as: 'resident', body: () => ({}), field: 'code' },
  },
  {
    name: 'mark attendance',
    method: 'POST',
    url: () => `/api/cogov/sessions/${fixture.sessions[0]!.id}/attendance`,
    body: () => ({ userId: user('resident.shy'), action: 'in' }),
    forbidden: 'resident',
    bad: { as: 'organiser', body: () => ({ userId: user('resident.shy'), action: 'maybe' }), field: 'action' },
  },
  {
    name: 'review points',
    method: 'POST',
    url: () => `/api/cogov/attendance/${attendanceId}/review`,
    body: () => ({ decision: 'approve' }),
    forbidden: 'resident',
    bad: { as: 'organiser', body: () => ({ decision: 'approve', extra: 1 }), field: 'extra' },
  },
];

describe('guards and bad input: refused, nothing written', () => {
  it.each(calls.map((c) => [c.name, c] as const))('%s: 401 without a session', async (_n, c) => {
    await expectUnchanged(s, () => s.anonymous().request(c.method, c.url(), c.body?.()), 401, 'unauthenticated');
  });

  it.each(calls.filter((c) => c.forbidden).map((c) => [c.name, c] as const))('%s: 403 for a role without the right', async (_n, c) => {
    const client = await s.login(c.forbidden!);
    await expectUnchanged(s, () => client.request(c.method, c.url(), c.body?.()), 403, 'forbidden');
  });

  it.each(calls.filter((c) => c.bad).map((c) => [c.name, c] as const))('%s: 400 on bad input, naming the field', async (_n, c) => {
    const client = await s.login(c.bad!.as);
    await expectUnchanged(
      s,
      () => client.request(c.method, (c.bad!.url ?? c.url)(), (c.bad!.body ?? c.body)?.()),
      400,
      'validation',
      c.bad!.field,
    );
  });

  it('a second organiser-side check: another organiser’s session code is forbidden to a merchant, and an unknown session is 404', async () => {
    await expectUnchanged(s, () => organiser.post('/api/cogov/sessions/987654/codes', { purpose: 'in' }), 404, 'not_found', 'sessionId');
    await expectUnchanged(
      s,
      () => organiser.post('/api/cogov/activities', { ...activityBody(s), placeId: 987654 }),
      422,
      'unknown_reference',
      'placeId',
    );
    const overlapping = activityBody(s, {
      slots: [
        [0, 2 * HOUR],
        [HOUR, 2 * HOUR],
      ],
    });
    await expectUnchanged(s, () => organiser.post('/api/cogov/activities', overlapping), 400, 'validation', 'sessions.1.startsAt');
    await expectUnchanged(
      s,
      () => organiser.post('/api/cogov/activities', activityBody(s, { kind: 'class' })),
      400,
      'validation',
      'completionPercent',
    );
  });
});

describe('another organiser’s activity', () => {
  it('may be read but not run: codes, marking, review, attendance and outputs are forbidden', async () => {
    await addUser(s, 'organiser.other', 'organiser', 'c-luming');
    const other = await s.login('organiser.other');
    const sid = fixture.sessions[0]!.id;
    expect((await other.get(`/api/cogov/activities/${fixture.id}`)).body.actions).toEqual([]);
    await expectUnchanged(s, () => other.post(`/api/cogov/sessions/${sid}/codes`, { purpose: 'in' }), 403, 'forbidden');
    await expectUnchanged(
      s,
      () => other.post(`/api/cogov/sessions/${sid}/attendance`, { userId: user('resident.txlj'), action: 'out' }),
      403,
      'forbidden',
    );
    await expectUnchanged(s, () => other.post(`/api/cogov/attendance/${attendanceId}/review`, { decision: 'approve' }), 403, 'forbidden');
    await expectUnchanged(s, () => other.get(`/api/cogov/activities/${fixture.id}/attendance`), 403, 'forbidden');
    await expectUnchanged(
      s,
      () => other.post(`/api/cogov/activities/${fixture.id}/outputs`, { metric: 'rides', label: '接送', quantity: 1 }),
      403,
      'forbidden',
    );
  });
});

describe('creating and listing', () => {
  it('an organiser creates a duty with its slots; residents see it with what they may do', async () => {
    const res = await organiser.post(
      '/api/cogov/activities',
      activityBody(s, {
        title: '社区巡逻',
        slots: [
          [DAY, 2 * HOUR],
          [2 * DAY, 2 * HOUR],
        ],
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'duty',
      title: '社区巡逻',
      placeName: '天香蓝郡',
      organiserName: '何静',
      capacity: 10,
      enrolledCount: 0,
      actions: ['manage'],
    });
    expect(res.body.sessions.map((x: { seq: number }) => x.seq)).toEqual([1, 2]);
    const row = await s.ctx.db.selectFrom('activities').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ organiser_id: user('organiser'), points_mode: 'per_hour', points_rate: 10, points_cap: 100 });
    const seen = await shy.get(`/api/cogov/activities/${res.body.id}`);
    expect(seen.body.actions).toEqual(['enroll']);
    const list = await shy.get(`/api/cogov/activities?placeId=${s.ids.places.get('cp-tianxianglanjun')}`);
    expect(list.body.map((a: { id: number }) => a.id)).toContain(res.body.id);
    const elsewhere = await shy.get(`/api/cogov/activities?placeId=${s.ids.places.get('cp-lvdi')}`);
    expect(elsewhere.body.map((a: { id: number }) => a.id)).not.toContain(res.body.id);
    expectError(await shy.get('/api/cogov/activities/987654'), 404, 'not_found', 'id');
  });
});

describe('enrollment and capacity', () => {
  it('enroll, refuse a second enrollment and a full activity, cancel frees the seat', async () => {
    const a = await makeActivity(s, organiser, { capacity: 1, slots: [[DAY, HOUR]] });
    const res = await resident.post(`/api/cogov/activities/${a.id}/enroll`, { showPublicly: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      enrolledCount: 1,
      myEnrollment: { status: 'enrolled', showPublicly: true },
      actions: ['cancel_enrollment', 'check_in'],
    });
    await expectUnchanged(s, () => resident.post(`/api/cogov/activities/${a.id}/enroll`, {}), 409, 'conflict', 'id');
    await expectUnchanged(s, () => shy.post(`/api/cogov/activities/${a.id}/enroll`, {}), 409, 'conflict', 'capacity');
    const cancel = await resident.post(`/api/cogov/activities/${a.id}/cancel-enrollment`);
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ enrolledCount: 0, myEnrollment: { status: 'cancelled' } });
    await expectUnchanged(s, () => resident.post(`/api/cogov/activities/${a.id}/cancel-enrollment`), 409, 'conflict', 'id');
    expect((await shy.post(`/api/cogov/activities/${a.id}/enroll`, {})).status).toBe(200);
    const row = await s.ctx.db.selectFrom('activities').select('enrolled_count').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.enrolled_count).toBe(1);
  });

  it('parallel enrollments never overfill an activity', async () => {
    const a = await makeActivity(s, organiser, { capacity: 2, slots: [[DAY, HOUR]] });
    const names = ['resident', 'resident.txlj', 'resident.shy', 'resident.haili', 'resident.dfl', 'resident.shop'];
    const clients = await Promise.all(names.map((n) => s.login(n)));
    const results = await Promise.all(clients.map((c) => c.post(`/api/cogov/activities/${a.id}/enroll`, {})));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    for (const r of results.filter((x) => x.status !== 200)) expectError(r, 409, 'conflict', 'capacity');
    const enrolled = await s.ctx.db
      .selectFrom('enrollments')
      .select('id')
      .where('activity_id', '=', a.id)
      .where('status', '=', 'enrolled')
      .execute();
    expect(enrolled).toHaveLength(2);
  });

  it('a finished activity takes no enrollments', async () => {
    const a = await makeActivity(s, organiser, { slots: [[HOUR, HOUR]] });
    s.clock.advance(3 * HOUR);
    await expectUnchanged(s, () => shy.post(`/api/cogov/activities/${a.id}/enroll`, {}), 422, 'rule_violation', 'id');
  });
});

describe('check-in and check-out by the organiser’s code', () => {
  it('a code is six digits, stored hashed, valid two minutes; wrong, expired and repeated check-ins are refused', async () => {
    const a = await makeActivity(s, organiser, { slots: [[HOUR, 2 * HOUR]], pointsRate: 10 });
    const sid = a.sessions[0]!.id;
    await resident.post(`/api/cogov/activities/${a.id}/enroll`, {});
    // Too early: an hour before the start, the window (30 minutes before) is not open.
    await expectUnchanged(
      s,
      () => organiser.post(`/api/cogov/sessions/${sid}/codes`, { purpose: 'in' }),
      422,
      'rule_violation',
      'sessionId',
    );

    s.clock.advance(45 * 60_000); // 15 minutes before the start
    const issued = await organiser.post(`/api/cogov/sessions/${sid}/codes`, { purpose: 'in' });
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^\d{6}$/);
    expect(Date.parse(issued.body.expiresAt) - s.clock.now()).toBe(2 * 60_000);
    const stored = await s.ctx.db.selectFrom('checkin_codes').selectAll().where('session_id', '=', sid).execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(issued.body.code);

    const wrong = issued.body.code === '000000' ? '000001' : '000000';
    await expectUnchanged(s, () => resident.post(`/api/cogov/sessions/${sid}/check-in`, { code: wrong }), 422, 'rule_violation', 'code');
    s.clock.advance(2 * 60_000 + 1);
    await expectUnchanged(
      s,
      () => resident.post(`/api/cogov/sessions/${sid}/check-in`, { code: issued.body.code }),
      422,
      'rule_violation',
      'code',
    );

    const fresh = await organiser.post(`/api/cogov/sessions/${sid}/codes`, { purpose: 'in' });
    // The old code no longer works once a new one is shown.
    if (fresh.body.code !== issued.body.code)
      await expectUnchanged(
        s,
        () => resident.post(`/api/cogov/sessions/${sid}/check-in`, { code: issued.body.code }),
        422,
        'rule_violation',
        'code',
      );
    const inRes = await resident.post(`/api/cogov/sessions/${sid}/check-in`, { code: fresh.body.code });
    expect(inRes.status).toBe(200);
    expect(inRes.body).toMatchObject({ sessionId: sid, userId: user('resident.txlj'), inMethod: 'code', checkedOutAt: null, points: null });
    // Double check-in with the same code.
    await expectUnchanged(
      s,
      () => resident.post(`/api/cogov/sessions/${sid}/check-in`, { code: fresh.body.code }),
      409,
      'conflict',
      'sessionId',
    );
    // Not enrolled.
    await expectUnchanged(
      s,
      () => shy.post(`/api/cogov/sessions/${sid}/check-in`, { code: fresh.body.code }),
      422,
      'rule_violation',
      'sessionId',
    );
    // A check-out code is not a check-in code and vice versa.
    s.clock.advance(90 * 60_000); // 1h15m into the slot
    await expectUnchanged(
      s,
      () => resident.post(`/api/cogov/sessions/${sid}/check-out`, { code: fresh.body.code }),
      422,
      'rule_violation',
      'code',
    );

    const before = await balanceRow(s, user('resident.txlj'));
    const out = await organiser.post(`/api/cogov/sessions/${sid}/codes`, { purpose: 'out' });
    const outRes = await resident.post(`/api/cogov/sessions/${sid}/check-out`, { code: out.body.code });
    expect(outRes.status).toBe(200);
    // Counted from the start of the slot, not from the early check-in: 75 minutes × 10/h = 12.
    expect(outRes.body).toMatchObject({ outMethod: 'code', points: 12, review: 'auto' });
    expect(await balanceRow(s, user('resident.txlj'))).toBe(before + 12);
    const entry = await s.ctx.db
      .selectFrom('points_ledger')
      .selectAll()
      .where('ref_type', '=', 'attendance')
      .where('ref_id', '=', outRes.body.id)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ kind: 'credit', delta: 12, activity_id: a.id });
    await expectUnchanged(
      s,
      () => resident.post(`/api/cogov/sessions/${sid}/check-out`, { code: out.body.code }),
      409,
      'conflict',
      'sessionId',
    );

    // After the slot (and its hour of grace) no one checks in or out.
    s.clock.advance(2 * HOUR);
    await expectUnchanged(
      s,
      () => shy.post(`/api/cogov/sessions/${sid}/check-in`, { code: fresh.body.code }),
      422,
      'rule_violation',
      'sessionId',
    );
  });

  it('guessing is held off: after five wrong codes even the right one waits ten minutes (429)', async () => {
    const a = await makeActivity(s, organiser, { slots: [[0, 2 * HOUR]] });
    const sid = a.sessions[0]!.id;
    await shy.post(`/api/cogov/activities/${a.id}/enroll`, {});
    const { body } = await organiser.post(`/api/cogov/sessions/${sid}/codes`, { purpose: 'in' });
    const wrong = (n: number) => String((Number(body.code) + n) % 1_000_000).padStart(6, '0');
    for (let i = 1; i <= 5; i++)
      expectError(await shy.post(`/api/cogov/sessions/${sid}/check-in`, { code: wrong(i) }), 422, 'rule_violation', 'code');
    await expectUnchanged(s, () => shy.post(`/api/cogov/sessions/${sid}/check-in`, { code: body.code }), 429, 'rate_limited', 'code');
    s.clock.advance(10 * 60_000 + 1);
    const fresh = await (await s.login('organiser')).post(`/api/cogov/sessions/${sid}/codes`, { purpose: 'in' });
    expect((await (await s.login('resident.shy')).post(`/api/cogov/sessions/${sid}/check-in`, { code: fresh.body.code })).status).toBe(200);
  });

  it('check-in outside the slot is refused even with a valid code', async () => {
    const a = await makeActivity(s, organiser, {
      slots: [
        [20 * 60_000, HOUR],
        [DAY, HOUR],
      ],
    });
    await resident.post(`/api/cogov/activities/${a.id}/enroll`, {});
    const code = await organiser.post(`/api/cogov/sessions/${a.sessions[0]!.id}/codes`, { purpose: 'in' });
    expect(code.status).toBe(201);
    // The code of today's session does not open tomorrow's.
    await expectUnchanged(
      s,
      () => resident.post(`/api/cogov/sessions/${a.sessions[1]!.id}/check-in`, { code: code.body.code }),
      422,
      'rule_violation',
      'sessionId',
    );
  });
});

describe('organiser marking, review and the public notice period, caps', () => {
  it('points wait for review, then for three days of notice before they count', async () => {
    const a = await makeActivity(s, organiser, { pointsMode: 'per_attendance', pointsRate: 20, reviewRequired: true, noticeDays: 3 });
    await shy.post(`/api/cogov/activities/${a.id}/enroll`, {});
    await resident.post(`/api/cogov/activities/${a.id}/enroll`, {});
    const sid = a.sessions[0]!.id;
    const m1 = await organiser.post(`/api/cogov/sessions/${sid}/attendance`, { userId: user('resident.shy'), action: 'in' });
    expect(m1.body).toMatchObject({ inMethod: 'organiser', points: 20, review: 'pending' });
    const m2 = await organiser.post(`/api/cogov/sessions/${sid}/attendance`, { userId: user('resident.txlj'), action: 'in' });
    expect(await s.ctx.db.selectFrom('points_ledger').select('id').where('activity_id', '=', a.id).execute()).toHaveLength(0);
    await expectUnchanged(
      s,
      () => organiser.post(`/api/cogov/sessions/${sid}/attendance`, { userId: user('resident.shy'), action: 'in' }),
      409,
      'conflict',
      'sessionId',
    );
    await expectUnchanged(
      s,
      () => organiser.post(`/api/cogov/sessions/${sid}/attendance`, { userId: user('resident'), action: 'in' }),
      422,
      'rule_violation',
      'userId',
    );

    const approved = await organiser.post(`/api/cogov/attendance/${m1.body.id}/review`, { decision: 'approve' });
    expect(approved.body).toMatchObject({ review: 'approved', points: 20 });
    const rejected = await organiser.post(`/api/cogov/attendance/${m2.body.id}/review`, { decision: 'reject' });
    expect(rejected.body).toMatchObject({ review: 'rejected' });
    await expectUnchanged(
      s,
      () => organiser.post(`/api/cogov/attendance/${m1.body.id}/review`, { decision: 'approve' }),
      409,
      'conflict',
      'id',
    );
    const entries = await s.ctx.db.selectFrom('points_ledger').selectAll().where('activity_id', '=', a.id).execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ user_id: user('resident.shy'), delta: 20, settles_at: s.clock.now() + 3 * DAY });

    const during = await shy.get('/api/cogov/me/points');
    expect(during.body).toMatchObject({ balance: 0, pending: 20 });
    expect(during.body.entries[0]).toMatchObject({ kind: 'credit', delta: 20, settled: false });
    s.clock.advance(3 * DAY);
    // Sessions expire as the clock moves on: sign in again.
    shy = await s.login('resident.shy');
    const after = await shy.get('/api/cogov/me/points');
    expect(after.body).toMatchObject({ balance: 20, pending: 0 });
    expect(after.body.entries[0]).toMatchObject({ settled: true });
    expect(await balanceRow(s, user('resident.shy'))).toBe(20);
  });

  it('a per-activity cap limits what a resident earns from one activity', async () => {
    const a = await makeActivity(s, organiser, {
      pointsMode: 'per_attendance',
      pointsRate: 40,
      pointsCap: 50,
      slots: [
        [0, HOUR],
        [DAY, HOUR],
        [2 * DAY, HOUR],
      ],
    });
    await resident.post(`/api/cogov/activities/${a.id}/enroll`, {});
    const got: number[] = [];
    for (const [i, sess] of a.sessions.entries()) {
      s.clock.set(DEFAULT_NOW + i * DAY + 10 * 60_000);
      organiser = await s.login('organiser');
      const r = await organiser.post(`/api/cogov/sessions/${sess.id}/attendance`, { userId: user('resident.txlj'), action: 'in' });
      got.push(r.body.points);
    }
    expect(got).toEqual([40, 10, 0]);
    const sum = await s.ctx.db.selectFrom('points_ledger').select('delta').where('activity_id', '=', a.id).execute();
    expect(sum.map((x) => x.delta)).toEqual([40, 10]);
  });

  it('an organiser marks out a past session afterwards; per-hour points cover the slot', async () => {
    const a = await makeActivity(s, organiser, { pointsRate: 12, slots: [[0, 2 * HOUR]] });
    await shy.post(`/api/cogov/activities/${a.id}/enroll`, {});
    const sid = a.sessions[0]!.id;
    await organiser.post(`/api/cogov/sessions/${sid}/attendance`, { userId: user('resident.shy'), action: 'in' });
    s.clock.advance(5 * HOUR);
    const out = await organiser.post(`/api/cogov/sessions/${sid}/attendance`, { userId: user('resident.shy'), action: 'out' });
    expect(out.body).toMatchObject({ outMethod: 'organiser', points: 24, checkedOutAt: new Date(DEFAULT_NOW + 2 * HOUR).toISOString() });
  });
});

describe('classes: attendance per day and completion; outputs', () => {
  it('a three-day class completes at 66% attendance (two days of three); the list and the outputs report show it', async () => {
    const a = await makeActivity(s, organiser, {
      kind: 'class',
      title: '残疾人职业技能培训班',
      capacity: 60,
      pointsMode: 'per_attendance',
      pointsRate: 5,
      completionPercent: 66,
      slots: [
        [0, 7 * HOUR],
        [DAY, 7 * HOUR],
        [2 * DAY, 7 * HOUR],
      ],
    });
    for (const c of [resident, shy]) await c.post(`/api/cogov/activities/${a.id}/enroll`, {});
    const mark = async (day: number, u: string) => {
      s.clock.set(DEFAULT_NOW + day * DAY + HOUR);
      organiser = await s.login('organiser');
      expect(
        (await organiser.post(`/api/cogov/sessions/${a.sessions[day]!.id}/attendance`, { userId: user(u), action: 'in' })).status,
      ).toBe(200);
    };
    await mark(0, 'resident.txlj');
    await mark(0, 'resident.shy');
    await mark(1, 'resident.txlj');
    const list = await organiser.get(`/api/cogov/activities/${a.id}/attendance`);
    expect(list.status).toBe(200);
    expect(list.body.sessions.map((x: { attended: number }) => x.attended)).toEqual([2, 1, 0]);
    const byUser = Object.fromEntries(list.body.people.map((p: { userId: number }) => [p.userId, p]));
    expect(byUser[user('resident.txlj')]).toMatchObject({ daysAttended: 2, completed: true });
    expect(byUser[user('resident.shy')]).toMatchObject({ daysAttended: 1, completed: false });
    expect(list.body.completedCount).toBe(1);

    expect(
      (await organiser.post(`/api/cogov/activities/${a.id}/outputs`, { metric: 'leaflets', label: '宣传单', quantity: 40 })).status,
    ).toBe(201);
    expect(
      (await organiser.post(`/api/cogov/activities/${a.id}/outputs`, { metric: 'leaflets', label: '宣传单', quantity: 2 })).status,
    ).toBe(201);
    const report = await (await s.login('resident.txlj')).get('/api/cogov/outputs');
    expect(report.status).toBe(200);
    const mine = report.body.activities.find((x: { activityId: number }) => x.activityId === a.id);
    expect(mine).toMatchObject({ traineesCompleted: 1, outputs: [{ metric: 'leaflets', label: '宣传单', quantity: 42 }] });
    expect(report.body.totals).toEqual(expect.arrayContaining([{ metric: 'leaflets', label: '宣传单', quantity: 42 }]));
  });

  it('the attendance list and outputs belong to the activity’s organiser (an admin may too)', async () => {
    const admin = await s.login('admin');
    expect((await admin.get(`/api/cogov/activities/${fixture.id}/attendance`)).status).toBe(200);
    const snap = await snapshot(s);
    expectError(await admin.get('/api/cogov/activities/987654/attendance'), 404, 'not_found', 'id');
    expect(await snapshot(s)).toEqual(snap);
  });
});
