/** SQL of hotlines and duty shifts. */
import type { Db, Tx } from '../db';

type Q = Db | Tx;

/** The shifts on a line covering instant `at` (serves from duty_shifts_line). */
export function onDuty(db: Q, hotline: string, at: number) {
  return db
    .selectFrom('duty_shifts as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 'u.name', 'u.username', 's.starts_at', 's.ends_at'])
    .where('s.hotline', '=', hotline)
    .where('s.starts_at', '<=', at)
    .where('s.ends_at', '>', at)
    .orderBy('s.starts_at')
    .execute();
}

export function shiftsBetween(db: Q, hotline: string | undefined, from: number, to: number) {
  let q = db
    .selectFrom('duty_shifts as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.hotline', 's.user_id', 'u.name', 's.starts_at', 's.ends_at'])
    .where('s.starts_at', '<', to)
    .where('s.ends_at', '>', from);
  if (hotline) q = q.where('s.hotline', '=', hotline);
  return q.orderBy('s.starts_at').orderBy('s.id').limit(2000).execute();
}

export function overlappingShift(db: Q, hotline: string, userId: number, start: number, end: number) {
  return db
    .selectFrom('duty_shifts')
    .select('id')
    .where('hotline', '=', hotline)
    .where('user_id', '=', userId)
    .where('starts_at', '<', end)
    .where('ends_at', '>', start)
    .executeTakeFirst();
}
