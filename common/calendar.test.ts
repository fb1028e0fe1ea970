import { describe, it, expect } from 'vitest';
import {
  SHANGHAI_OFFSET_MS,
  addDays,
  addLimit,
  addWorkingDays,
  dayOfWeek,
  describeLimit,
  formatLimit,
  isValidDate,
  isWorkingDay,
  makeCalendar,
  parseLimit,
  shanghaiDate,
  shanghaiDayStart,
  workingDaysBetween,
  type Calendar,
  type Limit,
} from './calendar';
import { CN_HOLIDAYS } from './holidays-cn';

const CN = makeCalendar(CN_HOLIDAYS);
const PLAIN = makeCalendar([]);

/** Epoch ms of a Shanghai wall-clock time, parsed independently of the code under test. */
function sh(local: string): number {
  const t = Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
  if (Number.isNaN(t)) throw new Error(`bad test time ${local}`);
  return t;
}
const iso = (t: number): string => new Date(t).toISOString();

describe('Shanghai dates', () => {
  it('uses a fixed UTC+8 offset', () => {
    expect(SHANGHAI_OFFSET_MS).toBe(28_800_000);
  });

  it('maps instants to Shanghai dates across the UTC/Shanghai midnight boundary', () => {
    expect(shanghaiDate(Date.parse('2026-01-01T16:30:00Z'))).toBe('2026-01-02');
    expect(shanghaiDate(Date.parse('2026-01-01T15:59:59.999Z'))).toBe('2026-01-01');
    expect(shanghaiDate(Date.parse('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
    expect(shanghaiDate(Date.parse('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(shanghaiDate(0)).toBe('1970-01-01');
    expect(shanghaiDate(Date.parse('1969-12-31T15:00:00Z'))).toBe('1969-12-31');
  });

  it('gives the epoch ms of Shanghai midnight', () => {
    expect(iso(shanghaiDayStart('2026-01-02'))).toBe('2026-01-01T16:00:00.000Z');
    expect(iso(shanghaiDayStart('2024-02-29'))).toBe('2024-02-28T16:00:00.000Z');
    expect(shanghaiDate(shanghaiDayStart('2026-02-17'))).toBe('2026-02-17');
  });

  it('adds days to a date across months, years and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-01', -365)).toBe('2025-03-01');
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('rejects malformed or non-existent dates', () => {
    expect(isValidDate('2026-02-28')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-5', '2026-01-00', '', '2026/01/05']) {
      expect(isValidDate(bad)).toBe(false);
      expect(() => shanghaiDayStart(bad)).toThrow(RangeError);
    }
  });

  it('knows the day of week', () => {
    expect(dayOfWeek('2026-02-14')).toBe(6); // Saturday
    expect(dayOfWeek('2026-02-15')).toBe(0); // Sunday
    expect(dayOfWeek('2025-01-01')).toBe(3); // Wednesday
  });
});

describe('makeCalendar', () => {
  it('rejects invalid dates and conflicting entries, accepts identical repeats', () => {
    expect(() => makeCalendar([{ date: '2026-02-30', kind: 'holiday' }])).toThrow(RangeError);
    expect(() =>
      makeCalendar([
        { date: '2026-02-14', kind: 'workday' },
        { date: '2026-02-14', kind: 'holiday' },
      ]),
    ).toThrow(RangeError);
    const c = makeCalendar([
      { date: '2026-02-14', kind: 'workday' },
      { date: '2026-02-14', kind: 'workday' },
    ]);
    expect([...c.overrides]).toEqual([['2026-02-14', 'workday']]);
  });
});

describe('isWorkingDay', () => {
  it('follows Mon–Fri by default', () => {
    expect(isWorkingDay('2026-03-06', PLAIN)).toBe(true); // Fri
    expect(isWorkingDay('2026-03-07', PLAIN)).toBe(false); // Sat
    expect(isWorkingDay('2026-03-08', PLAIN)).toBe(false); // Sun
    expect(isWorkingDay('2026-03-09', PLAIN)).toBe(true); // Mon
  });

  it('applies holidays and 调休 make-up workdays', () => {
    expect(isWorkingDay('2026-02-14', CN)).toBe(true); // Sat, 春节调休上班
    expect(isWorkingDay('2026-02-16', CN)).toBe(false); // Mon, 春节
    expect(isWorkingDay('2026-02-15', CN)).toBe(false); // Sun, 春节 (weekend anyway)
    expect(isWorkingDay('2026-02-24', CN)).toBe(true); // Tue after the festival
    expect(isWorkingDay('2026-01-04', CN)).toBe(true); // Sun, 元旦调休上班
    expect(isWorkingDay('2025-10-08', CN)).toBe(false); // Wed, 国庆中秋
    expect(isWorkingDay('2026-02-16', PLAIN)).toBe(true); // without the calendar: a Monday
    expect(isWorkingDay('2026-02-14', PLAIN)).toBe(false);
  });
});

describe('CN_HOLIDAYS data', () => {
  it('has valid, unique dates; make-up workdays are all weekend days', () => {
    const seen = new Set<string>();
    for (const e of CN_HOLIDAYS) {
      expect(isValidDate(e.date), e.date).toBe(true);
      expect(seen.has(e.date), e.date).toBe(false);
      seen.add(e.date);
      expect(e.name.length).toBeGreaterThan(0);
      if (e.kind === 'workday') expect([0, 6], e.date).toContain(dayOfWeek(e.date));
    }
  });

  it('has the number of days off and make-up days from the notices', () => {
    const count = (year: string, kind: string): number =>
      CN_HOLIDAYS.filter((e) => e.date.startsWith(year) && e.kind === kind).length;
    expect(count('2025', 'holiday')).toBe(1 + 8 + 3 + 5 + 3 + 8);
    expect(count('2025', 'workday')).toBe(5);
    expect(count('2026', 'holiday')).toBe(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(count('2026', 'workday')).toBe(6);
  });

  it('yields 248 working days in each of 2025 and 2026', () => {
    for (const year of [2025, 2026]) {
      let n = 0;
      for (let t = shanghaiDayStart(`${year}-01-01`); shanghaiDate(t) < `${year + 1}-01-01`;) {
        if (isWorkingDay(shanghaiDate(t), CN)) n++;
        t += 86_400_000;
      }
      expect(n, String(year)).toBe(248);
      // Same count via the closed-form workingDaysBetween (Dec 31 midnight → Dec 31 midnight).
      expect(workingDaysBetween(sh(`${year - 1}-12-31 00:00`), sh(`${year}-12-31 00:00`), CN)).toBe(
        248,
      );
    }
  });
});

describe('addWorkingDays', () => {
  it('returns t for n = 0 and rejects negative or fractional n', () => {
    const t = sh('2026-02-17 14:00');
    expect(addWorkingDays(t, 0, CN)).toBe(t);
    expect(() => addWorkingDays(t, -1, CN)).toThrow(RangeError);
    expect(() => addWorkingDays(t, 1.5, CN)).toThrow(RangeError);
  });

  it('Saturday 10:00 + 1 working day is Monday 10:00', () => {
    expect(iso(addWorkingDays(sh('2026-03-07 10:00'), 1, CN))).toBe('2026-03-09T02:00:00.000Z');
  });

  it('Friday 15:00 + 1 working day is Monday 15:00', () => {
    expect(iso(addWorkingDays(sh('2026-03-06 15:00'), 1, CN))).toBe('2026-03-09T07:00:00.000Z');
  });

  it('keeps the exact clock time including seconds and ms', () => {
    const t = Date.parse('2026-03-10T15:59:59.999Z'); // Tue 23:59:59.999 Shanghai
    expect(iso(addWorkingDays(t, 1, CN))).toBe('2026-03-11T15:59:59.999Z');
    const u = Date.parse('2026-03-10T16:00:00Z'); // Wed 00:00 Shanghai
    expect(iso(addWorkingDays(u, 1, CN))).toBe('2026-03-11T16:00:00.000Z'); // Thu 00:00
  });

  it('skips a weekday holiday', () => {
    // Thu 2026-04-02 + 2 → Fri 3rd, (Sat–Mon 清明 4–6) → Tue 7th.
    expect(iso(addWorkingDays(sh('2026-04-02 09:30'), 2, CN))).toBe('2026-04-07T01:30:00.000Z');
    // Without the holiday calendar Monday the 6th would count.
    expect(iso(addWorkingDays(sh('2026-04-02 09:30'), 2, PLAIN))).toBe('2026-04-06T01:30:00.000Z');
  });

  it('counts a weekend make-up workday', () => {
    // Fri 2026-01-02 is 元旦; Sat 3rd off; Sun 4th is 调休上班.
    expect(iso(addWorkingDays(sh('2025-12-31 16:00'), 1, CN))).toBe('2026-01-04T08:00:00.000Z');
    expect(iso(addWorkingDays(sh('2026-01-03 16:00'), 1, CN))).toBe('2026-01-04T08:00:00.000Z');
  });

  it('spans the 2026 Spring Festival', () => {
    // Fri 13th → Sat 14th (make-up) → 15th–23rd off → Tue 24th.
    expect(iso(addWorkingDays(sh('2026-02-13 10:00'), 1, CN))).toBe('2026-02-14T02:00:00.000Z');
    expect(iso(addWorkingDays(sh('2026-02-13 10:00'), 2, CN))).toBe('2026-02-24T02:00:00.000Z');
    // Thu 12th + 7: 13, 14(Sat), 24, 25, 26, 27, 28(Sat make-up).
    expect(iso(addWorkingDays(sh('2026-02-12 09:00'), 7, CN))).toBe('2026-02-28T01:00:00.000Z');
    // + 8 skips Sun Mar 1 → Mon Mar 2.
    expect(iso(addWorkingDays(sh('2026-02-12 09:00'), 8, CN))).toBe('2026-03-02T01:00:00.000Z');
  });

  it('starts counting after a holiday start date', () => {
    // Started on Tue 2026-02-17 (春节): first working day after is Tue 24th.
    expect(iso(addWorkingDays(sh('2026-02-17 14:00'), 1, CN))).toBe('2026-02-24T06:00:00.000Z');
    expect(iso(addWorkingDays(sh('2026-02-17 14:00'), 5, CN))).toBe('2026-02-28T06:00:00.000Z');
    // Started on the make-up Saturday itself: that day does not count.
    expect(iso(addWorkingDays(sh('2026-02-14 08:00'), 1, CN))).toBe('2026-02-24T00:00:00.000Z');
  });

  it('spans the 2025 National Day / Mid-Autumn week', () => {
    // Fri 2025-09-26 + 1 → Sun 28th (make-up); + 2 → Mon 29th; + 4 → Thu Oct 9; + 6 → Sat Oct 11.
    const t = sh('2025-09-26 17:45');
    expect(iso(addWorkingDays(t, 1, CN))).toBe('2025-09-28T09:45:00.000Z');
    expect(iso(addWorkingDays(t, 2, CN))).toBe('2025-09-29T09:45:00.000Z');
    expect(iso(addWorkingDays(t, 4, CN))).toBe('2025-10-09T09:45:00.000Z');
    expect(iso(addWorkingDays(t, 6, CN))).toBe('2025-10-11T09:45:00.000Z');
  });
});

describe('workingDaysBetween', () => {
  it('is 0 when to <= from or within the same day', () => {
    const t = sh('2026-03-09 10:00');
    expect(workingDaysBetween(t, t, CN)).toBe(0);
    expect(workingDaysBetween(t, t - 1, CN)).toBe(0);
    expect(workingDaysBetween(t, sh('2026-03-09 23:59'), CN)).toBe(0);
  });

  it('counts a working day only once its clock time is reached', () => {
    const fri = sh('2026-03-06 15:00');
    expect(workingDaysBetween(fri, sh('2026-03-09 14:59'), CN)).toBe(0);
    expect(workingDaysBetween(fri, sh('2026-03-09 15:00'), CN)).toBe(1);
    expect(workingDaysBetween(fri, sh('2026-03-10 14:59'), CN)).toBe(1);
    expect(workingDaysBetween(fri, sh('2026-03-10 15:00'), CN)).toBe(2);
  });

  it('handles the Spring Festival', () => {
    const t = sh('2026-02-13 10:00');
    expect(workingDaysBetween(t, sh('2026-02-14 10:00'), CN)).toBe(1);
    expect(workingDaysBetween(t, sh('2026-02-23 23:00'), CN)).toBe(1);
    expect(workingDaysBetween(t, sh('2026-02-24 10:00'), CN)).toBe(2);
  });

  it('handles multi-year spans without iterating per day', () => {
    // 2025 + 2026: 248 + 248 working days; 2027 has no overrides (Mon–Fri: 261 weekdays).
    expect(workingDaysBetween(sh('2024-12-31 12:00'), sh('2026-12-31 12:00'), CN)).toBe(496);
    expect(workingDaysBetween(sh('2026-12-31 12:00'), sh('2027-12-31 12:00'), CN)).toBe(261);
    // 100 years of plain weeks: Tue 2001-01-02 .. Sat 2101-01-01 is 36524 days = 5217 weeks
    // (26085 weekdays) + Tue..Sat (4 weekdays).
    expect(workingDaysBetween(sh('2001-01-01 00:00'), sh('2101-01-01 00:00'), PLAIN)).toBe(26089);
  });

  it('is consistent with addWorkingDays (seeded property test)', () => {
    // mulberry32: small deterministic PRNG so failures are reproducible.
    let seed = 0x9e3779b9;
    const rand = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = seed;
      x = Math.imul(x ^ (x >>> 15), x | 1);
      x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const lo = sh('2025-01-01 00:00');
    const hi = sh('2027-01-01 00:00');
    const randInstant = (): number => lo + Math.floor(rand() * (hi - lo));
    const cals: Calendar[] = [CN, PLAIN];

    for (let i = 0; i < 400; i++) {
      const cal = cals[i % 2]!;
      const from = randInstant();
      const n = Math.floor(rand() * 40);
      const deadline = addWorkingDays(from, n, cal);
      // The deadline lands on a working day (for n > 0) at the same Shanghai clock time.
      expect((deadline - from) % 86_400_000).toBe(0);
      if (n > 0) expect(isWorkingDay(shanghaiDate(deadline), cal)).toBe(true);
      // Exactly n working days have elapsed at the deadline, n - 1 just before it.
      expect(workingDaysBetween(from, deadline, cal)).toBe(n);
      if (n > 0) expect(workingDaysBetween(from, deadline - 1, cal)).toBe(n - 1);

      // For an arbitrary `to`, k = workingDaysBetween is the largest n with add(from, n) <= to.
      const to = randInstant();
      const k = workingDaysBetween(from, to, cal);
      if (to <= from) {
        expect(k).toBe(0);
      } else {
        expect(addWorkingDays(from, k, cal)).toBeLessThanOrEqual(to);
        expect(addWorkingDays(from, k + 1, cal)).toBeGreaterThan(to);
      }
    }
  });
});

describe('parseLimit / formatLimit', () => {
  it('accepts canonical limits', () => {
    expect(parseLimit('30m')).toEqual({ amount: 30, unit: 'minutes' });
    expect(parseLimit('2h')).toEqual({ amount: 2, unit: 'hours' });
    expect(parseLimit('24h')).toEqual({ amount: 24, unit: 'hours' });
    expect(parseLimit('1wd')).toEqual({ amount: 1, unit: 'workdays' });
    expect(parseLimit('7wd')).toEqual({ amount: 7, unit: 'workdays' });
    expect(parseLimit('15wd')).toEqual({ amount: 15, unit: 'workdays' });
    expect(parseLimit('10000m')).toEqual({ amount: 10000, unit: 'minutes' });
    expect(parseLimit('10000h')).toEqual({ amount: 10000, unit: 'hours' });
    expect(parseLimit('365wd')).toEqual({ amount: 365, unit: 'workdays' });
  });

  it('rejects everything else', () => {
    for (const bad of [
      '',
      '0h',
      '0wd',
      '1.5h',
      '7d',
      ' 2h',
      '2h ',
      '-2h',
      '+2h',
      '02h',
      '2H',
      '2',
      'h',
      'wd',
      '2 h',
      '10001m',
      '10001h',
      '366wd',
      '1e3m',
      '2hwd',
      '2w',
      '１h', // full-width digit
    ]) {
      expect(parseLimit(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('formatLimit is the inverse of parseLimit', () => {
    for (const s of ['30m', '2h', '24h', '1wd', '7wd', '15wd', '10000h', '365wd']) {
      expect(formatLimit(parseLimit(s)!)).toBe(s);
    }
    expect(formatLimit({ amount: 45, unit: 'minutes' })).toBe('45m');
    expect(() => formatLimit({ amount: 0, unit: 'hours' })).toThrow(RangeError);
    expect(() => formatLimit({ amount: 1.5, unit: 'hours' })).toThrow(RangeError);
    expect(() => formatLimit({ amount: 366, unit: 'workdays' })).toThrow(RangeError);
  });
});

describe('addLimit', () => {
  it('treats minutes and hours as continuous clock time across midnight', () => {
    expect(iso(addLimit(sh('2026-03-06 22:30'), { amount: 2, unit: 'hours' }, CN))).toBe(
      '2026-03-06T16:30:00.000Z', // Sat 00:30 Shanghai
    );
    expect(iso(addLimit(sh('2026-03-06 23:50'), { amount: 30, unit: 'minutes' }, CN))).toBe(
      '2026-03-06T16:20:00.000Z', // Sat 00:20 Shanghai
    );
  });

  it('ignores holidays for clock hours', () => {
    // Sat 2026-02-14 20:00 + 24h → Sun 15th 20:00 (a holiday) — no skipping.
    expect(iso(addLimit(sh('2026-02-14 20:00'), parseLimit('24h')!, CN))).toBe(
      '2026-02-15T12:00:00.000Z',
    );
    // 72h from the first day off runs straight through the festival.
    expect(iso(addLimit(sh('2026-02-15 09:00'), parseLimit('72h')!, CN))).toBe(
      '2026-02-18T01:00:00.000Z',
    );
  });

  it('uses working days for wd', () => {
    expect(iso(addLimit(sh('2026-02-12 09:00'), parseLimit('7wd')!, CN))).toBe(
      '2026-02-28T01:00:00.000Z',
    );
    expect(iso(addLimit(sh('2026-03-06 15:00'), parseLimit('1wd')!, CN))).toBe(
      '2026-03-09T07:00:00.000Z',
    );
  });

  it('rejects invalid limits', () => {
    expect(() => addLimit(0, { amount: 0, unit: 'hours' } as Limit, CN)).toThrow(RangeError);
  });
});

describe('describeLimit', () => {
  it('describes limits in Chinese', () => {
    expect(describeLimit({ amount: 24, unit: 'hours' }, 'zh')).toBe('24小时');
    expect(describeLimit({ amount: 7, unit: 'workdays' }, 'zh')).toBe('7个工作日');
    expect(describeLimit({ amount: 30, unit: 'minutes' }, 'zh')).toBe('30分钟');
    expect(describeLimit({ amount: 1, unit: 'workdays' }, 'zh')).toBe('1个工作日');
  });

  it('describes limits in English with singular and plural', () => {
    expect(describeLimit({ amount: 24, unit: 'hours' }, 'en')).toBe('24 hours');
    expect(describeLimit({ amount: 7, unit: 'workdays' }, 'en')).toBe('7 working days');
    expect(describeLimit({ amount: 30, unit: 'minutes' }, 'en')).toBe('30 minutes');
    expect(describeLimit({ amount: 1, unit: 'hours' }, 'en')).toBe('1 hour');
    expect(describeLimit({ amount: 1, unit: 'workdays' }, 'en')).toBe('1 working day');
    expect(describeLimit({ amount: 1, unit: 'minutes' }, 'en')).toBe('1 minute');
  });
});
