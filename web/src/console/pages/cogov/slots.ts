/** An activity's time slots as the organiser enters them: a start, an end and how many days in a row (a 20-day class is one line). */
import type { Dayjs } from 'dayjs';

export interface Slot {
  start?: Dayjs;
  end?: Dayjs;
  days?: number;
}

const DAY = 24 * 3600_000;

/** The sessions a list of (possibly repeating) slots makes. */
export function expandSlots(slots: Slot[]): { startsAt: string; endsAt: string }[] {
  const out: { startsAt: string; endsAt: string }[] = [];
  for (const s of slots) {
    if (!s.start || !s.end) continue;
    for (let d = 0; d < (s.days ?? 1); d++) {
      out.push({ startsAt: new Date(s.start.valueOf() + d * DAY).toISOString(), endsAt: new Date(s.end.valueOf() + d * DAY).toISOString() });
    }
  }
  return out;
}
