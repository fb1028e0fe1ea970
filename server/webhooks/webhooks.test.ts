/**
 * Webhooks against a real receiver on 127.0.0.1 that fails (500, then connection refused) for an
 * hour and then recovers: every outbox row arrives once, in order, signed. Time is the harness's
 * ManualClock, so the hour of backoff passes without sleeping.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLease, releaseLease } from '../jobs/lease';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { backoffMs, BACKOFF_MAX_MS, GAP_GRACE_MS, LEASE_KIND } from './deliver';
import { runWebhooks, SIGNATURE_HEADER, verifySignature } from '.';

/** A receiver that answers 500 ('fail') or 200 ('ok'), or is not listening at all ('down'). */
class Receiver {
  server: http.Server | null = null;
  port = 0;
  mode: 'ok' | 'fail' = 'fail';
  hits = 0;
  /** Deliveries answered 200, by path. */
  accepted: { path: string; body: string; signature: string | undefined; delivery: string | undefined }[] = [];

  async start() {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.hits++;
        if (this.mode === 'fail') {
          res.writeHead(500).end('receiver broken');
          return;
        }
        this.accepted.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined, delivery: req.headers['x-gongzhi-delivery'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop() {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

let s: TestServer;
let admin: Client;
const rx = new Receiver();
beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login('admin');
  await rx.start();
});
afterAll(async () => {
  await rx.stop();
  await s?.close();
});

async function fileOrder(dispatcher: Client, title: string) {
  const r = await dispatcher.post('/api/work-orders', { title, description: title, categoryId: s.ids.categories.get('power-outage'), placeId: s.ids.places.get('cp-lvdi-b1') });
  expect(r.status).toBe(201);
  return r.body as { id: number; version: number };
}

const deliveriesOf = (hookId: number) => s.ctx.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', hookId).orderBy('id').execute();
const hookRow = (id: number) => s.ctx.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('webhook admin endpoints', () => {
  it('need an admin and valid input; the secret is shown once', async () => {
    const body = { url: `http://127.0.0.1:${rx.port}/x`, topics: ['order.*'] };
    expect((await s.anonymous().post('/api/admin/webhooks', body)).status).toBe(401);
    expect((await (await s.login('supervisor')).post('/api/admin/webhooks', body)).status).toBe(403);
    expect((await admin.post('/api/admin/webhooks', { ...body, url: 'ftp://example.com/x' })).status).toBe(400);
    expect((await admin.post('/api/admin/webhooks', { ...body, topics: [] })).status).toBe(400);
    expect((await admin.post('/api/admin/webhooks', { ...body, topics: ['order.*.close'] })).status).toBe(400);
    expect((await admin.post('/api/admin/webhooks', { ...body, topics: ['ORDER CLOSE'] })).status).toBe(400);
    const made = await admin.post('/api/admin/webhooks', { ...body, description: 'probe' });
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^whsec_/);
    const list = await admin.get('/api/admin/webhooks');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(made.body.secret);
    const off = await admin.request('DELETE', `/api/admin/webhooks/${made.body.id}`);
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await admin.get('/api/admin/webhooks/999999')).status).toBe(404);
  });
});

describe('webhook delivery', () => {
  it('backs off 1 s, 2 s, 4 s … up to 10 minutes', () => {
    expect([1, 2, 3, 4, 10, 11, 12, 100].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 512_000, 600_000, 600_000, 600_000]);
  });

  it('survives an hour of receiver failure and then delivers every row once, in order, signed', async () => {
    const all = await admin.post('/api/admin/webhooks', { url: `http://127.0.0.1:${rx.port}/all`, topics: ['order.*'] });
    const dispatchOnly = await admin.post('/api/admin/webhooks', { url: `http://127.0.0.1:${rx.port}/dispatch`, topics: ['order.dispatch'] });
    expect(all.status).toBe(201);
    const A = all.body.id as number;
    const B = dispatchOnly.body.id as number;
    const startCursor = (await hookRow(A)).cursor;

    // Events: three orders received, two dispatched.
    const dispatcher = await s.login('dispatcher');
    const orders = [];
    for (const t of ['一期1号楼停电', '一期1号楼又停电', '一期1号楼第三次停电']) orders.push(await fileOrder(dispatcher, t));
    for (const o of orders.slice(0, 2)) {
      const r = await dispatcher.post(`/api/work-orders/${o.id}/dispatch`, { version: o.version, leadUnitId: s.ids.units.get('power-datong') });
      expect(r.status).toBe(200);
    }

    // The receiver answers 500.
    rx.mode = 'fail';
    const t0 = s.clock.now();
    let run = await runWebhooks(s.ctx);
    expect(run).toMatchObject({ delivered: 0, failed: 2 });
    let dA = await deliveriesOf(A);
    expect(dA).toHaveLength(1);
    expect(dA[0]).toMatchObject({ attempt: 1, status_code: 500, delivered: 0, next_retry_at: t0 + 1000, topic: 'order.create' });
    expect(dA[0]!.error).toContain('HTTP 500');
    // B skipped the creates and waits on the first dispatch.
    const dB = await deliveriesOf(B);
    expect(dB).toHaveLength(1);
    expect(dB[0]!.topic).toBe('order.dispatch');
    // Not due yet: nothing is attempted.
    const hits = rx.hits;
    expect(await runWebhooks(s.ctx)).toMatchObject({ hooks: 0, delivered: 0, failed: 0 });
    expect(rx.hits).toBe(hits);

    // Another server holding the lease keeps this one out.
    expect(await acquireLease(s.ctx.db, LEASE_KIND, s.clock.now(), 60_000, 'other-server')).toBe(true);
    expect(await runWebhooks(s.ctx)).toBeNull();
    await releaseLease(s.ctx.db, LEASE_KIND, 'other-server');

    // An hour of failures: a few more 500s, then the receiver is gone (connection refused).
    let n = 0;
    while (s.clock.now() < t0 + 3600_000) {
      const next = Math.min((await hookRow(A)).next_attempt_at!, (await hookRow(B)).next_attempt_at!);
      s.clock.set(Math.max(next, s.clock.now()));
      if (++n === 4) await rx.stop();
      if (n === 6) await fileOrder(dispatcher, '停电期间的新工单'); // rows keep queueing while it is down
      run = await runWebhooks(s.ctx);
      expect(run!.delivered).toBe(0);
    }
    dA = await deliveriesOf(A);
    expect(dA.every((d) => d.delivered === 0 && d.topic === 'order.create')).toBe(true);
    expect(new Set(dA.map((d) => d.outbox_id)).size).toBe(1); // always the first row: in order
    expect(dA.map((d) => d.attempt)).toEqual(dA.map((_, i) => i + 1));
    const gaps = dA.slice(1).map((d, i) => d.attempted_at - dA[i]!.attempted_at);
    expect(gaps.slice(0, 10)).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000]);
    expect(gaps.slice(10).every((g) => g === BACKOFF_MAX_MS)).toBe(true);
    expect(dA.at(-1)!.attempted_at - t0).toBeGreaterThanOrEqual(3600_000 - BACKOFF_MAX_MS);
    expect(dA.some((d) => d.status_code === 500)).toBe(true);
    expect(dA.at(-1)).toMatchObject({ status_code: null, error: 'ECONNREFUSED' });
    const statusWhileDown = (await admin.get('/api/admin/webhooks')).body.find((h: any) => h.id === A);
    expect(statusWhileDown).toMatchObject({ lastStatus: null, lastError: 'ECONNREFUSED', failures: dA.length, lastSuccessAt: null });
    expect(statusWhileDown.behind).toBeGreaterThanOrEqual(6);

    // It recovers.
    rx.mode = 'ok';
    await rx.start();
    s.clock.set(Math.max((await hookRow(A)).next_attempt_at!, (await hookRow(B)).next_attempt_at!));
    run = await runWebhooks(s.ctx);
    expect(run).toMatchObject({ failed: 0, delivered: 6 + 2 });

    const outbox = await s.ctx.db.selectFrom('outbox').select(['id', 'topic', 'payload_json']).where('id', '>', startCursor).orderBy('id').execute();
    expect(outbox.map((o) => o.topic)).toEqual(['order.create', 'order.create', 'order.create', 'order.dispatch', 'order.dispatch', 'order.create']);
    const gotA = rx.accepted.filter((a) => a.path === '/all');
    expect(gotA.map((a) => a.delivery)).toEqual(outbox.map((o) => String(o.id))); // each once, in order
    for (const a of gotA) {
      expect(a.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifySignature(all.body.secret, a.body, a.signature)).toBe(true);
      expect(verifySignature(dispatchOnly.body.secret, a.body, a.signature)).toBe(false);
    }
    const first = JSON.parse(gotA[0]!.body);
    expect(first).toEqual({ id: String(outbox[0]!.id), topic: 'order.create', createdAt: new Date(t0).toISOString(), data: JSON.parse(outbox[0]!.payload_json) });
    expect(first.data.orderId).toBe(orders[0]!.id);
    const gotB = rx.accepted.filter((a) => a.path === '/dispatch');
    expect(gotB.map((a) => JSON.parse(a.body).topic)).toEqual(['order.dispatch', 'order.dispatch']);
    expect(gotB.every((a) => verifySignature(dispatchOnly.body.secret, a.body, a.signature))).toBe(true);

    // Nothing more goes out on the next runs.
    expect(await runWebhooks(s.ctx)).toMatchObject({ delivered: 0, failed: 0 });
    expect(rx.accepted.filter((a) => a.path === '/all')).toHaveLength(6);
    const view = (await admin.get(`/api/admin/webhooks/${A}`)).body;
    expect(view).toMatchObject({ lastStatus: 204, lastError: null, failures: 0, nextAttemptAt: null, behind: 0 });
    expect(view.recentDeliveries[0]).toMatchObject({ delivered: true, statusCode: 204 });
    expect(view.recentDeliveries.some((d: any) => d.error === 'ECONNREFUSED')).toBe(true);
  });

  it('does not pass a missing outbox id that may still commit, until it is clearly gone', async () => {
    const hook = await admin.post('/api/admin/webhooks', { url: `http://127.0.0.1:${rx.port}/gap`, topics: ['*'] });
    const m = Number((await s.ctx.db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
    const row = (id: number) => ({ id, topic: 'order.comment', order_id: null, event_id: null, payload_json: JSON.stringify({ n: id }), created_at: s.clock.now() });
    const got = () => rx.accepted.filter((a) => a.path === '/gap').map((a) => Number(a.delivery));

    // m+2 is committed while m+1 is still in flight: m+2 waits.
    await s.ctx.db.insertInto('outbox').values(row(m + 2)).execute();
    await runWebhooks(s.ctx);
    expect(got()).toEqual([]);
    // m+1 commits late: both go, in id order.
    await s.ctx.db.insertInto('outbox').values(row(m + 1)).execute();
    await runWebhooks(s.ctx);
    expect(got()).toEqual([m + 1, m + 2]);
    // m+3 never comes (rolled back): m+4 goes after the grace period.
    await s.ctx.db.insertInto('outbox').values(row(m + 4)).execute();
    await runWebhooks(s.ctx);
    expect(got()).toEqual([m + 1, m + 2]);
    s.clock.advance(GAP_GRACE_MS + 1);
    await runWebhooks(s.ctx);
    expect(got()).toEqual([m + 1, m + 2, m + 4]);
    expect((await hookRow(hook.body.id)).cursor).toBe(m + 4);
  });
});
