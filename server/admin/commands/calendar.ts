/**
 * The holiday calendar as data (调休 included): one day at a time, or a whole year from the State
 * Council notice. The caller drops ctx.calendar's cache after commit.
 */
import { isValidDate } from '../../../common/calendar';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import { AppError, notFound } from '../../errors';
import { calendarYear, findCalendarDay } from '../queries';
import type { CalendarDayInput } from '../schema';
import { recordAudit } from './record-audit';

const badDate = (field: string, date: string) =>
  new AppError('validation', field, { zh: `日期 ${date} 不存在`, en: `${date} is not a calendar date` });

/** Sets one day's kind (holiday or make-up workday) and name, replacing what the date held. */
export async function putCalendarDay(ctx: AppContext, tx: Tx, actor: SessionActor, day: CalendarDayInput): Promise<CalendarDayInput> {
  if (!isValidDate(day.date)) throw badDate('date', day.date);
  const before = (await findCalendarDay(tx, day.date)) ?? null;
  const row = { date: day.date, kind: day.kind, name: day.name.trim() };
  await tx
    .insertInto('calendar_days')
    .values(row)
    .onConflict((oc) => oc.column('date').doUpdateSet({ kind: row.kind, name: row.name }))
    .execute();
  await recordAudit(tx, {
    actor,
    action: 'calendar.put_day',
    entity: 'calendar_day',
    entityId: day.date,
    before,
    after: row,
    at: ctx.clock.now(),
  });
  return row;
}

/** Removes one day's entry; the date falls back to the Monday–Friday rule. */
export async function deleteCalendarDay(ctx: AppContext, tx: Tx, actor: SessionActor, date: string): Promise<void> {
  if (!isValidDate(date)) throw badDate('date', date);
  const before = await findCalendarDay(tx, date);
  if (!before) throw notFound('date');
  await tx.deleteFrom('calendar_days').where('date', '=', date).execute();
  await recordAudit(tx, {
    actor,
    action: 'calendar.delete_day',
    entity: 'calendar_day',
    entityId: date,
    before,
    after: null,
    at: ctx.clock.now(),
  });
}

/** Replaces a year's entries with the given list (every date in that year, each once). */
export async function replaceCalendarYear(
  ctx: AppContext,
  tx: Tx,
  actor: SessionActor,
  year: number,
  days: readonly CalendarDayInput[],
): Promise<CalendarDayInput[]> {
  const seen = new Set<string>();
  days.forEach((d, i) => {
    if (!isValidDate(d.date)) throw badDate(`${i}.date`, d.date);
    if (!d.date.startsWith(`${year}-`))
      throw new AppError('validation', `${i}.date`, { zh: `${d.date} 不在 ${year} 年`, en: `${d.date} is not in ${year}` });
    if (seen.has(d.date)) throw new AppError('validation', `${i}.date`, { zh: `${d.date} 出现两次`, en: `${d.date} appears twice` });
    seen.add(d.date);
  });
  const before = await calendarYear(tx, year);
  await tx.deleteFrom('calendar_days').where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).execute();
  const rows = [...days].sort((a, b) => a.date.localeCompare(b.date)).map((d) => ({ date: d.date, kind: d.kind, name: d.name.trim() }));
  if (rows.length) await tx.insertInto('calendar_days').values(rows).execute();
  await recordAudit(tx, {
    actor,
    action: 'calendar.replace_year',
    entity: 'calendar_year',
    entityId: year,
    before,
    after: rows,
    at: ctx.clock.now(),
  });
  return rows;
}
