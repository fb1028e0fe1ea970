/**
 * Every co-governance staff change writes one audit row (who, when, what, before/after) in the
 * change's transaction, readable through GET /api/admin/audit; a refused change writes none, and
 * a resident's own actions are not staff changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { HOUR, expectUnchanged, grantPoints, makeActivity } from './testing';

let s: TestServer;
let admin: Client;
let organiser: Client;
let merchant: Client;
let resident: Client;
const user = (u: string) => s.ids.users.get(u)!;

beforeAll(async () => {
  s = await startTestServer();
  [admin, organiser, merchant, resident] = await Promise.all(['admin', 'organiser', 'merchant', 'resident.txlj'].map((u) => s.login(u)));
});
afterAll(async () => s?.close());

interface Entry {
  id: number;
  actor: { id: number; name: string; role: string | null } | null;
  action: string;
  entity: string;
  entityId: string;
  before: any;
  after: any;
  at: string;
}

/** The audit rows of one record, newest first, as the administrator reads them. */
async function trail(entity: string, entityId: number | string): Promise<Entry[]> {
  const res = await admin.get(`/api/admin/audit?entity=${entity}&entityId=${entityId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Entry[];
}

const auditCount = async () => Number((await s.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('audit of co-governance staff changes', () => {
  it('creating, editing and cancelling an activity, with before and after', async () => {
    const at = new Date(s.clock.now()).toISOString();
    const a = await makeActivity(s, organiser, { title: '楼道清扫', capacity: 6 });
    let rows = await trail('activity', a.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'activity.create',
      actor: { id: user('organiser'), role: 'organiser' },
      at,
      before: null,
      after: { title: '楼道清扫', capacity: 6, status: 'open', organiserId: user('organiser') },
    });
    expect(rows[0]!.after.sessions).toHaveLength(1);

    s.clock.advance(60_000);
    expect((await organiser.request('PATCH', `/api/cogov/activities/${a.id}`, { title: '周末楼道清扫', capacity: 9 })).status).toBe(200);
    expect((await admin.request('PATCH', `/api/cogov/activities/${a.id}`, { status: 'cancelled' })).status).toBe(200);
    rows = await trail('activity', a.id);
    expect(rows.map((r) => r.action)).toEqual(['activity.cancel', 'activity.update', 'activity.create']);
    expect(rows[1]).toMatchObject({
      actor: { id: user('organiser') },
      at: new Date(s.clock.now()).toISOString(),
      before: { title: '楼道清扫', capacity: 6 },
      after: { title: '周末楼道清扫', capacity: 9 },
    });
    expect(rows[0]).toMatchObject({ actor: { id: user('admin'), role: 'admin' }, before: { status: 'open' }, after: { status: 'cancelled' } });
  });

  it('a refused change writes no row; a resident enrolling writes none', async () => {
    const a = await makeActivity(s, organiser, { capacity: 1 });
    expect((await resident.post(`/api/cogov/activities/${a.id}/enroll`, {})).status).toBe(200);
    const n = await auditCount();
    expect((await organiser.request('PATCH', `/api/cogov/activities/${a.id}`, { capacity: 2 })).status).toBe(200);
    expect(await auditCount()).toBe(n + 1);
    // expectUnchanged compares every co-governance table and the audit trail.
    await expectUnchanged(s, () => organiser.request('PATCH', `/api/cogov/activities/${a.id}`, { capacity: 0 }), 400, 'validation', 'capacity');
    await expectUnchanged(s, () => organiser.request('PATCH', '/api/cogov/activities/999999', { title: '不应保存' }), 404, 'not_found');
    await expectUnchanged(s, () => resident.request('PATCH', `/api/cogov/activities/${a.id}`, { title: '不行' }), 403, 'forbidden');
    await expectUnchanged(s, () => organiser.post(`/api/cogov/sessions/${a.sessions[0]!.id}/attendance`, { userId: user('resident.shy'), action: 'in' }), 422, 'rule_violation', 'userId');
  });

  it('hand-marked attendance, points review and reversal', async () => {
    const a = await makeActivity(s, organiser, { pointsMode: 'per_attendance', pointsRate: 8, pointsCap: 8, reviewRequired: true });
    expect((await resident.post(`/api/cogov/activities/${a.id}/enroll`, {})).status).toBe(200);
    const marked = await organiser.post(`/api/cogov/sessions/${a.sessions[0]!.id}/attendance`, { userId: user('resident.txlj'), action: 'in' });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    const attId = marked.body.id as number;
    let rows = await trail('attendance', attId);
    expect(rows).toMatchObject([
      { action: 'attendance.mark_in', actor: { id: user('organiser') }, before: null, after: { userId: user('resident.txlj'), inMethod: 'organiser', points: 8, review: 'pending' } },
    ]);

    s.clock.advance(HOUR);
    expect((await organiser.post(`/api/cogov/sessions/${a.sessions[0]!.id}/attendance`, { userId: user('resident.txlj'), action: 'out' })).status).toBe(200);
    expect((await organiser.post(`/api/cogov/attendance/${attId}/review`, { decision: 'approve' })).status).toBe(200);
    rows = await trail('attendance', attId);
    expect(rows.map((r) => r.action)).toEqual(['attendance.approve', 'attendance.mark_out', 'attendance.mark_in']);
    expect(rows[1]).toMatchObject({ before: { checkedOutAt: null }, after: { outMethod: 'organiser' } });
    expect(rows[0]).toMatchObject({ before: { review: 'pending', ledgerEntryId: null }, after: { review: 'approved', points: 8 } });
    const credit = rows[0]!.after.ledgerEntryId as number;
    expect(credit).toBeGreaterThan(0);

    const rev = await organiser.post(`/api/cogov/points/${credit}/reverse`, { reason: '重复登记' });
    expect(rev.status, JSON.stringify(rev.body)).toBe(201);
    expect(await trail('points_entry', credit)).toMatchObject([
      {
        action: 'points_entry.reverse',
        actor: { id: user('organiser') },
        before: { id: credit, kind: 'credit', delta: 8, userId: user('resident.txlj') },
        after: { reason: '重复登记', reversal: { id: rev.body.id, kind: 'reversal', delta: -8, reverses_id: credit } },
      },
    ]);
    // Reversing twice is refused, and writes nothing.
    await expectUnchanged(s, () => organiser.post(`/api/cogov/points/${credit}/reverse`, { reason: '再次' }), 409, 'conflict');
  });

  it('a rejected review, and codes issued without the code in the trail', async () => {
    const a = await makeActivity(s, organiser, { pointsMode: 'per_attendance', pointsRate: 5, pointsCap: 5, reviewRequired: true });
    expect((await resident.post(`/api/cogov/activities/${a.id}/enroll`, {})).status).toBe(200);
    const code = await organiser.post(`/api/cogov/sessions/${a.sessions[0]!.id}/codes`, { purpose: 'in' });
    expect(code.status).toBe(201);
    const issued = await s.ctx.db.selectFrom('checkin_codes').select(['id', 'code_hash']).where('session_id', '=', a.sessions[0]!.id).executeTakeFirstOrThrow();
    const [row] = await trail('checkin_code', issued.id);
    expect(row).toMatchObject({ action: 'checkin_code.issue', after: { sessionId: a.sessions[0]!.id, purpose: 'in' } });
    expect(JSON.stringify(row)).not.toContain(code.body.code);
    expect(JSON.stringify(row)).not.toContain(issued.code_hash);
    const checked = await resident.post(`/api/cogov/sessions/${a.sessions[0]!.id}/check-in`, { code: code.body.code });
    expect(checked.status).toBe(200);
    // The resident's own check-in is not a staff change.
    expect(await trail('attendance', checked.body.id)).toEqual([]);
    expect((await organiser.post(`/api/cogov/attendance/${checked.body.id}/review`, { decision: 'reject' })).status).toBe(200);
    expect(await trail('attendance', checked.body.id)).toMatchObject([
      { action: 'attendance.reject', before: { review: 'pending' }, after: { review: 'rejected', ledgerEntryId: null } },
    ]);
  });

  it('outputs, the rewards catalogue and merchant verification', async () => {
    const a = await makeActivity(s, organiser);
    const out = await organiser.post(`/api/cogov/activities/${a.id}/outputs`, { metric: 'leaflets', label: '发放宣传单', quantity: 120 });
    expect(out.status).toBe(201);
    expect(await trail('activity_output', out.body.id)).toMatchObject([
      { action: 'activity_output.create', after: { activityId: a.id, metric: 'leaflets', quantity: 120 } },
    ]);

    const created = await admin.post('/api/cogov/rewards', {
      name: '理发券',
      kind: 'housekeeping',
      price: 10,
      stock: 5,
      merchantUserId: user('merchant'),
      honouredBy: '宋玉梅便民服务店',
      validDays: 30,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const rid = created.body.id as number;
    expect((await admin.request('PATCH', `/api/cogov/rewards/${rid}`, { price: 12, stock: 4 })).status).toBe(200);
    expect(await trail('reward', rid)).toMatchObject([
      { action: 'reward.update', actor: { id: user('admin') }, before: { price: 10, stock: 5 }, after: { price: 12, stock: 4 } },
      { action: 'reward.create', before: null, after: { name: '理发券', price: 10, stock: 5, active: true } },
    ]);
    await expectUnchanged(s, () => admin.request('PATCH', '/api/cogov/rewards/999999', { price: 1 }), 404, 'not_found');

    await grantPoints(s, organiser, resident, user('resident.txlj'), 40);
    const r1 = await resident.post(`/api/cogov/rewards/${rid}/redeem`);
    const r2 = await resident.post(`/api/cogov/rewards/${rid}/redeem`);
    expect([r1.status, r2.status]).toEqual([201, 201]);
    // Redeeming and the resident's own cancel are the resident's, not staff changes.
    expect(await trail('redemption', r1.body.redemption.id)).toEqual([]);
    const verified = await merchant.post('/api/cogov/redemptions/verify', { code: r1.body.code });
    expect(verified.status).toBe(200);
    const [v] = await trail('redemption', r1.body.redemption.id);
    expect(v).toMatchObject({ action: 'redemption.verify', actor: { id: user('merchant'), role: 'merchant' }, before: { status: 'issued' }, after: { status: 'used' } });
    expect(JSON.stringify(v)).not.toContain(r1.body.code);
    await expectUnchanged(s, () => merchant.post('/api/cogov/redemptions/verify', { code: r1.body.code }), 409, 'conflict', 'code');

    // The resident giving a code back is theirs: no row.
    expect((await resident.post(`/api/cogov/redemptions/${r2.body.redemption.id}/cancel`)).status).toBe(200);
    expect(await trail('redemption', r2.body.redemption.id)).toEqual([]);
  });
});
