/** POST /api/work-orders/bulk/:action — one action on many orders, each in its own transaction. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { signIn, Walker, type Cast } from '../test/walk';

let s: TestServer;
let c: Cast;
let w: Walker;

beforeAll(async () => {
  s = await startTestServer();
  c = await signIn(s);
  w = new Walker(s, c);
});
afterAll(async () => s?.close());

const eventsOf = async (id: number) => (await w.events(id)).map((e) => e.action);

describe('bulk urge, supervise and reply approval', () => {
  it('urges each order on its own: one stale, one finished and one unknown item do not stop the others', async () => {
    const [a, b, stale, closed] = await Promise.all([w.to('handling'), w.to('dispatched'), w.to('handling'), w.to('closed')]);
    const res = await c.supervisor.post('/api/work-orders/bulk/urge', {
      items: [
        { id: a.id, version: a.version },
        { id: stale.id, version: stale.version - 1 },
        { id: closed.id, version: closed.version },
        { id: 999999, version: 1 },
        { id: b.id, version: b.version },
      ],
      note: '月底集中催办',
    });
    expect(res.status).toBe(200);
    const err = (code: string, message_en: string) => expect.objectContaining({ code, message_en: expect.stringContaining(message_en) });
    expect(res.body.results).toEqual([
      { id: a.id, ok: true, status: 'handling', version: a.version + 1 },
      { id: stale.id, ok: false, error: err('version_conflict', 'changed by someone else') },
      { id: closed.id, ok: false, error: err('illegal_transition', 'not allowed in status closed') },
      { id: 999999, ok: false, error: err('not_found', 'Not found') },
      { id: b.id, ok: true, status: 'dispatched', version: b.version + 1 },
    ]);
    for (const o of [a, b]) {
      const after = await w.get(o);
      expect(after.urgeCount).toBe(1);
      const last = (await w.events(o.id)).at(-1)!;
      expect([last.action, last.actor_id, JSON.parse(last.payload_json!)]).toEqual(['urge', w.user('supervisor'), { note: '月底集中催办', count: 1 }]);
    }
    for (const o of [stale, closed]) {
      const row = await w.row(o.id);
      expect([row.version, row.urge_count]).toEqual([o.version, 0]);
      expect(await eventsOf(o.id)).not.toContain('urge');
    }
  });

  it('supervises in bulk, and approves replies in bulk under either spelling of the action', async () => {
    const [h, d] = await Promise.all([w.to('handling'), w.to('dispatched')]);
    let res = await c.supervisor.post('/api/work-orders/bulk/supervise', { items: [h, d].map((o) => ({ id: o.id, version: o.version })) });
    expect(res.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
    expect((await w.row(h.id)).supervision_level).toBe(1);

    const [r1, r2, notReplied] = await Promise.all([w.to('replied'), w.to('replied'), w.to('handling')]);
    res = await c.supervisor.post('/api/work-orders/bulk/approve-reply', {
      items: [r1, notReplied].map((o) => ({ id: o.id, version: o.version })),
    });
    expect(res.body.results).toEqual([
      { id: r1.id, ok: true, status: 'callback', version: r1.version + 1 },
      { id: notReplied.id, ok: false, error: expect.objectContaining({ code: 'illegal_transition' }) },
    ]);
    res = await c.supervisor.post('/api/work-orders/bulk/approve_reply', { items: [{ id: r2.id, version: r2.version }] });
    expect(res.body.results).toEqual([{ id: r2.id, ok: true, status: 'callback', version: r2.version + 1 }]);
    expect((await w.events(r2.id)).at(-1)!.action).toBe('approve_reply');
  });

  it('refuses a role that may never take the action, up front', async () => {
    const o = await w.to('handling');
    const items = [{ id: o.id, version: o.version }];
    for (const [who, action] of [
      [c.dispatcher, 'supervise'],
      [c.dispatcher, 'approve-reply'],
      [c.handler, 'urge'],
      [c.resident, 'urge'],
      [c.inspector, 'urge'],
    ] as const) {
      const res = await who.post(`/api/work-orders/bulk/${action}`, { items });
      expect([res.status, res.body.error?.code], `${action}`).toEqual([403, 'forbidden']);
    }
    expect((await w.row(o.id)).version).toBe(o.version);
  });

  it('answers not_found per item for orders outside the caller’s scope', async () => {
    const o = await w.to('handling'); // 上华苑, 清远街道
    const res = await c.streetSupervisor.post('/api/work-orders/bulk/urge', { items: [{ id: o.id, version: o.version }] });
    expect(res.body.results).toEqual([{ id: o.id, ok: false, error: expect.objectContaining({ code: 'not_found' }) }]);
  });

  it('rejects bad input with 400, and anonymous callers with 401', async () => {
    const item = { id: 1, version: 1 };
    for (const [action, body, field] of [
      ['urge', { items: [] }, 'items'],
      ['urge', { items: Array.from({ length: 101 }, () => item) }, 'items'],
      ['urge', { items: [{ id: 1 }] }, 'version'],
      ['urge', { items: [{ id: 'x', version: 1 }] }, 'id'],
      ['urge', {}, 'items'],
      ['urge', { items: [item], note: 'x'.repeat(2001) }, 'note'],
      ['accept', { items: [item] }, 'action'],
      ['fly', { items: [item] }, 'action'],
    ] as const) {
      const res = await c.supervisor.post(`/api/work-orders/bulk/${action}`, body);
      expect([res.status, res.body.error?.code], `${action} ${JSON.stringify(body).slice(0, 60)}`).toEqual([400, 'validation']);
      expect(res.body.error.field).toContain(field);
    }
    for (const body of [null, 'x', 42, [], { items: null }, { items: [null] }, { items: [{ id: 1, version: 1e308 }] }, { items: [{ id: 2 ** 53, version: 1 }] }, { items: [item], note: 'a\u0000b' }]) {
      const res = await c.supervisor.request('POST', '/api/work-orders/bulk/urge', JSON.stringify(body));
      expect([res.status, res.body.error?.code], JSON.stringify(body)).toEqual([400, 'validation']);
    }
    const anon = await s.anonymous().post('/api/work-orders/bulk/urge', { items: [item] });
    expect([anon.status, anon.body.error.code]).toEqual([401, 'unauthenticated']);
  });
});
