import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('a resident request from intake to closure (销号)', () => {
  it('walks resident → dispatcher → handler → reviewer → resident rating → closed, with an event per step', async () => {
    const resident = await s.login('resident.shy');
    const dispatcher = await s.login('dispatcher');
    const handler = await s.login('handler.shy');
    const supervisor = await s.login('supervisor');

    const created = await resident.post('/api/work-orders', {
      title: '2号楼楼道保洁不到位',
      description: '楼道垃圾三天没人清理，气味很大',
      categoryId: s.ids.categories.get('property-cleaning'),
      placeId: s.ids.places.get('cp-shanghuayuan-b2'),
    });
    expect(created.status).toBe(201);
    const o = created.body;
    expect(o.status).toBe('received');
    expect(o.channel).toBe('h5');
    expect(o.number).toMatch(/^20261116\d{5}$/);

    const suggestions = await dispatcher.get(`/api/work-orders/${o.id}/unit-suggestions`);
    expect(suggestions.status).toBe(200);
    const lead = suggestions.body[0];
    expect(lead.unitId).toBe(s.ids.units.get('pc-huayu'));
    expect(lead.reason).toContain('上华苑');

    let r = await dispatcher.post(`/api/work-orders/${o.id}/dispatch`, { version: o.version, leadUnitId: lead.unitId });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('dispatched');
    expect(r.body.resolutionDueAt).toBeTruthy();

    r = await handler.post(`/api/work-orders/${o.id}/accept`, { version: r.body.version });
    expect(r.status).toBe(200);
    r = await handler.post(`/api/work-orders/${o.id}/contact`, { version: r.body.version, method: 'phone' });
    expect(r.status).toBe(200);
    expect(r.body.contactedAt).toBeTruthy();
    r = await handler.post(`/api/work-orders/${o.id}/reply`, { version: r.body.version, text: '已安排保洁员清理并增加频次' });
    expect(r.body.status).toBe('replied');
    r = await supervisor.post(`/api/work-orders/${o.id}/approve-reply`, { version: r.body.version });
    expect(r.body.status).toBe('callback');

    const mine = await resident.get(`/api/work-orders/${o.id}`);
    expect(mine.body.actions).toContain('rate');
    r = await resident.post(`/api/work-orders/${o.id}/rate`, { version: mine.body.version, resolution: 'resolved', satisfaction: 'satisfied' });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('closed');

    const events = await s.ctx.db.selectFrom('order_events').select(['action', 'actor_id']).where('order_id', '=', o.id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'dispatch', 'accept', 'contact', 'reply', 'approve_reply', 'rate']);
    expect(events.every((e) => e.actor_id !== null)).toBe(true);
    const row = await s.ctx.db.selectFrom('work_orders').selectAll().where('id', '=', o.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('closed');
    expect(row.version).toBe(7);
    expect(row.next_check_at).toBeNull();
  });
});
