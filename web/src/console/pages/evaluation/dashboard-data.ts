/**
 * Data of the dashboards and the big screen: the rollup-backed /api/dashboard/… endpoints
 * (common/dashboard.ts). Where a server does not offer them yet (route not found), the same
 * shapes are put together from the evaluation reports, with `exact: false` for the figures those
 * cannot give (orders closed, overdue per group) so the pages leave them out.
 */
import type { OverviewResponseT, ScreenResponseT, UnitViewResponseT } from '../../../../../common/dashboard';
import { api, ApiError, qs } from '../../../lib/api';
import { getPlace, getPlaceChildren } from '../../../lib/data';
import { getPortrait, getRanking, getRates, type GroupBy, type Portrait, type RateRow } from './api';
import { addDays, dayStartIso, monthOf, previousMonth, shanghaiDay, type DayPeriod } from './period';

export type Overview = OverviewResponseT & { exact: boolean };
export type UnitView = UnitViewResponseT & { exact: boolean };
export type Screen = ScreenResponseT & { exact: boolean };
export type ChildRowT = OverviewResponseT['children'][number];

const DAY = 24 * 3600_000;

/** Daily points for short periods, monthly ones beyond two months. */
export function granularityOf(p: DayPeriod): 'day' | 'month' {
  return (Date.parse(p.end) - Date.parse(p.start)) / DAY <= 62 ? 'day' : 'month';
}

const isoPeriod = (p: DayPeriod) => ({ from: dayStartIso(p.start), to: dayStartIso(addDays(p.end, 1)) });
const missing = (e: unknown) => e instanceof ApiError && e.missingRoute;

const NEXT_LEVEL: Record<string, GroupBy | null> = { district: 'street', street: 'community', community: 'compound', compound: null };

function childOf(r: RateRow): ChildRowT {
  return { id: r.id, name: r.name, level: r.peer, volume: r.volume, closed: 0, overdue: 0, households: r.households, rates: r.rates, score: r.score };
}

function fromPortrait(pt: Portrait, scope: OverviewResponseT['scope'], p: DayPeriod) {
  return {
    scope,
    from: p.start,
    to: p.end,
    granularity: 'month',
    totals: { volume: pt.volume, dispatched: pt.counts.dispatched, closed: 0, overdue: pt.deadlines.overdue, rated: pt.counts.rated, rates: pt.rates, score: null },
    series: pt.trend.map((t) => ({ period: t.month, volume: t.count, closed: 0, satisfaction: null })),
    byKind: pt.byKind.map((k) => ({ kind: k.kind, count: k.count, share: k.share })),
    topCategories: pt.topProblems.map((c) => ({ id: c.id, name: c.name, kind: c.kind, count: c.count, share: c.share })),
  };
}

async function rootPlace() {
  const roots = await getPlaceChildren();
  const root = roots[0];
  if (!root) throw new ApiError(404, 'not_found', '没有地点', 'no places');
  return root;
}

/** The overview of the district, or of a street, community or compound. */
export async function getOverview(q: { placeId?: number; period: DayPeriod; top?: number }): Promise<Overview> {
  try {
    const r = await api.get<OverviewResponseT>(`/api/dashboard/overview${qs({ placeId: q.placeId, from: q.period.start, to: q.period.end, granularity: granularityOf(q.period), top: q.top })}`);
    return { ...r, exact: true };
  } catch (e) {
    if (!missing(e)) throw e;
  }
  const place = q.placeId !== undefined ? (await getPlace(q.placeId)).place : await rootPlace();
  const period = isoPeriod(q.period);
  const next = NEXT_LEVEL[place.level] ?? null;
  const [pt, children, units] = await Promise.all([
    getPortrait({ ...period, placeId: place.id }),
    next ? getRates({ ...period, groupBy: next }) : Promise.resolve(null),
    place.level === 'district' ? getRates({ ...period, groupBy: 'unit' }) : Promise.resolve(null),
  ]);
  // The rates report has no place filter: keep the children that are this place's own.
  const own = next && place.level !== 'district' ? new Set((await getPlaceChildren(place.id)).map((c) => c.id)) : null;
  const scope = { kind: q.placeId === undefined ? ('district' as const) : ('place' as const), id: place.id, name: place.name, level: place.level };
  return {
    ...fromPortrait(pt, scope, q.period),
    topCompounds: [],
    children: (children?.rows ?? []).filter((r) => !own || own.has(r.id)).map(childOf),
    units: (units?.rows ?? [])
      .sort((a, b) => b.volume - a.volume)
      .slice(0, q.top ?? 10)
      .map(childOf),
    exact: false,
  };
}

/** One unit's view (its lead orders). */
export async function getUnitView(q: { unitId: number; period: DayPeriod; top?: number }): Promise<UnitView> {
  try {
    const r = await api.get<UnitViewResponseT>(`/api/dashboard/unit${qs({ unitId: q.unitId, from: q.period.start, to: q.period.end, granularity: granularityOf(q.period), top: q.top })}`);
    return { ...r, exact: true };
  } catch (e) {
    if (!missing(e)) throw e;
  }
  const pt = await getPortrait({ ...isoPeriod(q.period), unitId: q.unitId });
  const scope = { kind: 'unit' as const, id: pt.target.id, name: pt.target.name, level: pt.target.level ?? 'unit' };
  return { ...fromPortrait(pt, scope, q.period), topCompounds: [], byStatus: [], open: 0, overdueNow: pt.deadlines.overdue, dueToday: 0, exact: false };
}

/** The big screen's figures (district, or a place with placeId). */
export async function getScreen(placeId?: number): Promise<Screen> {
  try {
    const r = await api.get<ScreenResponseT>(`/api/dashboard/screen${qs({ placeId })}`);
    return { ...r, exact: true };
  } catch (e) {
    if (!missing(e)) throw e;
  }
  const now = Date.now();
  const today = shanghaiDay(now);
  const month = monthOf(now);
  const last = previousMonth(month);
  const lastEnd = addDays(`${month}-01`, -1);
  const yearAgo = `${previousMonth(monthOf(now - 330 * DAY))}-01`;
  const [thisMonth, lastMonth, year] = await Promise.all([
    getOverview({ placeId, period: { start: `${month}-01`, end: today } }),
    getOverview({ placeId, period: { start: `${last}-01`, end: lastEnd } }),
    getOverview({ placeId, period: { start: yearAgo, end: today } }),
  ]);
  const m = (o: Overview, mm: string) => ({ month: mm, volume: o.totals.volume, rates: o.totals.rates, score: o.totals.score });
  return {
    asOf: new Date(now).toISOString(),
    refreshSeconds: 60,
    scope: thisMonth.scope,
    today: { day: today, received: 0, closed: 0, open: 0, overdue: thisMonth.totals.overdue, dueToday: 0, supervised: 0 },
    month: m(thisMonth, month),
    lastMonth: m(lastMonth, last),
    last30: [],
    last12: year.series,
    byKind: thisMonth.byKind,
    topCategories: thisMonth.topCategories,
    children: thisMonth.children,
    byStatus: [],
    latest: [],
    exact: false,
  };
}

/** Last month's red and black lists of the property companies, for the big screen. */
export async function getBoards(now = Date.now()) {
  const month = previousMonth(monthOf(now));
  const r = await getRanking({ month, groupBy: 'unit', peer: 'property_company' });
  return { month, red: r.rows.filter((x) => x.list === 'red'), black: r.rows.filter((x) => x.list === 'black') };
}
