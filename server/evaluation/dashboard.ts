/**
 * Dashboards (common/dashboard.ts): grouped counts for the home pages, the overview of the
 * district or a street / community / compound, a unit's view and the big screen — all from the
 * rollups, so each answer reads a bounded number of rollup rows whatever the history's size.
 */
import { sql } from 'kysely';
import { ratio, ratesFromCounts, scoreOf, type ScoreScheme } from '../../common/evaluation';
import { CLOCK_STATUSES, OPEN_STATUSES, STATUSES } from '../../common/lifecycle';
import { shanghaiDate } from '../../common/calendar';
import type { CountsResponseT, Granularity, OverviewQueryT, ScreenQueryT, UnitViewQueryT } from '../../common/dashboard';
import type { SessionActor } from '../auth/actor';
import { can } from '../auth/policy';
import type { AppContext } from '../context';
import type { Db } from '../db';
import { AppError, notFound } from '../errors';
import { orderScope } from '../work-orders';
import { addVector, categoryCounts, childPlaces, childVectors, countsOf, dayVectors, dueCounts, latestOrders, statusCells, zeroVector, type DayRange } from './rollup-queries';
import { statusKey, type RollupOrder, type Scope, type Vector } from './rollups';
import { pickScheme, readSchemes } from './schemes';

const DAY = 24 * 3600_000;
const iso = (t: number) => new Date(t).toISOString();
const OPEN = new Set<string>(OPEN_STATUSES);
const CLOCK = new Set<string>(CLOCK_STATUSES);

// ── days ─────────────────────────────────────────────────────────────────

const dayMs = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (d: string, n: number) => dayOf(dayMs(d) + n * DAY);
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
  if ((dayMs(end) - dayMs(start)) / DAY >= MAX_DAYS) throw new AppError('validation', 'from', { zh: '统计区间最长三年', en: 'the period may span three years at most' });
  return { from: start, to: end };
}

function periods(r: DayRange, g: Granularity): string[] {
  const out: string[] = [];
  for (let d = r.from; d <= r.to; d = addDays(d, 1)) {
    const p = g === 'day' ? d : d.slice(0, 7);
    if (out[out.length - 1] !== p) out.push(p);
  }
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
const CHILD: Record<PlaceLevel, 'street' | 'community' | 'compound' | null> = { district: 'street', street: 'community', community: 'compound', compound: null };
const COLUMN: Record<PlaceLevel, 'street_id' | 'community_id' | 'compound_id' | null> = { district: null, street: 'street_id', community: 'community_id', compound: 'compound_id' };

export interface PlaceScope {
  scope: Scope;
  id: number;
  level: PlaceLevel;
  placeId: number | null;
  name: string;
  households: number | null;
}

async function districtScope(db: Db): Promise<PlaceScope> {
  const d = await db.selectFrom('places').select(['id', 'name']).where('level', '=', 'district').orderBy('id').executeTakeFirst();
  const h = await db.selectFrom('places').select(sql<number>`sum(households)`.as('h')).where('level', '=', 'compound').executeTakeFirst();
  return { scope: 'all', id: 0, level: 'district', placeId: d?.id ?? null, name: d?.name ?? '全区', households: h?.h ? Number(h.h) : null };
}

/** The place a dashboard is drawn for: `placeId` if the actor may see it (404 otherwise), else the actor's own place. */
export async function placeScope(ctx: AppContext, actor: SessionActor, placeId: number | undefined): Promise<PlaceScope> {
  const wide = actor.role === 'admin' || actor.placeLevel === 'district';
  const want = placeId ?? (wide ? undefined : (actor.placeId ?? undefined));
  if (want === undefined) {
    if (!wide) throw new AppError('forbidden');
    return districtScope(ctx.db);
  }
  const p = await ctx.db.selectFrom('places').select(['id', 'name', 'level', 'path', 'households']).where('id', '=', want).executeTakeFirst();
  if (!p || (!wide && !(actor.placeId !== null && p.path.includes(`/${actor.placeId}/`)))) throw notFound('placeId');
  if (!(p.level in CHILD)) {
    throw new AppError('validation', 'placeId', { zh: '看板只按区、街道、社区或小区统计', en: 'dashboards are drawn for the district, a street, a community or a compound' });
  }
  const level = p.level as PlaceLevel;
  if (level === 'district') return districtScope(ctx.db);
  let households = p.households;
  if (households === null) {
    const col = level === 'street' ? 'street_id' : 'community_id';
    const h = await ctx.db.selectFrom('places').select(sql<number>`sum(households)`.as('h')).where('level', '=', 'compound').where(col, '=', p.id).executeTakeFirst();
    households = h?.h ? Number(h.h) : null;
  }
  return { scope: level, id: p.id, level, placeId: p.id, name: p.name, households };
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

/** Cells computed from orders (scopes the rollups do not key: a building, a resident, a unit's co-handled orders). */
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
  if (actor.role === 'admin' || (['supervisor', 'dispatcher', 'inspector'].includes(actor.role) && actor.placeId !== null && level === 'district')) {
    return summarise(await statusCells(db, 'all', 0), now);
  }
  if (['supervisor', 'dispatcher', 'inspector'].includes(actor.role) && actor.placeId !== null && (level === 'street' || level === 'community' || level === 'compound')) {
    return summarise(await statusCells(db, level, actor.placeId), now);
  }
  if (actor.role === 'handler' && actor.unitId !== null) {
    const unitId = actor.unitId;
    // Lead orders from the rollup; orders the unit only co-handles, from order_units.
    const co = await db
      .selectFrom('order_units as ou')
      .innerJoin('work_orders as wo', 'wo.id', 'ou.order_id')
      .select(CELL_COLUMNS.map((c) => `wo.${c}` as const))
      .where('ou.unit_id', '=', unitId)
      .where('ou.role', '=', 'co')
      .where((eb) => eb.or([eb('wo.lead_unit_id', 'is', null), eb('wo.lead_unit_id', '!=', unitId)]))
      .execute();
    return summarise([...(await statusCells(db, 'unit', unitId)), ...cellsOf(co)], now);
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

// ── period figures ───────────────────────────────────────────────────────

async function scheme(ctx: AppContext): Promise<ScoreScheme> {
  return pickScheme(await readSchemes(ctx.db), undefined);
}

function ratesAndScore(v: Vector, due: Record<string, number> | undefined, households: number | null, s: ScoreScheme) {
  const rates = ratesFromCounts(countsOf(v, due), households);
  return { rates, score: scoreOf(s, rates) };
}

/** Totals and series of one scope over a range. */
async function figures(ctx: AppContext, scope: Scope, id: number, r: DayRange, g: Granularity, households: number | null, s: ScoreScheme) {
  const now = ctx.clock.now();
  const [days, due] = await Promise.all([dayVectors(ctx.db, scope, id, r), dueCounts(ctx.db, scope, [id], r, now)]);
  const total = zeroVector();
  const byPeriod = new Map<string, Vector>();
  for (const { day, v } of days) {
    addVector(total, v);
    const p = g === 'day' ? day : day.slice(0, 7);
    byPeriod.set(p, addVector(byPeriod.get(p) ?? zeroVector(), v));
  }
  const { rates, score } = ratesAndScore(total, due.get(id), households, s);
  return {
    totals: { volume: total.volume, dispatched: total.dispatched, closed: total.closed, overdue: total.overdue, rated: total.rated, rates, score },
    series: periods(r, g).map((period) => {
      const v = byPeriod.get(period) ?? zeroVector();
      return { period, volume: v.volume, closed: v.closed, satisfaction: ratio(v.rated_satisfied, v.rated) };
    }),
  };
}

async function categories(ctx: AppContext, scope: Scope, id: number, r: DayRange, top: number) {
  const rows = await categoryCounts(ctx.db, scope, id, r);
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

/** Rows of the children of a place scope (or of units), each with its rates and score. */
async function children(ctx: AppContext, level: 'street' | 'community' | 'compound', parent: PlaceScope, r: DayRange, s: ScoreScheme) {
  const places = await childPlaces(ctx.db, level, { column: COLUMN[parent.level], id: parent.placeId });
  const ids = places.map((p) => p.id);
  const [vectors, due] = await Promise.all([childVectors(ctx.db, level, r, ids), dueCounts(ctx.db, level, ids, r, ctx.clock.now())]);
  return places.map((p) => {
    const v = vectors.get(p.id) ?? zeroVector();
    return { id: p.id, name: p.name, level, volume: v.volume, closed: v.closed, overdue: v.overdue, households: p.households, ...ratesAndScore(v, due.get(p.id), p.households, s) };
  });
}

async function unitRows(ctx: AppContext, r: DayRange, s: ScoreScheme, top: number) {
  const [vectors, due] = await Promise.all([childVectors(ctx.db, 'unit', r, null), dueCounts(ctx.db, 'unit', null, r, ctx.clock.now())]);
  const ids = [...vectors.keys()].filter((id) => vectors.get(id)!.volume > 0);
  const busiest = ids.sort((a, b) => vectors.get(b)!.volume - vectors.get(a)!.volume || a - b).slice(0, top);
  const units = busiest.length ? await ctx.db.selectFrom('units').select(['id', 'name', 'kind']).where('id', 'in', busiest).execute() : [];
  const info = new Map(units.map((u) => [u.id, u]));
  return busiest.map((id) => {
    const v = vectors.get(id)!;
    return { id, name: info.get(id)?.name ?? String(id), level: info.get(id)?.kind ?? 'unit', volume: v.volume, closed: v.closed, overdue: v.overdue, households: null, ...ratesAndScore(v, due.get(id), null, s) };
  });
}

async function topCompounds(ctx: AppContext, parent: PlaceScope, r: DayRange, top: number, total: number) {
  const ids = parent.level === 'compound' ? [parent.id] : (await childPlaces(ctx.db, 'compound', { column: COLUMN[parent.level], id: parent.placeId })).map((p) => p.id);
  const vectors = await childVectors(ctx.db, 'compound', r, ids);
  const best = [...vectors]
    .filter(([, v]) => v.volume > 0)
    .sort((a, b) => b[1].volume - a[1].volume || a[0] - b[0])
    .slice(0, top);
  const names = best.length
    ? new Map(
        (
          await ctx.db
            .selectFrom('places')
            .select(['id', 'name'])
            .where(
              'id',
              'in',
              best.map(([id]) => id),
            )
            .execute()
        ).map((p) => [p.id, p.name]),
      )
    : new Map<number, string>();
  return best.map(([id, v]) => ({ id, name: names.get(id) ?? String(id), count: v.volume, share: ratio(v.volume, total) ?? 0 }));
}

const scopeInfo = (p: PlaceScope) => ({ kind: p.scope === 'all' ? ('district' as const) : ('place' as const), id: p.placeId, name: p.name, level: p.level });
const granularityOf = (r: DayRange, g: Granularity | undefined): Granularity => g ?? ((dayMs(r.to) - dayMs(r.from)) / DAY > 62 ? 'month' : 'day');

/** GET /api/dashboard/overview */
export async function overviewReport(ctx: AppContext, actor: SessionActor, q: OverviewQueryT) {
  const today = shanghaiDate(ctx.clock.now());
  const r = dayRange(today, q.from, q.to);
  const g = granularityOf(r, q.granularity);
  const top = q.top ?? 10;
  const place = await placeScope(ctx, actor, q.placeId);
  const s = await scheme(ctx);
  const child = CHILD[place.level];
  const [f, cats, kids, units] = await Promise.all([
    figures(ctx, place.scope, place.id, r, g, place.households, s),
    categories(ctx, place.scope, place.id, r, top),
    child ? children(ctx, child, place, r, s) : Promise.resolve([]),
    place.scope === 'all' ? unitRows(ctx, r, s, top) : Promise.resolve([]),
  ]);
  return {
    scope: scopeInfo(place),
    from: r.from,
    to: r.to,
    granularity: g,
    totals: f.totals,
    series: f.series,
    ...cats,
    topCompounds: await topCompounds(ctx, place, r, top, f.totals.volume),
    children: kids,
    units,
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
  const unit = await ctx.db.selectFrom('units').select(['id', 'name', 'kind']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw notFound('unitId');
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const r = dayRange(today, q.from, q.to);
  const g = granularityOf(r, q.granularity);
  const s = await scheme(ctx);
  const [f, cats, cells] = await Promise.all([figures(ctx, 'unit', unit.id, r, g, null, s), categories(ctx, 'unit', unit.id, r, q.top ?? 10), statusCells(ctx.db, 'unit', unit.id)]);
  const sum = summarise(cells, now);
  return {
    scope: { kind: 'unit' as const, id: unit.id, name: unit.name, level: unit.kind },
    from: r.from,
    to: r.to,
    granularity: g,
    totals: f.totals,
    series: f.series,
    ...cats,
    // Orders are not rolled up by unit and compound together: the unit view lists none.
    topCompounds: [],
    byStatus: sum.byStatus,
    open: sum.open,
    overdueNow: sum.overdue,
    dueToday: sum.dueToday,
  };
}

/** GET /api/dashboard/screen: the command centre's big screen (大屏). */
export async function screenReport(ctx: AppContext, actor: SessionActor, q: ScreenQueryT) {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const place = await placeScope(ctx, actor, q.placeId);
  const s = await scheme(ctx);
  const month = today.slice(0, 7);
  const last = prevMonth(month);
  const thisMonth: DayRange = { from: monthStart(today), to: today };
  const lastMonth: DayRange = { from: `${last}-01`, to: monthEnd(`${last}-01`) };
  const child = CHILD[place.level];
  const [todayF, monthF, lastF, d30, m12, cats, kids, cells, latest] = await Promise.all([
    figures(ctx, place.scope, place.id, { from: today, to: today }, 'day', place.households, s),
    figures(ctx, place.scope, place.id, thisMonth, 'month', place.households, s),
    figures(ctx, place.scope, place.id, lastMonth, 'month', place.households, s),
    figures(ctx, place.scope, place.id, { from: addDays(today, -29), to: today }, 'day', place.households, s),
    figures(ctx, place.scope, place.id, { from: `${addDays(`${month}-01`, -335).slice(0, 7)}-01`, to: today }, 'month', place.households, s),
    categories(ctx, place.scope, place.id, thisMonth, 10),
    child ? children(ctx, child, place, thisMonth, s) : Promise.resolve([]),
    statusCells(ctx.db, place.scope, place.id),
    latestOrders(ctx.db, COLUMN[place.level], place.placeId, 10),
  ]);
  const sum = summarise(cells, now);
  return {
    asOf: iso(now),
    refreshSeconds: 60,
    scope: scopeInfo(place),
    today: { day: today, received: todayF.totals.volume, closed: todayF.totals.closed, open: sum.open, overdue: sum.overdue, dueToday: sum.dueToday, supervised: sum.supervised },
    month: { month, volume: monthF.totals.volume, rates: monthF.totals.rates, score: monthF.totals.score },
    lastMonth: { month: last, volume: lastF.totals.volume, rates: lastF.totals.rates, score: lastF.totals.score },
    last30: d30.series,
    last12: m12.series.slice(-12),
    ...cats,
    children: kids,
    byStatus: sum.byStatus,
    latest: latest.map((o) => ({ id: o.id, number: o.number, title: o.title, category: o.category, place: o.place, status: o.status, receivedAt: iso(o.received_at) })),
  };
}
