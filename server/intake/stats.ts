/**
 * Acceptance of the intake suggestions per Shanghai month: category suggestions (intake form and
 * triage queue alike, from intake_suggestions) and unit suggestions (intake_routes: the intake
 * form, the queue and the dispatch dialog; the imported dispatch history is not a suggestion and is
 * left out), the queue's one-click accepts apart. The suggestion log is written in batches: callers
 * flush it first (suggestion-log.ts).
 */
import { sql } from 'kysely';
import type { AppContext } from '../context';

export interface Acceptance {
  shown: number;
  decided: number;
  accepted: number;
  acceptanceRate: number | null;
}

const rate = (accepted: number, decided: number) => (decided ? Math.round((accepted / decided) * 1000) / 1000 : null);

function acceptance(r: { shown: unknown; decided: unknown; accepted: unknown } | undefined): Acceptance {
  const shown = Number(r?.shown ?? 0);
  const decided = Number(r?.decided ?? 0);
  const accepted = Number(r?.accepted ?? 0);
  return { shown, decided, accepted, acceptanceRate: rate(accepted, decided) };
}

export async function intakeStats(ctx: AppContext) {
  const { db, engine } = ctx;
  // Both serve from their created_at indexes only when bounded; the log is small beside the orders.
  const cats = await db
    .selectFrom('intake_suggestions')
    .select([
      engine.monthBucket('created_at').as('month'),
      sql<number>`count(*)`.as('shown'),
      sql<number>`count(chosen_category_id)`.as('decided'),
      sql<number>`sum(case when chosen_category_id = top_category_id then 1 else 0 end)`.as('accepted'),
    ])
    .groupBy(engine.monthBucket('created_at'))
    .execute();
  const units = await db
    .selectFrom('intake_routes')
    .select([
      engine.monthBucket('created_at').as('month'),
      'source',
      sql<number>`count(*)`.as('shown'),
      sql<number>`count(chosen_unit_id)`.as('decided'),
      sql<number>`sum(case when chosen_unit_id = suggested_unit_id then 1 else 0 end)`.as('accepted'),
    ])
    .where('source', 'in', ['intake', 'queue', 'dialog'])
    .groupBy([engine.monthBucket('created_at'), 'source'])
    .execute();
  const months = [...new Set([...cats.map((c) => c.month), ...units.map((u) => u.month)])].sort();
  return months.map((month) => {
    const c = acceptance(cats.find((x) => x.month === month));
    const of = (source: string) => units.find((u) => u.month === month && u.source === source);
    const queue = acceptance(of('queue'));
    const parts = [acceptance(of('intake')), queue, acceptance(of('dialog'))];
    const sum = (k: 'shown' | 'decided' | 'accepted') => parts.reduce((a, p) => a + p[k], 0);
    const allUnits = acceptance({ shown: sum('shown'), decided: sum('decided'), accepted: sum('accepted') });
    return { month, ...c, units: allUnits, queue };
  });
}
