/** The demo fieldwork loads through the commands and reads back through the API as the demo users see it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../../common/calendar';
import { startTestServer, type TestServer } from '../../test/harness';
import { seedFieldwork } from './seed';

const DAY = 24 * 3600_000;
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  expect(await seedFieldwork(s.ctx.db, s.clock.now())).toBe(true);
});
afterAll(async () => s?.close());

describe('seedFieldwork', () => {
  it('loads once; boards, the campaign, the patrol, the project and the consultation read back', async () => {
    expect(await seedFieldwork(s.ctx.db, s.clock.now())).toBe(false);
    const [resident, supervisor, dfl] = await Promise.all(['resident.txlj', 'supervisor', 'resident.dfl'].map((u) => s.login(u)));
    const board = (await resident.get('/api/my/board')).body;
    expect(board.compound.name).toBe('天香蓝郡');
    expect(board.items.every((i: { stale: boolean }) => !i.stale)).toBe(true);
    const lifts = board.facilities.filter((f: { kind: string }) => f.kind === 'elevator');
    expect(lifts.map((f: { overdue: boolean }) => f.overdue)).toEqual([false, false, true]);
    expect(board.notices.map((n: { title: string }) => n.title)).toEqual(['物业服务中心启用公告', '供暖季问题反馈专线']);
    expect((await dfl.get('/api/my/board')).body.items.every((i: { stale: boolean }) => i.stale)).toBe(true);

    const campaigns = (await supervisor.get('/api/campaigns')).body;
    const camp = (await supervisor.get(`/api/campaigns/${campaigns[0].id}`)).body;
    expect(camp.name).toBe('老城区飞线整治');
    expect(camp.totals).toMatchObject({ points: 6, done: 3, inProgress: 1, pending: 2, quantities: { wire_m: 10800, poles: 4, wire_heads: 76, boxes: 2 } });

    const today = shanghaiDate(s.clock.now());
    const yesterday = shanghaiDate(s.clock.now() - DAY);
    const cov = (await supervisor.get(`/api/patrol-coverage?from=${yesterday}&to=${today}`)).body;
    const haili = cov.routes.find((r: { name: string }) => r.name === '海力西苑供热阀门日巡');
    expect(haili.days).toEqual([
      { day: yesterday, scheduled: 3, done: 3, missed: 0, hazards: 0 },
      { day: today, scheduled: 3, done: 0, missed: 3, hazards: 0 },
    ]);

    const projects = (await supervisor.get('/api/projects')).body;
    const meters = projects.find((p: { title: string }) => p.title.includes('正式用电'));
    expect(meters.targets.map((t: { done: number; target: number }) => [t.done, t.target])).toEqual([
      [2176, 2176],
      [1410, 1410],
      [12, 12],
    ]);
    const cons = (await supervisor.get('/api/consultations')).body;
    expect(cons[0]).toMatchObject({ title: '三方会商：物业用房问题', tasks: 2, tasksDone: 1, decided: true });
  });
});
