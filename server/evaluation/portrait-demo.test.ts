/** The demo year's 天香蓝郡 through the portrait API: 106 complaints in H1 2026, 91% hardware, 9% service. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoYear } from '../demo/demo-year';
import { startTestServer, type TestServer } from '../test/harness';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ now: Date.parse('2026-11-30T02:00:00Z') });
  await loadDemoYear(s.ctx.db, s.ctx.engine, await s.ctx.calendar.get(), s.clock.now(), { perDay: 4 });
}, 180_000);
afterAll(async () => s?.close());

const H1 = { from: '2026-01-01T00:00:00+08:00', to: '2026-07-01T00:00:00+08:00' };

describe('the problem portrait of 天香蓝郡', () => {
  it('shows 106 complaints in January–June, 96 hardware (91%) and 10 service (9%), month by month', async () => {
    const supervisor = await s.login('supervisor');
    const placeId = s.ids.places.get('cp-tianxianglanjun')!;
    const res = await supervisor.get(`/api/evaluation/portrait?${new URLSearchParams({ placeId: String(placeId), ...H1 })}`);
    expect(res.status).toBe(200);
    const p = res.body;
    expect(p.volume).toBe(106);
    expect(p.byKind).toEqual([
      { kind: 'hardware', count: 96, share: 96 / 106, percent: 91 },
      { kind: 'service', count: 10, share: 10 / 106, percent: 9 },
      { kind: 'other', count: 0, share: 0, percent: 0 },
    ]);
    expect(p.trend.map((t: { month: string }) => t.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(p.trend.reduce((n: number, t: { count: number }) => n + t.count, 0)).toBe(106);
    expect(p.topProblems[0].kind).toBe('hardware');
    expect(p.rates.per1000).toBeCloseTo(106_000 / 1240, 10);

    // Before and after the property office (July): nothing from the property company since.
    const year = await supervisor.get(`/api/evaluation/portrait?${new URLSearchParams({ placeId: String(placeId), from: H1.from, to: '2026-11-01T00:00:00+08:00', before: H1.to })}`);
    expect(year.status).toBe(200);
    expect(year.body.beforeAfter.before.count).toBe(106);
    expect(year.body.beforeAfter.before.hardwareShare).toBeCloseTo(96 / 106, 10);
    expect(year.body.beforeAfter.after.count).toBe(year.body.volume - 106);
  });

  it('ranks the demo year’s property companies within their peer group', async () => {
    const supervisor = await s.login('supervisor');
    const res = await supervisor.get('/api/evaluation/ranking?month=2026-10&groupBy=unit&peer=property_company');
    expect(res.status).toBe(200);
    expect(res.body.rows.length).toBeGreaterThan(1);
    expect(res.body.rows.every((r: { peer: string }) => r.peer === 'property_company')).toBe(true);
    const ranked = res.body.rows.filter((r: { ranked: boolean }) => r.ranked);
    expect(ranked.length).toBeGreaterThan(0);
    // Ranks follow scores, best first; each ranked row's change is last month's rank minus this one's.
    for (let i = 1; i < ranked.length; i++) expect(ranked[i].score).toBeLessThanOrEqual(ranked[i - 1].score);
    for (const r of ranked) if (r.previousRank !== null) expect(r.change).toBe(r.previousRank - r.rank);
    expect(res.body.red.length).toBeGreaterThan(0);
  });
});
