/**
 * Evaluation (考评, DOMAIN.md §6): the rate formulas, score schemes and ranking rules, as pure
 * functions over per-order facts. The server computes the same counts in SQL (server/evaluation/
 * queries.ts) and finishes with `ratesFromCounts`; the console may use these to explain a figure.
 *
 * Conventions pinned by common/evaluation.test.ts:
 * - An order belongs to a period by the time it was received; cancelled and merged orders count nowhere.
 * - A unit's rates look only at orders dispatched to it (dispatched_at set); the unit is the current lead.
 * - "Not yet due" = the deadline is still ahead and the step was not done: such an order is left out
 *   of that rate's denominator (it can neither pass nor fail yet). A step done counts at once.
 * - A rate with an empty denominator is null, never 0/0 or 0.
 * - Deadlines are read from the order as it stands: an approved extension has already moved the
 *   resolution deadline; a redo or reopen started a new resolution clock and cleared the reply and
 *   the rating, so the order is judged on its current round (and counts in 重办率 / 回访核实率).
 */

/** What one order contributes; times are epoch ms, null when the step has not happened. */
export interface OrderFacts {
  status: string;
  dispatchedAt: number | null;
  signoffDueAt: number | null;
  responseDueAt: number | null;
  resolutionDueAt: number | null;
  acceptedAt: number | null;
  contactedAt: number | null;
  repliedAt: number | null;
  ratingResolution: string | null;
  ratingSatisfaction: string | null;
  redoCount: number;
  reopenCount: number;
  returnCount: number;
  /** A 回访核实 re-check was carried out on the order (confirmed or reopened). */
  reverified: boolean;
}

/** The counts every rate is built from; SQL produces the same numbers with COUNT(CASE WHEN …). */
export interface RateCounts {
  /** Orders received in the period (not cancelled or merged). */
  volume: number;
  /** Of those, dispatched to a unit. */
  dispatched: number;
  signoffDue: number;
  signoffOnTime: number;
  responseDue: number;
  responseOnTime: number;
  resolutionDue: number;
  resolutionOnTime: number;
  rated: number;
  ratedResolved: number;
  ratedSatisfied: number;
  returned: number;
  redone: number;
  reverified: number;
  reverifiedHeld: number;
}

export const RATE_KEYS = [
  'response', // 响应率
  'resolution', // 解决率
  'satisfaction', // 满意率
  'signoff', // 及时签收率
  'onTime', // 按时办结率
  'return', // 回退率
  'redo', // 重办率
  'reverify', // 回访核实率
] as const;
export type RateKey = (typeof RATE_KEYS)[number];

export const RATE_NAMES: Record<RateKey | 'per1000', { zh: string; en: string }> = {
  response: { zh: '响应率', en: 'Response rate' },
  resolution: { zh: '解决率', en: 'Resolution rate' },
  satisfaction: { zh: '满意率', en: 'Satisfaction rate' },
  signoff: { zh: '及时签收率', en: 'On-time sign-off' },
  onTime: { zh: '按时办结率', en: 'On-time completion' },
  return: { zh: '回退率', en: 'Return rate' },
  redo: { zh: '重办率', en: 'Redo rate' },
  reverify: { zh: '回访核实率', en: 'Re-verification pass rate' },
  per1000: { zh: '千户诉求量', en: 'Complaints per 1000 households' },
};

/** Rates where lower is better (a score scheme deducts when they are above target). */
export const LOWER_IS_BETTER: readonly RateKey[] = ['return', 'redo'];

export type Rates = Record<RateKey, number | null> & { per1000: number | null };

const EXCLUDED = ['cancelled', 'merged'];

/** true when the step is decided: done, or its deadline has passed at `now`. */
function isDue(doneAt: number | null, dueAt: number | null, now: number): boolean {
  return doneAt !== null || (dueAt !== null && dueAt <= now);
}

function onTime(doneAt: number | null, dueAt: number | null): boolean {
  return doneAt !== null && (dueAt === null || doneAt <= dueAt);
}

/** Counts of one order set, as SQL would produce them. */
export function countOrders(orders: readonly OrderFacts[], now: number): RateCounts {
  const c: RateCounts = {
    volume: 0,
    dispatched: 0,
    signoffDue: 0,
    signoffOnTime: 0,
    responseDue: 0,
    responseOnTime: 0,
    resolutionDue: 0,
    resolutionOnTime: 0,
    rated: 0,
    ratedResolved: 0,
    ratedSatisfied: 0,
    returned: 0,
    redone: 0,
    reverified: 0,
    reverifiedHeld: 0,
  };
  for (const o of orders) {
    if (EXCLUDED.includes(o.status)) continue;
    c.volume++;
    if (o.dispatchedAt === null) continue;
    c.dispatched++;
    // 及时签收: signed off by the sign-off deadline.
    if (isDue(o.acceptedAt, o.signoffDueAt, now)) {
      c.signoffDue++;
      if (onTime(o.acceptedAt, o.signoffDueAt)) c.signoffOnTime++;
    }
    // 响应: signed off and the resident contacted, by the response deadline. Decided once contacted or due.
    if (isDue(o.contactedAt, o.responseDueAt, now)) {
      c.responseDue++;
      if (o.acceptedAt !== null && onTime(o.contactedAt, o.responseDueAt)) c.responseOnTime++;
    }
    // 按时办结: the unit's reply (which stops its clock) by the (possibly extended) resolution deadline.
    if (isDue(o.repliedAt, o.resolutionDueAt, now)) {
      c.resolutionDue++;
      if (onTime(o.repliedAt, o.resolutionDueAt)) c.resolutionOnTime++;
    }
    if (o.ratingSatisfaction !== null) {
      c.rated++;
      if (o.ratingResolution === 'resolved') c.ratedResolved++;
      if (o.ratingSatisfaction === 'satisfied' || o.ratingSatisfaction === 'basically') c.ratedSatisfied++;
    }
    if (o.returnCount > 0) c.returned++;
    if (o.redoCount > 0) c.redone++;
    if (o.reverified) {
      c.reverified++;
      if (o.reopenCount === 0) c.reverifiedHeld++;
    }
  }
  return c;
}

/** part / whole, or null when nothing is in the denominator. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Every rate from its counts; `households` gives complaints per 1000 households (null when unknown). */
export function ratesFromCounts(c: RateCounts, households: number | null = null): Rates {
  return {
    response: ratio(c.responseOnTime, c.responseDue),
    resolution: ratio(c.ratedResolved, c.rated),
    satisfaction: ratio(c.ratedSatisfied, c.rated),
    signoff: ratio(c.signoffOnTime, c.signoffDue),
    onTime: ratio(c.resolutionOnTime, c.resolutionDue),
    return: ratio(c.returned, c.dispatched),
    redo: ratio(c.redone, c.dispatched),
    reverify: ratio(c.reverifiedHeld, c.reverified),
    per1000: households && households > 0 ? (c.volume * 1000) / households : null,
  };
}

/** Shorthand: the rates of a set of orders at `now`. */
export function computeRates(orders: readonly OrderFacts[], now: number, households: number | null = null): Rates {
  return ratesFromCounts(countOrders(orders, now), households);
}

// ── score schemes ────────────────────────────────────────────────────────

/** score = Σ weight × rate (in points, rate × 100) / Σ weight. */
export interface WeightedScheme {
  kind: 'weighted';
  id: string;
  name: string;
  weights: Partial<Record<RateKey, number>>;
}

/** score = base − Σ perPoint × (percentage points the rate misses its target by), floored at 0. */
export interface DeductionScheme {
  kind: 'deductions';
  id: string;
  name: string;
  base: number;
  rules: { rate: RateKey; target: number; perPoint: number }[];
}

export type ScoreScheme = (WeightedScheme | DeductionScheme) & {
  /** Below this volume a row is listed but not ranked. */
  minVolume: number;
  /** 红榜 size: the best N ranked rows. */
  top: number;
  /** 黑榜 size: the worst N ranked rows. */
  bottom: number;
  /** Also black-listed: any ranked row whose rate is below `min`, e.g. satisfaction < 0.85. */
  floor?: { rate: RateKey; min: number } | null;
};

export interface SchemeSettings {
  defaultScheme: string;
  schemes: ScoreScheme[];
}

/** The published defaults: 30/35/35 weighted sum, and a 100 − deductions alternative. */
export const DEFAULT_SCHEMES: SchemeSettings = {
  defaultScheme: 'weighted',
  schemes: [
    {
      kind: 'weighted',
      id: 'weighted',
      name: '加权评分（响应30%·解决35%·满意35%）',
      weights: { response: 30, resolution: 35, satisfaction: 35 },
      minVolume: 5,
      top: 3,
      bottom: 3,
      floor: { rate: 'satisfaction', min: 0.85 },
    },
    {
      kind: 'deductions',
      id: 'deductions',
      name: '百分扣分制',
      base: 100,
      rules: [
        { rate: 'response', target: 0.95, perPoint: 1 },
        { rate: 'onTime', target: 0.9, perPoint: 1 },
        { rate: 'resolution', target: 0.9, perPoint: 1 },
        { rate: 'satisfaction', target: 0.9, perPoint: 2 },
        { rate: 'return', target: 0.05, perPoint: 1 },
        { rate: 'redo', target: 0.05, perPoint: 2 },
      ],
      minVolume: 5,
      top: 3,
      bottom: 3,
      floor: null,
    },
  ],
};

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The score of one row's rates, 0–100 with two decimals. Weighted: null when a weighted rate is
 * null (nothing to judge it on). Deductions: a null rate deducts nothing.
 */
export function scoreOf(scheme: WeightedScheme | DeductionScheme, rates: Rates): number | null {
  if (scheme.kind === 'weighted') {
    let sum = 0;
    let weight = 0;
    for (const [key, w] of Object.entries(scheme.weights) as [RateKey, number][]) {
      if (!w) continue;
      const r = rates[key];
      if (r === null) return null;
      const points = LOWER_IS_BETTER.includes(key) ? (1 - r) * 100 : r * 100;
      sum += w * points;
      weight += w;
    }
    return weight > 0 ? round2(sum / weight) : null;
  }
  let score = scheme.base;
  for (const rule of scheme.rules) {
    const r = rates[rule.rate];
    if (r === null) continue;
    const miss = LOWER_IS_BETTER.includes(rule.rate) ? r - rule.target : rule.target - r;
    if (miss > 0) score -= rule.perPoint * miss * 100;
  }
  return round2(Math.max(0, score));
}

// ── ranking ──────────────────────────────────────────────────────────────

export interface RankInput {
  key: string;
  peer: string;
  volume: number;
  rates: Rates;
  score: number | null;
}

export interface Ranked extends RankInput {
  /** 1-based within the peer group; null when not ranked (volume below minimum or no score). */
  rank: number | null;
  ranked: boolean;
  /** Why a row is not ranked: 'min_volume' | 'no_score'. */
  unrankedReason: 'min_volume' | 'no_score' | null;
  /** 红榜 / 黑榜 membership. */
  list: 'red' | 'black' | null;
  /** On the black list because a rate is below the floor (besides or instead of bottom N). */
  belowFloor: boolean;
}

/**
 * Ranks rows within each peer group: highest score first (ties share a rank, 1,1,3), rows below
 * the minimum volume or without a score listed unranked. 红榜 = the top N of a group, 黑榜 = the
 * bottom N plus any ranked row below the floor; a row never sits on both (black wins when the
 * group is too small for both, since a failing floor must be seen).
 */
export function rankRows(rows: readonly RankInput[], scheme: Pick<ScoreScheme, 'minVolume' | 'top' | 'bottom' | 'floor'>): Ranked[] {
  const out: Ranked[] = rows.map((r) => {
    const reason = r.volume < scheme.minVolume ? 'min_volume' : r.score === null ? 'no_score' : null;
    return { ...r, rank: null, ranked: reason === null, unrankedReason: reason, list: null, belowFloor: false };
  });
  const peers = [...new Set(out.map((r) => r.peer))];
  for (const peer of peers) {
    const group = out.filter((r) => r.peer === peer && r.ranked).sort((a, b) => b.score! - a.score! || a.key.localeCompare(b.key));
    group.forEach((r, i) => {
      r.rank = i > 0 && group[i - 1]!.score === r.score ? group[i - 1]!.rank : i + 1;
    });
    const black = new Set<Ranked>(scheme.bottom > 0 ? group.slice(-scheme.bottom) : []);
    const floor = scheme.floor;
    if (floor) {
      for (const r of group) {
        const v = r.rates[floor.rate];
        if (v !== null && v < floor.min) {
          r.belowFloor = true;
          black.add(r);
        }
      }
    }
    for (const r of group.slice(0, Math.max(0, scheme.top))) if (!black.has(r)) r.list = 'red';
    for (const r of black) r.list = 'black';
  }
  return out;
}

/** Places a fraction as whole percent, the way the boards print it (0.9057 → 91). */
export function percent(x: number | null): number | null {
  return x === null ? null : Math.round(x * 100);
}

// ── property credit (物业信用) ─────────────────────────────────────────────

export interface CreditRule {
  code: string;
  kind: 'good' | 'bad';
  points: number;
  name_zh: string;
  name_en: string;
}

export interface CreditRuleSet {
  base: number;
  /** Highest first; a score at or above `min` earns the grade, below every floor C. */
  grades: { grade: string; min: number }[];
  rules: CreditRule[];
}

/** Published property-credit schemes: base 100, good records add, bad records deduct. */
export const DEFAULT_CREDIT_RULES: CreditRuleSet = {
  base: 100,
  grades: [
    { grade: 'AAA', min: 110 },
    { grade: 'AA', min: 100 },
    { grade: 'A', min: 90 },
    { grade: 'B', min: 75 },
  ],
  rules: [
    { code: 'red_list', kind: 'good', points: 5, name_zh: '上红榜', name_en: 'On the red list' },
    { code: 'black_list', kind: 'bad', points: 10, name_zh: '上黑榜', name_en: 'On the black list' },
    { code: 'inspection_pass', kind: 'good', points: 2, name_zh: '检查全部合格', name_en: 'Inspection passed' },
    { code: 'inspection_fail', kind: 'bad', points: 3, name_zh: '检查不合格', name_en: 'Inspection failed' },
    { code: 'ledger_overdue', kind: 'bad', points: 5, name_zh: '台账逾期未销号', name_en: 'Ledger item overdue' },
    { code: 'commendation', kind: 'good', points: 5, name_zh: '表扬', name_en: 'Commendation' },
    { code: 'verified_complaint', kind: 'bad', points: 5, name_zh: '查实投诉', name_en: 'Verified complaint' },
  ],
};

/** The grade of a score: the first floor (highest first) it reaches, else C. */
export function creditGrade(score: number, rules: Pick<CreditRuleSet, 'grades'>): string {
  const sorted = [...rules.grades].sort((a, b) => b.min - a.min);
  return sorted.find((g) => score >= g.min)?.grade ?? 'C';
}

/** base + Σ good − Σ bad, two decimals. */
export function creditScore(base: number, records: readonly { kind: string; points: number }[]): number {
  const s = records.reduce((acc, r) => acc + (r.kind === 'good' ? r.points : -r.points), base);
  return Math.round(s * 100) / 100;
}
