/** Retrains the category model at start when none is newer than a day, then daily (one server at a time, by lease). */
import type { AppContext } from '../../context';
import { dropLease, takeLease } from '../../jobs/lease';
import { trainCategoryModel } from './service';

const DAY = 24 * 3600_000;

export async function trainIfStale(ctx: AppContext) {
  const now = ctx.clock.now();
  const latest = await ctx.db.selectFrom('intake_models').select('created_at').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (latest && now - latest.created_at < DAY) return null;
  const lease = await takeLease(ctx.db, 'train-classifier', now, 10 * 60_000);
  if (!lease) return null;
  try {
    return await trainCategoryModel(ctx.db, now);
  } finally {
    await dropLease(ctx.db, lease);
  }
}

export function scheduleTraining(ctx: AppContext): () => void {
  const tick = () =>
    trainIfStale(ctx)
      .then((r) => r && ctx.log.info({ model: r }, 'trained the category model'))
      .catch((err: unknown) => ctx.log.error({ err }, 'training the category model failed'));
  void tick();
  const timer = setInterval(() => void tick(), 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}
