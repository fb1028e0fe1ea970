/**
 * The in-memory caches an intake reads through (categories with their questions, places, unit names,
 * token → user; server/db/row-cache.ts) must never show an administrator's edit late: every write to
 * their tables drops them. Each case first makes the server cache the old value, then edits through
 * the admin API, then checks the very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { signIn, tokenClient, Walker, type Cast } from '../test/walk';

let s: TestServer;
let c: Cast;
let w: Walker;

beforeAll(async () => {
  s = await startTestServer();
  c = await signIn(s);
  w = new Walker(s, c);
});
afterAll(async () => s?.close());

const cat = (code: string) => s.ids.categories.get(code)!;
const place = (key: string) => s.ids.places.get(key)!;

describe('cached catalogue and credentials follow admin edits at once', () => {
  it('a renamed category and place show on the next detail; a deactivated category refuses the next order', async () => {
    const order = await w.create({ category: 'property-cleaning', place: 'cp-shanghuayuan-b2' });
    const before = (await c.dispatcher.get(`/api/work-orders/${order.id}`)).body;
    expect(before.category.name).not.toBe('楼道保洁（改名）');

    let res = await c.admin.request('PATCH', `/api/admin/categories/${cat('property-cleaning')}`, { name: '楼道保洁（改名）' });
    expect(res.status).toBe(200);
    res = await c.admin.request('PATCH', `/api/admin/places/${place('cp-shanghuayuan-b2')}`, { name: '2号楼（改名）' });
    expect(res.status).toBe(200);
    const after = (await c.dispatcher.get(`/api/work-orders/${order.id}`)).body;
    expect(after.category.name).toBe('楼道保洁（改名）');
    expect(after.place.name).toBe('2号楼（改名）');
    expect(after.placeLabel).toContain('2号楼（改名）');

    // Cached as active by the order above; deactivated now: the next order is refused.
    expect((await c.admin.post(`/api/admin/categories/${cat('property-cleaning')}/deactivate`)).status).toBe(200);
    const refused = await c.dispatcher.post('/api/work-orders', {
      title: '楼道垃圾没人清理',
      description: '三天没人打扫',
      categoryId: cat('property-cleaning'),
      placeId: place('cp-shanghuayuan-b2'),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'unknown_reference', field: 'categoryId' });
  });

  it('a changed required question applies to the next order', async () => {
    const body = { title: '暖气不热', description: '室内15度', categoryId: cat('heating-cold'), placeId: place('cp-shanghuayuan-b2'), attributes: { indoor_temp: 15 } };
    expect((await c.dispatcher.post('/api/work-orders', body)).status).toBe(201);
    const res = await c.admin.request('PATCH', `/api/admin/categories/${cat('heating-cold')}`, {
      fields: [{ code: 'room', label: '房间', labelEn: 'Room', datatype: 'string', required: true }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const next = await c.dispatcher.post('/api/work-orders', body);
    expect(next.status).toBe(400);
    expect(next.body.error.field).toBe('attributes.indoor_temp');
    expect((await c.dispatcher.post('/api/work-orders', { ...body, attributes: { room: '卧室' } })).status).toBe(201);
  });

  it('a disabled account’s token stops working on the next request, and works again when re-enabled', async () => {
    const client = await tokenClient(s, 'dispatcher.heating');
    expect((await client.get('/api/auth/me')).status).toBe(200);
    const me = (await client.get('/api/auth/me')).body.user;
    let res = await c.admin.request('PATCH', `/api/admin/users/${me.id}`, { active: false });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect((await client.get('/api/work-orders')).status).toBe(401);
    res = await c.admin.request('PATCH', `/api/admin/users/${me.id}`, { active: true });
    expect(res.status).toBe(200);
    expect((await client.get('/api/auth/me')).status).toBe(200);
  });

  it('a user moved to another place sees the new scope on the next request', async () => {
    const client = await tokenClient(s, 'supervisor.bds');
    const me = (await client.get('/api/auth/me')).body.user;
    const order = await w.create({ category: 'water-leak', place: 'cp-shanghuayuan-b2' });
    const before = (await client.get(`/api/work-orders/${order.id}`)).status;
    const res = await c.admin.request('PATCH', `/api/admin/users/${me.id}`, { placeId: place('st-qingyuan') });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = (await client.get(`/api/work-orders/${order.id}`)).status;
    // 上华苑 lies in 清远街道: out of 白登山街道's scope before the move, in scope right after it.
    expect([before, after]).toEqual([404, 200]);
  });
});
