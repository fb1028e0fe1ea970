/**
 * The edge cases of the rates, walked through the real API: an approved extension moves the
 * deadline 按时办结率 measures; a closed order reopened by 回访核实 leaves the rated set and the
 * due set until its new clock runs out; with nothing rated the weighted score is null and the
 * unit is listed unranked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { signIn, Walker, type Cast, type Order } from '../test/walk';

/** Monday 2026-11-16 09:00 Shanghai; 7 working days later is Wednesday 25th 09:00. */
const T0 = Date.parse('2026-11-16T01:00:00Z');
/** Friday 27th 09:00: past the 7-working-day deadline of Monday's orders. */
const FRI = Date.parse('2026-11-27T01:00:00Z');
const PERIOD = new URLSearchParams({ groupBy: 'unit', from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' }).toString();

let s: TestServer;
let c: Cast;
let w: Walker;
let lanjun: number;

beforeAll(async () => {
  s = await startTestServer({ now: T0 });
  c = await signIn(s);
  w = new Walker(s, c);
  lanjun = w.unit('pc-lanjun');
  const h = c.otherHandler; // handler.txlj of 蓝郡物业
  const create = () => w.create({ by: c.otherResident, place: 'cp-tianxianglanjun-b3' });
  const signedAndContacted = async () => {
    const o = await w.act(c.dispatcher, await create(), 'dispatch', { leadUnitId: lanjun });
    return w.act(h, await w.act(h, o, 'accept'), 'contact', { method: 'phone' });
  };

  // X asks for time until 2 December and gets it; Y does not ask.
  let x: Order = await signedAndContacted();
  x = await w.act(h, x, 'request_extension', { until: '2026-12-02T09:00:00+08:00', reason: '需采购配件' });
  x = await w.act(c.supervisor, x, 'approve_extension', {});
  const y = await signedAndContacted();
  // Z is done on Monday, rated satisfied, then drawn for re-verification.
  let z = await w.act(c.supervisor, await w.act(h, await signedAndContacted(), 'reply', { text: '已清理' }), 'approve_reply');
  z = await w.act(c.otherResident, z, 'rate', { resolution: 'resolved', satisfaction: 'satisfied' });
  expect((await c.supervisor.post('/api/work-orders/verification-sample', { ids: [z.id] })).status).toBe(200);

  // Friday: X and Y reply (X within its extension, Y two days late); Z's problem is back.
  s.clock.set(FRI);
  await w.act(h, x, 'reply', { text: '配件已更换' });
  await w.act(h, y, 'reply', { text: '已处理' });
  await w.act(c.dispatcher, await w.get(z), 'reverify', { outcome: 'not_resolved', note: '楼道又脏了' });
}, 120_000);
afterAll(async () => s?.close());

describe('rates at the edges, through the API', () => {
  it('extension on time, late reply late, reopened order out of the due and rated sets; nothing rated → null', async () => {
    const res = await c.supervisor.get(`/api/evaluation/rates?${PERIOD}`);
    expect(res.status).toBe(200);
    const row = res.body.rows.find((r: { id: number }) => r.id === lanjun);
    expect(row.volume).toBe(3);
    expect(row.counts).toMatchObject({ resolutionDue: 2, resolutionOnTime: 1, rated: 0, reverified: 1, reverifiedHeld: 0, redone: 0 });
    expect(row.rates).toMatchObject({ onTime: 0.5, response: 1, signoff: 1, resolution: null, satisfaction: null, reverify: 0, redo: 0, return: 0 });
    expect(row.score).toBeNull();
    const z = await s.ctx.db.selectFrom('work_orders').select(['status', 'reopen_count', 'rating_satisfaction', 'resolution_due_at']).where('reopen_count', '=', 1).executeTakeFirstOrThrow();
    expect(z).toMatchObject({ status: 'handling', rating_satisfaction: null });
    expect(Number(z.resolution_due_at)).toBeGreaterThan(FRI);
  });

  it('lists a unit with nothing rated unranked (no score), however many orders it has', async () => {
    await c.admin.request('PUT', '/api/evaluation/schemes', {
      defaultScheme: 'w',
      schemes: [{ kind: 'weighted', id: 'w', name: 'w', weights: { response: 30, resolution: 35, satisfaction: 35 }, minVolume: 1, top: 1, bottom: 1 }],
    });
    const res = await c.supervisor.get('/api/evaluation/ranking?month=2026-11&groupBy=unit');
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([expect.objectContaining({ id: lanjun, ranked: false, rank: null, unrankedReason: 'no_score', list: null })]);
    expect(res.body.red).toEqual([]);
    expect(res.body.black).toEqual([]);
  });

  it('every endpoint answers 401 to strangers and 403 to roles without evaluation', async () => {
    const urls = [`/api/evaluation/rates?${PERIOD}`, '/api/evaluation/ranking?month=2026-11&groupBy=unit', `/api/evaluation/portrait?unitId=${lanjun}&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z`, '/api/evaluation/schemes'];
    for (const url of urls) {
      expect((await s.anonymous().get(url)).status, url).toBe(401);
      expect((await c.otherHandler.get(url)).status, url).toBe(403);
      expect((await c.dispatcher.get(url)).status, url).toBe(200);
    }
  });
});
