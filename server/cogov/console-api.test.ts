/** The endpoints the console and the resident page need beyond the core: edit an activity, an activity's credits, my check-ins, reward upkeep, the merchant's history. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { addUser, expectError, expectUnchanged, grantPoints, makeActivity } from './testing';

let s: TestServer;
let organiser: Client;
let resident: Client;
let shy: Client;
let admin: Client;
let merchant: Client;
const user = (u: string) => s.ids.users.get(u)!;

beforeAll(async () => {
  s = await startTestServer();
  [organiser, resident, shy, admin, merchant] = await Promise.all(
    ['organiser', 'resident.txlj', 'resident.shy', 'admin', 'merchant'].map((u) => s.login(u)),
  );
});
afterAll(async () => s?.close());

describe('PATCH /api/cogov/activities/:id', () => {
  it('guards: 401 signed out, 403 for a resident or another organiser, 404 unknown, 400 bad input', async () => {
    const a = await makeActivity(s, organiser);
    expectError(await s.anonymous().request('PATCH', `/api/cogov/activities/${a.id}`, { title: '新标题' }), 401, 'unauthenticated');
    await expectUnchanged(s, () => resident.request('PATCH', `/api/cogov/activities/${a.id}`, { title: '新标题' }), 403, 'forbidden');
    await addUser(s, 'organiser.other', 'organiser', 'c-luming');
    const other = await s.login('organiser.other');
    await expectUnchanged(s, () => other.request('PATCH', `/api/cogov/activities/${a.id}`, { title: '新标题' }), 403, 'forbidden');
    await expectUnchanged(s, () => organiser.request('PATCH', '/api/cogov/activities/999999', { title: '新标题' }), 404, 'not_found');
    await expectUnchanged(s, () => organiser.request('PATCH', `/api/cogov/activities/${a.id}`, { capacity: 0 }), 400, 'validation', 'capacity');
    await expectUnchanged(s, () => organiser.request('PATCH', `/api/cogov/activities/${a.id}`, {}), 400, 'validation');
    await expectUnchanged(s, () => organiser.request('PATCH', `/api/cogov/activities/${a.id}`, { kind: 'class' }), 400, 'validation');
  });

  it('edits wording, capacity (never below the enrolled) and the notice period, and cancels', async () => {
    const a = await makeActivity(s, organiser, { capacity: 5 });
    expect((await resident.post(`/api/cogov/activities/${a.id}/enroll`, {})).status).toBe(200);
    expect((await shy.post(`/api/cogov/activities/${a.id}/enroll`, {})).status).toBe(200);
    const res = await organiser.request('PATCH', `/api/cogov/activities/${a.id}`, { title: '周末垃圾分类督导', capacity: 8, noticeDays: 2 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ title: '周末垃圾分类督导', capacity: 8, noticeDays: 2, enrolledCount: 2 });
    await expectUnchanged(s, () => organiser.request('PATCH', `/api/cogov/activities/${a.id}`, { capacity: 1, title: '不应保存' }), 409, 'conflict', 'capacity');
    expect((await organiser.request('PATCH', `/api/cogov/activities/${a.id}`, { capacity: 2 })).body.capacity).toBe(2);
    const cancelled = await admin.request('PATCH', `/api/cogov/activities/${a.id}`, { status: 'cancelled' });
    expect(cancelled.body.status).toBe('cancelled');
    const row = await s.ctx.db.selectFrom('activities').select(['title', 'capacity', 'status', 'notice_days']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: '周末垃圾分类督导', capacity: 2, status: 'cancelled', notice_days: 2 });
    // A cancelled activity takes no enrollment.
    const third = await s.login('resident.dfl');
    expectError(await third.post(`/api/cogov/activities/${a.id}/enroll`, {}), 422, 'rule_violation');
  });
});

describe('GET /api/cogov/activities/:id/credits and myAttendance', () => {
  it('lists what an activity credited, with the earner and whether it settled; only for its organiser', async () => {
    const a = await grantPoints(s, organiser, resident, user('resident.txlj'), 12);
    expectError(await s.anonymous().get(`/api/cogov/activities/${a.id}/credits`), 401, 'unauthenticated');
    expectError(await resident.get(`/api/cogov/activities/${a.id}/credits`), 403, 'forbidden');
    expectError(await organiser.get('/api/cogov/activities/999999/credits'), 404, 'not_found');
    expectError(await organiser.get('/api/cogov/activities/abc/credits'), 400, 'validation');
    const res = await organiser.get(`/api/cogov/activities/${a.id}/credits`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({ kind: 'credit', delta: 12, userId: user('resident.txlj'), userName: '李建华', settled: true, reversed: false }),
    ]);
    const rev = await organiser.post(`/api/cogov/points/${res.body[0].id}/reverse`, { reason: '重复登记' });
    expect(rev.status, JSON.stringify(rev.body)).toBe(201);
    const after = await organiser.get(`/api/cogov/activities/${a.id}/credits`);
    expect(after.body.map((e: { kind: string; reversed: boolean }) => [e.kind, e.reversed])).toEqual([
      ['reversal', false],
      ['credit', true],
    ]);
    // The resident sees their own check-in on the activity; others see none.
    const mine = await resident.get(`/api/cogov/activities/${a.id}`);
    expect(mine.body.myAttendance).toEqual([expect.objectContaining({ sessionId: a.sessions[0]!.id, points: 12, review: 'auto', checkedOutAt: null })]);
    expect((await shy.get(`/api/cogov/activities/${a.id}`)).body.myAttendance).toEqual([]);
  });
});

describe('rewards upkeep and the merchant history', () => {
  it('PATCH /api/cogov/rewards/:id: admin only, validated, restocks and withdraws; ?all shows withdrawn ones to the admin', async () => {
    const created = await admin.post('/api/cogov/rewards', {
      name: '洗车券',
      kind: 'goods',
      price: 20,
      stock: 3,
      merchantUserId: user('merchant'),
      honouredBy: '宋玉梅便民服务店',
      validDays: 30,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expectError(await s.anonymous().request('PATCH', `/api/cogov/rewards/${id}`, { stock: 9 }), 401, 'unauthenticated');
    await expectUnchanged(s, () => merchant.request('PATCH', `/api/cogov/rewards/${id}`, { stock: 9 }), 403, 'forbidden');
    await expectUnchanged(s, () => admin.request('PATCH', `/api/cogov/rewards/${id}`, { stock: -1 }), 400, 'validation', 'stock');
    await expectUnchanged(s, () => admin.request('PATCH', '/api/cogov/rewards/999999', { stock: 9 }), 404, 'not_found');
    const res = await admin.request('PATCH', `/api/cogov/rewards/${id}`, { stock: 9, price: 25 });
    expect(res.body).toMatchObject({ id, stock: 9, price: 25, active: true });
    expect((await admin.request('PATCH', `/api/cogov/rewards/${id}`, { active: false })).body.active).toBe(false);
    const shop = await resident.get('/api/cogov/rewards?all=true');
    expect(shop.body.map((r: { id: number }) => r.id)).not.toContain(id);
    const all = await admin.get('/api/cogov/rewards?all=true');
    expect(all.body.find((r: { id: number }) => r.id === id)).toMatchObject({ active: false, stock: 9 });
    expectError(await resident.post(`/api/cogov/rewards/${id}/redeem`, {}), 404, 'not_found');
  });

  it('GET /api/cogov/redemptions/verified: the codes this merchant verified, newest first', async () => {
    expectError(await s.anonymous().get('/api/cogov/redemptions/verified'), 401, 'unauthenticated');
    expectError(await resident.get('/api/cogov/redemptions/verified'), 403, 'forbidden');
    await grantPoints(s, organiser, shy, user('resident.shy'), 100);
    const reward = await admin.post('/api/cogov/rewards', {
      name: '停车券',
      kind: 'parking',
      price: 10,
      stock: 10,
      merchantUserId: user('merchant'),
      honouredBy: '宋玉梅便民服务店',
      validDays: 30,
    });
    const one = await shy.post(`/api/cogov/rewards/${reward.body.id}/redeem`, {});
    const two = await shy.post(`/api/cogov/rewards/${reward.body.id}/redeem`, {});
    expect([one.status, two.status]).toEqual([201, 201]);
    expect((await merchant.get('/api/cogov/redemptions/verified')).body).toEqual([]);
    expect((await merchant.post('/api/cogov/redemptions/verify', { code: one.body.code })).status).toBe(200);
    const list = await merchant.get('/api/cogov/redemptions/verified');
    expect(list.body).toEqual([expect.objectContaining({ id: one.body.redemption.id, status: 'used', rewardName: '停车券' })]);
    await addUser(s, 'merchant.other', 'merchant', 'c-luming');
    expect((await (await s.login('merchant.other')).get('/api/cogov/redemptions/verified')).body).toEqual([]);
  });
});
