/** 专项督办 and 每月一题: marking, tasks and progress, the month's topic, and candidates from recurring orders. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { expectError, makeOrder } from './testing';

let s: TestServer;
let supervisor: Client;
let supBds: Client;
let dispatcher: Client;
let handlerShy: Client;
let resident: Client;
let problemId: number;
const place = (k: string) => s.ids.places.get(k)!;
const unit = (k: string) => s.ids.units.get(k)!;

beforeAll(async () => {
  s = await startTestServer();
  [supervisor, supBds, dispatcher, handlerShy, resident] = await Promise.all(
    ['supervisor', 'supervisor.bds', 'dispatcher', 'handler.shy', 'resident'].map((u) => s.login(u)),
  );
  const p = await supervisor.post('/api/problems', {
    title: '上华苑电动车充电难',
    placeId: place('cp-shanghuayuan'),
    categoryId: s.ids.categories.get('property-security'),
  });
  problemId = p.body.id;
});
afterAll(async () => s?.close());

describe('guards', () => {
  it('401 without a session, 403 for a resident (and for a handler on writes)', async () => {
    const calls: [string, string, unknown?][] = [
      ['POST', `/api/problems/${problemId}/special`, { leadUnitId: unit('dept-zhujian') }],
      ['POST', `/api/problems/${problemId}/tasks`, { title: 'x', deadline: '2026-12-01T00:00:00Z' }],
      ['POST', `/api/problems/${problemId}/tasks/1/done`],
      ['GET', '/api/monthly-topics/2026-11'],
      ['GET', '/api/monthly-topics/2026-11/candidates'],
    ];
    for (const [m, u, b] of calls) {
      expectError(await s.anonymous().request(m, u, b), 401, 'unauthenticated');
      expectError(await resident.request(m, u, b), 403, 'forbidden');
    }
    expectError(await handlerShy.post(`/api/problems/${problemId}/special`, { leadUnitId: unit('dept-zhujian') }), 403, 'forbidden');
  });
});

describe('special supervision', () => {
  it('marks a problem with a lead department and tasks; progress follows the tasks; events are kept', async () => {
    expectError(
      await supervisor.post(`/api/problems/${problemId}/tasks`, { title: '增设充电桩', deadline: '2026-12-01T00:00:00Z' }),
      422,
      'rule_violation',
    );
    expectError(await supervisor.post(`/api/problems/${problemId}/special`, {}), 400, 'validation', 'leadUnitId');
    expectError(
      await supervisor.post(`/api/problems/${problemId}/special`, { leadUnitId: unit('dept-zhujian'), month: '2026-13' }),
      400,
      'validation',
      'month',
    );
    expectError(
      await supervisor.post(`/api/problems/${problemId}/special`, { leadUnitId: 987654 }),
      422,
      'unknown_reference',
      'leadUnitId',
    );
    expectError(await supBds.post(`/api/problems/${problemId}/special`, { leadUnitId: unit('dept-zhujian') }), 404, 'not_found');

    const marked = await supervisor.post(`/api/problems/${problemId}/special`, {
      leadUnitId: unit('dept-zhujian'),
      month: '2026-11',
      theme: '物业服务提质',
    });
    expect(marked.status).toBe(201);
    expect(marked.body.special).toMatchObject({
      leadUnitName: '平城区住房和城乡建设局',
      month: '2026-11',
      progress: { done: 0, total: 0 },
    });
    expectError(await supervisor.post(`/api/problems/${problemId}/special`, { leadUnitId: unit('dept-zhujian') }), 409, 'duplicate');

    const t1 = await supervisor.post(`/api/problems/${problemId}/tasks`, {
      title: '增设集中充电桩',
      unitId: unit('pc-huayu'),
      deadline: '2026-12-01T00:00:00Z',
    });
    expect(t1.status).toBe(201);
    await supervisor.post(`/api/problems/${problemId}/tasks`, { title: '清理楼道充电飞线', deadline: '2026-11-25T00:00:00Z' });
    expectError(await supervisor.post(`/api/problems/${problemId}/tasks`, { title: 'x', deadline: 'soon' }), 400, 'validation', 'deadline');
    const taskId = t1.body.special.tasks[0].id as number;
    const done = await supervisor.post(`/api/problems/${problemId}/tasks/${taskId}/done`);
    expect(done.body.special.progress).toEqual({ done: 1, total: 2, percent: 50 });
    expectError(await supervisor.post(`/api/problems/${problemId}/tasks/${taskId}/done`), 409, 'conflict');
    expectError(await supervisor.post(`/api/problems/${problemId}/tasks/987654/done`), 404, 'not_found', 'taskId');

    const topic = await supervisor.get('/api/monthly-topics/2026-11');
    expect(topic.body).toMatchObject({ month: '2026-11', themes: ['物业服务提质'] });
    expect(topic.body.problems.map((p: { id: number }) => p.id)).toEqual([problemId]);
    expect((await supBds.get('/api/monthly-topics/2026-11')).body.problems).toEqual([]);
    expectError(await supervisor.get('/api/monthly-topics/November'), 400, 'validation');

    const ev = await s.ctx.db
      .selectFrom('supervision_events')
      .select('action')
      .where('entity', '=', 'problem')
      .where('entity_id', '=', problemId)
      .orderBy('id')
      .execute();
    expect(ev.map((e) => e.action)).toEqual(['create', 'special', 'task_add', 'task_add', 'task_done']);
  });

  it('proposes the pairs whose orders recur in each of the last three months', async () => {
    const recurring = [];
    for (const t of ['2026-09-10T02:00:00Z', '2026-10-10T02:00:00Z', '2026-11-10T02:00:00Z', '2026-11-12T02:00:00Z']) {
      const id = await makeOrder(s, dispatcher, 'cp-baidengjiayuan-b1', 'property-fees', '物业乱收费', '收费标准不公示');
      await s.ctx.db
        .updateTable('work_orders')
        .set({ received_at: Date.parse(t) })
        .where('id', '=', id)
        .execute();
      recurring.push(id);
    }
    // Only two of the three months: not a candidate.
    for (const t of ['2026-10-10T02:00:00Z', '2026-11-10T02:00:00Z']) {
      const id = await makeOrder(s, dispatcher, 'cp-shanghuayuan-b1', 'property-cleaning', '楼道脏');
      await s.ctx.db
        .updateTable('work_orders')
        .set({ received_at: Date.parse(t) })
        .where('id', '=', id)
        .execute();
    }
    const res = await supervisor.get('/api/monthly-topics/2026-11/candidates');
    expect(res.status).toBe(200);
    const hit = res.body.find((c: { placeId: number }) => c.placeId === place('cp-baidengjiayuan'));
    expect(hit).toMatchObject({ placeName: '白登佳园', categoryId: s.ids.categories.get('property-fees'), perMonth: [1, 1, 2], total: 4 });
    expect(res.body.some((c: { placeId: number }) => c.placeId === place('cp-shanghuayuan'))).toBe(false);
    // Scoped: the 白登山 supervisor sees it too, a street elsewhere would not.
    expect((await supBds.get('/api/monthly-topics/2026-11/candidates')).body.map((c: { placeId: number }) => c.placeId)).toContain(
      place('cp-baidengjiayuan'),
    );
  });
});
