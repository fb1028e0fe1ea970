/**
 * The co-governance sweep as background work: settle credits whose public notice period ended
 * (公示期满) and expire unused reward codes, returning their points and stock. One server at a
 * time runs it, under the lease of the job kind 'cogov-sweep' (see server/jobs/lease.ts).
 */
import type { AppContext } from '../context';
import { dropLease, takeLease } from '../jobs/lease';
import { repeat } from '../jobs/repeat';
import { sweepCogov } from './commands/rewards';

/** One pass; null when another runner holds the lease. */
export async function runCogovSweep(ctx: AppContext): Promise<{ settled: number; expired: number } | null> {
  const now = ctx.clock.now();
  const lease = await takeLease(ctx.db, 'cogov-sweep', now, 5 * 60_000);
  if (!lease) return null;
  try {
    return await sweepCogov(ctx.db, now);
  } finally {
    await dropLease(ctx.db, lease);
  }
}

/** Runs the co-governance sweep now and then every `intervalMs`; returns a stop function. */
export function scheduleCogovSweep(ctx: AppContext, intervalMs: number): () => void {
  return repeat(
    ctx,
    intervalMs,
    () => runCogovSweep(ctx),
    (r) => {
      if (r && (r.settled || r.expired)) ctx.log.info({ cogovSweep: r }, 'co-governance sweep');
    },
    'co-governance sweep failed',
  );
}
