/** Repeating slots expand to one session a day. */
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { expandSlots } from './slots';

describe('expandSlots', () => {
  it('repeats a slot on the following days and skips slots not filled in', () => {
    const start = dayjs('2026-11-16T01:00:00Z');
    const end = dayjs('2026-11-16T08:00:00Z');
    const out = expandSlots([{ start, end, days: 3 }, { start }, { start: dayjs('2026-12-01T11:00:00Z'), end: dayjs('2026-12-01T13:00:00Z') }]);
    expect(out).toEqual([
      { startsAt: '2026-11-16T01:00:00.000Z', endsAt: '2026-11-16T08:00:00.000Z' },
      { startsAt: '2026-11-17T01:00:00.000Z', endsAt: '2026-11-17T08:00:00.000Z' },
      { startsAt: '2026-11-18T01:00:00.000Z', endsAt: '2026-11-18T08:00:00.000Z' },
      { startsAt: '2026-12-01T11:00:00.000Z', endsAt: '2026-12-01T13:00:00.000Z' },
    ]);
  });
});
