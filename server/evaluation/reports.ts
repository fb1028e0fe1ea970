/**
 * Evaluation reports: rates per group, the monthly ranking with 红榜/黑榜, and the problem
 * portrait (问题画像). Turns the counts of queries.ts into rates, scores and shares with the pure
 * rules of common/evaluation.ts; no SQL here.
 */
import { percent, rankRows, ratesFromCounts, ratio, scoreOf, type RateCounts, type Rates, type ScoreScheme } from '../../common/evaluation';
import type { SessionActor } from '../auth/actor';
import type { AppContext } from '../context';
import { AppError, notFound } from '../errors';
import {
  findPortraitTarget,
  groupCounts,
  groupInfo,
  portraitData,
  portraitScans,
  type GroupBy,
  type Period,
  type PortraitTarget,
} from './queries';
import { districtWide, reference, type Reference } from './reference';
import type { Scope } from './rollups';
import type { PortraitInput, RankingInput, RatesInput } from './schema';
import { pickScheme, readSchemes } from './schemes';
import {
  categoryDays,
  childVectors,
  countsOf,
  dueCounts,
  periodDays,
  zeroVector,
  type DayRange,
  type SeriesCounts,
} from './rollup-queries';
import { shanghaiDate, shanghaiDayStart } from '../../common/calendar';

const PLACE_LEVELS = ['street', 'community', 'compound'];

/**
 * The counts per group from the rollups when they answer exactly: a period from one Shanghai
 * midnight to another, read by a district-wide reader, or by a street's / community's /
 * compound's reader grouping places (their own place's children, or the one place above theirs
 * with their own place's counts). Otherwise null (the caller scans the orders): units seen from a
 * street are not rolled up by place.
 */
async function rollupGroupCounts(ctx: AppContext, actor: SessionActor, p: Period, groupBy: GroupBy, now: number, unitKind?: string) {
  const r = wholeDays(p);
  if (!r) return null;
  const wide = districtWide(actor);
  let scope: Scope = groupBy;
  let ids: number[];
  let label: number | null = null;
  const ref = await reference(ctx.db);
  if (!wide) {
    if (groupBy === 'unit' || actor.placeId === null) return null;
    const mine = ref.places.get(actor.placeId);
    if (!mine || !PLACE_LEVELS.includes(mine.level)) return null;
    if (PLACE_LEVELS.indexOf(groupBy) < PLACE_LEVELS.indexOf(mine.level)) {
      // A compound's reader by street: one row, the street, holding what the reader sees (their compound's orders).
      label = groupBy === 'street' ? mine.street_id : mine.community_id;
      if (label === null) return null;
      scope = mine.level as Scope;
      ids = [mine.id];
    } else {
      ids = ref.byLevel
        .get(groupBy)!
        .filter((pl) => pl.path.includes(`/${mine.id}/`))
        .map((pl) => pl.id);
    }
  } else {
    // Every id of the level, listed: each is a key range of the rollups (rollup-queries.ts, childVectors).
    ids =
      groupBy === 'unit'
        ? [...ref.units.values()].filter((u) => unitKind === undefined || u.kind === unitKind).map((u) => u.id)
        : ref.byLevel.get(groupBy)!.map((pl) => pl.id);
  }
  const [vectors, due] = await Promise.all([childVectors(ctx.reads, scope, r, ids), dueCounts(ctx.reads, scope, ids, r, now)]);
  const out = [];
  for (const [id, v] of vectors) {
    const counts = countsOf(v, due.get(id));
    // A unit's rows count the orders dispatched to it (as the scan does).
    if (groupBy === 'unit') counts.volume = counts.dispatched;
    if (counts.volume > 0) out.push({ id: label ?? id, counts });
  }
  return out;
}

/** Whole Shanghai days [from, to) as an inclusive day range, or null when either end is not a midnight. */
function wholeDays(p: Period): DayRange | null {
  const from = shanghaiDate(p.from);
  if (shanghaiDayStart(from) !== p.from || shanghaiDayStart(shanghaiDate(p.to)) !== p.to) return null;
  return { from, to: shanghaiDate(p.to - 1) };
}

/**
 * The rollup scope holding exactly the target's orders that the actor may see: the target itself
 * for a district-wide reader or a place inside the reader's; the reader's own place when it lies
 * inside the target; 'none' when they do not meet. Null when no rollup is keyed so (a unit seen
 * from a street, a building): the caller scans.
 */
function portraitScope(actor: SessionActor, t: PortraitTarget, ref: Reference): { scope: Scope; id: number } | 'none' | null {
  const wide = districtWide(actor);
  if (t.kind === 'unit') return wide ? { scope: 'unit', id: t.id } : null;
  const place = ref.places.get(t.id);
  if (!place) return null;
  const own: { scope: Scope; id: number } =
    place.level === 'district' ? { scope: 'all', id: 0 } : { scope: place.level as Scope, id: place.id };
  if (wide) return own;
  if (actor.placeId === null) return 'none';
  const mine = ref.places.get(actor.placeId);
  if (!mine || mine.level === 'district') return null;
  if (place.path.includes(`/${mine.id}/`)) return own;
  if (mine.path.includes(`/${place.id}/`)) return { scope: mine.level as Scope, id: mine.id };
  return 'none';
}

/**
 * The portrait's counts, trend, shares, top problems and before/after from the rollups (whole
 * Shanghai days, `before` at a midnight); buildings, callers and the overdue flag from the orders
 * (portraitScans). Null when the rollups cannot answer exactly.
 */
async function rollupPortrait(ctx: AppContext, actor: SessionActor, t: PortraitTarget, p: Period, now: number, before: number | null) {
  const r = wholeDays(p);
  if (!r || (before !== null && shanghaiDayStart(shanghaiDate(before)) !== before)) return null;
  const ref = await reference(ctx.db);
  const at = portraitScope(actor, t, ref);
  if (at === null) return null;
  const [sd, cats, scans] = await Promise.all([
    at === 'none'
      ? { total: zeroVector(), days: new Map<string, SeriesCounts>(), due: {} }
      : periodDays(ctx.reads, at.scope, at.id, r, now),
    at === 'none' ? [] : categoryDays(ctx.reads, at.scope, at.id, r),
    portraitScans(ctx.reads, actor, t, p),
  ]);
  const { total, due } = sd;
  const months = new Map<string, number>();
  for (const [day, v] of sd.days) if (v.volume) months.set(day.slice(0, 7), (months.get(day.slice(0, 7)) ?? 0) + v.volume);
  const leaf = new Map<number, number>();
  const kinds = new Map<string, number>();
  const groups = new Map<number, number>();
  const beforeDay = before === null ? null : shanghaiDate(before);
  const split = { before: 0, after: 0, beforeHardware: 0, afterHardware: 0 };
  for (const c of cats) {
    const cat = ref.categories.get(c.category);
    if (!cat) continue;
    leaf.set(cat.id, (leaf.get(cat.id) ?? 0) + c.n);
    kinds.set(cat.kind, (kinds.get(cat.kind) ?? 0) + c.n);
    const g = cat.parent_id ?? cat.id;
    groups.set(g, (groups.get(g) ?? 0) + c.n);
    if (beforeDay === null) continue;
    const side = c.day < beforeDay ? 'before' : 'after';
    split[side] += c.n;
    if (cat.kind === 'hardware') split[side === 'before' ? 'beforeHardware' : 'afterHardware'] += c.n;
  }
  const named = (m: Map<number, number>) =>
    [...m]
      .filter(([id, n]) => n > 0 && ref.categories.has(id))
      .map(([id, count]) => ({ id, name: ref.categories.get(id)!.name, kind: ref.categories.get(id)!.kind, count }))
      .sort((a, b) => b.count - a.count || a.id - b.id);
  return {
    counts: countsOf(total, due),
    trend: [...months].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([month, count]) => ({ month, count })),
    kinds: [...kinds].filter(([, n]) => n > 0).map(([kind, count]) => ({ kind, count })),
    topCategories: named(leaf).slice(0, 10),
    categoryGroups: named(groups),
    ...scans,
    split: beforeDay === null ? null : split,
  };
}

const iso = (t: number) => new Date(t).toISOString();
const SHANGHAI = 8 * 3600_000;

/** [from, to) from ISO texts; 400 unless from < to. */
export function parsePeriod(from: string, to: string): Period {
  const p = { from: Date.parse(from), to: Date.parse(to) };
  if (!(p.from < p.to)) throw new AppError('validation', 'to', { zh: '结束时间须晚于开始时间', en: 'to must be later than from' });
  return p;
}

/** The Shanghai calendar month 'YYYY-MM' as [from, to), and the month before it. */
export function monthPeriod(month: string): { period: Period; previous: Period; previousMonth: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = (yy: number, mm: number) => Date.UTC(yy, mm - 1, 1) - SHANGHAI;
  const prevY = m === 1 ? y - 1 : y;
  const prevM = m === 1 ? 12 : m - 1;
  return {
    period: { from: start(y, m), to: start(y, m + 1) },
    previous: { from: start(prevY, prevM), to: start(y, m) },
    previousMonth: `${prevY}-${String(prevM).padStart(2, '0')}`,
  };
}

interface RateRow {
  id: number;
  name: string;
  peer: string;
  households: number | null;
  volume: number;
  rates: Rates;
  counts: RateCounts;
  score: number | null;
}

/** Rates and score of every group visible to the actor, best score first. */
async function rateRows(
  ctx: AppContext,
  actor: SessionActor,
  p: Period,
  groupBy: GroupBy,
  scheme: ScoreScheme,
  peer?: string,
): Promise<RateRow[]> {
  if (peer !== undefined && groupBy !== 'unit') {
    throw new AppError('validation', 'peer', { zh: '同类分组仅适用于按单位统计', en: 'peer applies to groupBy=unit only' });
  }
  const now = ctx.clock.now();
  const groups = (await rollupGroupCounts(ctx, actor, p, groupBy, now, peer)) ?? (await groupCounts(ctx.db, actor, p, groupBy, now, peer));
  const info = await groupInfo(
    ctx.db,
    groupBy,
    groups.map((g) => g.id),
  );
  const rows = groups.map((g) => {
    const i = info.get(g.id);
    const rates = ratesFromCounts(g.counts, i?.households ?? null);
    return {
      id: g.id,
      name: i?.name ?? String(g.id),
      peer: i?.peer ?? groupBy,
      households: i?.households ?? null,
      volume: groupBy === 'unit' ? g.counts.dispatched : g.counts.volume,
      rates,
      counts: g.counts,
      score: scoreOf(scheme, rates),
    };
  });
  return rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || b.volume - a.volume || a.id - b.id);
}

/** GET /api/evaluation/rates */
export async function ratesReport(ctx: AppContext, actor: SessionActor, q: RatesInput) {
  const p = parsePeriod(q.from, q.to);
  const scheme = pickScheme(await readSchemes(ctx.db), q.scheme);
  const rows = await rateRows(ctx, actor, p, q.groupBy, scheme, q.peer);
  return { groupBy: q.groupBy, from: iso(p.from), to: iso(p.to), scheme: scheme.id, rows };
}

/**
 * GET /api/evaluation/ranking: the month's rows ranked within peer groups (unit kind, or place
 * level), last month's rank beside them, and the red and black lists.
 */
export async function rankingReport(ctx: AppContext, actor: SessionActor, q: RankingInput) {
  const scheme = pickScheme(await readSchemes(ctx.db), q.scheme);
  const { period, previous, previousMonth } = monthPeriod(q.month);
  const [current, before] = await Promise.all([
    rateRows(ctx, actor, period, q.groupBy, scheme, q.peer),
    rateRows(ctx, actor, previous, q.groupBy, scheme, q.peer),
  ]);
  const key = (r: RateRow) => String(r.id);
  const ranked = rankRows(
    current.map((r) => ({ key: key(r), peer: r.peer, volume: r.volume, rates: r.rates, score: r.score })),
    scheme,
  );
  const last = new Map(
    rankRows(
      before.map((r) => ({ key: key(r), peer: r.peer, volume: r.volume, rates: r.rates, score: r.score })),
      scheme,
    ).map((r) => [r.key, r]),
  );
  const byKey = new Map(ranked.map((r) => [r.key, r]));
  const rows = current.map((r) => {
    const now = byKey.get(key(r))!;
    const prev = last.get(key(r));
    const previousRank = prev?.rank ?? null;
    return {
      ...r,
      rank: now.rank,
      ranked: now.ranked,
      unrankedReason: now.unrankedReason,
      previousRank,
      previousScore: prev?.score ?? null,
      change: now.rank !== null && previousRank !== null ? previousRank - now.rank : null,
      list: now.list,
      belowFloor: now.belowFloor,
    };
  });
  rows.sort((a, b) => a.peer.localeCompare(b.peer) || (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.volume - a.volume || a.id - b.id);
  return {
    month: q.month,
    previousMonth,
    groupBy: q.groupBy,
    scheme: scheme.id,
    minVolume: scheme.minVolume,
    rows,
    red: rows.filter((r) => r.list === 'red').map((r) => r.id),
    black: rows.filter((r) => r.list === 'black').map((r) => r.id),
  };
}

const DAY = 24 * 3600_000;

function share(count: number, total: number) {
  const s = ratio(count, total) ?? 0;
  return { count, share: s, percent: percent(s) ?? 0 };
}

/** GET /api/evaluation/portrait: the problem portrait of a place or unit over a period. */
export async function portraitReport(ctx: AppContext, actor: SessionActor, q: PortraitInput) {
  if ((q.placeId === undefined) === (q.unitId === undefined)) {
    throw new AppError('validation', 'placeId', { zh: '须给出 placeId 或 unitId 之一', en: 'give either placeId or unitId' });
  }
  const p = parsePeriod(q.from, q.to);
  const before = q.before === undefined ? null : Date.parse(q.before);
  if (before !== null && !(before > p.from && before < p.to)) {
    throw new AppError('validation', 'before', { zh: '对比时间须在统计区间内', en: 'before must lie inside the period' });
  }
  const target = await findPortraitTarget(ctx.db, q.placeId, q.unitId);
  if (!target) throw notFound(q.placeId !== undefined ? 'placeId' : 'unitId');
  const now = ctx.clock.now();
  const d =
    (await rollupPortrait(ctx, actor, target, p, now, before)) ?? (await portraitData(ctx.db, ctx.engine, actor, target, p, now, before));
  const households = target.kind === 'place' ? target.households : null;
  const rates = ratesFromCounts(d.counts, households);
  const volume = d.counts.volume;
  const side = (count: number, hardware: number, days: number) => ({
    count,
    days,
    perMonth: Math.round(((count * 30) / days) * 100) / 100,
    hardwareShare: ratio(hardware, count),
  });
  return {
    target: { kind: target.kind, id: target.id, name: target.name, level: target.kind === 'place' ? target.level : null, households },
    from: iso(p.from),
    to: iso(p.to),
    volume,
    trend: d.trend,
    byKind: ['hardware', 'service', 'other'].map((kind) => ({ kind, ...share(d.kinds.find((k) => k.kind === kind)?.count ?? 0, volume) })),
    byCategory: d.categoryGroups.map((c) => ({ id: c.id, name: c.name, kind: c.kind, ...share(c.count, volume) })),
    topProblems: d.topCategories.map((c) => ({ id: c.id, name: c.name, kind: c.kind, ...share(c.count, volume) })),
    hotBuildings: d.buildings.map((b) => ({ id: b.id, name: b.name, ...share(b.count, volume) })),
    repeatCallers: d.repeatCallers.map((c) => ({ phone: c.phone, count: c.count, lastAt: iso(c.lastAt) })),
    deadlines: { signoff: rates.signoff, response: rates.response, onTime: rates.onTime, overdue: d.overdue },
    rates,
    counts: d.counts,
    beforeAfter:
      before === null || d.split === null
        ? null
        : {
            at: iso(before),
            before: side(d.split.before, d.split.beforeHardware, (before - p.from) / DAY),
            after: side(d.split.after, d.split.afterHardware, (p.to - before) / DAY),
          },
  };
}
