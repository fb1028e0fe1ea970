import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('resident inbox and outbox', () => {
  it('tells the resident each step they should know about, and queues every event for webhooks', async () => {
    const resident = await s.login('resident.txlj');
    const dispatcher = await s.login('dispatcher');
    const handler = await s.login('handler.txlj');
    const supervisor = await s.login('supervisor');
    const o = (
      await resident.post('/api/work-orders', {
        title: '小区没有物业用房',
        description: '物业在车库办公，业主办事不便',
        categoryId: s.ids.categories.get('property-office-missing'),
        placeId: s.ids.places.get('cp-tianxianglanjun-b3'),
      })
    ).body;
    let r = await dispatcher.post(`/api/work-orders/${o.id}/dispatch`, { version: o.version, leadUnitId: s.ids.units.get('pc-lanjun') });
    r = await handler.post(`/api/work-orders/${o.id}/accept`, { version: r.body.version });
    const until = new Date(Date.parse(r.body.resolutionDueAt) + 10 * 24 * 3600_000).toISOString();
    r = await handler.post(`/api/work-orders/${o.id}/request-extension`, { version: r.body.version, until, reason: '需三方会商' });
    expect(r.status).toBe(200);
    r = await supervisor.post(`/api/work-orders/${o.id}/approve-extension`, { version: r.body.version });
    expect(r.status).toBe(200);

    const inbox = await resident.get('/api/me/messages');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((m: { kind: string }) => m.kind)).toEqual(['approve_extension', 'accept', 'create']);
    // The resident reads the new date in Shanghai time.
    expect(inbox.body.items[0].body).toContain(new Date(Date.parse(until) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '));
    expect(inbox.body.unread).toBe(3);

    const read = await resident.post(`/api/me/messages/${inbox.body.items[0].id}/read`);
    expect(read.status).toBe(200);
    expect((await resident.get('/api/me/messages?unread=true')).body.items).toHaveLength(2);
    // Someone else's message is not found.
    expect((await dispatcher.post(`/api/me/messages/${inbox.body.items[1].id}/read`)).status).toBe(404);

    const outbox = await s.ctx.db.selectFrom('outbox').select(['topic', 'event_id']).where('order_id', '=', o.id).orderBy('id').execute();
    expect(outbox.map((x) => x.topic)).toEqual(['order.create', 'order.dispatch', 'order.accept', 'order.request_extension', 'order.approve_extension']);
    expect(outbox.every((x) => x.event_id !== null)).toBe(true);
  });

  it('needs a signed-in user', async () => {
    expect((await s.anonymous().get('/api/me/messages')).status).toBe(401);
  });
});
