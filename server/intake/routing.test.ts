import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../test/harness';

let s: TestServer;
let dispatcher: Client;
const place = (k: string) => s.ids.places.get(k)!;
const unit = (k: string) => s.ids.units.get(k)!;
const category = (k: string) => s.ids.categories.get(k)!;

beforeAll(async () => {
  s = await startTestServer();
  dispatcher = await s.login('dispatcher');
});
afterAll(async () => s?.close());

const newOrder = async (title: string, placeKey = 'cp-shanghuayuan-b2', description = '') => {
  const r = await dispatcher.post('/api/work-orders', { title, description, categoryId: category('property-cleaning'), placeId: place(placeKey), callerPhone: '13912345678' });
  expect(r.status).toBe(201);
  return r.body as { id: number; version: number };
};

describe('the compound list for the place picker', () => {
  it('lists every compound with its community and street, or those under a place', async () => {
    const all = await dispatcher.get('/api/places/compounds');
    expect(all.status).toBe(200);
    const shy = all.body.find((c: { id: number }) => c.id === place('cp-shanghuayuan'));
    expect(shy).toMatchObject({ name: '上华苑', communityName: expect.stringContaining('和信') });
    expect(all.body.every((c: { id: number }) => c.id !== place('cp-shanghuayuan-b2'))).toBe(true);
    const under = await dispatcher.get(`/api/places/compounds?under=${place('c-hexin')}`);
    expect(under.body.length).toBeGreaterThan(0);
    expect(under.body.length).toBeLessThan(all.body.length);
    expect(under.body.every((c: { communityId: number }) => c.communityId === place('c-hexin'))).toBe(true);
    expect((await dispatcher.get('/api/places/compounds?under=99999999')).status).toBe(404);
    expect((await dispatcher.get('/api/places/compounds?under=x')).status).toBe(400);
    expect((await s.anonymous().get('/api/places/compounds')).status).toBe(401);
  });
});

describe('unit suggestion with its reason, learned from dispatchers’ choices', () => {
  it('suggests the covering unit of the category’s kind, learns an override, and keeps compounds apart', async () => {
    const body = { categoryId: category('property-cleaning'), placeId: place('cp-shanghuayuan-b2') };
    const first = await dispatcher.post('/api/intake/route', body);
    expect(first.status).toBe(200);
    expect(first.body.units[0]).toMatchObject({ unitId: unit('pc-huayu'), learned: false, chosen: 0, of: 0 });
    expect(first.body.units[0].reason).toBe('上华苑由大同华宇物业服务有限公司负责（物业服务企业）');
    expect(first.body.units[0].reasonEn).toMatch(/^上华苑 is served by 大同华宇物业服务有限公司/);
    // Asking again for the same form re-points its log row instead of adding one.
    expect((await dispatcher.post('/api/intake/route', { ...body, routeId: first.body.routeId })).body.routeId).toBe(first.body.routeId);

    // The dispatcher overrides: the community committee leads this one.
    const order = await newOrder('楼道堆满杂物无人清理');
    const out = await dispatcher.post(`/api/intake/routes/${first.body.routeId}/outcome`, { unitId: unit('cc-hexin'), orderId: order.id });
    expect(out.body).toEqual({ accepted: false });
    const row = await s.ctx.db.selectFrom('intake_routes').selectAll().where('id', '=', first.body.routeId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'intake', suggested_unit_id: unit('pc-huayu'), chosen_unit_id: unit('cc-hexin'), order_id: order.id, area_id: place('cp-shanghuayuan') });
    expect((await dispatcher.post(`/api/intake/routes/${first.body.routeId}/outcome`, { unitId: unit('cc-hexin') })).status).toBe(409);

    // The next suggestion in the same compound (another building) prefers what was chosen, and says why.
    const next = await dispatcher.post('/api/intake/route', { ...body, placeId: place('cp-shanghuayuan-b5') });
    expect(next.body.routeId).not.toBe(first.body.routeId);
    expect(next.body.units[0]).toMatchObject({ unitId: unit('cc-hexin'), learned: true, chosen: 1, of: 1 });
    expect(next.body.units[0].reasonEn).toContain('dispatchers chose 和信社区居民委员会 for 1 of the last 1 similar orders');
    expect(next.body.units[1]).toMatchObject({ unitId: unit('pc-huayu'), learned: false });
    // Another compound of the same company is not affected.
    const other = await dispatcher.post('/api/intake/route', { ...body, placeId: place('cp-hexinjiayuan') });
    expect(other.body.units[0]).toMatchObject({ unitId: unit('pc-huayu'), learned: false });
    // Accepting the coverage suggestion twice more brings the company back: 2 of the last 3.
    for (const p of ['cp-shanghuayuan-b3', 'cp-shanghuayuan-b4']) {
      const r = await dispatcher.post('/api/intake/route', { ...body, placeId: place(p) });
      await dispatcher.post(`/api/intake/routes/${r.body.routeId}/outcome`, { unitId: unit('pc-huayu') });
    }
    const back = await dispatcher.post('/api/intake/route', body);
    expect(back.body.units[0]).toMatchObject({ unitId: unit('pc-huayu'), learned: true, chosen: 2, of: 3 });
    expect(back.body.units[0].reason).toContain('调度员最近3件同类工单中有2件派给了大同华宇物业服务有限公司');
    expect(back.body.units[0].reason).toContain('负责');
  });

  it('records the override through the category outcome too, and refuses bad input', async () => {
    const r = await dispatcher.post('/api/intake/route', { categoryId: category('property-cleaning'), placeId: place('cp-hexinjiayuan') });
    const sug = await s.ctx.db
      .insertInto('intake_suggestions')
      .values({ user_id: s.ids.users.get('dispatcher')!, model_id: null, text: 'x', place_id: place('cp-hexinjiayuan'), suggested_json: '[]', top_category_id: category('property-cleaning'), top_unit_id: null, created_at: s.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const bad = await dispatcher.post(`/api/intake/suggestions/${sug.id}/outcome`, { categoryId: category('property-cleaning'), unitId: 99999999, routeId: r.body.routeId });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'unknown_reference', field: 'unitId' });
    const ok = await dispatcher.post(`/api/intake/suggestions/${sug.id}/outcome`, { categoryId: category('property-cleaning'), unitId: unit('cc-hexin'), routeId: r.body.routeId });
    expect(ok.body).toEqual({ accepted: true, unitAccepted: false });
    const row = await s.ctx.db.selectFrom('intake_routes').select(['chosen_unit_id', 'decided_at']).where('id', '=', r.body.routeId).executeTakeFirstOrThrow();
    expect(row.chosen_unit_id).toBe(unit('cc-hexin'));

    expect((await dispatcher.post('/api/intake/route', { categoryId: 99999999, placeId: place('cp-hexinjiayuan') })).body.error).toMatchObject({ code: 'unknown_reference', field: 'categoryId' });
    expect((await dispatcher.post('/api/intake/route', { categoryId: category('property-cleaning'), placeId: 99999999 })).body.error).toMatchObject({ code: 'unknown_reference', field: 'placeId' });
    expect((await dispatcher.post('/api/intake/route', { categoryId: category('property-cleaning') })).status).toBe(400);
    expect((await (await s.login('handler.txlj')).post('/api/intake/route', { categoryId: category('property-cleaning'), placeId: place('cp-hexinjiayuan') })).status).toBe(403);
    expect((await s.anonymous().post('/api/intake/route', { categoryId: 1, placeId: 1 })).status).toBe(401);
    // Someone else's suggestion is not found.
    const admin = await s.login('admin');
    expect((await admin.post(`/api/intake/routes/${r.body.routeId}/outcome`, { unitId: unit('cc-hexin') })).status).toBe(404);
  });
});

describe('the triage queue', () => {
  it('suggests the unit for received orders, logged once, and one click dispatches to it', async () => {
    const order = await newOrder('楼道里垃圾好几天没人收');
    const q = await dispatcher.post('/api/intake/queue', { orderIds: [order.id] });
    expect(q.status).toBe(200);
    expect(q.body).toHaveLength(1);
    expect(q.body[0]).toMatchObject({ orderId: order.id, suggestionId: null, categories: [] }); // no model trained here
    const suggested = q.body[0].unit.unitId;
    expect([unit('pc-huayu'), unit('cc-hexin')]).toContain(suggested);
    expect(q.body[0].unit.reason).toBeTruthy();
    const again = await dispatcher.post('/api/intake/queue', { orderIds: [order.id] });
    expect(again.body[0].routeId).toBe(q.body[0].routeId);
    expect(await s.ctx.db.selectFrom('intake_routes').select('id').where('order_id', '=', order.id).where('source', '=', 'queue').execute()).toHaveLength(1);

    const stale = await dispatcher.post(`/api/intake/queue/${q.body[0].routeId}/accept`, { version: order.version + 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    const accepted = await dispatcher.post(`/api/intake/queue/${q.body[0].routeId}/accept`, { version: order.version });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: order.id, status: 'dispatched', leadUnit: { id: suggested } });
    const row = await s.ctx.db.selectFrom('intake_routes').selectAll().where('id', '=', q.body[0].routeId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ chosen_unit_id: suggested, suggested_unit_id: suggested, order_id: order.id });
    expect((await dispatcher.post(`/api/intake/queue/${q.body[0].routeId}/accept`, { version: accepted.body.version })).status).toBe(409);
    // A dispatched order is no longer in the queue's suggestions.
    expect((await dispatcher.post('/api/intake/queue', { orderIds: [order.id] })).body).toEqual([]);

    expect((await dispatcher.post('/api/intake/queue', { orderIds: [] })).status).toBe(400);
    expect((await dispatcher.post('/api/intake/queue/99999999/accept', { version: 1 })).status).toBe(404);
    expect((await (await s.login('handler.txlj')).post('/api/intake/queue', { orderIds: [order.id] })).status).toBe(403);

    const stats = await dispatcher.get('/api/intake/stats');
    expect(stats.status).toBe(200);
    const month = stats.body.find((m: { month: string }) => m.month === '2026-11');
    expect(month.queue).toEqual({ shown: 1, decided: 1, accepted: 1, acceptanceRate: 1 });
    expect(month.units.shown).toBeGreaterThanOrEqual(6);
    expect(month.units.decided).toBeGreaterThanOrEqual(5);
  });

  it('imports dispatches made elsewhere at training, so they count as decisions', async () => {
    const order = await newOrder('楼道灯不亮也没人打扫', 'cp-hexinjiayuan');
    const d = await dispatcher.post(`/api/work-orders/${order.id}/dispatch`, { version: order.version, leadUnitId: unit('so-wenyinghu') });
    expect(d.status).toBe(200);
    const admin = await s.login('admin');
    expect((await admin.post('/api/intake/train')).status).toBe(200);
    const row = await s.ctx.db.selectFrom('intake_routes').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'dispatch', chosen_unit_id: unit('so-wenyinghu'), area_id: place('cp-hexinjiayuan') });
    // Imported once only.
    await admin.post('/api/intake/train');
    expect(await s.ctx.db.selectFrom('intake_routes').select('id').where('order_id', '=', order.id).execute()).toHaveLength(1);
  });
});

describe('the dispatch dialog', () => {
  it('shows the same learned advice as the intake form, logs it, and learns the override it records', async () => {
    const first = await newOrder('楼道垃圾清运不及时', 'cp-tianxianglanjun-b1');
    const shown = await dispatcher.post(`/api/intake/orders/${first.id}/route`, {});
    expect(shown.status).toBe(200);
    const covering = shown.body.units[0];
    expect(covering).toMatchObject({ learned: false, chosen: 0, of: 0 });
    expect(covering.reason).toContain('天香蓝郡');
    expect(covering.reasonEn).toMatch(/^天香蓝郡 is served by /);
    // The order's own read-only suggestion says the same.
    expect((await dispatcher.get(`/api/work-orders/${first.id}/unit-suggestions`)).body).toEqual(shown.body.units);
    // Opened again, the dialog re-points its row.
    expect((await dispatcher.post(`/api/intake/orders/${first.id}/route`, { routeId: shown.body.routeId })).body.routeId).toBe(shown.body.routeId);

    // The dispatcher dispatches to another unit; the dialog records the override.
    expect((await dispatcher.post(`/api/work-orders/${first.id}/dispatch`, { version: first.version, leadUnitId: unit('so-wenyinghu') })).status).toBe(200);
    const out = await dispatcher.post(`/api/intake/routes/${shown.body.routeId}/outcome`, { unitId: unit('so-wenyinghu'), orderId: first.id });
    expect(out.body).toEqual({ accepted: false });
    expect(await s.ctx.db.selectFrom('intake_routes').selectAll().where('id', '=', shown.body.routeId).executeTakeFirstOrThrow()).toMatchObject({
      source: 'dialog',
      order_id: first.id,
      suggested_unit_id: covering.unitId,
      chosen_unit_id: unit('so-wenyinghu'),
      area_id: place('cp-tianxianglanjun'),
    });

    // The next order of the category in the compound: learned at once, in the dialog and in the API.
    const second = await newOrder('垃圾桶满了没人清理', 'cp-tianxianglanjun-b2');
    const queued = await dispatcher.post('/api/intake/queue', { orderIds: [second.id] });
    expect(queued.body[0].unit).toMatchObject({ unitId: unit('so-wenyinghu'), learned: true, chosen: 1, of: 1 });
    const next = await dispatcher.post(`/api/intake/orders/${second.id}/route`, {});
    expect(next.body.units[0]).toMatchObject({ unitId: unit('so-wenyinghu'), learned: true, chosen: 1, of: 1 });
    expect(next.body.units[0].reason).toContain('调度员最近1件同类工单中有1件派给了');
    expect(next.body.units[0].reasonEn).toContain('for 1 of the last 1 similar orders');
    expect((await dispatcher.get(`/api/work-orders/${second.id}/unit-suggestions`)).body[0]).toMatchObject({ unitId: unit('so-wenyinghu'), learned: true });

    // Accepted in the dialog; the queue's row of the same order is closed at training: one order, one decision.
    expect((await dispatcher.post(`/api/work-orders/${second.id}/dispatch`, { version: second.version, leadUnitId: unit('so-wenyinghu') })).status).toBe(200);
    expect((await dispatcher.post(`/api/intake/routes/${next.body.routeId}/outcome`, { unitId: unit('so-wenyinghu'), orderId: second.id })).body).toEqual({ accepted: true });
    expect((await (await s.login('admin')).post('/api/intake/train')).status).toBe(200);
    expect(await s.ctx.db.selectFrom('intake_routes').select('chosen_unit_id').where('order_id', '=', second.id).where('decided_at', 'is not', null).execute()).toHaveLength(2);
    const third = await newOrder('楼下垃圾没人收', 'cp-tianxianglanjun-b3');
    expect((await dispatcher.get(`/api/work-orders/${third.id}/unit-suggestions`)).body[0]).toMatchObject({ unitId: unit('so-wenyinghu'), learned: true, chosen: 2, of: 2 });

    // Within scope and role only; bad input is a 4xx.
    expect((await dispatcher.post('/api/intake/orders/99999999/route', {})).status).toBe(404);
    expect((await dispatcher.post(`/api/intake/orders/${third.id}/route`, { routeId: 0 })).status).toBe(400);
    expect((await (await s.login('handler.txlj')).post(`/api/intake/orders/${third.id}/route`, {})).status).toBe(403);
    expect((await s.anonymous().post(`/api/intake/orders/${third.id}/route`, {})).status).toBe(401);
    // Someone else's dialog suggestion is not theirs to decide.
    expect((await (await s.login('admin')).post(`/api/intake/routes/${next.body.routeId}/outcome`, { unitId: unit('so-wenyinghu') })).status).toBe(404);
  });

  it('counts the dialog’s suggestions in the unit acceptance rate', async () => {
    const before = (await dispatcher.get('/api/intake/stats')).body.find((m: { month: string }) => m.month === '2026-11').units;
    const o = await newOrder('楼道杂物堆放', 'cp-tianxianglanjun-b4');
    const r = await dispatcher.post(`/api/intake/orders/${o.id}/route`, {});
    await dispatcher.post(`/api/intake/routes/${r.body.routeId}/outcome`, { unitId: r.body.units[0].unitId, orderId: o.id });
    const after = (await dispatcher.get('/api/intake/stats')).body.find((m: { month: string }) => m.month === '2026-11').units;
    expect(after).toMatchObject({ shown: before.shown + 1, decided: before.decided + 1, accepted: before.accepted + 1 });
  });
});

describe('duplicates: open orders and problems', () => {
  it('lists similar open orders and open problems of the compound, each scored, within the caller’s scope', async () => {
    const a = await newOrder('3号楼楼道垃圾堆积没人清理', 'cp-shanghuayuan-b3');
    const supervisor = await s.login('supervisor');
    const p = await supervisor.post('/api/problems', { title: '上华苑楼道垃圾长期无人清理', description: '多栋楼道垃圾堆积', placeId: place('cp-shanghuayuan') });
    expect(p.status).toBe(201);
    const q = encodeURIComponent('楼道垃圾堆积没人清理');
    const res = await dispatcher.get(`/api/intake/duplicates?placeId=${place('cp-shanghuayuan-b2')}&q=${q}`);
    expect(res.status).toBe(200);
    expect(res.body.orders[0]).toMatchObject({ id: a.id, status: 'received' });
    expect(res.body.orders[0].score).toBeGreaterThan(0.5);
    expect(res.body.problems).toEqual([expect.objectContaining({ id: p.body.id, title: '上华苑楼道垃圾长期无人清理', orderCount: 0 })]);
    expect(res.body.problems[0].score).toBeGreaterThan(0.15);

    // Attached, the problem is no longer offered for that order; merged, the order is no longer open.
    expect((await dispatcher.post(`/api/problems/${p.body.id}/orders`, { orderIds: [a.id] })).status).toBe(200);
    const after = await dispatcher.get(`/api/intake/duplicates?placeId=${place('cp-shanghuayuan-b2')}&q=${q}&excludeId=${a.id}`);
    expect(after.body.problems).toEqual([]);
    expect(after.body.orders.some((o: { id: number }) => o.id === a.id)).toBe(false);
    const b = await newOrder('楼道垃圾堆积又没人清理', 'cp-shanghuayuan-b3');
    expect((await dispatcher.post(`/api/work-orders/${b.id}/merge`, { version: b.version, targetId: a.id })).status).toBe(200);
    const merged = await dispatcher.get(`/api/intake/duplicates?placeId=${place('cp-shanghuayuan-b2')}&q=${q}`);
    expect(merged.body.orders.some((o: { id: number }) => o.id === b.id)).toBe(false);
    expect(merged.body.problems[0]).toMatchObject({ id: p.body.id, orderCount: 1 });

    // Another compound sees neither; a resident sees no problems; bad input is a 400.
    const elsewhere = await dispatcher.get(`/api/intake/duplicates?placeId=${place('cp-meiguiyuan')}&q=${q}`);
    expect(elsewhere.body).toEqual({ orders: [], problems: [] });
    const resident = await s.login('resident');
    expect((await resident.get(`/api/intake/duplicates?placeId=${place('cp-shanghuayuan-b2')}&q=${q}`)).body.problems).toEqual([]);
    expect((await dispatcher.get(`/api/intake/duplicates?q=${q}`)).status).toBe(400);
    expect((await s.anonymous().get(`/api/intake/duplicates?placeId=1&q=x`)).status).toBe(401);
  });
});
