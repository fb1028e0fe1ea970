/**
 * Periods of the evaluation pages in Shanghai calendar days: a start day and an inclusive end day
 * on screen, [from, to) instants for the API, and the presets (this month, last month, …).
 */

const SHANGHAI = 8 * 3600_000;
const DAY = 24 * 3600_000;

/** A period as the user picks it: whole Shanghai days, both ends included. */
export interface DayPeriod {
  start: string;
  end: string;
}

export type Preset = 'thisMonth' | 'lastMonth' | 'last3Months' | 'thisYear' | 'last12Months';
export const PRESETS: readonly Preset[] = ['thisMonth', 'lastMonth', 'last3Months', 'thisYear', 'last12Months'];

const pad = (n: number) => String(n).padStart(2, '0');

/** The Shanghai calendar day of an instant, 'YYYY-MM-DD'. */
export function shanghaiDay(t: number): string {
  return new Date(t + SHANGHAI).toISOString().slice(0, 10);
}

/** The day `n` days after a 'YYYY-MM-DD' day. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** The first day of the month `n` months after the month of `day`. */
function monthStart(day: string, n = 0): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-01`;
}

/** A preset period around `now`; the current month runs to today. */
export function presetPeriod(p: Preset, now: number): DayPeriod {
  const today = shanghaiDay(now);
  switch (p) {
    case 'thisMonth':
      return { start: monthStart(today), end: today };
    case 'lastMonth':
      return { start: monthStart(today, -1), end: addDays(monthStart(today), -1) };
    case 'last3Months':
      return { start: monthStart(today, -2), end: today };
    case 'thisYear':
      return { start: `${today.slice(0, 4)}-01-01`, end: today };
    case 'last12Months':
      return { start: monthStart(today, -11), end: today };
  }
}

/** [from, to) for the API: Shanghai midnight of the start day to the midnight after the end day. */
export function toIsoPeriod(p: DayPeriod): { from: string; to: string } {
  return { from: `${p.start}T00:00:00+08:00`, to: `${addDays(p.end, 1)}T00:00:00+08:00` };
}

/** Shanghai midnight of a day, as the API's ISO instant. */
export const dayStartIso = (day: string) => `${day}T00:00:00+08:00`;

/** true when both days are real 'YYYY-MM-DD' dates and start ≤ end. */
export function validPeriod(p: Partial<DayPeriod>): p is DayPeriod {
  const ok = (d: string | undefined) => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  return ok(p.start) && ok(p.end) && p.start! <= p.end!;
}

/** The month 'YYYY-MM' of the Shanghai day of `t`, and the month before it. */
export function monthOf(t: number): string {
  return shanghaiDay(t).slice(0, 7);
}
export function previousMonth(month: string): string {
  return monthStart(`${month}-01`, -1).slice(0, 7);
}

/** The month in which a period ends (its last day), e.g. for the participation report. */
export function endMonth(p: DayPeriod): string {
  return p.end.slice(0, 7);
}
