/** Disclosure boards (公示) and public notices: who reads and edits which board, 亮结果 from real orders, stale flags. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { expectError, makeOrder } from '../testing';

const DAY = 24 * 3600_000;
let s: TestServer;
let supervisor: Client;
let supBds: Client;
let dispatcher: Client;
let handlerLvdi: Client;
let handlerTxlj: Client;
let resident: Client;
let residentTxlj: Client;
const place = (k: string) => s.ids.places.get(k)!;
let lvdi: number;

async function signIn() {
  [supervisor, supBds, dispatcher, handlerLvdi, handlerTxlj, resident, residentTxlj] = await Promise.all(
    ['supervisor', 'supervisor.bds', 'dispatcher', 'handler.lvdi', 'handler.txlj', 'resident', 'resident.txlj'].map((u) => s.login(u)),
  );
}

/** Moves the clock on (sessions expire meanwhile: sign in again). */
async function advance(ms: number) {
  s.clock.advance(ms);
  await signIn();
}

beforeAll(async () => {
  s = await startTestServer();
  await signIn();
  lvdi = place('cp-lvdi');
});
afterAll(async () => s?.close());

const put = (c: Client, url: string, body: unknown) => c.request('PUT', url, body);

describe('guards', () => {
  it('401 without a session; residents read only their own compound’s board and edit none; bad ids are 400/404', async () => {
    expectError(await s.anonymous().get(`/api/compounds/${lvdi}/board`), 401, 'unauthenticated');
    expectError(await residentTxlj.get(`/api/compounds/${lvdi}/board`), 404, 'not_found');
    expect((await resident.get(`/api/compounds/${lvdi}/board`)).status).toBe(200);
    expectError(await put(resident, `/api/compounds/${lvdi}/board/duties`, { content: 'x' }), 403, 'forbidden');
    expectError(await resident.get('/api/boards'), 403, 'forbidden');
    expectError(await resident.post('/api/notices', { placeId: lvdi, title: 't', body: 'b' }), 403, 'forbidden');
    // A building is not a compound; a street supervisor does not see another street's compound.
    expectError(await supervisor.get(`/api/compounds/${place('cp-lvdi-b5')}/board`), 404, 'not_found');
    expectError(await supBds.get(`/api/compounds/${lvdi}/board`), 404, 'not_found');
    expectError(await supervisor.get('/api/compounds/abc/board'), 400, 'validation');
    expectError(await supervisor.get(`/api/compounds/${lvdi}/board?staleDays=0`), 400, 'validation');
  });
});

describe('the API document', () => {
  it('lists the fieldwork paths with their schemas and error responses', async () => {
    const doc = (await s.anonymous().get('/api/openapi.json')).body as { paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string }[] }>> };
    expect(Object.keys(doc.paths['/api/compounds/{id}/board']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/compounds/{id}/board/{item}']!)).toEqual(['put']);
    expect(Object.keys(doc.paths['/api/patrol-routes/{id}/records']!.post!.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '422']);
    expect(doc.paths['/api/patrol-coverage']!.get!.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'missedOnly']));
    for (const path of ['/api/notices', '/api/facilities', '/api/campaigns', '/api/visits', '/api/consultations', '/api/projects', '/api/patrol-teams']) {
      expect(Object.keys(doc.paths[path]!).sort(), path).toEqual(['get', 'post']);
    }
  });
});

describe('board items', () => {
  it('unpublished items are stale; the compound’s property company publishes; others cannot; every edit is an event', async () => {
    const before = await resident.get('/api/my/board');
    expect(before.status).toBe(200);
    expect(before.body.compound).toEqual({ id: lvdi, name: '绿地璀璨天城' });
    expect(before.body.items.map((i: { item: string }) => i.item)).toEqual(['duties', 'identity', 'promises', 'standards']);
    expect(before.body.items.every((i: { stale: boolean; content: null }) => i.stale && i.content === null)).toBe(true);
    expect(before.body.results.name).toBe('亮结果');

    expectError(await put(handlerTxlj, `/api/compounds/${lvdi}/board/duties`, { content: '物业职责' }), 404, 'not_found');
    expectError(await put(handlerLvdi, `/api/compounds/${lvdi}/board/results`, { content: 'x' }), 400, 'validation');
    expectError(await put(handlerLvdi, `/api/compounds/${lvdi}/board/duties`, { content: '' }), 400, 'validation', 'content');
    expectError(await put(handlerLvdi, `/api/compounds/${lvdi}/board/duties`, { content: '   ' }), 400, 'validation', 'content');
    expectError(await put(handlerLvdi, `/api/compounds/${lvdi}/board/duties`, { content: 'x', extra: 1 }), 400, 'validation');

    const res = await put(handlerLvdi, `/api/compounds/${lvdi}/board/duties`, { content: '负责公共区域保洁、秩序维护、设施设备维修养护' });
    expect(res.status).toBe(200);
    const duties = res.body.items.find((i: { item: string }) => i.item === 'duties');
    expect(duties).toMatchObject({ stale: false, version: 1, updatedByName: '周强', updatedAt: new Date(s.clock.now()).toISOString() });
    await put(handlerLvdi, `/api/compounds/${lvdi}/board/duties`, { content: '负责公共区域保洁' });
    const events = await s.ctx.db.selectFrom('supervision_events').selectAll().where('entity', '=', 'board').where('entity_id', '=', lvdi).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['update_item', 'update_item']);
    expect(JSON.parse(events[1]!.payload_json!)).toMatchObject({ item: 'duties', before: '负责公共区域保洁、秩序维护、设施设备维修养护', after: '负责公共区域保洁' });

    // The resident reads it; 31 days on it is stale, unless the reader allows 60.
    const read = await resident.get(`/api/compounds/${lvdi}/board`);
    expect(read.body.items[0]).toMatchObject({ content: '负责公共区域保洁', stale: false, version: 2 });
    await advance(31 * DAY);
    expect((await resident.get('/api/my/board')).body.items[0].stale).toBe(true);
    expect((await resident.get('/api/my/board?staleDays=60')).body.items[0].stale).toBe(false);
    // The district's setting moves the default.
    await s.ctx.db.insertInto('settings').values({ key: 'supervision.board', value_json: JSON.stringify({ staleDays: 45 }) }).execute();
    expect((await resident.get('/api/my/board')).body).toMatchObject({ staleDays: 45, items: [{ stale: false }, {}, {}, {}] });
    await s.ctx.db.deleteFrom('settings').where('key', '=', 'supervision.board').execute();
  });

  it('亮结果 counts the compound’s own orders with the evaluation formulas, whoever reads', async () => {
    const days = 30;
    const first = (await resident.get(`/api/my/board?resultDays=${days}`)).body.results;
    const a = await makeOrder(s, dispatcher, 'cp-lvdi-b4', 'property-cleaning', '楼道垃圾未清运');
    const b = await makeOrder(s, dispatcher, 'cp-lvdi-b6', 'property-cleaning', '电梯厅卫生差');
    await makeOrder(s, dispatcher, 'cp-tianxianglanjun-b3', 'property-cleaning', '别的小区的工单');
    const now = s.clock.now();
    // One closed and rated satisfied, one rated unsatisfied (facts set directly: the formulas are under test here, not the lifecycle).
    await s.ctx.db
      .updateTable('work_orders')
      .set({ status: 'closed', dispatched_at: now, rating_satisfaction: 'satisfied', rating_resolution: 'resolved' })
      .where('id', '=', a)
      .execute();
    await s.ctx.db
      .updateTable('work_orders')
      .set({ status: 'callback', dispatched_at: now, rating_satisfaction: 'unsatisfied', rating_resolution: 'unresolved' })
      .where('id', '=', b)
      .execute();
    const r = (await resident.get(`/api/my/board?resultDays=${days}`)).body.results;
    expect(r.received).toBe(first.received + 2);
    expect(r.closed).toBe(first.closed + 1);
    const counted = await s.ctx.db
      .selectFrom('work_orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('compound_id', '=', lvdi)
      .where('received_at', '>=', s.clock.now() - days * DAY)
      .where('status', 'not in', ['cancelled', 'merged'])
      .executeTakeFirstOrThrow();
    expect(r.received).toBe(Number(counted.n));
    expect(r.rated).toBe(first.rated + 2);
    expect(r.satisfactionPercent).toBe(Math.round((100 * (first.rated * (first.satisfactionPercent ?? 0) / 100 + 1)) / (first.rated + 2)));
    // The resident of the compound and the district supervisor see the same figures.
    const staff = (await supervisor.get(`/api/compounds/${lvdi}/board?resultDays=${days}`)).body.results;
    expect(staff).toEqual(r);
  });
});

describe('facilities on the board', () => {
  it('shows the elevators’ maintenance dates and flags an overdue one', async () => {
    expectError(await handlerLvdi.post('/api/facilities', { kind: 'elevator', name: 'x', placeId: lvdi }), 403, 'forbidden');
    const created = await supervisor.post('/api/facilities', { kind: 'elevator', name: '三期5号楼1号电梯', placeId: place('cp-lvdi-b5'), unitId: s.ids.units.get('pc-lvdi'), maintainEveryDays: 15 });
    expect(created.status).toBe(201);
    expectError(await supervisor.post('/api/facilities', { kind: 'spaceship', name: 'x', placeId: lvdi }), 400, 'validation', 'kind');
    expectError(await supervisor.post('/api/facilities', { kind: 'elevator', name: 'x', placeId: place('c-yuhedong') }), 400, 'validation', 'placeId');
    // The maintaining company records the maintenance.
    const rec = await handlerLvdi.post(`/api/facilities/${created.body.id}/records`, { kind: 'maintenance', note: '半月保养' });
    expect(rec.status).toBe(201);
    expect(rec.body).toMatchObject({ lastMaintenanceAt: new Date(s.clock.now()).toISOString(), maintenanceOverdue: false });
    expectError(await handlerTxlj.post(`/api/facilities/${created.body.id}/records`, { kind: 'maintenance' }), 404, 'not_found');
    expectError(await handlerLvdi.post(`/api/facilities/${created.body.id}/records`, { kind: 'maintenance', doneAt: new Date(s.clock.now() + 2 * DAY).toISOString() }), 400, 'validation', 'doneAt');

    let board = (await resident.get('/api/my/board')).body;
    const lift = board.facilities.find((f: { id: number }) => f.id === created.body.id);
    expect(lift).toMatchObject({ kind: 'elevator', kindName: '电梯', overdue: false, lastMaintenanceAt: rec.body.lastMaintenanceAt });
    await advance(16 * DAY);
    board = (await resident.get('/api/my/board')).body;
    expect(board.facilities.find((f: { id: number }) => f.id === created.body.id)).toMatchObject({ overdue: true, maintenanceOverdue: true });
    expect(board.staleCount).toBeGreaterThanOrEqual(5);
    const list = await supervisor.get(`/api/boards?placeId=${place('c-yuhedong')}`);
    expect(list.status).toBe(200);
    expect(list.body.find((b: { compoundId: number }) => b.compoundId === lvdi)).toMatchObject({ overdueFacilities: 1, stale: true });
    expect((await supervisor.get(`/api/boards?placeId=${place('c-yuhedong')}&stale=false`)).body).toEqual([]);
    // A handler lists the boards of the compounds their company serves, nothing else.
    const mine = (await handlerLvdi.get('/api/boards')).body.map((b: { compoundId: number }) => b.compoundId).sort();
    expect(mine).toEqual([place('cp-lvdi'), place('cp-yuhejiayuan'), place('cp-jinhuwan')].sort());
  });
});

describe('notices', () => {
  it('a notice at the compound reaches its residents; one at the district reaches all; expired and withdrawn ones do not', async () => {
    const now = s.clock.now();
    const local = await supervisor.post('/api/notices', { placeId: lvdi, title: '停水通知', body: '12月2日9时至17时三期停水' });
    expect(local.status).toBe(201);
    expect(local.body).toMatchObject({ title: '停水通知', placeName: '绿地璀璨天城', active: true });
    const district = await supervisor.post('/api/notices', { placeId: place('pingcheng'), title: '供暖季服务热线', body: '供热专线24小时有人值守' });
    await supervisor.post('/api/notices', { placeId: lvdi, title: '已过期', body: 'x', publishedAt: new Date(now - 10 * DAY).toISOString(), expiresAt: new Date(now - DAY).toISOString() });
    await supervisor.post('/api/notices', { placeId: lvdi, title: '未来公告', body: 'x', publishedAt: new Date(now + DAY).toISOString() });
    expectError(
      await supervisor.post('/api/notices', { placeId: lvdi, title: 'x', body: 'x', publishedAt: new Date(now).toISOString(), expiresAt: new Date(now - 1000).toISOString() }),
      400,
      'validation',
      'expiresAt',
    );
    expectError(await supBds.post('/api/notices', { placeId: lvdi, title: 'x', body: 'x' }), 422, 'unknown_reference', 'placeId');
    expectError(await supervisor.post('/api/notices', { placeId: lvdi, title: '', body: 'x' }), 400, 'validation', 'title');

    const titles = async (c: Client) => ((await c.get('/api/my/notices')).body as { title: string }[]).map((n) => n.title);
    expect(await titles(resident)).toEqual(expect.arrayContaining(['停水通知', '供暖季服务热线']));
    expect(await titles(resident)).not.toContain('已过期');
    expect(await titles(resident)).not.toContain('未来公告');
    expect(await titles(residentTxlj)).toEqual(['供暖季服务热线']);
    expect((await resident.get('/api/my/board')).body.notices.map((n: { title: string }) => n.title)).toContain('停水通知');

    const w = await supervisor.post(`/api/notices/${local.body.id}/withdraw`);
    expect(w.body).toMatchObject({ active: false });
    expect(await titles(resident)).not.toContain('停水通知');
    expectError(await supervisor.post(`/api/notices/${local.body.id}/withdraw`), 422, 'rule_violation');
    expectError(await supervisor.request('PATCH', `/api/notices/${local.body.id}`, { title: '改' }), 422, 'rule_violation');
    const patched = await supervisor.request('PATCH', `/api/notices/${district.body.id}`, { title: '供暖季服务热线（更新）' });
    expect(patched.body.title).toBe('供暖季服务热线（更新）');
    expectError(await supBds.get(`/api/notices/${district.body.id}`), 404, 'not_found');
    expect((await supervisor.get('/api/notices?active=true')).body.map((n: { title: string }) => n.title)).not.toContain('已过期');
    const ev = await s.ctx.db.selectFrom('supervision_events').select('action').where('entity', '=', 'notice').where('entity_id', '=', local.body.id).orderBy('id').execute();
    expect(ev.map((e) => e.action)).toEqual(['publish', 'withdraw']);
  });
});
