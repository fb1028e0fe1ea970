import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileForm, tinyPng } from '../test/images';
import { startTestServer, type TestServer } from '../test/harness';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('reply photos', () => {
  it('reach the resident only once the reply passes review', async () => {
    const resident = await s.login('resident.shy');
    const dispatcher = await s.login('dispatcher');
    const handler = await s.login('handler.shy');
    const supervisor = await s.login('supervisor');
    let o = (await resident.post('/api/work-orders', { title: '楼道灯坏了', description: '三楼楼道灯不亮', categoryId: s.ids.categories.get('property-cleaning'), placeId: s.ids.places.get('cp-shanghuayuan-b2') })).body;
    o = (await dispatcher.post(`/api/work-orders/${o.id}/dispatch`, { version: o.version, leadUnitId: s.ids.units.get('pc-huayu') })).body;
    o = (await handler.post(`/api/work-orders/${o.id}/accept`, { version: o.version })).body;
    const photo = (await handler.post('/api/attachments', fileForm(tinyPng(7), 'after.png', 'image/png'))).body;
    o = (await handler.post(`/api/work-orders/${o.id}/reply`, { version: o.version, text: '已更换灯泡', attachmentIds: [photo.id] })).body;

    expect((await resident.get(`/api/work-orders/${o.id}`)).body.attachments).toEqual([]);
    expect((await resident.get(`/api/attachments/${photo.id}`)).status).toBe(404);
    expect((await handler.get(`/api/attachments/${photo.id}`)).status).toBe(200);

    o = (await supervisor.post(`/api/work-orders/${o.id}/approve-reply`, { version: o.version })).body;
    const seen = (await resident.get(`/api/work-orders/${o.id}`)).body;
    expect(seen.attachments.map((a: { id: number; phase: string }) => [a.id, a.phase])).toEqual([[photo.id, 'after']]);
    expect((await resident.get(`/api/attachments/${photo.id}`)).status).toBe(200);
  });

  it('refuses a title that is only spaces', async () => {
    const dispatcher = await s.login('dispatcher');
    const r = await dispatcher.post('/api/work-orders', { title: '   ', description: 'x', categoryId: s.ids.categories.get('property-cleaning'), placeId: s.ids.places.get('cp-shanghuayuan-b2') });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'validation', field: 'title' });
  });
});

describe('short text queries', () => {
  it('match ASCII case-insensitively on both engines, as longer ones do', async () => {
    const dispatcher = await s.login('dispatcher');
    await dispatcher.post('/api/work-orders', { title: 'Elevator 停运', description: '', categoryId: s.ids.categories.get('property-cleaning'), placeId: s.ids.places.get('cp-shanghuayuan-b2') });
    for (const q of ['el', 'EL', 'elev', 'ELEV']) {
      const r = await dispatcher.get(`/api/work-orders?q=${q}`);
      expect(r.body.items.map((o: { title: string }) => o.title), q).toContain('Elevator 停运');
    }
  });
});
