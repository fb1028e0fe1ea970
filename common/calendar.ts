// Deadline arithmetic: clock minutes/hours (continuous time) and working days on a holiday
// calendar that includes China's make-up working days (调休). Pure logic, shared by server and
// browser: no imports (other than types), no Node APIs, no Intl.
//
// Time zone: all calendar arithmetic is in Asia/Shanghai, which has been a fixed UTC+8 with no
// daylight saving time since 1991. We therefore use a fixed offset (SHANGHAI_OFFSET_MS) rather
// than Intl/tz data, so every Shanghai day is exactly 24 hours long. Instants are epoch
// milliseconds (UTC); dates are 'YYYY-MM-DD' strings naming a Shanghai calendar day.
//
// Working-day rule: Monday–Friday are working days and Saturday/Sunday are rest days, unless the
// calendar overrides the date: 'holiday' (a day off, normally a weekday) or 'workday' (a working
// day, normally a weekend make-up day). An override that restates the default (e.g. 'holiday' on
// a Sunday) is allowed and has no effect.
//
// "N working days after time t" ends at the same Shanghai clock time on the Nth working day
// strictly after t's Shanghai date. t's own date never counts, whether or not it is a working day
// (so Saturday 10:00 + 1 working day = Monday 10:00, Friday 15:00 + 1 = Monday 15:00).

export type DayKind = 'holiday' | 'workday';

/** Per-date overrides of the Mon–Fri rule, keyed by Shanghai date 'YYYY-MM-DD'. */
export interface Calendar {
  readonly overrides: ReadonlyMap<string, DayKind>;
}

export type LimitUnit = 'minutes' | 'hours' | 'workdays';

export interface Limit {
  amount: number;
  unit: LimitUnit;
}

/** Asia/Shanghai offset from UTC: fixed +8 hours (no DST since 1991). */
export const SHANGHAI_OFFSET_MS: number = 8 * 60 * 60 * 1000;

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Largest amounts parseLimit accepts. */
export const MAX_CLOCK_LIMIT = 10000;
export const MAX_WORKDAY_LIMIT = 365;

// ---------------------------------------------------------------------------------------------
// Dates. A "day number" is the count of days since 1970-01-01 (of the Shanghai calendar).

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a 'YYYY-MM-DD' date, or NaN if the string is not a real calendar date. */
function tryDayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Rejects e.g. 2026-02-30 (Date.UTC would roll it over to March).
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return NaN;
  }
  return ms / DAY_MS;
}

function dayNumber(date: string): number {
  const n = tryDayNumber(date);
  if (Number.isNaN(n)) throw new RangeError(`invalid date (expected YYYY-MM-DD): ${date}`);
  return n;
}

function dateOfDayNumber(day: number): string {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const dd = d.getUTCDate();
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${dd < 10 ? '0' : ''}${dd}`;
}

/** Shanghai day number containing instant t. */
function shanghaiDayNumber(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of 00:00 Shanghai on the given day number. */
function dayNumberStart(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** Day of week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

function assertInstant(t: number, name: string): void {
  if (!Number.isFinite(t)) throw new RangeError(`${name} must be a finite epoch-ms number`);
}

/** True if `date` is a well-formed, existing 'YYYY-MM-DD' calendar date. */
export function isValidDate(date: string): boolean {
  return !Number.isNaN(tryDayNumber(date));
}

/** 'YYYY-MM-DD' of instant t (epoch ms) in Shanghai. */
export function shanghaiDate(t: number): string {
  assertInstant(t, 't');
  return dateOfDayNumber(shanghaiDayNumber(t));
}

/** Epoch ms of 00:00 Shanghai on `date` ('YYYY-MM-DD'). Throws RangeError on an invalid date. */
export function shanghaiDayStart(date: string): number {
  return dayNumberStart(dayNumber(date));
}

/** The date `n` days after `date` ('YYYY-MM-DD'; n may be negative). Throws RangeError on an invalid date. */
export function addDays(date: string, n: number): string {
  return dateOfDayNumber(dayNumber(date) + n);
}

/** Day of week of a Shanghai date: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return weekday(dayNumber(date));
}

// ---------------------------------------------------------------------------------------------
// Calendar

/**
 * Builds a calendar from override entries. Throws RangeError on an invalid date or on the same
 * date listed with two different kinds (repeating an identical entry is fine).
 */
export function makeCalendar(entries: Iterable<{ date: string; kind: DayKind }>): Calendar {
  const overrides = new Map<string, DayKind>();
  for (const { date, kind } of entries) {
    if (!isValidDate(date)) throw new RangeError(`invalid calendar date: ${date}`);
    if (kind !== 'holiday' && kind !== 'workday') {
      throw new RangeError(`invalid day kind for ${date}: ${String(kind)}`);
    }
    const prev = overrides.get(date);
    if (prev !== undefined && prev !== kind) {
      throw new RangeError(`conflicting calendar entries for ${date}: ${prev} and ${kind}`);
    }
    overrides.set(date, kind);
  }
  return { overrides };
}

function isWorkingDayNumber(day: number, cal: Calendar): boolean {
  const o = cal.overrides.get(dateOfDayNumber(day));
  if (o === 'holiday') return false;
  if (o === 'workday') return true;
  return !isWeekend(day);
}

/** Whether the Shanghai date is a working day on `cal`. Throws RangeError on an invalid date. */
export function isWorkingDay(date: string, cal: Calendar): boolean {
  return isWorkingDayNumber(dayNumber(date), cal);
}

/** Number of Mon–Fri days among day numbers [0-anchor, x) measured from a Monday anchor. */
function weekdaysBefore(x: number): number {
  const MONDAY = 4; // day number of 1970-01-05, a Monday
  const y = x - MONDAY;
  const weeks = Math.floor(y / 7);
  const rem = y - weeks * 7; // 0..6, days into the week starting Monday
  return weeks * 5 + Math.min(rem, 5);
}

/**
 * Working days among day numbers a..b inclusive (0 if b < a). O(number of overrides), not
 * O(span): weekdays are counted in closed form and overrides adjust the count.
 */
function countWorkingDays(a: number, b: number, cal: Calendar): number {
  if (b < a) return 0;
  let n = weekdaysBefore(b + 1) - weekdaysBefore(a);
  for (const [date, kind] of cal.overrides) {
    const d = tryDayNumber(date);
    if (Number.isNaN(d) || d < a || d > b) continue;
    if (kind === 'workday' && isWeekend(d)) n += 1;
    else if (kind === 'holiday' && !isWeekend(d)) n -= 1;
  }
  return n;
}

/**
 * The instant n working days after t: the same Shanghai clock time on the nth working day after
 * t's Shanghai date (t's own date never counts). n must be an integer >= 0; n = 0 returns t.
 */
export function addWorkingDays(t: number, n: number, cal: Calendar): number {
  assertInstant(t, 't');
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`working-day count must be an integer >= 0, got ${n}`);
  }
  if (n === 0) return t;
  const day = shanghaiDayNumber(t);
  const timeOfDay = t - dayNumberStart(day);
  // Walk day by day: n is at most a year's worth of working days in practice (parseLimit caps it
  // at MAX_WORKDAY_LIMIT), so this is a few hundred iterations at worst.
  let d = day;
  let left = n;
  while (left > 0) {
    d += 1;
    if (isWorkingDayNumber(d, cal)) left -= 1;
  }
  return dayNumberStart(d) + timeOfDay;
}

/**
 * How many whole working days have elapsed after `from` by `to`: the largest n with
 * addWorkingDays(from, n, cal) <= to; 0 if to <= from. Closed form, independent of the span.
 */
export function workingDaysBetween(from: number, to: number, cal: Calendar): number {
  assertInstant(from, 'from');
  assertInstant(to, 'to');
  if (to <= from) return 0;
  const fromDay = shanghaiDayNumber(from);
  const toDay = shanghaiDayNumber(to);
  if (toDay === fromDay) return 0;
  const fromTime = from - dayNumberStart(fromDay);
  const toTime = to - dayNumberStart(toDay);
  // Every working day strictly between the two dates has fully elapsed (its deadline instant is
  // before the start of toDay); toDay itself counts once its clock time reaches from's.
  let n = countWorkingDays(fromDay + 1, toDay - 1, cal);
  if (toTime >= fromTime && isWorkingDayNumber(toDay, cal)) n += 1;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Limits: '30m', '2h', '7wd'

const UNIT_SUFFIX: Record<LimitUnit, string> = { minutes: 'm', hours: 'h', workdays: 'wd' };
const LIMIT_RE = /^([1-9][0-9]{0,5})(m|h|wd)$/;

function maxAmount(unit: LimitUnit): number {
  return unit === 'workdays' ? MAX_WORKDAY_LIMIT : MAX_CLOCK_LIMIT;
}

function isValidLimit(l: Limit): boolean {
  return (
    (l.unit === 'minutes' || l.unit === 'hours' || l.unit === 'workdays') &&
    Number.isInteger(l.amount) &&
    l.amount >= 1 &&
    l.amount <= maxAmount(l.unit)
  );
}

/**
 * Parses a limit: a positive integer without leading zeros followed by 'm' (minutes), 'h'
 * (hours) or 'wd' (working days). Amount <= 10000 for m/h, <= 365 for wd. Anything else,
 * including surrounding whitespace, signs, decimals and upper case, gives null.
 */
export function parseLimit(s: string): Limit | null {
  if (typeof s !== 'string') return null;
  const m = LIMIT_RE.exec(s);
  if (!m) return null;
  const amount = Number(m[1]);
  const unit: LimitUnit = m[2] === 'm' ? 'minutes' : m[2] === 'h' ? 'hours' : 'workdays';
  if (amount > maxAmount(unit)) return null;
  return { amount, unit };
}

/** Inverse of parseLimit. Throws RangeError on a limit parseLimit would not produce. */
export function formatLimit(l: Limit): string {
  if (!isValidLimit(l)) throw new RangeError(`invalid limit: ${JSON.stringify(l)}`);
  return `${l.amount}${UNIT_SUFFIX[l.unit]}`;
}

/**
 * Deadline for a task started at t. Minutes and hours are continuous clock time (holidays and
 * midnight don't matter); working days follow addWorkingDays.
 */
export function addLimit(t: number, l: Limit, cal: Calendar): number {
  assertInstant(t, 't');
  if (!isValidLimit(l)) throw new RangeError(`invalid limit: ${JSON.stringify(l)}`);
  switch (l.unit) {
    case 'minutes':
      return t + l.amount * MINUTE_MS;
    case 'hours':
      return t + l.amount * HOUR_MS;
    case 'workdays':
      return addWorkingDays(t, l.amount, cal);
  }
}

/** Human-readable limit: '24小时' / '7个工作日' / '30分钟'; '24 hours' / '1 working day'. */
export function describeLimit(l: Limit, lang: 'zh' | 'en'): string {
  const n = l.amount;
  if (lang === 'zh') {
    switch (l.unit) {
      case 'minutes':
        return `${n}分钟`;
      case 'hours':
        return `${n}小时`;
      case 'workdays':
        return `${n}个工作日`;
    }
  }
  const s = n === 1 ? '' : 's';
  switch (l.unit) {
    case 'minutes':
      return `${n} minute${s}`;
    case 'hours':
      return `${n} hour${s}`;
    case 'workdays':
      return `${n} working day${s}`;
  }
}
