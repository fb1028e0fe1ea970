import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { bigrams, similarity } from './similar';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('possible duplicates while typing', () => {
  it('scores Chinese text by shared character bigrams', () => {
    expect(similarity(bigrams('暖气管道漏水'), bigrams('暖气管道漏水'))).toBe(1);
    expect(similarity(bigrams('暖气管道漏水'), bigrams('电梯停运'))).toBe(0);
    const partial = similarity(bigrams('36号商铺暖气管道漏水'), bigrams('商铺暖气漏水了'));
    expect(partial).toBeGreaterThan(0.3);
    expect(partial).toBeLessThan(1);
  });

  it('lists open orders of the same compound from the last 30 days, best first, within the caller’s scope', async () => {
    let dispatcher = await s.login('dispatcher');
    const make = (title: string, place: string) =>
      dispatcher.post('/api/work-orders', { title, description: '', categoryId: s.ids.categories.get('heating-leak'), placeId: s.ids.places.get(place), callerPhone: '13912345678', attributes: { leak_location: 'indoor' } });
    const a = (await make('36号商铺暖气管道漏水', 'cp-hailixiyuan-s36')).body;
    const b = (await make('1号楼暖气管道滴水', 'cp-hailixiyuan-b1')).body;
    await make('电梯停运', 'cp-hailixiyuan-b1');
    await make('暖气管道漏水', 'cp-shanghuayuan-b2'); // another compound
    s.clock.advance(31 * 24 * 3600_000);
    dispatcher = await s.login('dispatcher'); // sessions expire on the test clock too
    const recentRes = await make("暖气管道又漏水", "cp-hailixiyuan-b1");
    expect(recentRes.body).toMatchObject({ status: "received" });
    const recent = recentRes.body;

    const shop = (await make('36号商铺暖气管道漏水严重', 'cp-hailixiyuan-s36')).body;
    const res = await dispatcher.get(`/api/intake/similar?placeId=${s.ids.places.get('cp-hailixiyuan-s36')}&q=${encodeURIComponent('商铺暖气管道漏水')}`);
    expect(res.status).toBe(200);
    // a and b are older than 30 days; the lift and the other compound's order never qualify.
    expect(res.body.map((x: { id: number }) => x.id)).toEqual([shop.id, recent.id]);
    expect(res.body[0].score).toBeGreaterThan(res.body[1].score);
    expect([a.id, b.id].some((id) => res.body.some((x: { id: number }) => x.id === id))).toBe(false);

    // A handler with no link to these orders sees no duplicates.
    const other = await s.login('handler.txlj');
    expect((await other.get(`/api/intake/similar?placeId=${s.ids.places.get('cp-hailixiyuan-s36')}&q=x`)).status).toBe(403);
    expect((await dispatcher.get('/api/intake/similar?q=x')).status).toBe(400);
  });
});
