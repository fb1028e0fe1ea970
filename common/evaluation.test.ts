import { describe, expect, it } from 'vitest';
import {
  computeRates,
  countOrders,
  DEFAULT_SCHEMES,
  percent,
  rankRows,
  ratesFromCounts,
  scoreOf,
  type DeductionScheme,
  type OrderFacts,
  type Rates,
  type WeightedScheme,
} from './evaluation';

const H = 3600_000;
const T0 = Date.parse('2026-03-02T01:00:00Z');
const NOW = T0 + 30 * 24 * H;

/** A dispatched order handled perfectly: signed in 1 h, contacted in 2 h, replied in 2 days, rated 满意. */
function order(over: Partial<OrderFacts> = {}): OrderFacts {
  return {
    status: 'closed',
    dispatchedAt: T0,
    signoffDueAt: T0 + 24 * H,
    responseDueAt: T0 + 24 * H,
    resolutionDueAt: T0 + 7 * 24 * H,
    acceptedAt: T0 + H,
    contactedAt: T0 + 2 * H,
    repliedAt: T0 + 48 * H,
    ratingResolution: 'resolved',
    ratingSatisfaction: 'satisfied',
    redoCount: 0,
    reopenCount: 0,
    returnCount: 0,
    reverified: false,
    ...over,
  };
}

describe('响应率 = signed and contacted within the response limit / dispatched (due ones)', () => {
  it('counts on-time contact, late contact and never-contacted-after-due', () => {
    const r = computeRates(
      [
        order(),
        order({ contactedAt: T0 + 25 * H }), // contacted after the response deadline
        order({ status: 'handling', contactedAt: null, repliedAt: null, ratingResolution: null, ratingSatisfaction: null }), // due, never contacted
      ],
      NOW,
    );
    expect(r.response).toBeCloseTo(1 / 3);
  });

  it('needs the sign-off too: contacted on time without 签收 does not count', () => {
    expect(computeRates([order({ acceptedAt: null })], NOW).response).toBe(0);
  });

  it('leaves out orders whose response deadline is still ahead and which are not contacted yet', () => {
    const pending = order({ status: 'dispatched', dispatchedAt: NOW - H, responseDueAt: NOW + H, acceptedAt: null, contactedAt: null, repliedAt: null, ratingResolution: null, ratingSatisfaction: null });
    const c = countOrders([order(), pending], NOW);
    expect(c.dispatched).toBe(2);
    expect(c.responseDue).toBe(1);
    expect(ratesFromCounts(c).response).toBe(1);
    // …but a not-yet-due order already contacted is decided and counts.
    const early = { ...pending, status: 'handling', acceptedAt: NOW - H / 2, contactedAt: NOW - H / 4 };
    expect(countOrders([early], NOW).responseDue).toBe(1);
    expect(computeRates([early], NOW).response).toBe(1);
  });

  it('is null, not 0, when nothing is due', () => {
    const pending = order({ status: 'dispatched', responseDueAt: NOW + H, signoffDueAt: NOW + H, resolutionDueAt: NOW + 9 * H, acceptedAt: null, contactedAt: null, repliedAt: null, ratingResolution: null, ratingSatisfaction: null });
    const r = computeRates([pending], NOW);
    expect(r.response).toBeNull();
    expect(r.signoff).toBeNull();
    expect(r.onTime).toBeNull();
    expect(r.return).toBe(0); // dispatched, never returned: a real 0
  });
});

describe('解决率 and 满意率 over rated orders only', () => {
  it('解决率 = resolved / rated; 满意率 = (满意 + 基本满意) / rated; unrated excluded', () => {
    const r = computeRates(
      [
        order({ ratingResolution: 'resolved', ratingSatisfaction: 'satisfied' }),
        order({ ratingResolution: 'partly', ratingSatisfaction: 'basically' }),
        order({ status: 'judging', ratingResolution: 'unresolved', ratingSatisfaction: 'unsatisfied' }),
        order({ ratingResolution: 'resolved', ratingSatisfaction: 'unsatisfied' }),
        order({ status: 'callback', ratingResolution: null, ratingSatisfaction: null }), // unrated
      ],
      NOW,
    );
    expect(r.resolution).toBe(2 / 4);
    expect(r.satisfaction).toBe(2 / 4);
  });

  it('no rated orders → null (not 0/0, not 0)', () => {
    const r = computeRates([order({ status: 'callback', ratingResolution: null, ratingSatisfaction: null })], NOW);
    expect(r.resolution).toBeNull();
    expect(r.satisfaction).toBeNull();
    expect(computeRates([], NOW)).toEqual({ response: null, resolution: null, satisfaction: null, signoff: null, onTime: null, return: null, redo: null, reverify: null, per1000: null });
  });
});

describe('supporting rates', () => {
  it('及时签收率: signed by the sign-off deadline; unsigned past due fails; unsigned before due is left out', () => {
    const r = computeRates(
      [
        order(),
        order({ acceptedAt: T0 + 30 * H }),
        order({ status: 'dispatched', acceptedAt: null, contactedAt: null, repliedAt: null, ratingSatisfaction: null, ratingResolution: null }),
        order({ status: 'dispatched', signoffDueAt: NOW + H, responseDueAt: NOW + H, resolutionDueAt: NOW + 9 * H, acceptedAt: null, contactedAt: null, repliedAt: null, ratingSatisfaction: null, ratingResolution: null }),
      ],
      NOW,
    );
    expect(r.signoff).toBe(1 / 3);
  });

  it('按时办结率: reply by the resolution deadline; an approved extension (a later due time) makes a late reply on time', () => {
    const late = order({ repliedAt: T0 + 8 * 24 * H });
    expect(computeRates([late], NOW).onTime).toBe(0);
    const extended = { ...late, resolutionDueAt: T0 + 10 * 24 * H };
    expect(computeRates([extended], NOW).onTime).toBe(1);
    // Still handling, deadline extended past now: not yet due, left out.
    const handling = order({ status: 'handling', repliedAt: null, resolutionDueAt: NOW + 24 * H, ratingSatisfaction: null, ratingResolution: null });
    expect(countOrders([handling, order()], NOW).resolutionDue).toBe(1);
    // Still handling past the deadline: fails.
    expect(computeRates([{ ...handling, resolutionDueAt: NOW - H }], NOW).onTime).toBe(0);
  });

  it('回退率 = returned / dispatched; 重办率 = redone / dispatched', () => {
    const r = computeRates([order({ returnCount: 2 }), order(), order({ redoCount: 1 }), order()], NOW);
    expect(r.return).toBe(1 / 4);
    expect(r.redo).toBe(1 / 4);
  });

  it('redo after closure: rating and reply cleared, a new clock — judged on the new round, counted as redone, not rated', () => {
    const redone = order({ status: 'handling', redoCount: 1, repliedAt: null, ratingResolution: null, ratingSatisfaction: null, resolutionDueAt: NOW + 5 * 24 * H });
    const c = countOrders([redone], NOW);
    expect(c.rated).toBe(0);
    expect(c.resolutionDue).toBe(0);
    expect(c.redone).toBe(1);
    const r = ratesFromCounts(c);
    expect(r.satisfaction).toBeNull();
    expect(r.redo).toBe(1);
    // Replied on the new clock and rated again: counts once, rated once.
    const again = { ...redone, status: 'closed', repliedAt: NOW - H, ratingResolution: 'resolved', ratingSatisfaction: 'basically' };
    const r2 = computeRates([again], NOW);
    expect(r2.onTime).toBe(1);
    expect(r2.satisfaction).toBe(1);
    expect(r2.redo).toBe(1);
  });

  it('回访核实率 = re-checks that held / re-checks; reopened orders fail; never re-checked → null', () => {
    const r = computeRates([order({ reverified: true }), order({ reverified: true }), order({ reverified: true, reopenCount: 1, status: 'handling' }), order()], NOW);
    expect(r.reverify).toBe(2 / 3);
    expect(computeRates([order()], NOW).reverify).toBeNull();
  });

  it('complaints per 1000 households count all received orders; cancelled and merged count nowhere', () => {
    const direct = order({ dispatchedAt: null, status: 'closed' }); // 直办: a complaint, not a unit's order
    const c = countOrders([order(), direct, order({ status: 'cancelled' }), order({ status: 'merged' })], NOW);
    expect(c.volume).toBe(2);
    expect(c.dispatched).toBe(1);
    expect(ratesFromCounts(c, 500).per1000).toBe(4);
    expect(ratesFromCounts(c, 0).per1000).toBeNull();
    expect(ratesFromCounts(c, null).per1000).toBeNull();
  });
});

const rates = (over: Partial<Rates>): Rates => ({ response: 1, resolution: 1, satisfaction: 1, signoff: 1, onTime: 1, return: 0, redo: 0, reverify: null, per1000: null, ...over });

describe('scores', () => {
  const weighted = DEFAULT_SCHEMES.schemes[0] as WeightedScheme;
  const deductions = DEFAULT_SCHEMES.schemes[1] as DeductionScheme;

  it('weighted 30/35/35: Σ weight × rate', () => {
    expect(scoreOf(weighted, rates({ response: 0.9, resolution: 0.8, satisfaction: 0.7 }))).toBe(79.5);
    expect(scoreOf(weighted, rates({}))).toBe(100);
    expect(scoreOf(weighted, rates({ satisfaction: null }))).toBeNull();
  });

  it('100 − deductions: per percentage point below target (above, for return/redo); null rates deduct nothing', () => {
    // response 0.90 vs 0.95 → −5; satisfaction 0.80 vs 0.90 at 2/pt → −20; redo 0.10 vs 0.05 at 2/pt → −10.
    expect(scoreOf(deductions, rates({ response: 0.9, satisfaction: 0.8, redo: 0.1 }))).toBe(65);
    expect(scoreOf(deductions, rates({ response: null, resolution: null, satisfaction: null, onTime: null }))).toBe(100);
    expect(scoreOf({ ...deductions, rules: [{ rate: 'satisfaction', target: 1, perPoint: 10 }] }, rates({ satisfaction: 0.5 }))).toBe(0);
  });
});

describe('ranking', () => {
  const row = (key: string, score: number | null, volume = 10, peer = 'p', sat = 0.95) => ({ key, peer, volume, score, rates: rates({ satisfaction: sat }) });
  const scheme = { minVolume: 5, top: 1, bottom: 1, floor: { rate: 'satisfaction' as const, min: 0.85 } };

  it('ranks within peer groups, lists low-volume rows unranked, red = top N, black = bottom N or below the floor', () => {
    const out = rankRows([row('a', 90), row('b', 80), row('c', 70, 10, 'p', 0.8), row('d', 85), row('e', 99, 3), row('x', 50, 10, 'q'), row('n', null)], scheme);
    const by = Object.fromEntries(out.map((r) => [r.key, r]));
    expect([by.a!.rank, by.d!.rank, by.b!.rank, by.c!.rank]).toEqual([1, 2, 3, 4]);
    expect(by.a!.list).toBe('red');
    expect(by.c!.list).toBe('black');
    expect(by.c!.belowFloor).toBe(true);
    expect(by.b!.list).toBeNull();
    expect(by.e).toMatchObject({ ranked: false, rank: null, unrankedReason: 'min_volume', list: null });
    expect(by.n).toMatchObject({ ranked: false, unrankedReason: 'no_score' });
    // Its own peer group: alone, it is both top and bottom — black wins.
    expect(by.x).toMatchObject({ rank: 1, list: 'black' });
  });

  it('the floor black-lists beyond bottom N; ties share a rank', () => {
    const out = rankRows([row('a', 90, 10, 'p', 0.8), row('b', 90), row('c', 60)], { ...scheme, top: 2 });
    const by = Object.fromEntries(out.map((r) => [r.key, r]));
    expect(by.a).toMatchObject({ rank: 1, list: 'black', belowFloor: true });
    expect(by.b).toMatchObject({ rank: 1, list: 'red' });
    expect(by.c).toMatchObject({ rank: 3, list: 'black', belowFloor: false });
  });

  it('prints shares as whole percent: 96/106 → 91, 10/106 → 9', () => {
    expect(percent(96 / 106)).toBe(91);
    expect(percent(10 / 106)).toBe(9);
    expect(percent(null)).toBeNull();
  });
});
