/**
 * Dashboards (common/dashboard.ts): grouped counts for the home pages, the overview of the
 * district or a street / community / compound, a unit's view and the big screen — all from the
 * rollups, so each answer reads a bounded number of rollup rows whatever the history's size.
 */
import { ratio, ratesFromCounts, scoreOf, type ScoreScheme } from '../../common/evaluation';
import { CLOCK_STATUSES, OPEN_STATUSES, STATUSES } from '../../common/lifecycle';
import { addDays, shanghaiDate } from '../../common/calendar';
import type { CountsResponseT, Granularity, OverviewQueryT, ScreenQueryT, UnitViewQueryT } from '../../common/dashboard';
import type { SessionActor } from '../auth/actor';
import { can } from '../auth/policy';
import type { AppContext } from '../context';
import type { Db } from '../db';
import { tableWrites } from '../db';
import { cached, RowCache } from '../db/row-cache';
import { AppError, notFound } from '../errors';
import { orderScope } from '../work-orders';
import {
  categorySums,
  childrenTotal,
  countsOf,
  groupVectors,
  latestOrders,
  monthSeries,
  periodDays,
  periodTotal,
  seriesDays,
  statusCells,
  unitCompoundSums,
  zeroVector,
  volumes,
  type DayRange,
  type DueSteps,
  type SeriesCounts,
} from './rollup-queries';
import { districtWide, reference, schemesCached, type RefPlace, type Reference } from './reference';
import { statusKey, type RollupOrder, type Scope, type Vector } from './rollups';
import { pickScheme } from './schemes';

const DAY = 24 * 3600_000;
const iso = (t: number) => new Date(t).toISOString();
const OPEN = new Set<string>(OPEN_STATUSES);
const CLOCK = new Set<string>(CLOCK_STATUSES);

// ── days ─────────────────────────────────────────────────────────────────

const dayMs = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const MAX_DAYS = 3 * 366;

/** The period asked for, or the last 30 days; 400 when reversed, invalid or longer than three years. */
export function dayRange(today: string, from?: string, to?: string, defaultDays = 30): DayRange {
  const end = to ?? today;
  const start = from ?? addDays(end, -(defaultDays - 1));
  for (const [field, d] of [
    ['from', start],
    ['to', end],
  ] as const) {
    if (dayOf(dayMs(d)) !== d) throw new AppError('validation', field, { zh: `日期 ${d} 无效`, en: `${d} is not a valid date` });
  }
  if (start > end) throw new AppError('validation', 'to', { zh: '结束日期须不早于开始日期', en: 'to must not be before from' });
  if ((dayMs(end) - dayMs(start)) / DAY >= MAX_DAYS)
    throw new AppError('validation', 'from', { zh: '统计区间最长三年', en: 'the period may span three years at most' });
  return { from: start, to: end };
}

function periods(r: DayRange, g: Granularity): string[] {
  const out: string[] = [];
  if (g === 'month') {
    for (let m = r.from.slice(0, 7); m <= r.to.slice(0, 7); m = nextMonth(m)) out.push(m);
    return out;
  }
  for (let d = r.from; d <= r.to; d = addDays(d, 1)) out.push(d);
  return out;
}

const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
const monthEnd = (d: string) => addDays(`${nextMonth(d.slice(0, 7))}-01`, -1);
function nextMonth(m: string) {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
}
function prevMonth(m: string) {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 1 ? `${y - 1}-12` : `${y}-${String(mm - 1).padStart(2, '0')}`;
}

// ── scopes ───────────────────────────────────────────────────────────────

type PlaceLevel = 'district' | 'street' | 'community' | 'compound';
const CHILD: Record<PlaceLevel, 'street' | 'community' | 'compound' | null> = {
  district: 'street',
  street: 'community',
  community: 'compound',
  compound: null,
};
const COLUMN: Record<PlaceLevel, 'street_id' | 'community_id' | 'compound_id' | null> = {
  district: null,
  street: 'street_id',
  community: 'community_id',
  compound: 'compound_id',
};

export interface PlaceScope {
  scope: Scope;
  id: number;
  level: PlaceLevel;
  placeId: number | null;
  name: string;
  households: number | null;
}

function districtScope(ref: Reference): PlaceScope {
  const d = ref.byLevel.get('district')![0];
  return { scope: 'all', id: 0, level: 'district', placeId: d?.id ?? null, name: d?.name ?? '全区', households: d?.households ?? null };
}

/** The place a dashboard is drawn for: `placeId` if the actor may see it (404 otherwise), else the actor's own place. */
export async function placeScope(ctx: AppContext, actor: SessionActor, placeId: number | undefined, ref: Reference): Promise<PlaceScope> {
  const wide = districtWide(actor);
  const want = placeId ?? (wide ? undefined : (actor.placeId ?? undefined));
  if (want === undefined) {
    if (!wide) throw new AppError('forbidden');
    return districtScope(ref);
  }
  // Buildings are not in the reference: read to tell "not yours" (404) from "not drawn at that level" (400).
  const p =
    ref.places.get(want) ??
    (await ctx.db.selectFrom('places').select(['id', 'name', 'level', 'path']).where('id', '=', want).executeTakeFirst());
  if (!p || (!wide && !(actor.placeId !== null && p.path.includes(`/${actor.placeId}/`)))) throw notFound('placeId');
  if (!(p.level in CHILD)) {
    throw new AppError('validation', 'placeId', {
      zh: '看板只按区、街道、社区或小区统计',
      en: 'dashboards are drawn for the district, a street, a community or a compound',
    });
  }
  const level = p.level as PlaceLevel;
  if (level === 'district') return districtScope(ref);
  return { scope: level, id: p.id, level, placeId: p.id, name: p.name, households: ref.places.get(p.id)?.households ?? null };
}

/** The places one level below `parent` (streets of the district, communities of a street …). */
function placesBelow(ref: Reference, level: 'street' | 'community' | 'compound', parent: PlaceScope): RefPlace[] {
  const all = ref.byLevel.get(level)!;
  if (parent.level === 'district') return all;
  if (parent.level === 'compound') return all.filter((p) => p.id === parent.id);
  const col = COLUMN[parent.level]!;
  return all.filter((p) => (col === 'street_id' ? p.street_id : p.community_id) === parent.placeId);
}

// ── grouped counts ───────────────────────────────────────────────────────

type Cell = { status: string; overdue: number; supervised: number; due_day: string; n: number };

function summarise(cells: Cell[], now: number): CountsResponseT {
  const today = shanghaiDate(now);
  const by = new Map<string, number>(STATUSES.map((s) => [s, 0]));
  let open = 0;
  let overdue = 0;
  let dueToday = 0;
  let supervised = 0;
  for (const c of cells) {
    const n = Number(c.n);
    by.set(c.status, (by.get(c.status) ?? 0) + n);
    if (OPEN.has(c.status)) open += n;
    if (c.overdue) overdue += n;
    if (CLOCK.has(c.status) && !c.overdue && c.due_day === today) dueToday += n;
    if (c.supervised) supervised += n;
  }
  const get = (s: string) => by.get(s) ?? 0;
  return {
    asOf: iso(now),
    today,
    byStatus: STATUSES.map((status) => ({ status, count: get(status) })),
    total: [...by.values()].reduce((a, b) => a + b, 0),
    open,
    overdue,
    dueToday,
    supervised,
    awaitingCallback: get('callback'),
    awaitingRating: get('replied') + get('callback') + get('judging'),
  };
}

const CELL_COLUMNS = ['id', 'status', 'overdue', 'supervision_level', 'resolution_due_at'] as const;

/** Cells computed from orders (scopes the rollups do not key: a building, a resident). */
function cellsOf(rows: Pick<RollupOrder, (typeof CELL_COLUMNS)[number]>[]): Cell[] {
  return rows.map((r) => {
    const [status, overdue, supervised, due_day] = statusKey(r as RollupOrder).split('|');
    return { status: status!, overdue: Number(overdue), supervised: Number(supervised), due_day: due_day!, n: 1 };
  });
}

/** GET /api/dashboard/counts: the caller's orders by status, overdue, due today, supervised, awaiting callback. */
export async function countsReport(ctx: AppContext, actor: SessionActor): Promise<CountsResponseT> {
  const now = ctx.clock.now();
  const db = ctx.db;
  const level = actor.placeLevel;
  if (
    actor.role === 'admin' ||
    (['supervisor', 'dispatcher', 'inspector'].includes(actor.role) && actor.placeId !== null && level === 'district')
  ) {
    return summarise(await statusCells(db, 'all', 0), now);
  }
  if (
    ['supervisor', 'dispatcher', 'inspector'].includes(actor.role) &&
    actor.placeId !== null &&
    (level === 'street' || level === 'community' || level === 'compound')
  ) {
    return summarise(await statusCells(db, level, actor.placeId), now);
  }
  if (actor.role === 'handler' && actor.unitId !== null) {
    // The orders the unit leads and those it only co-handles: two scopes of the rollup.
    const [lead, co] = await Promise.all([statusCells(db, 'unit', actor.unitId), statusCells(db, 'co', actor.unitId)]);
    return summarise([...lead, ...co], now);
  }
  // Everyone else (a resident, a building-level account): their few orders, read directly.
  const rows = await db
    .selectFrom('work_orders as wo')
    .select(CELL_COLUMNS.map((c) => `wo.${c}` as const))
    .where(orderScope(actor))
    .limit(10_000)
    .execute();
  return summarise(cellsOf(rows), now);
}

// ── answers kept a few seconds ───────────────────────────────────────────

/**
 * The overview, unit view and big screen are kept per scope and query for at most
 * RESULT_SECONDS of the application clock (the key carries the clock's 5-second slot, so a test's
 * clock jump is a new key too), and dropped at once by any write in this process to the rollups,
 * the orders or the reference tables they are drawn from (the write feed of
 * server/db/row-cache.ts). So a command centre of many screens refreshing together costs one
 * computation per slot, and a figure is never older than RESULT_SECONDS: only the time-driven parts
 * (steps falling due, "due today") can lag by that much, or a write by another app server on
 * PostgreSQL (not heard here). The scope check runs on every request, before the cache.
 */
const RESULT_SECONDS = Number(process.env.GZ_DASHBOARD_CACHE_SECONDS ?? 5); // 0: no cache (the benchmark measures the computation)
const RESULT_TABLES = [
  'rollup_status',
  'rollup_day',
  'rollup_category',
  'rollup_due',
  'rollup_unit_compound',
  'work_orders',
  'places',
  'units',
  'categories',
  'settings',
];
const RESULTS = new WeakMap<Db, RowCache<string, unknown>>();

function resultCache(db: Db): RowCache<string, unknown> | null {
  const writes = tableWrites(db);
  if (!writes || !(RESULT_SECONDS > 0)) return null;
  let cache = RESULTS.get(db);
  if (!cache) {
    const c = (cache = new RowCache<string, unknown>(RESULT_SECONDS * 1000, 500));
    writes.on(RESULT_TABLES, () => c.clear());
    RESULTS.set(db, c);
  }
  return cache;
}

async function remembered<T>(ctx: AppContext, key: string, compute: () => Promise<T>): Promise<T> {
  const slot = RESULT_SECONDS > 0 ? Math.floor(ctx.clock.now() / (RESULT_SECONDS * 1000)) : 0;
  return (await cached(resultCache(ctx.db), `${key}|${slot}`, compute)) as T;
}

// ── period figures ───────────────────────────────────────────────────────

function ratesAndScore(v: Vector, due: DueSteps | undefined, households: number | null, s: ScoreScheme) {
  const rates = ratesFromCounts(countsOf(v, due), households);
  return { rates, score: scoreOf(s, rates) };
}

/** Totals of one scope over `r` (its summed vector and steps fallen due) and its series over `r` from its days. */
function figures(
  total: Vector,
  due: DueSteps,
  days: Map<string, SeriesCounts>,
  r: DayRange,
  g: Granularity,
  households: number | null,
  s: ScoreScheme,
) {
  const byPeriod = new Map<string, SeriesCounts>();
  for (const [day, v] of days) {
    if (day < r.from || day > r.to) continue;
    const p = g === 'day' ? day : day.slice(0, 7);
    const at = byPeriod.get(p);
    if (!at) byPeriod.set(p, { ...v });
    else {
      at.volume += v.volume;
      at.closed += v.closed;
      at.rated += v.rated;
      at.rated_satisfied += v.rated_satisfied;
    }
  }
  const { rates, score } = ratesAndScore(total, due, households, s);
  return {
    totals: {
      volume: total.volume,
      dispatched: total.dispatched,
      closed: total.closed,
      overdue: total.overdue,
      rated: total.rated,
      rates,
      score,
    },
    series: seriesOf(r, g, byPeriod),
  };
}

/** One point per period of the range (zeros where nothing happened). */
function seriesOf(r: DayRange, g: Granularity, byPeriod: Map<string, SeriesCounts>) {
  return periods(r, g).map((period) => {
    const v = byPeriod.get(period) ?? zeroVector();
    return { period, volume: v.volume, closed: v.closed, satisfaction: ratio(v.rated_satisfied, v.rated) };
  });
}

/** The part the overview and the unit view share (PeriodFigures in common/dashboard.ts). */
function periodFigures<S>(
  ref: Reference,
  scope: S,
  f: ReturnType<typeof figures>,
  r: DayRange,
  g: Granularity,
  cats: Map<number, number>,
  compounds: Map<number, number>,
  top: number,
) {
  return {
    scope,
    from: r.from,
    to: r.to,
    granularity: g,
    totals: f.totals,
    series: f.series,
    ...categories(ref, cats, top),
    topCompounds: topCompounds(ref, compounds, top, f.totals.volume),
  };
}

/** Share by kind and the top categories, from a scope's counts per category id. */
function categories(ref: Reference, sums: Map<number, number>, top: number) {
  const rows = [...sums].flatMap(([id, count]) => {
    const c = ref.categories.get(id);
    return c ? [{ id, name: c.name, kind: c.kind, count }] : [];
  });
  const total = rows.reduce((a, c) => a + c.count, 0);
  const share = (n: number) => ratio(n, total) ?? 0;
  const kinds = new Map<string, number>([
    ['hardware', 0],
    ['service', 0],
    ['other', 0],
  ]);
  for (const c of rows) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + c.count);
  return {
    byKind: [...kinds].map(([kind, count]) => ({ kind, count, share: share(count) })),
    topCategories: rows
      .sort((a, b) => b.count - a.count || a.id - b.id)
      .slice(0, top)
      .map((c) => ({ ...c, share: share(c.count) })),
  };
}

type Groups = Awaited<ReturnType<typeof groupVectors>>;

/** Rows of places (children of a scope), each with its rates and score. */
function placeRows(places: RefPlace[], level: 'street' | 'community' | 'compound', g: Groups, s: ScoreScheme) {
  return places.map((p) => {
    const v = g.vectors.get(`${level}|${p.id}`) ?? zeroVector();
    return {
      id: p.id,
      name: p.name,
      level,
      volume: v.volume,
      closed: v.closed,
      overdue: v.overdue,
      households: p.households,
      ...ratesAndScore(v, g.due.get(`${level}|${p.id}`), p.households, s),
    };
  });
}

/** Rows of the lead units `ids` (the busiest first), with rates and score. */
function unitRows(ref: Reference, ids: number[], g: Groups, s: ScoreScheme) {
  return ids.map((id) => {
    const v = g.vectors.get(`unit|${id}`) ?? zeroVector();
    const u = ref.units.get(id);
    return {
      id,
      name: u?.name ?? String(id),
      level: u?.kind ?? 'unit',
      volume: v.volume,
      closed: v.closed,
      overdue: v.overdue,
      households: null,
      ...ratesAndScore(v, g.due.get(`unit|${id}`), null, s),
    };
  });
}

/** The ids with the largest counts (ties: lower id first), at most `top`. */
const busiest = (counts: Map<number, number>, top: number): [number, number][] =>
  [...counts]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, top);

/** The `top` compounds by volume, with their share of `total`. */
function topCompounds(ref: Reference, counts: Map<number, number>, top: number, total: number) {
  return busiest(counts, top).map(([id, count]) => ({
    id,
    name: ref.places.get(id)?.name ?? String(id),
    count,
    share: ratio(count, total) ?? 0,
  }));
}

const scopeInfo = (p: PlaceScope) => ({
  kind: p.scope === 'all' ? ('district' as const) : ('place' as const),
  id: p.placeId,
  name: p.name,
  level: p.level,
});
const granularityOf = (r: DayRange, g: Granularity | undefined): Granularity =>
  g ?? ((dayMs(r.to) - dayMs(r.from)) / DAY > 62 ? 'month' : 'day');

/**
 * GET /api/dashboard/overview: the scope's days and due steps, its categories, the volumes of its
 * compounds and (district) of all units — index-only reads — then the full figures of its children
 * and of its busiest units only.
 */
export async function overviewReport(ctx: AppContext, actor: SessionActor, q: OverviewQueryT) {
  const r = dayRange(shanghaiDate(ctx.clock.now()), q.from, q.to);
  const g = granularityOf(r, q.granularity);
  const top = q.top ?? 10;
  const [ref, schemes] = await Promise.all([reference(ctx.db), schemesCached(ctx.db)]);
  const place = await placeScope(ctx, actor, q.placeId, ref);
  const s = pickScheme(schemes, undefined);
  return remembered(ctx, `overview|${place.scope}|${place.id}|${r.from}|${r.to}|${g}|${top}`, () =>
    overview(ctx, ref, place, s, r, g, top),
  );
}

async function overview(ctx: AppContext, ref: Reference, place: PlaceScope, s: ScoreScheme, r: DayRange, g: Granularity, top: number) {
  const now = ctx.clock.now();
  const child = CHILD[place.level];
  const kids = child ? placesBelow(ref, child, place) : [];
  const compoundIds = placesBelow(ref, 'compound', place).map((p) => p.id);
  const none: Groups = { vectors: new Map(), due: new Map() };
  const [days, cats, compounds, unitVolumes, kv] = await Promise.all([
    seriesDays(ctx.reads, place.scope, place.id, r),
    categorySums(ctx.reads, place.scope, place.id, r),
    volumes(ctx.reads, 'compound', r, compoundIds),
    place.scope === 'all' ? volumes(ctx.reads, 'unit', r, [...ref.units.keys()]) : new Map<number, number>(),
    child ? groupVectors(ctx.reads, [{ scope: child, ids: kids.map((p) => p.id) }], r, now) : none,
  ]);
  // The place's own total is its children's when they hold all its orders (the usual case): two reads fewer.
  const volume = [...days.values()].reduce((n, d) => n + d.volume, 0);
  const units = busiest(unitVolumes, top).map(([id]) => id);
  const [own, uv] = await Promise.all([
    childrenTotal(kv, volume) ?? periodTotal(ctx.reads, place.scope, place.id, r, now),
    groupVectors(ctx.reads, [{ scope: 'unit', ids: units }], r, now),
  ]);
  return {
    ...periodFigures(ref, scopeInfo(place), figures(own.total, own.due, days, r, g, place.households, s), r, g, cats, compounds, top),
    children: child ? placeRows(kids, child, kv, s) : [],
    units: unitRows(ref, units, uv, s),
  };
}

/** GET /api/dashboard/unit: a unit's lead orders; a handler sees only their own unit. */
export async function unitViewReport(ctx: AppContext, actor: SessionActor, q: UnitViewQueryT) {
  const unitId = q.unitId ?? actor.unitId ?? undefined;
  if (unitId === undefined) throw new AppError('validation', 'unitId', { zh: '须指定单位', en: 'unitId is required' });
  if (!can(actor, 'evaluation.read') && !(actor.role === 'handler' && actor.unitId === unitId)) {
    if (actor.role === 'handler') throw notFound('unitId');
    throw new AppError('forbidden');
  }
  const [ref, schemes] = await Promise.all([reference(ctx.db), schemesCached(ctx.db)]);
  const unit = ref.units.get(unitId);
  if (!unit) throw notFound('unitId');
  const r = dayRange(shanghaiDate(ctx.clock.now()), q.from, q.to);
  const g = granularityOf(r, q.granularity);
  const top = q.top ?? 10;
  return remembered(ctx, `unit|${unit.id}|${r.from}|${r.to}|${g}|${top}`, () =>
    unitView(ctx, ref, unit, pickScheme(schemes, undefined), r, g, top),
  );
}

async function unitView(
  ctx: AppContext,
  ref: Reference,
  unit: { id: number; name: string; kind: string },
  s: ScoreScheme,
  r: DayRange,
  g: Granularity,
  top: number,
) {
  const now = ctx.clock.now();
  const [sd, cats, compounds, cells] = await Promise.all([
    periodDays(ctx.reads, 'unit', unit.id, r, now),
    categorySums(ctx.reads, 'unit', unit.id, r),
    unitCompoundSums(ctx.reads, unit.id, r),
    statusCells(ctx.reads, 'unit', unit.id),
  ]);
  const sum = summarise(cells, now);
  const scope = { kind: 'unit' as const, id: unit.id, name: unit.name, level: unit.kind };
  return {
    ...periodFigures(ref, scope, figures(sd.total, sd.due, sd.days, r, g, null, s), r, g, cats, compounds, top),
    byStatus: sum.byStatus,
    open: sum.open,
    overdueNow: sum.overdue,
    dueToday: sum.dueToday,
  };
}

/**
 * GET /api/dashboard/screen: the command centre's big screen (大屏): today, this month and last
 * month with their rates, 30 days, 12 months, and the children's month. The month's own total is
 * its children's sum when they hold all its orders (childrenTotal), as in the overview.
 */
export async function screenReport(ctx: AppContext, actor: SessionActor, q: ScreenQueryT) {
  const [ref, schemes] = await Promise.all([reference(ctx.db), schemesCached(ctx.db)]);
  const place = await placeScope(ctx, actor, q.placeId, ref);
  const s = pickScheme(schemes, undefined);
  return remembered(ctx, `screen|${place.scope}|${place.id}`, () => screen(ctx, ref, place, s));
}

async function screen(ctx: AppContext, ref: Reference, place: PlaceScope, s: ScoreScheme) {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const month = today.slice(0, 7);
  const last = prevMonth(month);
  const thisMonth: DayRange = { from: monthStart(today), to: today };
  const lastMonth: DayRange = { from: `${last}-01`, to: monthEnd(`${last}-01`) };
  const year: DayRange = { from: `${addDays(`${month}-01`, -335).slice(0, 7)}-01`, to: today };
  const child = CHILD[place.level];
  const kids = child ? placesBelow(ref, child, place) : [];
  // The month's and last month's totals with their rates; the last 30 days and 12 months as series only.
  const last30: DayRange = { from: addDays(today, -29), to: today };
  const [ownMonth, lastT, days, months, cats, gv, cells, latest] = await Promise.all([
    // With children, the month's total is theirs (childrenTotal below), unless some order has no child place.
    child ? null : periodTotal(ctx.reads, place.scope, place.id, thisMonth, now),
    periodTotal(ctx.reads, place.scope, place.id, lastMonth, now),
    seriesDays(ctx.reads, place.scope, place.id, last30),
    monthSeries(ctx.reads, place.scope, place.id, year),
    categorySums(ctx.reads, place.scope, place.id, thisMonth),
    child ? groupVectors(ctx.reads, [{ scope: child, ids: kids.map((p) => p.id) }], thisMonth, now) : null,
    statusCells(ctx.reads, place.scope, place.id),
    latestOrders(ctx.reads, COLUMN[place.level], place.placeId, 10),
  ]);
  const monthT =
    ownMonth ?? (gv && childrenTotal(gv, months.get(month)?.volume ?? 0)) ?? (await periodTotal(ctx.reads, place.scope, place.id, thisMonth, now));
  const todayF = days.get(today) ?? zeroVector();
  const monthF = figures(monthT.total, monthT.due, days, thisMonth, 'month', place.households, s);
  const lastF = figures(lastT.total, lastT.due, days, lastMonth, 'month', place.households, s);
  const sum = summarise(cells, now);
  return {
    asOf: iso(now),
    refreshSeconds: 60,
    scope: scopeInfo(place),
    today: {
      day: today,
      received: todayF.volume,
      closed: todayF.closed,
      open: sum.open,
      overdue: sum.overdue,
      dueToday: sum.dueToday,
      supervised: sum.supervised,
    },
    month: { month, volume: monthF.totals.volume, rates: monthF.totals.rates, score: monthF.totals.score },
    lastMonth: { month: last, volume: lastF.totals.volume, rates: lastF.totals.rates, score: lastF.totals.score },
    last30: seriesOf(last30, 'day', days),
    last12: seriesOf(year, 'month', months).slice(-12),
    ...categories(ref, cats, 10),
    children: child && gv ? placeRows(kids, child, gv, s) : [],
    byStatus: sum.byStatus,
    latest: latest.map((o) => ({
      id: o.id,
      number: o.number,
      title: o.title,
      category: o.category,
      place: o.place,
      status: o.status,
      receivedAt: iso(o.received_at),
    })),
  };
}
