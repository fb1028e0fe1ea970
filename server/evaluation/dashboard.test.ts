/**
 * Dashboards over HTTP on a real database: the grouped counts equal the order list's totals for
 * each role's scope; the overview's rates (from rollups) equal the rates endpoint's scan of the
 * orders; scoping answers 403/404; bad periods answer 400; publishing a black list makes the
 * next month's 回头看 plan and credit records; the credit score follows its records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../common/calendar';
import { ratesFromCounts } from '../../common/evaluation';
import { loadActor } from '../auth/actor';
import { findPortraitTarget, groupCounts, portraitData, type GroupBy } from './queries';
import { generateOrders } from '../demo/demo-year';
import { runSweep } from '../jobs/sweep';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { signIn, Walker, type Cast } from '../test/walk';

const DAY = 24 * 3600_000;
let s: TestServer;
let c: Cast;
let w: Walker;

beforeAll(async () => {
  s = await startTestServer();
  c = await signIn(s);
  w = new Walker(s, c);
  await generateOrders(s.ctx.db, s.ctx.engine, await s.ctx.calendar.get(), s.clock.now(), { count: 500, days: 90, seed: 5 });
  for (const st of ['received', 'dispatched', 'handling', 'replied', 'callback', 'closed', 'return_requested'] as const) await w.to(st);
  s.clock.set(s.clock.now() + 9 * DAY);
  await runSweep(s.ctx);
  await w.to('handling');
}, 180_000);
afterAll(async () => s?.close());

async function listTotal(by: Client, query: string): Promise<number> {
  const res = await by.get(`/api/work-orders?pageSize=1&${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.total;
}

describe('GET /api/dashboard/counts', () => {
  for (const who of ['dispatcher', 'streetSupervisor', 'handler', 'coHandler', 'resident'] as const) {
    it(`equals the order list's totals for ${who}`, async () => {
      const by = c[who];
      const res = await by.get('/api/dashboard/counts');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const body = res.body;
      for (const { status, count } of body.byStatus) expect(count, status).toBe(await listTotal(by, `status=${status}`));
      expect(body.overdue).toBe(await listTotal(by, 'overdue=true&status=dispatched,handling,return_requested'));
      expect(body.supervised).toBe(await listTotal(by, 'supervised=true&status=dispatched,handling,return_requested,replied'));
      expect(body.awaitingCallback).toBe(await listTotal(by, 'status=callback'));
      expect(body.total).toBe(await listTotal(by, ''));
    });
  }

  it('counts due today from the running clocks', async () => {
    const today = shanghaiDate(s.clock.now());
    const rows = await s.ctx.db
      .selectFrom('work_orders')
      .select(['resolution_due_at'])
      .where('status', 'in', ['dispatched', 'handling', 'return_requested'])
      .where('overdue', '=', 0)
      .execute();
    const want = rows.filter((r) => r.resolution_due_at !== null && shanghaiDate(r.resolution_due_at) === today).length;
    expect((await c.dispatcher.get('/api/dashboard/counts')).body.dueToday).toBe(want);
  });

  it('needs a session', async () => {
    expect((await s.anonymous().get('/api/dashboard/counts')).status).toBe(401);
  });
});

describe('GET /api/dashboard/overview', () => {
  it('gives the same rates per street as a scan of the orders, and the rates endpoint the same from rollups', async () => {
    const today = shanghaiDate(s.clock.now());
    const from = shanghaiDate(s.clock.now() - 59 * DAY);
    const res = await c.supervisor.get(`/api/dashboard/overview?from=${from}&to=${today}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const o = res.body;
    expect(o.scope.kind).toBe('district');
    expect(o.series.length).toBe(60);
    expect(o.series.reduce((a: number, p: { volume: number }) => a + p.volume, 0)).toBe(o.totals.volume);
    expect(o.totals.volume).toBeGreaterThan(100);
    // The scan of the orders (queries.ts), not the rates endpoint, which reads the same rollups for a district reader.
    const actor = (await loadActor(s.ctx, w.user('supervisor')))!;
    const period = { from: Date.parse(`${from}T00:00:00+08:00`), to: Date.parse(`${today}T00:00:00+08:00`) + DAY };
    const scanned = await groupCounts(s.ctx.db, actor, period, 'street', s.clock.now());
    const byId = new Map(scanned.map((g) => [g.id, g]));
    let compared = 0;
    for (const child of o.children) {
      const scan = byId.get(child.id);
      if (!scan) {
        expect(child.volume).toBe(0);
        continue;
      }
      expect(child.volume).toBe(scan.counts.volume);
      const rates = ratesFromCounts(scan.counts, child.households) as Record<string, number | null>;
      for (const k of Object.keys(rates)) {
        if (rates[k] === null) expect(child.rates[k], `${child.name} ${k}`).toBeNull();
        else expect(child.rates[k], `${child.name} ${k}`).toBeCloseTo(rates[k]!, 10);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(1);
    const toIso = new Date(period.to).toISOString();
    const viaRates = await c.supervisor.get(
      `/api/evaluation/rates?groupBy=street&from=${from}T00:00:00%2B08:00&to=${encodeURIComponent(toIso)}`,
    );
    expect(viaRates.status, JSON.stringify(viaRates.body)).toBe(200);
    for (const row of viaRates.body.rows) expect(row.counts).toEqual(byId.get(row.id)!.counts);
    expect(viaRates.body.rows.length).toBe(scanned.length);
    expect(o.topCategories.length).toBeGreaterThan(0);
    expect(o.byKind.map((k: { kind: string }) => k.kind)).toEqual(['hardware', 'service', 'other']);
    expect(o.units.length).toBeGreaterThan(0);
  });

  it('gives the district its own totals (overview, big screen\'s month): its streets\' sums while they hold every order, its own cells once one has no street', async () => {
    const today = shanghaiDate(s.clock.now());
    const from = shanghaiDate(s.clock.now() - 29 * DAY);
    const dayStart = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
    const period = { from: dayStart(from), to: dayStart(today) + DAY };
    const month = { from: dayStart(`${today.slice(0, 7)}-01`), to: dayStart(today) + DAY };
    const actor = (await loadActor(s.ctx, w.user('supervisor')))!;
    const district = (await s.ctx.db.selectFrom('places').select('id').where('level', '=', 'district').executeTakeFirstOrThrow()).id;
    const target = (await findPortraitTarget(s.ctx.db, district, undefined))!;
    const households = target.kind === 'place' ? target.households : null;
    /** The figures equal a scan of the district's orders over the period. */
    const sameAsScan = async (got: { volume: number; rates: Record<string, number | null> }, p: typeof period) => {
      const scan = await portraitData(s.ctx.db, s.ctx.engine, actor, target, p, s.clock.now(), null);
      expect(got.volume).toBe(scan.counts.volume);
      const rates = ratesFromCounts(scan.counts, households) as Record<string, number | null>;
      for (const k of Object.keys(rates)) {
        if (rates[k] === null) expect(got.rates[k], k).toBeNull();
        else expect(got.rates[k], k).toBeCloseTo(rates[k]!, 10);
      }
    };
    /** The overview's and the big screen's district totals equal scans; returns the volume its streets hold. */
    const compare = async () => {
      const o = (await c.supervisor.get(`/api/dashboard/overview?from=${from}&to=${today}`)).body;
      await sameAsScan(o.totals, period);
      await sameAsScan((await c.dispatcher.get('/api/dashboard/screen')).body.month, month);
      return { volume: o.totals.volume as number, streets: o.children.reduce((n: number, r: { volume: number }) => n + r.volume, 0) as number };
    };
    const before = await compare();
    expect(before.streets).toBe(before.volume);
    // An order placed on the district itself: no street holds it, so the district reads its own cells.
    const order = await c.dispatcher.post('/api/work-orders', {
      title: '区级来电',
      description: '无法定位到街道',
      categoryId: s.ids.categories.get('property-cleaning'),
      placeId: district,
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const after = await compare();
    expect(after).toEqual({ volume: before.volume + 1, streets: before.streets });
  });

  it('draws a street for its supervisor and refuses other places and roles', async () => {
    const me = await c.streetSupervisor.get('/api/dashboard/overview');
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.scope.level).toBe('street');
    expect(me.body.children.every((r: { level: string }) => r.level === 'community')).toBe(true);
    const other = await s.ctx.db
      .selectFrom('places')
      .select('id')
      .where('level', '=', 'street')
      .where('id', '!=', me.body.scope.id)
      .executeTakeFirstOrThrow();
    expect((await c.streetSupervisor.get(`/api/dashboard/overview?placeId=${other.id}`)).status).toBe(404);
    expect((await c.handler.get('/api/dashboard/overview')).status).toBe(403);
    expect((await c.supervisor.get('/api/dashboard/overview?from=2026-02-30')).status).toBe(400);
    expect((await c.supervisor.get('/api/dashboard/overview?from=2026-05-02&to=2026-05-01')).status).toBe(400);
    expect((await c.supervisor.get('/api/dashboard/overview?from=2020-01-01&to=2026-05-01')).status).toBe(400);
    expect((await c.supervisor.get('/api/dashboard/overview?placeId=999999')).status).toBe(404);
  });

  it('a unit view for the unit’s handler, not for another unit’s', async () => {
    const mine = await c.handler.get('/api/dashboard/unit');
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.scope.kind).toBe('unit');
    expect(mine.body.open).toBeGreaterThan(0);
    expect((await c.handler.get(`/api/dashboard/unit?unitId=${w.unit('pc-lanjun')}`)).status).toBe(404);
    expect((await c.supervisor.get(`/api/dashboard/unit?unitId=${w.unit('pc-lanjun')}`)).status).toBe(200);
  });

  it('a unit view’s top compounds are its lead orders per compound (rollup_unit_compound), as a scan of the orders says', async () => {
    const mine = await c.handler.get('/api/dashboard/unit?top=50');
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const unitId = mine.body.scope.id;
    const from = Date.parse(`${mine.body.from}T00:00:00+08:00`);
    const to = Date.parse(`${mine.body.to}T00:00:00+08:00`) + DAY;
    const rows = await s.ctx.db
      .selectFrom('work_orders')
      .select(['compound_id', (eb) => eb.fn.countAll().as('n')])
      .where('lead_unit_id', '=', unitId)
      .where('status', 'not in', ['cancelled', 'merged'])
      .where('compound_id', 'is not', null)
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .groupBy('compound_id')
      .execute();
    const want = new Map(rows.map((r) => [Number(r.compound_id), Number(r.n)]));
    expect(want.size).toBeGreaterThan(0);
    const got = mine.body.topCompounds as { id: number; name: string; count: number; share: number }[];
    expect(new Map(got.map((x) => [x.id, x.count]))).toEqual(want);
    for (let i = 1; i < got.length; i++) expect(got[i]!.count).toBeLessThanOrEqual(got[i - 1]!.count);
    for (const x of got) {
      expect(x.name).not.toBe(String(x.id));
      expect(x.share).toBeCloseTo(x.count / mine.body.totals.volume, 10);
    }
    const top2 = await c.handler.get('/api/dashboard/unit?top=2');
    expect(top2.body.topCompounds).toEqual(got.slice(0, 2));
  });

  it('keeps an answer at most one 5-second slot of the clock, and drops it at the next write', async () => {
    const first = await c.supervisor.get('/api/dashboard/overview');
    expect((await c.supervisor.get('/api/dashboard/overview')).body).toEqual(first.body);
    const screen = (await c.dispatcher.get('/api/dashboard/screen')).body;
    const unit = (await c.handler.get('/api/dashboard/unit')).body;
    // A new order of the handler's unit: every kept answer it changes is recomputed at once.
    await w.dispatch(await w.create());
    const after = (await c.supervisor.get('/api/dashboard/overview')).body;
    expect(after.totals.volume).toBe(first.body.totals.volume + 1);
    expect((await c.dispatcher.get('/api/dashboard/screen')).body.today.received).toBe(screen.today.received + 1);
    expect((await c.handler.get('/api/dashboard/unit')).body.totals.volume).toBe(unit.totals.volume + 1);
    // Without writes, the next slot of the clock computes afresh (the screen says when).
    const kept = (await c.dispatcher.get('/api/dashboard/screen')).body;
    s.clock.set(s.clock.now() + 5_000);
    const fresh = (await c.dispatcher.get('/api/dashboard/screen')).body;
    expect(Date.parse(fresh.asOf) - Date.parse(kept.asOf)).toBeGreaterThanOrEqual(5_000);
  });

  it('the big screen', async () => {
    const res = await c.dispatcher.get('/api/dashboard/screen');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.last30.length).toBe(30);
    expect(res.body.last12.length).toBe(12);
    // The series equal a count of the orders by the Shanghai day and month they came in.
    const orders = await s.ctx.db.selectFrom('work_orders').select(['received_at', 'closed_at']).execute();
    const byDay = new Map<string, number>();
    const byMonth = new Map<string, number>();
    for (const o of orders) {
      const d = shanghaiDate(Number(o.received_at));
      byDay.set(d, (byDay.get(d) ?? 0) + 1);
      byMonth.set(d.slice(0, 7), (byMonth.get(d.slice(0, 7)) ?? 0) + 1);
    }
    for (const p of res.body.last30) expect([p.period, p.volume]).toEqual([p.period, byDay.get(p.period) ?? 0]);
    for (const p of res.body.last12) expect([p.period, p.volume]).toEqual([p.period, byMonth.get(p.period) ?? 0]);
    expect(res.body.last12.at(-1).period).toBe(shanghaiDate(s.clock.now()).slice(0, 7));
    // This month's and last month's volumes and rates equal a scan of the district's orders.
    const actor = (await loadActor(s.ctx, w.user('dispatcher')))!;
    const district = (await s.ctx.db.selectFrom('places').select('id').where('level', '=', 'district').executeTakeFirstOrThrow()).id;
    const target = (await findPortraitTarget(s.ctx.db, district, undefined))!;
    const midnight = (day: string) => Date.parse(`${day}T00:00:00+08:00`);
    const today = shanghaiDate(s.clock.now());
    const thisMonth = { from: midnight(`${today.slice(0, 7)}-01`), to: midnight(today) + DAY };
    const lastMonth = { from: midnight(`${res.body.lastMonth.month}-01`), to: thisMonth.from };
    for (const [name, period] of [
      ['month', thisMonth],
      ['lastMonth', lastMonth],
    ] as const) {
      const scan = await portraitData(s.ctx.db, s.ctx.engine, actor, target, period, s.clock.now(), null);
      expect(res.body[name].volume, name).toBe(scan.counts.volume);
      const rates = ratesFromCounts(scan.counts, target.kind === 'place' ? target.households : null) as Record<string, number | null>;
      for (const k of Object.keys(rates)) {
        if (rates[k] === null) expect(res.body[name].rates[k], `${name} ${k}`).toBeNull();
        else expect(res.body[name].rates[k], `${name} ${k}`).toBeCloseTo(rates[k]!, 10);
      }
    }
    expect(lastMonth.to - lastMonth.from).toBeGreaterThan(27 * DAY);
    expect(res.body.today.received).toBe(byDay.get(today) ?? 0);
    expect(res.body.latest.length).toBe(10);
    expect(res.body.refreshSeconds).toBeGreaterThan(0);
    expect(JSON.stringify(res.body.latest)).not.toMatch(/1[3-9]\d{9}/);
  });
});

describe('the portrait and place rates from rollups', () => {
  it('equal a scan of the orders for a district and a street reader, inside, above and outside their street', async () => {
    const now = s.clock.now();
    const day = (ago: number) => `${shanghaiDate(now - ago * DAY)}T00:00:00+08:00`;
    const period = { from: Date.parse(day(59)), to: Date.parse(day(0)) + DAY };
    const q = { from: day(59), to: new Date(period.to).toISOString(), before: day(20) };
    const street = (
      await s.ctx.db.selectFrom('users').select('place_id').where('username', '=', 'supervisor.bds').executeTakeFirstOrThrow()
    ).place_id!;
    const places = await s.ctx.db
      .selectFrom('places')
      .select(['id', 'level', 'path'])
      .where('level', 'in', ['district', 'street', 'compound'])
      .orderBy('id')
      .execute();
    const inside = places.find((p) => p.level === 'compound' && p.path.includes(`/${street}/`))!;
    const outside = places.find((p) => p.level === 'compound' && !p.path.includes(`/${street}/`))!;
    const targets = [
      { placeId: places.find((p) => p.level === 'district')!.id },
      { placeId: street },
      { placeId: inside.id },
      { placeId: outside.id },
      { unitId: w.unit('pc-huayu') },
    ];
    let nonEmpty = 0;
    const username = { supervisor: 'supervisor', streetSupervisor: 'supervisor.bds' } as const;
    for (const who of ['supervisor', 'streetSupervisor'] as const) {
      const actor = (await loadActor(s.ctx, w.user(username[who])))!;
      for (const t of targets) {
        const res = await c[who].get(
          `/api/evaluation/portrait?${new URLSearchParams({ ...q, ...Object.fromEntries(Object.entries(t).map(([k, v]) => [k, String(v)])) })}`,
        );
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const target = (await findPortraitTarget(s.ctx.db, t.placeId, t.unitId))!;
        const scan = await portraitData(s.ctx.db, s.ctx.engine, actor, target, period, now, Date.parse(q.before));
        const p = res.body;
        const what = `${who} ${JSON.stringify(t)}`;
        expect(p.counts, what).toEqual(scan.counts);
        expect(p.trend, what).toEqual(scan.trend);
        for (const k of p.byKind) expect(k.count, what).toBe(scan.kinds.find((x) => x.kind === k.kind)?.count ?? 0);
        expect(
          p.topProblems.map((x: { id: number; count: number }) => [x.id, x.count]),
          what,
        ).toEqual(scan.topCategories.map((x) => [x.id, x.count]));
        expect(
          p.byCategory.map((x: { id: number; count: number }) => [x.id, x.count]),
          what,
        ).toEqual(scan.categoryGroups.map((x) => [x.id, x.count]));
        expect(
          p.hotBuildings.map((x: { id: number; count: number }) => [x.id, x.count]),
          what,
        ).toEqual(scan.buildings.map((x) => [x.id, x.count]));
        expect(p.deadlines.overdue, what).toBe(scan.overdue);
        expect([p.beforeAfter.before.count, p.beforeAfter.after.count], what).toEqual([scan.split!.before, scan.split!.after]);
        if (p.volume > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(6);

    // The street's reader grouping places: their street, its communities and compounds, from rollups as from the scan.
    const actor = (await loadActor(s.ctx, w.user('supervisor.bds')))!;
    for (const groupBy of ['street', 'community', 'compound'] as GroupBy[]) {
      const res = await c.streetSupervisor.get(
        `/api/evaluation/rates?groupBy=${groupBy}&from=${encodeURIComponent(q.from)}&to=${encodeURIComponent(q.to)}`,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const scan = await groupCounts(s.ctx.db, actor, period, groupBy, now);
      const byId = (rows: { id: number; counts: unknown }[]) => Object.fromEntries(rows.map((r) => [r.id, r.counts]));
      expect(byId(res.body.rows), groupBy).toEqual(byId(scan));
      expect(res.body.rows.length, groupBy).toBeGreaterThan(0);
    }
  });
});

describe('publishing the black list and property credit', () => {
  it('creates next month’s 回头看 plan for the black-listed compounds, credit records, once', async () => {
    const month = shanghaiDate(s.clock.now() - 30 * DAY).slice(0, 7);
    const res = await c.admin.post('/api/evaluation/ranking/publish', { month, groupBy: 'compound' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const p = res.body;
    expect(p.black.length).toBeGreaterThan(0);
    expect(p.lookBackCompounds.sort()).toEqual(p.black.map((b: { id: number }) => b.id).sort());
    const plan = await s.ctx.db.selectFrom('inspection_plans').selectAll().where('id', '=', p.lookBackPlanId).executeTakeFirstOrThrow();
    expect(plan.kind).toBe('look_back');
    const [y, m] = month.split('-').map(Number) as [number, number];
    expect(plan.period).toBe(m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`);
    const inspected = await s.ctx.db.selectFrom('inspections').select('compound_id').where('plan_id', '=', plan.id).execute();
    expect(inspected.map((i) => Number(i.compound_id)).sort()).toEqual([...p.lookBackCompounds].sort());
    expect(p.creditRecords).toBeGreaterThan(0);
    const again = await c.admin.post('/api/evaluation/ranking/publish', { month, groupBy: 'compound' });
    expect(again.status).toBe(409);
    expect((await c.dispatcher.post('/api/evaluation/ranking/publish', { month, groupBy: 'compound' })).status).toBe(403);
  });

  it('scores base + good − bad with grades, and keeps the history', async () => {
    const list = await c.supervisor.get('/api/evaluation/credit');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.rows.length).toBeGreaterThan(1);
    const huayu = w.unit('pc-huayu');
    const before = (await c.supervisor.get(`/api/evaluation/credit/${huayu}`)).body;
    const bad = await c.admin.post('/api/evaluation/credit/records', {
      unitId: huayu,
      rule: 'verified_complaint',
      reason: '查实投诉：电梯长期停运',
    });
    expect(bad.status, JSON.stringify(bad.body)).toBe(201);
    const good = await c.admin.post('/api/evaluation/credit/records', { unitId: huayu, rule: 'commendation', reason: '暖气抢修及时' });
    expect(good.status).toBe(201);
    const after = (await c.supervisor.get(`/api/evaluation/credit/${huayu}`)).body;
    expect(after.score).toBeCloseTo(before.score - 5 + 5, 6);
    expect(after.history.length).toBe(before.history.length + 2);
    expect(after.history[after.history.length - 2].score).toBeCloseTo(before.score - 5, 6);
    expect(after.score).toBe(after.base + after.good - after.bad);
    expect(['AAA', 'AA', 'A', 'B', 'C']).toContain(after.grade);
    expect((await c.admin.post('/api/evaluation/credit/records', { unitId: huayu, rule: 'nope', reason: 'x' })).status).toBe(422);
    expect(
      (await c.admin.post('/api/evaluation/credit/records', { unitId: w.unit('cc-hexin'), rule: 'commendation', reason: 'x' })).status,
    ).toBe(422);
    expect((await c.supervisor.post('/api/evaluation/credit/records', { unitId: huayu, rule: 'commendation', reason: 'x' })).status).toBe(
      403,
    );
    // Rules are data: a bigger deduction changes the score of the same records.
    const rules = (await c.admin.get('/api/evaluation/credit-rules')).body;
    rules.rules = rules.rules.map((r: { code: string; points: number }) => (r.code === 'verified_complaint' ? { ...r, points: 50 } : r));
    expect((await c.admin.request('PUT', '/api/evaluation/credit-rules', rules)).status).toBe(200);
    const third = await c.admin.post('/api/evaluation/credit/records', { unitId: huayu, rule: 'verified_complaint', reason: '再次查实' });
    expect(third.body.points).toBe(50);
    const last = (await c.supervisor.get(`/api/evaluation/credit/${huayu}`)).body;
    expect(last.score).toBeCloseTo(after.score - 50, 6);
  });
});
