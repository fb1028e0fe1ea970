/** Slows password guessing: after 10 failures for one ip+username in 15 minutes, refuse for the rest of the window. */
import { AppError } from '../errors';

export function loginLimiter(maxFailures = 10, windowMs = 15 * 60_000) {
  const failures = new Map<string, { count: number; since: number }>();
  return {
    check(key: string) {
      const f = failures.get(key);
      if (!f) return;
      if (Date.now() - f.since > windowMs) failures.delete(key);
      else if (f.count >= maxFailures) throw new AppError('rate_limited');
    },
    fail(key: string) {
      const f = failures.get(key);
      if (!f || Date.now() - f.since > windowMs) failures.set(key, { count: 1, since: Date.now() });
      else f.count++;
      if (failures.size > 10_000) failures.clear(); // bounded memory under a spray attack
    },
  };
}
