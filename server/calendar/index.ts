/** The holiday calendar from the database, cached in memory and reloaded after an edit. */
import { makeCalendar, type Calendar } from '../../common/calendar';
import type { Db, Tx } from '../db';

export interface CalendarService {
  /** Inside a transaction pass it: on SQLite there is one connection, and the transaction holds it. */
  get(q?: Db | Tx): Promise<Calendar>;
  /** Drop the cache (after an admin edits calendar_days). Other app servers reload within `ttlMs`. */
  invalidate(): void;
}

export function calendarService(db: Db, ttlMs = 60_000): CalendarService {
  let cached: { cal: Calendar; at: number } | null = null;
  return {
    async get(q = db) {
      const now = Date.now();
      if (cached && now - cached.at < ttlMs) return cached.cal;
      const rows = await q.selectFrom('calendar_days').select(['date', 'kind']).execute();
      const cal = makeCalendar(rows.map((r) => ({ date: r.date, kind: r.kind === 'workday' ? 'workday' : 'holiday' })));
      cached = { cal, at: now };
      return cal;
    },
    invalidate() {
      cached = null;
    },
  };
}
