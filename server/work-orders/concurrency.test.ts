/**
 * Optimistic concurrency and idempotent creation over real HTTP: racing requests against one
 * order version, stale versions, and the Idempotency-Key of POST /api/work-orders.
 */
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

const count = async (id: number, action: string) => (await w.events(id)).filter((e) => e.action === action).length;

describe('two requests against one version', () => {
  it('two concurrent accepts: exactly one 200 and one 409 version_conflict, one accept event', async () => {
    const orders = await Promise.all([1, 2, 3, 4].map(() => w.to('dispatched')));
    for (const o of orders) {
      const [a, b] = await Promise.all([w.try(c.handler, o, 'accept'), w.try(c.handler, o, 'accept')]);
      const statuses = [a.status, b.status].sort();
      expect(statuses, JSON.stringify([a.body, b.body])).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect([loser.body.error.code, loser.body.error.field]).toEqual(['version_conflict', 'version']);
      expect(await count(o.id, 'accept')).toBe(1);
      const row = await w.row(o.id);
      expect([row.status, row.version]).toEqual(['handling', o.version + 1]);
    }
  });

  it('two concurrent dispatches to different units: one wins whole, the other changes nothing', async () => {
    const orders = await Promise.all([1, 2, 3].map(() => w.to('received')));
    for (const o of orders) {
      const [a, b] = await Promise.all([
        w.try(c.dispatcher, o, 'dispatch', { leadUnitId: w.unit('pc-huayu'), coUnitIds: [w.unit('cc-hexin')] }),
        w.try(c.supervisor, o, 'dispatch', { leadUnitId: w.unit('cc-hexin'), coUnitIds: [w.unit('pc-huayu')] }),
      ]);
      expect([a.status, b.status].sort(), JSON.stringify([a.body, b.body])).toEqual([200, 409]);
      const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
      expect(loser.body.error.code).toBe('version_conflict');
      expect(await count(o.id, 'dispatch')).toBe(1);
      const units = await s.ctx.db.selectFrom('order_units').select(['unit_id', 'role']).where('order_id', '=', o.id).orderBy('role', 'desc').execute();
      expect(units).toEqual([
        { unit_id: winner.body.leadUnit.id, role: 'lead' },
        { unit_id: winner.body.coUnits[0].id, role: 'co' },
      ]);
    }
  });

  it('different actions racing on one version: one applies, the other is a version conflict', async () => {
    const o = await w.to('handling');
    const [urge, reply] = await Promise.all([w.try(c.dispatcher, o, 'urge'), w.try(c.handler, o, 'reply', { text: '已处理' })]);
    expect([urge.status, reply.status].sort()).toEqual([200, 409]);
    expect((await w.events(o.id)).length).toBe(4); // create, dispatch, accept + the winner
  });

  it('two orders merged into each other at once: one merge applies, never a cycle', async () => {
    for (let i = 0; i < 3; i++) {
      const [a, b] = await Promise.all([w.to('handling'), w.to('dispatched')]);
      const [ab, ba] = await Promise.all([
        w.try(c.dispatcher, a, 'merge', { targetId: b.id }),
        w.try(c.supervisor, b, 'merge', { targetId: a.id }),
      ]);
      const answers = [ab, ba].map((r) => [r.status, r.body.error?.code ?? null]);
      expect(answers.filter(([st]) => st === 200).length, JSON.stringify(answers)).toBe(1);
      const refused = answers.find(([st]) => st !== 200)!;
      expect([[409, 'version_conflict'], [422, 'rule_violation']]).toContainEqual(refused);
      const rows = await Promise.all([w.row(a.id), w.row(b.id)]);
      expect(rows.filter((r) => r.status === 'merged').length).toBe(1);
      const merged = rows.find((r) => r.status === 'merged')!;
      const open = rows.find((r) => r.status !== 'merged')!;
      expect(merged.merged_into_id).toBe(open.id);
      expect(open.merged_into_id).toBeNull();
      // the refused side left nothing behind: one merge event, on the merged order, and one merged_in
      expect([await count(merged.id, 'merge'), await count(open.id, 'merge')]).toEqual([1, 0]);
      expect([await count(open.id, 'merged_in'), await count(merged.id, 'merged_in')]).toEqual([1, 0]);
    }
  });

  it('a stale version is refused with 409 and changes nothing', async () => {
    const o = await w.to('handling');
    const urged = await w.act(c.dispatcher, o, 'urge');
    const res = await w.try(c.handler, o, 'reply', { text: '已处理' }); // made against the version before the urge
    expect([res.status, res.body.error.code, res.body.error.field]).toEqual([409, 'version_conflict', 'version']);
    const ahead = await w.try(c.handler, { ...urged, version: urged.version + 5 }, 'reply', { text: '已处理' });
    expect([ahead.status, ahead.body.error.code]).toEqual([409, 'version_conflict']);
    const row = await w.row(o.id);
    expect([row.status, row.version, row.replied_at]).toEqual(['handling', urged.version, null]);
    expect(await count(o.id, 'reply')).toBe(0);
    expect((await w.try(c.handler, urged, 'reply', { text: '已处理' })).status).toBe(200);
  });
});

describe('idempotent create (Idempotency-Key)', () => {
  const body = (title: string) => ({
    title,
    description: '单元门禁坏了，刷卡没反应',
    categoryId: s.ids.categories.get('property-security'),
    placeId: s.ids.places.get('cp-shanghuayuan-b2'),
  });
  const ordersTitled = async (title: string) => s.ctx.db.selectFrom('work_orders').select('id').where('title', '=', title).execute();

  it('the same key twice gives one order; the second answer is 200 with the same id', async () => {
    const first = await c.resident.post('/api/work-orders', body('门禁故障-顺序'), { 'Idempotency-Key': 'k-seq-1' });
    const second = await c.resident.post('/api/work-orders', body('门禁故障-顺序'), { 'Idempotency-Key': 'k-seq-1' });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.number).toBe(first.body.number);
    expect(await ordersTitled('门禁故障-顺序')).toEqual([{ id: first.body.id }]);
    expect(await count(first.body.id, 'create')).toBe(1);
  });

  it('the same key concurrently gives one order, one 201 and 200s with the same id', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => c.dispatcher.post('/api/work-orders', body('门禁故障-并发'), { 'Idempotency-Key': 'k-par-1' })));
    expect(answers.map((a) => a.status).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([200, 200, 200, 201]);
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(await ordersTitled('门禁故障-并发')).toEqual([{ id: [...ids][0] }]);
  });

  it('the same key with a different body is 422; the same body with its keys in another order is the same request', async () => {
    const first = await c.resident.post('/api/work-orders', body('门禁故障-改'), { 'Idempotency-Key': 'k-diff' });
    expect(first.status).toBe(201);
    const other = await c.resident.post('/api/work-orders', body('门禁故障-改了标题'), { 'Idempotency-Key': 'k-diff' });
    expect([other.status, other.body.error.code, other.body.error.field]).toEqual([422, 'idempotency_mismatch', 'Idempotency-Key']);
    const { title, ...rest } = body('门禁故障-改');
    const reordered = await c.resident.post('/api/work-orders', { ...rest, title }, { 'Idempotency-Key': 'k-diff' });
    expect([reordered.status, reordered.body.id]).toEqual([200, first.body.id]);
    expect(await ordersTitled('门禁故障-改了标题')).toEqual([]);
  });

  it('different users may use the same key', async () => {
    const mine = await c.resident.post('/api/work-orders', body('门禁故障-同键'), { 'Idempotency-Key': 'shared-key' });
    const theirs = await c.otherResident.post('/api/work-orders', body('门禁故障-同键'), { 'Idempotency-Key': 'shared-key' });
    const staff = await c.dispatcher.post('/api/work-orders', body('门禁故障-同键'), { 'Idempotency-Key': 'shared-key' });
    expect([mine.status, theirs.status, staff.status]).toEqual([201, 201, 201]);
    expect(new Set([mine.body.id, theirs.body.id, staff.body.id]).size).toBe(3);
    expect((await c.resident.get(`/api/work-orders/${theirs.body.id}`)).status).toBe(404);
  });

  it('a key is kept 24 hours; after that it makes a new order', async () => {
    const t0 = s.clock.now();
    const first = await c.resident.post('/api/work-orders', body('门禁故障-过期'), { 'Idempotency-Key': 'k-ttl' });
    s.clock.set(t0 + 24 * 3600_000);
    const within = await c.resident.post('/api/work-orders', body('门禁故障-过期'), { 'Idempotency-Key': 'k-ttl' });
    expect([within.status, within.body.id]).toEqual([200, first.body.id]);
    s.clock.set(t0 + 24 * 3600_000 + 1);
    const after = await c.resident.post('/api/work-orders', body('门禁故障-过期'), { 'Idempotency-Key': 'k-ttl' });
    expect(after.status).toBe(201);
    expect(after.body.id).not.toBe(first.body.id);
    s.clock.set(t0);
  });

  it('no key: every request is a new order; a bad key is 400', async () => {
    const a = await c.resident.post('/api/work-orders', body('门禁故障-无键'));
    const b = await c.resident.post('/api/work-orders', body('门禁故障-无键'));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await ordersTitled('门禁故障-无键')).length).toBe(2);
    const long = await c.resident.post('/api/work-orders', body('门禁故障-长键'), { 'Idempotency-Key': 'x'.repeat(129) });
    expect([long.status, long.body.error.code]).toEqual([400, 'validation']);
    expect(await ordersTitled('门禁故障-长键')).toEqual([]);
  });

  it('a failed create does not keep the key', async () => {
    const bad = { ...body('门禁故障-失败'), placeId: 999999 };
    const failed = await c.resident.post('/api/work-orders', bad, { 'Idempotency-Key': 'k-fail' });
    expect([failed.status, failed.body.error.code]).toEqual([422, 'unknown_reference']);
    const ok = await c.resident.post('/api/work-orders', body('门禁故障-失败'), { 'Idempotency-Key': 'k-fail' });
    expect(ok.status).toBe(201);
  });
});
