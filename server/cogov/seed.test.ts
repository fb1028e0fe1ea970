/** The demo co-governance data, and the reports over it: outputs in total, a compound's participation month by month. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../common/calendar';
import { startTestServer, type TestServer } from '../test/harness';
import { seedCogov } from './seed';
import { balanceRow, expectError, ledgerSum } from './testing';

let s: TestServer;
const user = (u: string) => s.ids.users.get(u)!;

beforeAll(async () => {
  s = await startTestServer();
  await seedCogov(s.ctx.db, s.clock.now());
});
afterAll(async () => s?.close());

describe('seedCogov', () => {
  it('seeds the duties at 天香蓝郡 with points for resident.txlj, the class, the service day and the shop', async () => {
    const acts = await s.ctx.db
      .selectFrom('activities')
      .select(['id', 'title', 'kind', 'capacity', 'enrolled_count'])
      .orderBy('id')
      .execute();
    expect(acts.map((a) => [a.title, a.kind])).toEqual([
      ['天香蓝郡垃圾分类督导', 'duty'],
      ['天香蓝郡社区巡逻', 'duty'],
      ['残疾人职业技能培训班', 'class'],
      ['新生服务季', 'service_day'],
    ]);
    const cls = acts[2]!;
    expect(cls.capacity).toBe(60);
    const days = await s.ctx.db
      .selectFrom('activity_sessions')
      .select('starts_at')
      .where('activity_id', '=', cls.id)
      .orderBy('seq')
      .execute();
    expect(days).toHaveLength(20);
    expect(new Set(days.map((d) => shanghaiDate(d.starts_at))).size).toBe(20);
    // 4 past sorting duties × 20 points, one approved patrol of 15; a second patrol waits for review.
    expect(await balanceRow(s, user('resident.txlj'))).toBe(95);
    expect(await ledgerSum(s, user('resident.txlj'))).toBe(95);
    const pending = await s.ctx.db.selectFrom('attendance').select('id').where('review', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    const rewards = await s.ctx.db.selectFrom('rewards').select(['name', 'merchant_user_id']).orderBy('id').execute();
    expect(rewards).toEqual([
      { name: '免费停车券', merchant_user_id: user('merchant') },
      { name: '家政服务（2小时）', merchant_user_id: user('merchant') },
    ]);
    const resident = await s.login('resident.txlj');
    const me = await resident.get('/api/cogov/me/points');
    expect(me.body).toMatchObject({ balance: 95, pending: 0 });
    const list = await resident.get(`/api/cogov/activities?placeId=${s.ids.places.get('cp-tianxianglanjun')}`);
    expect(list.body.map((a: { title: string }) => a.title).sort()).toEqual(['天香蓝郡垃圾分类督导', '天香蓝郡社区巡逻']);
    const sorting = list.body.find((a: { title: string }) => a.title === '天香蓝郡垃圾分类督导');
    expect(sorting.myEnrollment).toMatchObject({ status: 'enrolled', showPublicly: true });
  });

  it('the outputs report shows the service day’s figures and the totals', async () => {
    const res = await (await s.login('supervisor')).get('/api/cogov/outputs');
    expect(res.status).toBe(200);
    const day = res.body.activities.find((a: { title: string }) => a.title === '新生服务季');
    const q = Object.fromEntries(day.outputs.map((o: { metric: string; quantity: number }) => [o.metric, o.quantity]));
    expect(q).toEqual({ rides: 563, hotels: 22, anti_fraud_leaflets: 314, culture_leaflets: 2471, tickets: 203 });
    const totals = Object.fromEntries(res.body.totals.map((o: { metric: string; quantity: number }) => [o.metric, o.quantity]));
    expect(totals).toMatchObject({ rides: 563, culture_leaflets: 2471, tickets: 203, trainees_completed: 0 });
    const cls = res.body.activities.find((a: { title: string }) => a.title === '残疾人职业技能培训班');
    expect(cls.traineesCompleted).toBe(0);
  });
});

describe('GET /api/cogov/reports/participation', () => {
  it('a compound’s month: share of households, points issued and redeemed, consenting top volunteers, the trend', async () => {
    const compound = s.ids.places.get('cp-tianxianglanjun')!;
    const month = shanghaiDate(s.clock.now()).slice(0, 7);
    const resident = await s.login('resident.txlj');
    const parking = await s.ctx.db.selectFrom('rewards').select('id').where('name', '=', '免费停车券').executeTakeFirstOrThrow();
    expect((await resident.post(`/api/cogov/rewards/${parking.id}/redeem`)).status).toBe(201);

    const res = await (await s.login('organiser')).get(`/api/cogov/reports/participation?compoundId=${compound}&month=${month}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ compoundId: compound, compoundName: '天香蓝郡', households: 1240 });
    expect(res.body.trend).toHaveLength(6);
    expect(res.body.trend[5].month).toBe(month);
    // Every figure agrees with the ledger and attendance rows of the compound's residents.
    const rows = await s.ctx.db.selectFrom('points_ledger').selectAll().where('user_id', '=', user('resident.txlj')).execute();
    const att = await s.ctx.db.selectFrom('attendance').select('checked_in_at').where('user_id', '=', user('resident.txlj')).execute();
    for (const m of res.body.trend) {
      const inMonth = (t: number) => shanghaiDate(t).slice(0, 7) === m.month;
      const issued = rows.filter((r) => r.ref_type === 'attendance' && inMonth(r.created_at)).reduce((t, r) => t + r.delta, 0);
      const redeemed = rows.filter((r) => r.ref_type === 'redemption' && inMonth(r.created_at)).reduce((t, r) => t - r.delta, 0);
      const participants = att.some((a) => inMonth(a.checked_in_at)) ? 1 : 0;
      expect(m).toEqual({
        month: m.month,
        participants,
        share: Math.round((participants / 1240) * 10000) / 10000,
        pointsIssued: issued,
        pointsRedeemed: redeemed,
      });
    }
    expect(res.body.trend.some((m: { pointsIssued: number }) => m.pointsIssued > 0)).toBe(true);
    expect(res.body.month.pointsRedeemed).toBe(50);
    // November: sorting duties on the 2nd and 9th (2 × 20) and the patrol approved on the 7th (15).
    expect(res.body.month).toMatchObject({ participants: 1, pointsIssued: 55 });
    expect(res.body.topVolunteers).toEqual([{ userId: user('resident.txlj'), name: '李建华', points: 55 }]);
  });

  it('a resident who withdrew consent is not shown among the top volunteers', async () => {
    await s.ctx.db.updateTable('enrollments').set({ show_publicly: 0 }).where('user_id', '=', user('resident.txlj')).execute();
    const compound = s.ids.places.get('cp-tianxianglanjun')!;
    const month = shanghaiDate(s.clock.now()).slice(0, 7);
    const res = await (await s.login('admin')).get(`/api/cogov/reports/participation?compoundId=${compound}&month=${month}`);
    expect(res.body.topVolunteers).toEqual([]);
    await s.ctx.db.updateTable('enrollments').set({ show_publicly: 1 }).where('user_id', '=', user('resident.txlj')).execute();
    const again = await (await s.login('admin')).get(`/api/cogov/reports/participation?compoundId=${compound}&month=${month}`);
    expect(again.body.topVolunteers).toEqual([{ userId: user('resident.txlj'), name: '李建华', points: 55 }]);
  });

  it('a place that is not a compound, or outside the caller’s reach, is not found', async () => {
    const organiser = await s.login('organiser');
    expectError(
      await organiser.get(`/api/cogov/reports/participation?compoundId=${s.ids.places.get('c-luming')}&month=2026-11`),
      404,
      'not_found',
      'compoundId',
    );
    // The organiser works in 鹿鸣社区; 绿地璀璨天城 is elsewhere.
    expectError(
      await organiser.get(`/api/cogov/reports/participation?compoundId=${s.ids.places.get('cp-lvdi')}&month=2026-11`),
      404,
      'not_found',
      'compoundId',
    );
    const supervisor = await s.login('supervisor');
    expect((await supervisor.get(`/api/cogov/reports/participation?compoundId=${s.ids.places.get('cp-lvdi')}&month=2026-11`)).status).toBe(
      200,
    );
  });
});
