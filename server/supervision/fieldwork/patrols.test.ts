/** Patrols (每日巡查): teams, routes with a weekly schedule, records per checkpoint, hazards as orders at once, missed patrols per day. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../../common/calendar';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { expectError, uploadPhoto } from '../testing';

const DAY = 24 * 3600_000;
let s: TestServer;
let supervisor: Client;
let supBds: Client;
let inspector: Client;
let handlerLvdi: Client;
let resident: Client;
const place = (k: string) => s.ids.places.get(k)!;
const user = (k: string) => s.ids.users.get(k)!;
let teamId: number;
let routeId: number;
let checkpoints: number[];

beforeAll(async () => {
  s = await startTestServer();
  [supervisor, supBds, inspector, handlerLvdi, resident] = await Promise.all(
    ['supervisor', 'supervisor.bds', 'inspector', 'handler.lvdi', 'resident'].map((u) => s.login(u)),
  );
});
afterAll(async () => s?.close());

describe('guards', () => {
  it('401 without a session, 403 for residents and for a handler recording; bad input is 400', async () => {
    for (const [m, u, b] of [
      ['GET', '/api/patrol-teams'],
      ['POST', '/api/patrol-teams', { name: 'x', placeId: 1, members: [] }],
      ['GET', '/api/patrol-routes'],
      ['POST', '/api/patrol-routes/1/records', { results: [{ checkpointId: 1, outcome: 'ok' }] }],
      ['GET', '/api/patrol-coverage?from=2026-11-01&to=2026-11-02'],
    ] as [string, string, unknown?][]) {
      expectError(await s.anonymous().request(m, u, b), 401, 'unauthenticated');
      expectError(await resident.request(m, u, b), 403, 'forbidden');
    }
    expectError(await handlerLvdi.post('/api/patrol-routes/1/records', { results: [{ checkpointId: 1, outcome: 'ok' }] }), 403, 'forbidden');
    expectError(await supervisor.post('/api/patrol-teams', { name: 'x', placeId: place('c-yuhedong'), members: [{ userId: 987654 }] }), 422, 'unknown_reference', 'members');
    expectError(await supervisor.post('/api/patrol-teams', { name: '', placeId: place('c-yuhedong'), members: [] }), 400, 'validation', 'name');
    expectError(await supBds.post('/api/patrol-teams', { name: 'x', placeId: place('c-yuhedong'), members: [] }), 422, 'unknown_reference', 'placeId');
  });
});

describe('staff search for team members', () => {
  it('a supervisor finds staff of the area by name: names, roles, masked phones; residents never; others 403', async () => {
    const res = await supervisor.get(`/api/staff?q=${encodeURIComponent('冯')}`);
    expect(res.status).toBe(200);
    const feng = res.body.find((u: { id: number }) => u.id === user('inspector'));
    expect(feng).toMatchObject({ id: user('inspector'), name: '冯雪', role: 'inspector' });
    expect(Object.keys(feng).sort()).toEqual(['id', 'name', 'phone', 'placeName', 'role']);
    if (feng.phone) expect(feng.phone).toMatch(/\*/);
    const all = await supervisor.get('/api/staff?limit=100');
    expect(all.body.some((u: { role: string }) => u.role === 'resident')).toBe(false);
    expect(all.body.every((u: { phone: string | null }) => u.phone === null || u.phone.includes('*'))).toBe(true);
    const inspectors = await supervisor.get('/api/staff?role=inspector&limit=100');
    expect(inspectors.body.length).toBeGreaterThan(0);
    expect(inspectors.body.every((u: { role: string }) => u.role === 'inspector')).toBe(true);
    // 白登 street's supervisor does not find the 御河东 grid inspector.
    expect((await supBds.get('/api/staff?limit=100')).body.map((u: { id: number }) => u.id)).not.toContain(user('inspector'));
    expectError(await supervisor.get('/api/staff?role=resident'), 400, 'validation', 'role');
    expectError(await inspector.get('/api/staff'), 403, 'forbidden');
    expectError(await resident.get('/api/staff'), 403, 'forbidden');
    expectError(await s.anonymous().get('/api/staff'), 401, 'unauthenticated');
  });
});

describe('teams and routes', () => {
  it('a team of building environment supervisors walks a heating-valve route on weekdays', async () => {
    const team = await supervisor.post('/api/patrol-teams', {
      name: '御河东楼栋环境监督员一队',
      placeId: place('c-yuhedong'),
      members: [{ userId: user('inspector'), role: 'leader' }],
    });
    expect(team.status).toBe(201);
    expect(team.body.members).toEqual([{ userId: user('inspector'), name: '冯雪', userRole: 'inspector', role: 'leader' }]);
    teamId = team.body.id;

    expectError(await supervisor.post('/api/patrol-routes', { teamId, name: 'x', placeId: place('cp-lvdi'), weekdays: '118' }), 400, 'validation', 'weekdays');
    expectError(
      await supervisor.post('/api/patrol-routes', {
        teamId,
        name: 'x',
        placeId: place('cp-lvdi'),
        checkpoints: [{ kind: 'heating_valve', name: '别处', placeId: place('cp-yuhejiayuan-b1') }],
      }),
      400,
      'validation',
      'checkpoints/0/placeId',
    );
    expectError(await supBds.post('/api/patrol-routes', { teamId, name: 'x', placeId: place('cp-hailixiyuan') }), 422, 'unknown_reference', 'teamId');
    const route = await supervisor.post('/api/patrol-routes', {
      teamId,
      name: '绿地璀璨天城供热阀门日巡',
      placeId: place('cp-lvdi'),
      weekdays: '12345',
      checkpoints: [
        { kind: 'heating_valve', name: '三期4号楼单元阀门', placeId: place('cp-lvdi-b4'), categoryId: s.ids.categories.get('heating-valve') },
        { kind: 'pipe_well', name: '三期5号楼管井', placeId: place('cp-lvdi-b5') },
        { kind: 'heating_valve', name: '四期9号楼入户阀门', placeId: place('cp-lvdi-b9'), categoryId: s.ids.categories.get('heating-valve') },
      ],
    });
    expect(route.status).toBe(201);
    routeId = route.body.id;
    checkpoints = route.body.checkpoints.map((c: { id: number }) => c.id);
    expect(route.body).toMatchObject({ weekdays: '12345', teamName: '御河东楼栋环境监督员一队', day: { day: '2026-11-16', scheduled: true, done: 0, missed: 3 } });
    expect(route.body.checkpoints.map((c: { kindName: string }) => c.kindName)).toEqual(['供热阀门', '管井', '供热阀门']);

    // Scoped like orders: the other street's supervisor does not see it; the handler of a unit without teams neither.
    expectError(await supBds.get(`/api/patrol-routes/${routeId}`), 404, 'not_found');
    expectError(await handlerLvdi.get(`/api/patrol-routes/${routeId}`), 404, 'not_found');
    expect((await supBds.get('/api/patrol-routes')).body).toEqual([]);
    expect((await inspector.get('/api/patrol-routes')).body.map((r: { id: number }) => r.id)).toEqual([routeId]);
  });
});

describe('records', () => {
  it('records each checkpoint; a hazard becomes a patrol order at once with its photo; the sheet shows what is left', async () => {
    const photo = await uploadPhoto(inspector);
    expectError(
      await inspector.post(`/api/patrol-routes/${routeId}/records`, { results: [{ checkpointId: checkpoints[1], outcome: 'hazard', note: '管井积水' }] }),
      400,
      'validation',
      'results/0/categoryId',
    );
    expectError(await inspector.post(`/api/patrol-routes/${routeId}/records`, { results: [{ checkpointId: 987654, outcome: 'ok' }] }), 422, 'unknown_reference', 'results/0/checkpointId');
    expectError(await inspector.post(`/api/patrol-routes/${routeId}/records`, { results: [{ checkpointId: checkpoints[0], outcome: 'broken' }] }), 400, 'validation');
    expectError(await inspector.post(`/api/patrol-routes/${routeId}/records`, { day: '2026-11-17', results: [{ checkpointId: checkpoints[0], outcome: 'ok' }] }), 400, 'validation', 'day');
    expectError(await inspector.post(`/api/patrol-routes/${routeId}/records`, { day: '2026-11-01', results: [{ checkpointId: checkpoints[0], outcome: 'ok' }] }), 400, 'validation', 'day');
    const ordersBefore = await s.ctx.db.selectFrom('work_orders').select('id').execute();

    const res = await inspector.post(`/api/patrol-routes/${routeId}/records`, {
      results: [
        { checkpointId: checkpoints[0], outcome: 'hazard', note: '4号楼单元阀门滴漏，地面结冰', attachmentIds: [photo], priority: 'urgent' },
        { checkpointId: checkpoints[1], outcome: 'ok' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.day).toMatchObject({ day: '2026-11-16', done: 2, missed: 1 });
    const hazard = res.body.recorded.records[0];
    expect(hazard.orderId).toEqual(expect.any(Number));
    const order = await s.ctx.db.selectFrom('work_orders').selectAll().where('id', '=', hazard.orderId).executeTakeFirstOrThrow();
    expect(order).toMatchObject({
      channel: 'patrol',
      status: 'received',
      priority: 'urgent',
      place_id: place('cp-lvdi-b4'),
      compound_id: place('cp-lvdi'),
      category_id: s.ids.categories.get('heating-valve'),
      description: '4号楼单元阀门滴漏，地面结冰',
    });
    expect((await s.ctx.db.selectFrom('work_orders').select('id').execute()).length).toBe(ordersBefore.length + 1);
    const created = await s.ctx.db.selectFrom('order_events').select(['action', 'payload_json']).where('order_id', '=', hazard.orderId).execute();
    expect(created.map((e) => e.action)).toEqual(['create']);
    // The photo is the order's "before" photo and the record's photo.
    const a = await s.ctx.db.selectFrom('attachments').select(['order_id', 'phase']).where('id', '=', photo).executeTakeFirstOrThrow();
    expect(a).toEqual({ order_id: hazard.orderId, phase: 'before' });
    const detail = await supervisor.get(`/api/patrol-routes/${routeId}`);
    const rec = detail.body.day.sheet[0].record;
    expect(rec).toMatchObject({ outcome: 'hazard', orderId: hazard.orderId, orderNumber: order.number });
    expect(rec.photos).toHaveLength(1);
    const img = await supervisor.get(rec.photos[0].url);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expectError(await supBds.get(rec.photos[0].url), 404, 'not_found');
    // The order is found by text search like any other.
    const found = await supervisor.get(`/api/work-orders?q=${encodeURIComponent('单元阀门滴漏')}`);
    expect(found.body.items.map((o: { id: number }) => o.id)).toContain(hazard.orderId);
    // A photo cannot be used twice.
    expectError(
      await inspector.post(`/api/patrol-routes/${routeId}/records`, { results: [{ checkpointId: checkpoints[2], outcome: 'ok', attachmentIds: [photo] }] }),
      422,
      'unknown_reference',
      'attachmentIds',
    );
    const ev = await s.ctx.db.selectFrom('supervision_events').select('action').where('entity', '=', 'patrol_route').where('entity_id', '=', routeId).orderBy('id').execute();
    expect(ev.map((e) => e.action)).toEqual(['create', 'record']);
  });

  it('lists scheduled vs done per route per day: missed patrols show, weekends are not scheduled', async () => {
    // Tuesday: nothing recorded. Saturday: not scheduled.
    s.clock.advance(6 * DAY);
    [inspector, supervisor] = await Promise.all(['inspector', 'supervisor'].map((u) => s.login(u)));
    await inspector.post(`/api/patrol-routes/${routeId}/records`, {
      day: '2026-11-18',
      results: checkpoints.map((checkpointId) => ({ checkpointId, outcome: 'ok' })),
    });
    const cov = await supervisor.get(`/api/patrol-coverage?from=2026-11-16&to=2026-11-22&routeId=${routeId}`);
    expect(cov.status).toBe(200);
    const days = cov.body.routes[0].days.map((d: { day: string; scheduled: number; done: number; missed: number }) => [d.day, d.scheduled, d.done, d.missed]);
    expect(days).toEqual([
      ['2026-11-16', 3, 2, 1],
      ['2026-11-17', 3, 0, 3],
      ['2026-11-18', 3, 3, 0],
      ['2026-11-19', 3, 0, 3],
      ['2026-11-20', 3, 0, 3],
      ['2026-11-21', 0, 0, 0],
      ['2026-11-22', 0, 0, 0],
    ]);
    expect(cov.body.totals).toEqual({ scheduled: 15, done: 5, missed: 10, hazards: 1 });
    const missed = await supervisor.get(`/api/patrol-coverage?from=2026-11-16&to=2026-11-22&missedOnly=true`);
    expect(missed.body.routes[0].days.map((d: { day: string }) => d.day)).toEqual(['2026-11-16', '2026-11-17', '2026-11-19', '2026-11-20']);
    expectError(await supervisor.get('/api/patrol-coverage?from=2026-11-22&to=2026-11-16'), 400, 'validation', 'to');
    expectError(await supervisor.get('/api/patrol-coverage?from=2026-01-01&to=2026-11-16'), 400, 'validation', 'to');
    expectError(await supervisor.get('/api/patrol-coverage?from=2026-02-30&to=2026-03-01'), 400, 'validation', 'from');
    // A paused route is not scheduled from the day it is paused (Sunday the 22nd here): Monday the
    // 23rd is not, while the week before keeps the schedule it had.
    const monday = async () => (await supervisor.get(`/api/patrol-coverage?from=2026-11-23&to=2026-11-23&routeId=${routeId}`)).body.totals.scheduled;
    expect(await monday()).toBe(3);
    const paused = await supervisor.request('PATCH', `/api/patrol-routes/${routeId}`, { active: false });
    expect(paused.body.active).toBe(false);
    expect(await monday()).toBe(0);
    expect((await supervisor.get(`/api/patrol-coverage?from=2026-11-16&to=2026-11-22&routeId=${routeId}`)).body.totals).toEqual(cov.body.totals);
    expectError(await inspector.post(`/api/patrol-routes/${routeId}/records`, { results: [{ checkpointId: checkpoints[0], outcome: 'ok' }] }), 422, 'rule_violation');
    await supervisor.request('PATCH', `/api/patrol-routes/${routeId}`, { active: true });
    expect(await monday()).toBe(3);
    // A change of weekdays is dated the same way: Monday dropped now leaves last Monday scheduled.
    await supervisor.request('PATCH', `/api/patrol-routes/${routeId}`, { weekdays: '2345' });
    expect(await monday()).toBe(0);
    expect((await supervisor.get(`/api/patrol-coverage?from=2026-11-16&to=2026-11-16&routeId=${routeId}`)).body.totals.scheduled).toBe(3);
    await supervisor.request('PATCH', `/api/patrol-routes/${routeId}`, { weekdays: '12345' });
  });

  it("a hazard whose category has required fields carries them as attributes; a missing one names the result", async () => {
    const leak = s.ids.categories.get('heating-leak');
    const results = [
      { checkpointId: checkpoints[0], outcome: 'ok' },
      { checkpointId: checkpoints[2], outcome: 'hazard', categoryId: leak, note: '9号楼管井暖气管漏水' },
    ];
    const before = await s.ctx.db.selectFrom('patrol_records').select('id').execute();
    expectError(await inspector.post(`/api/patrol-routes/${routeId}/records`, { results }), 400, 'validation', 'results/1/attributes.leak_location');
    expectError(
      await inspector.post(`/api/patrol-routes/${routeId}/records`, { results: [{ ...results[1], attributes: { leak_location: 'roof' } }] }),
      400,
      'validation',
      'results/0/attributes.leak_location',
    );
    expect(await s.ctx.db.selectFrom('patrol_records').select('id').execute()).toHaveLength(before.length);
    const res = await inspector.post(`/api/patrol-routes/${routeId}/records`, {
      results: [results[0], { ...results[1], attributes: { leak_location: 'pipe_well' } }],
    });
    expect(res.status).toBe(201);
    const orderId = res.body.recorded.records[1].orderId;
    const order = await s.ctx.db.selectFrom('work_orders').select(['category_id', 'attributes_json', 'channel']).where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(order.category_id).toBe(leak);
    expect(order.channel).toBe('patrol');
    expect(JSON.parse(order.attributes_json!)).toMatchObject({ leak_location: 'pipe_well' });
  });
});

describe('taking a checkpoint off a route', () => {
  it('is dated: past days keep the checkpoints they had, days from the removal on count without it', async () => {
    [inspector, supervisor] = await Promise.all(['inspector', 'supervisor'].map((u) => s.login(u)));
    const route = await supervisor.post('/api/patrol-routes', {
      teamId,
      name: '绿地璀璨天城每日巡查',
      placeId: place('cp-lvdi'),
      weekdays: '0123456',
      checkpoints: [
        { kind: 'pipe_well', name: '三期5号楼管井', placeId: place('cp-lvdi-b5') },
        { kind: 'pipe_well', name: '四期9号楼管井', placeId: place('cp-lvdi-b9') },
      ],
    });
    expect(route.status, JSON.stringify(route.body)).toBe(201);
    const [keep, drop] = route.body.checkpoints.map((c: { id: number }) => c.id) as number[];
    const d0 = shanghaiDate(s.clock.now());
    expect((await inspector.post(`/api/patrol-routes/${route.body.id}/records`, { results: [{ checkpointId: keep, outcome: 'ok' }, { checkpointId: drop, outcome: 'ok' }] })).status).toBe(201);
    s.clock.advance(DAY);
    const d1 = shanghaiDate(s.clock.now());
    s.clock.advance(DAY);
    const d2 = shanghaiDate(s.clock.now());
    [inspector, supervisor] = await Promise.all(['inspector', 'supervisor'].map((u) => s.login(u)));
    const coverage = async () => {
      const res = await supervisor.get(`/api/patrol-coverage?from=${d0}&to=${d2}&routeId=${route.body.id}`);
      expect(res.status).toBe(200);
      return res.body.routes[0].days.map((d: { day: string; scheduled: number; done: number; missed: number }) => [d.day, d.scheduled, d.done, d.missed]);
    };
    const before = await coverage();
    expect(before).toEqual([
      [d0, 2, 2, 0],
      [d1, 2, 0, 2],
      [d2, 2, 0, 2],
    ]);

    expect((await supervisor.request('DELETE', `/api/patrol-routes/${route.body.id}/checkpoints/${drop}`)).status).toBe(200);
    // The past stays as it was; from the day of the removal the route has one checkpoint.
    expect(await coverage()).toEqual([before[0], before[1], [d2, 1, 0, 1]]);
    const detail = await supervisor.get(`/api/patrol-routes/${route.body.id}`);
    expect(detail.body.checkpoints.map((c: { id: number }) => c.id)).toEqual([keep]);
    expect(detail.body.day).toMatchObject({ day: d2, scheduled: true, done: 0, missed: 1 });
    // Gone for good: not removable twice, not recordable, and still not counted a day later.
    expectError(await supervisor.request('DELETE', `/api/patrol-routes/${route.body.id}/checkpoints/${drop}`), 404, 'not_found', 'checkpointId');
    expectError(await inspector.post(`/api/patrol-routes/${route.body.id}/records`, { results: [{ checkpointId: drop, outcome: 'ok' }] }), 422, 'unknown_reference', 'results/0/checkpointId');
    s.clock.advance(DAY);
    const d3 = shanghaiDate(s.clock.now());
    supervisor = await s.login('supervisor');
    const later = await supervisor.get(`/api/patrol-coverage?from=${d0}&to=${d3}&routeId=${route.body.id}`);
    expect(later.body.routes[0].days.map((d: { scheduled: number }) => d.scheduled)).toEqual([2, 2, 1, 1]);
  });
});
