/**
 * Sets up the sweep measurement: exactly `count` orders come due at instant `at`, chosen at
 * random among the newest `window` orders, each on a resolution clock that started ten days ago
 * (its limit in hours, so the clock's start is the dispatch on any calendar). Half reach their urge point (20% of the limit left),
 * half have been urged and reach their deadline; each gives the sweep exactly one event to write.
 * Every other order's next_check_at stays as the generator (or a catch-up sweep) left it, later
 * than `at`, so the sweep examines exactly `count` rows if its cost follows what is due.
 * The rollups follow the changed orders (as a command's would), so the sweep moves real cells and
 * check-rollups still finds no difference afterwards.
 */
import type { Calendar } from '../common/calendar';
import type { Db } from '../server/db';
import { rng } from '../server/demo/generate';
import { ROLLUP_COLUMNS, rollupOrderChanges } from '../server/evaluation/rollups';
import { DEFAULT_SWEEP_RULES, nextCheckAt } from '../server/work-orders/sla';

const DAY = 24 * 3600_000;

/** `count` distinct ids from (maxId - window, maxId], deterministic for a seed. */
function pickIds(maxId: number, window: number, count: number, seed: number): number[] {
  const r = rng(seed);
  const lo = Math.max(1, maxId - window + 1);
  const span = maxId - lo + 1;
  const n = Math.min(count, span);
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(lo + Math.floor(r.next() * span));
  return [...chosen].sort((a, b) => a - b);
}

export async function makeOrdersDue(
  db: Db,
  cal: Calendar,
  opts: { at: number; count: number; window: number; seed: number },
): Promise<number> {
  const max = await db
    .selectFrom('work_orders')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirstOrThrow();
  const ids = pickIds(Number(max.m), opts.window, opts.count, opts.seed);
  const dispatched = opts.at - 10 * DAY;
  const states = [
    // Urge point passed, deadline a day away.
    {
      status: 'handling',
      dispatched_at: dispatched,
      resolution_due_at: opts.at + DAY,
      resolution_limit: '264h',
      auto_urged: 0,
      urge_count: 0,
      overdue: 0,
      supervision_level: 0,
      flagged_3x: 0,
    },
    // Urged already; the deadline passed an hour ago.
    {
      status: 'handling',
      dispatched_at: dispatched,
      resolution_due_at: opts.at - 3600_000,
      resolution_limit: '239h',
      auto_urged: 1,
      urge_count: 1,
      overdue: 0,
      supervision_level: 0,
      flagged_3x: 0,
    },
  ];
  for (const [k, s] of states.entries()) {
    const next = nextCheckAt(s, DEFAULT_SWEEP_RULES, cal);
    if (next === null || next > opts.at) throw new Error('sweep setup: the chosen state is not due');
    const mine = ids.filter((_, i) => i % 2 === k);
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < mine.length; i += 500) {
        const chunk = mine.slice(i, i + 500);
        const before = await tx.selectFrom('work_orders').select(ROLLUP_COLUMNS).where('id', 'in', chunk).execute();
        await tx
          .updateTable('work_orders')
          .set({ ...s, next_check_at: next })
          .where('id', 'in', chunk)
          .execute();
        await rollupOrderChanges(
          tx,
          before.map((b) => ({ before: b, after: { ...b, ...s } })),
        );
      }
    });
  }
  return ids.length;
}
