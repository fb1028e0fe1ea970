/** One-time codes: the rotating check-in code an organiser shows, and the code a redeemed reward carries. */
import crypto from 'node:crypto';

/** How long a check-in or check-out code is accepted after it is shown. */
export const CHECKIN_CODE_TTL_MS = 2 * 60_000;

/** A six-digit code from the system's CSPRNG, with its salt and the hash that is stored instead. */
export function newCheckinCode(): { code: string; salt: string; hash: string } {
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const salt = crypto.randomBytes(12).toString('hex');
  return { code, salt, hash: hashCheckinCode(salt, code) };
}

export function hashCheckinCode(salt: string, code: string): string {
  return crypto.createHash('sha256').update(`${salt}:${code}`).digest('hex');
}

/** Compares a typed code with a stored hash in constant time. */
export function checkinCodeMatches(salt: string, hash: string, code: string): boolean {
  const a = Buffer.from(hashCheckinCode(salt, code), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Wrong check-in codes a resident may type for one session within the window before being held off. */
export const MAX_WRONG_CODES = 5;
export const WRONG_CODE_WINDOW_MS = 10 * 60_000;

/**
 * Wrong attempts per (resident, session), in memory: a six-digit code must not be guessable in
 * its two minutes. Kept outside the database on purpose — the refused request's transaction is
 * rolled back, and the count must survive that. Per process; enough for one server.
 */
export class WrongCodeLimiter {
  private readonly tries = new Map<string, number[]>();

  private recent(key: string, now: number): number[] {
    const kept = (this.tries.get(key) ?? []).filter((t) => t > now - WRONG_CODE_WINDOW_MS);
    if (kept.length) this.tries.set(key, kept);
    else this.tries.delete(key);
    return kept;
  }

  blocked(key: string, now: number): boolean {
    return this.recent(key, now).length >= MAX_WRONG_CODES;
  }

  fail(key: string, now: number): void {
    this.tries.set(key, [...this.recent(key, now), now]);
  }
}

// No 0/O, 1/I/L: a merchant types it from a phone screen.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A 10-character reward code (~49 bits); only its hash is stored, so the code is shown once. */
export function newRewardCode(): { code: string; hash: string; hint: string } {
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHABET[crypto.randomInt(0, ALPHABET.length)];
  return { code, hash: hashRewardCode(code), hint: code.slice(-3) };
}

/** The lookup hash of a reward code; case and blanks a merchant may type are ignored. */
export function hashRewardCode(code: string): string {
  return crypto.createHash('sha256').update(normaliseRewardCode(code)).digest('hex');
}

export function normaliseRewardCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}
