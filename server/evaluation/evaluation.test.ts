/**
 * Evaluation over HTTP on a real database: hand-made orders walked through the real API, then the
 * rates, ranking and portrait checked to the exact figure (formulas: common/evaluation.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMES } from '../../common/evaluation';
import { startTestServer, type TestServer } from '../test/harness';
import { signIn, tokenClient, Walker, type Cast, type Order } from '../test/walk';

const DAY = 24 * 3600_000;
/** Monday 2026-10-12 09:00 Shanghai: last month's orders. */
const OCT = Date.parse('2026-10-12T01:00:00Z');
/** Monday 2026-11-16 09:00 Shanghai: this month's orders. */
const T0 = Date.parse('2026-11-16T01:00:00Z');
/** Thursday 09:00: 1-working-day limits of Monday's orders have passed, 7-working-day ones have not. */
const T1 = T0 + 3 * DAY;
const FROM = '2026-11-01T00:00:00+08:00';
const TO = '2026-12-01T00:00:00+08:00';

let s: TestServer;
let c: Cast;
let w: Walker;
let huayu: number;
let baideng: number;

beforeAll(async () => {
  s = await startTestServer({ now: OCT });
  c = await signIn(s);
  w = new Walker(s, c);
  huayu = w.unit('pc-huayu');
  baideng = w.unit('pc-baideng');
  const { dispatcher, resident, handler } = c;
  const bdHandler = await tokenClient(s, 'handler.bdwy');

  /** An order of 白登佳园 (白登山街道) taken by the dispatcher and sent to 白登物业. */
  const baidengOrder = async () => {
    const o = await w.create({ by: dispatcher, place: 'cp-baidengjiayuan', title: '单元门禁损坏' });
    return w.act(dispatcher, o, 'dispatch', { leadUnitId: baideng });
  };
  /** Signed, optionally contacted, replied, approved: waiting for the rating. */
  const handled = async (by: typeof handler, o: Order, contact: boolean) => {
    let x = await w.act(by, o, 'accept');
    if (contact) x = await w.act(by, x, 'contact', { method: 'phone' });
    x = await w.act(by, x, 'reply', { text: '已处理' });
    return w.act(c.supervisor, x, 'approve_reply');
  };

  // ── October: 华宇 does everything right, 白登 contacts nobody and leaves the resident unsatisfied.
  const octHuayu = await handled(handler, await w.dispatch(await w.create()), true);
  await w.act(resident, octHuayu, 'rate', { resolution: 'resolved', satisfaction: 'satisfied' });
  const octBd = await handled(bdHandler, await baidengOrder(), false);
  const judging = await w.act(dispatcher, octBd, 'rate', { resolution: 'unresolved', satisfaction: 'unsatisfied' });
  await w.act(c.supervisor, judging, 'close');

  // ── November, Monday 09:00: six orders for 华宇 at 上华苑 2号楼, one for 白登.
  s.clock.set(T0);
  const A = await handled(handler, await w.dispatch(await w.create()), true);
  await w.act(resident, A, 'rate', { resolution: 'resolved', satisfaction: 'satisfied' });
  const B = await handled(handler, await w.dispatch(await w.create()), false);
  await w.act(resident, B, 'rate', { resolution: 'partly', satisfaction: 'basically' });
  const C = await handled(handler, await w.dispatch(await w.create()), true);
  const Cj = await w.act(resident, C, 'rate', { resolution: 'unresolved', satisfaction: 'unsatisfied' });
  await w.act(c.supervisor, Cj, 'redo', { note: '单位责任' }); // rating cleared, new 7wd clock from Monday
  const D = await w.dispatch(await w.create());
  await w.act(handler, D, 'request_return', { reason: 'wrong_place', note: '不归我司' }); // never signed
  const F = await handled(handler, await w.dispatch(await w.create()), false);
  const Fc = await w.act(resident, F, 'rate', { resolution: 'resolved', satisfaction: 'satisfied' });
  const sampled = await c.supervisor.post('/api/work-orders/verification-sample', { ids: [Fc.id] });
  expect(sampled.status).toBe(200);
  await w.act(dispatcher, await w.get(Fc), 'reverify', { outcome: 'confirmed' });
  const novBd = await handled(bdHandler, await baidengOrder(), true);
  await w.act(dispatcher, novBd, 'rate', { resolution: 'resolved', satisfaction: 'satisfied' });

  // ── Thursday 09:00: E arrives; nothing of it is due yet.
  s.clock.set(T1);
  await w.dispatch(await w.create());
}, 120_000);
afterAll(async () => s?.close());

const q = (o: Record<string, string>) => new URLSearchParams(o).toString();

describe('GET /api/evaluation/rates', () => {
  it('gives 华宇 its exact rates: due-only denominators, rated-only 解决率/满意率, redo, return and re-verification', async () => {
    const res = await c.supervisor.get(`/api/evaluation/rates?${q({ groupBy: 'unit', from: FROM, to: TO })}`);
    expect(res.status).toBe(200);
    const row = res.body.rows.find((r: { id: number }) => r.id === huayu);
    // A,B,C,D,F Monday + E Thursday.
    expect(row.volume).toBe(6);
    expect(row.peer).toBe('property_company');
    expect(row.counts).toMatchObject({ signoffDue: 5, signoffOnTime: 4, responseDue: 5, responseOnTime: 2, resolutionDue: 3, resolutionOnTime: 3, rated: 3, ratedResolved: 2, ratedSatisfied: 3 });
    expect(row.rates.signoff).toBe(0.8); // D never signed; E not yet due
    expect(row.rates.response).toBe(0.4); // A, C contacted; B, D, F past the limit without contact
    expect(row.rates.onTime).toBe(1); // A, B, F replied in time; C (redone) and D not due
    expect(row.rates.resolution).toBeCloseTo(2 / 3, 10); // A, F resolved; B partly; C's rating cleared by the redo
    expect(row.rates.satisfaction).toBe(1); // 满意 + 基本满意
    expect(row.rates.return).toBeCloseTo(1 / 6, 10);
    expect(row.rates.redo).toBeCloseTo(1 / 6, 10);
    expect(row.rates.reverify).toBe(1);
    expect(row.rates.per1000).toBeNull();
    // 30 × 40 + 35 × 66.67 + 35 × 100, over 100.
    expect(row.score).toBe(70.33);
    const bd = res.body.rows.find((r: { id: number }) => r.id === baideng);
    expect(bd).toMatchObject({ volume: 1, score: 100 });
    expect(bd.rates.reverify).toBeNull();
  });

  it('groups by compound, community and street with complaints per 1000 households', async () => {
    const compound = await c.supervisor.get(`/api/evaluation/rates?${q({ groupBy: 'compound', from: FROM, to: TO })}`);
    expect(compound.status).toBe(200);
    const shy = compound.body.rows.find((r: { name: string }) => r.name === '上华苑');
    expect(shy).toMatchObject({ volume: 6, households: 1380, peer: 'compound' });
    expect(shy.rates.per1000).toBeCloseTo(6000 / 1380, 10);
    expect(shy.rates.response).toBe(0.4);
    const community = await c.supervisor.get(`/api/evaluation/rates?${q({ groupBy: 'community', from: FROM, to: TO })}`);
    const hexin = community.body.rows.find((r: { name: string }) => r.name === '和信社区');
    expect(hexin.volume).toBe(6);
    expect(hexin.households).toBeGreaterThanOrEqual(1380); // rolled up from its compounds
    const street = await c.supervisor.get(`/api/evaluation/rates?${q({ groupBy: 'street', from: FROM, to: TO })}`);
    expect(street.body.rows.map((r: { name: string }) => r.name).sort()).toEqual(['清远街道', '白登山街道'].sort());
  });

  it('scores with another scheme, filters to a peer group, and refuses nonsense', async () => {
    const d = await c.dispatcher.get(`/api/evaluation/rates?${q({ groupBy: 'unit', from: FROM, to: TO, scheme: 'deductions', peer: 'property_company' })}`);
    expect(d.status).toBe(200);
    const row = d.body.rows.find((r: { id: number }) => r.id === huayu);
    // response 40% vs 95% → −55; resolution 66.67% vs 90% → −23.33; return 16.67% vs 5% → −11.67; redo 16.67% vs 5% at 2 → −23.33.
    expect(row.score).toBe(0);
    const none = await c.supervisor.get(`/api/evaluation/rates?${q({ groupBy: 'unit', from: FROM, to: TO, peer: 'street_office' })}`);
    expect(none.body.rows).toEqual([]);

    const bad: Record<string, string>[] = [
      { groupBy: 'team', from: FROM, to: TO },
      { groupBy: 'unit', from: TO, to: FROM },
      { groupBy: 'unit', from: 'yesterday', to: TO },
      { groupBy: 'unit', to: TO },
      { groupBy: 'compound', from: FROM, to: TO, peer: 'property_company' },
      { groupBy: 'unit', from: FROM, to: TO, extra: '1' },
    ];
    for (const b of bad) {
      const r = await c.supervisor.get(`/api/evaluation/rates?${q(b)}`);
      expect(r.status, JSON.stringify(b)).toBe(400);
      expect(r.body.error.code).toBe('validation');
    }
    const unknown = await c.supervisor.get(`/api/evaluation/rates?${q({ groupBy: 'unit', from: FROM, to: TO, scheme: 'nope' })}`);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.field).toBe('scheme');
  });

  it('scopes to the caller: a street supervisor sees only their street’s units and compounds', async () => {
    const units = await c.streetSupervisor.get(`/api/evaluation/rates?${q({ groupBy: 'unit', from: FROM, to: TO })}`);
    expect(units.status).toBe(200);
    expect(units.body.rows.map((r: { id: number }) => r.id)).toEqual([baideng]);
    const compounds = await c.streetSupervisor.get(`/api/evaluation/rates?${q({ groupBy: 'compound', from: FROM, to: TO })}`);
    expect(compounds.body.rows.map((r: { name: string }) => r.name)).toEqual(['白登佳园']);
  });

  it('401 without a session; 403 for handlers, residents and inspectors', async () => {
    const url = `/api/evaluation/rates?${q({ groupBy: 'unit', from: FROM, to: TO })}`;
    expect((await s.anonymous().get(url)).status).toBe(401);
    // The role check comes before validation: a stranger learns nothing from a bad query either.
    expect((await s.anonymous().get('/api/evaluation/rates?groupBy=x')).status).toBe(401);
    for (const who of [c.handler, c.resident, c.inspector]) {
      const r = await who.get(url);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
  });
});

describe('GET /api/evaluation/ranking', () => {
  it('lists 白登 (1 order) below the minimum volume of the default scheme; ranks 华宇', async () => {
    const res = await c.supervisor.get(`/api/evaluation/ranking?${q({ month: '2026-11', groupBy: 'unit' })}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ month: '2026-11', previousMonth: '2026-10', scheme: 'weighted', minVolume: 5 });
    const hy = res.body.rows.find((r: { id: number }) => r.id === huayu);
    expect(hy).toMatchObject({ rank: 1, ranked: true, score: 70.33, previousRank: null, change: null });
    const bd = res.body.rows.find((r: { id: number }) => r.id === baideng);
    expect(bd).toMatchObject({ rank: null, ranked: false, unrankedReason: 'min_volume', list: null });
  });

  it('with a stored scheme (min volume 1, 红榜 1, 黑榜 1): ranks, red/black lists and change from last month', async () => {
    const put = await c.admin.request('PUT', '/api/evaluation/schemes', {
      defaultScheme: 'monthly',
      schemes: [...DEFAULT_SCHEMES.schemes, { kind: 'weighted', id: 'monthly', name: '月度', weights: { response: 30, resolution: 35, satisfaction: 35 }, minVolume: 1, top: 1, bottom: 1, floor: null }],
    });
    expect(put.status).toBe(200);
    const audit = await s.ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', 'evaluation.schemes').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before_json).toBeNull();

    const res = await c.supervisor.get(`/api/evaluation/ranking?${q({ month: '2026-11', groupBy: 'unit' })}`);
    expect(res.status).toBe(200);
    expect(res.body.scheme).toBe('monthly');
    const by = Object.fromEntries(res.body.rows.map((r: { id: number }) => [r.id, r]));
    // November: 白登 100 (1st, up from 2nd), 华宇 70.33 (2nd, down from 1st: October it scored 100 and 白登 0).
    expect(by[baideng]).toMatchObject({ rank: 1, previousRank: 2, change: 1, list: 'red', previousScore: 0 });
    expect(by[huayu]).toMatchObject({ rank: 2, previousRank: 1, change: -1, list: 'black', previousScore: 100 });
    expect(res.body.red).toEqual([baideng]);
    expect(res.body.black).toEqual([huayu]);

    // October alone: 白登 contacted nobody and left the resident unsatisfied.
    const oct = await c.supervisor.get(`/api/evaluation/ranking?${q({ month: '2026-10', groupBy: 'unit' })}`);
    const octBy = Object.fromEntries(oct.body.rows.map((r: { id: number }) => [r.id, r]));
    expect(octBy[baideng]).toMatchObject({ rank: 2, score: 0, list: 'black' });
    expect(octBy[huayu]).toMatchObject({ rank: 1, score: 100, list: 'red' });

    // The floor black-lists any ranked row below it, top N or not (here: 响应率 under 50%, no bottom N).
    const floor = await c.admin.request('PUT', '/api/evaluation/schemes', {
      defaultScheme: 'weighted',
      schemes: [{ ...DEFAULT_SCHEMES.schemes[0], minVolume: 1, top: 2, bottom: 0, floor: { rate: 'response', min: 0.5 } }],
    });
    expect(floor.status).toBe(200);
    const f = await c.supervisor.get(`/api/evaluation/ranking?${q({ month: '2026-11', groupBy: 'unit' })}`);
    const fBy = Object.fromEntries(f.body.rows.map((r: { id: number }) => [r.id, r]));
    expect(fBy[huayu]).toMatchObject({ list: 'black', belowFloor: true });
    expect(fBy[baideng]).toMatchObject({ list: 'red', belowFloor: false });
    const back = await c.admin.request('PUT', '/api/evaluation/schemes', DEFAULT_SCHEMES);
    expect(back.status).toBe(200);
    expect((await c.supervisor.get('/api/evaluation/schemes')).body).toEqual(DEFAULT_SCHEMES);
  });

  it('refuses bad months and bad schemes; only admins store schemes', async () => {
    for (const month of ['2026-13', '2026-1', 'november', '']) {
      const r = await c.supervisor.get(`/api/evaluation/ranking?${q({ month, groupBy: 'unit' })}`);
      expect(r.status, month).toBe(400);
    }
    expect((await c.supervisor.get(`/api/evaluation/ranking?${q({ month: '2026-11' })}`)).status).toBe(400);
    expect((await c.supervisor.request('PUT', '/api/evaluation/schemes', DEFAULT_SCHEMES)).status).toBe(403);
    expect((await s.anonymous().request('PUT', '/api/evaluation/schemes', DEFAULT_SCHEMES)).status).toBe(401);
    const dup = await c.admin.request('PUT', '/api/evaluation/schemes', { defaultScheme: 'weighted', schemes: [DEFAULT_SCHEMES.schemes[0], DEFAULT_SCHEMES.schemes[0]] });
    expect(dup.status).toBe(400);
    expect(dup.body.error.field).toBe('schemes.1.id');
    const noDefault = await c.admin.request('PUT', '/api/evaluation/schemes', { defaultScheme: 'other', schemes: [DEFAULT_SCHEMES.schemes[0]] });
    expect(noDefault.status).toBe(400);
    expect(noDefault.body.error.field).toBe('defaultScheme');
    const badKind = await c.admin.request('PUT', '/api/evaluation/schemes', { defaultScheme: 'x', schemes: [{ kind: 'magic', id: 'x' }] });
    expect(badKind.status).toBe(400);
    const noWeight = await c.admin.request('PUT', '/api/evaluation/schemes', {
      defaultScheme: 'z',
      schemes: [{ kind: 'weighted', id: 'z', name: 'z', weights: { response: 0 }, minVolume: 1, top: 1, bottom: 1 }],
    });
    expect(noWeight.status).toBe(400);
    expect((await c.supervisor.get('/api/evaluation/schemes')).body).toEqual(DEFAULT_SCHEMES);
  });
});

describe('GET /api/evaluation/portrait', () => {
  it('draws 上华苑: volume, trend, shares, top problems, hot building, masked repeat caller, deadlines, rates, before/after', async () => {
    const placeId = s.ids.places.get('cp-shanghuayuan')!;
    const before = '2026-11-18T00:00:00+08:00';
    const res = await c.supervisor.get(`/api/evaluation/portrait?${q({ placeId: String(placeId), from: '2026-10-01T00:00:00+08:00', to: TO, before })}`);
    expect(res.status).toBe(200);
    const p = res.body;
    expect(p.target).toMatchObject({ kind: 'place', name: '上华苑', level: 'compound', households: 1380 });
    expect(p.volume).toBe(7);
    expect(p.trend).toEqual([
      { month: '2026-10', count: 1 },
      { month: '2026-11', count: 6 },
    ]);
    expect(p.byKind).toEqual([
      { kind: 'hardware', count: 0, share: 0, percent: 0 },
      { kind: 'service', count: 7, share: 1, percent: 100 },
      { kind: 'other', count: 0, share: 0, percent: 0 },
    ]);
    expect(p.byCategory).toMatchObject([{ name: '物业服务', count: 7, percent: 100 }]);
    expect(p.topProblems).toMatchObject([{ name: '保洁不到位', count: 7 }]);
    expect(p.hotBuildings).toMatchObject([{ name: '2号楼', count: 7 }]);
    const { phone } = await s.ctx.db.selectFrom('users').select('phone').where('username', '=', 'resident.shy').executeTakeFirstOrThrow();
    expect(phone).toMatch(/^\d{11}$/);
    expect(p.repeatCallers).toEqual([{ phone: `${phone!.slice(0, 3)}****${phone!.slice(-4)}`, count: 7, lastAt: new Date(T1).toISOString() }]);
    expect(JSON.stringify(p)).not.toContain(phone);
    expect(p.deadlines).toMatchObject({ signoff: 5 / 6, response: 3 / 6, onTime: 1 });
    expect(p.rates.per1000).toBeCloseTo(7000 / 1380, 10);
    expect(p.beforeAfter.before).toMatchObject({ count: 6, hardwareShare: 0 });
    expect(p.beforeAfter.after).toMatchObject({ count: 1, days: 13 });
  });

  it('draws a unit, and shows nothing of places outside the caller’s scope', async () => {
    const res = await c.supervisor.get(`/api/evaluation/portrait?${q({ unitId: String(baideng), from: FROM, to: TO })}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ volume: 1, target: { kind: 'unit', level: null } });
    expect(res.body.repeatCallers).toEqual([]);
    const placeId = s.ids.places.get('cp-shanghuayuan')!;
    const other = await c.streetSupervisor.get(`/api/evaluation/portrait?${q({ placeId: String(placeId), from: FROM, to: TO })}`);
    expect(other.status).toBe(200);
    expect(other.body.volume).toBe(0);
    expect(other.body.trend).toEqual([]);
    expect(other.body.rates.satisfaction).toBeNull();
  });

  it('400 for neither or both targets, a bad period or a before outside it; 404 for an unknown place', async () => {
    const placeId = String(s.ids.places.get('cp-shanghuayuan')!);
    const bad: Record<string, string>[] = [
      { from: FROM, to: TO },
      { placeId, unitId: String(huayu), from: FROM, to: TO },
      { placeId, from: TO, to: FROM },
      { placeId, from: FROM, to: TO, before: '2026-12-05T00:00:00+08:00' },
      { placeId: '1.5', from: FROM, to: TO },
      { placeId: '0', from: FROM, to: TO },
    ];
    for (const b of bad) {
      const r = await c.supervisor.get(`/api/evaluation/portrait?${q(b)}`);
      expect(r.status, JSON.stringify(b)).toBe(400);
    }
    const missing = await c.supervisor.get(`/api/evaluation/portrait?${q({ placeId: '999999', from: FROM, to: TO })}`);
    expect(missing.status).toBe(404);
    expect((await c.handler.get(`/api/evaluation/portrait?${q({ placeId, from: FROM, to: TO })}`)).status).toBe(403);
  });
});
