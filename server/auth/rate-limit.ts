/**
 * Slows password guessing. Failures are counted per client address + username (10 in 15 minutes)
 * and per username from anywhere (30): the address comes from X-Forwarded-For behind a proxy and
 * can be forged, so the per-username count is what bounds a guesser who rotates addresses.
 */
import type { Clock } from '../context';
import { AppError } from '../errors';

export interface LoginLimits {
  perClient: number;
  perUser: number;
  windowMs: number;
  /** Entries kept at most; the oldest go first, so a spray of new keys cannot wipe a live count. */
  maxEntries: number;
}

const DEFAULTS: LoginLimits = { perClient: 10, perUser: 30, windowMs: 15 * 60_000, maxEntries: 100_000 };

export function loginLimiter(clock: Clock = { now: () => Date.now() }, limits: Partial<LoginLimits> = {}) {
  const L = { ...DEFAULTS, ...limits };
  const failures = new Map<string, { count: number; since: number }>();
  const keys = (ip: string, username: string) => {
    const user = username.trim().toLowerCase();
    return [
      { key: `c|${ip}|${user}`, max: L.perClient },
      { key: `u|${user}`, max: L.perUser },
    ];
  };
  const live = (key: string) => {
    const f = failures.get(key);
    if (f && clock.now() - f.since > L.windowMs) {
      failures.delete(key);
      return undefined;
    }
    return f;
  };
  return {
    /** Throws 429 while this client or this username has used up its failures. */
    check(ip: string, username: string) {
      for (const { key, max } of keys(ip, username)) {
        if ((live(key)?.count ?? 0) >= max) throw new AppError('rate_limited');
      }
    },
    fail(ip: string, username: string) {
      for (const { key } of keys(ip, username)) {
        const f = live(key);
        failures.delete(key); // re-insert: the Map's order is then the age of the last failure
        failures.set(key, f ? { count: f.count + 1, since: f.since } : { count: 1, since: clock.now() });
      }
      while (failures.size > L.maxEntries) failures.delete(failures.keys().next().value!);
    },
    /** A correct password clears this client's count (not the username's, which others may be guessing). */
    succeed(ip: string, username: string) {
      failures.delete(keys(ip, username)[0]!.key);
    },
  };
}
