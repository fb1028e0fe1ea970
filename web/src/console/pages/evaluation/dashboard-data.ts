/**
 * Data of the dashboards and the big screen: the rollup-backed /api/dashboard/… endpoints
 * (common/dashboard.ts), and last month's red and black lists for the big screen.
 */
import type { OverviewResponseT, ScreenResponseT, UnitViewResponseT } from '../../../../../common/dashboard';
import { api, qs } from '../../../lib/api';
import { getRanking } from './api';
import { monthOf, previousMonth, type DayPeriod } from './period';

export type Overview = OverviewResponseT;
export type UnitView = UnitViewResponseT;
export type Screen = ScreenResponseT;
export type ChildRowT = OverviewResponseT['children'][number];

const DAY = 24 * 3600_000;

/** Daily points for short periods, monthly ones beyond two months. */
export function granularityOf(p: DayPeriod): 'day' | 'month' {
  return (Date.parse(p.end) - Date.parse(p.start)) / DAY <= 62 ? 'day' : 'month';
}

/** The overview of the district, or of a street, community or compound. */
export function getOverview(q: { placeId?: number; period: DayPeriod; top?: number }): Promise<Overview> {
  return api.get<OverviewResponseT>(`/api/dashboard/overview${qs({ placeId: q.placeId, from: q.period.start, to: q.period.end, granularity: granularityOf(q.period), top: q.top })}`);
}

/** One unit's view (its lead orders). */
export function getUnitView(q: { unitId: number; period: DayPeriod; top?: number }): Promise<UnitView> {
  return api.get<UnitViewResponseT>(`/api/dashboard/unit${qs({ unitId: q.unitId, from: q.period.start, to: q.period.end, granularity: granularityOf(q.period), top: q.top })}`);
}

/** The big screen's figures (district, or a place with placeId). */
export function getScreen(placeId?: number): Promise<Screen> {
  return api.get<ScreenResponseT>(`/api/dashboard/screen${qs({ placeId })}`);
}

/** Last month's red and black lists of the property companies, for the big screen. */
export async function getBoards(now = Date.now()) {
  const month = previousMonth(monthOf(now));
  const r = await getRanking({ month, groupBy: 'unit', peer: 'property_company' });
  return { month, red: r.rows.filter((x) => x.list === 'red'), black: r.rows.filter((x) => x.list === 'black') };
}
