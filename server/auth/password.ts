/** Salted slow password hashing with scrypt (no native dependency). Format: scrypt$N$r$p$salt$hash. */
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
/**
 * scrypt cost. 2^14 is the production default; GZ_SCRYPT_N lowers it for test runs only (the
 * suites hash and verify thousands of demo passwords). Hashes carry their own cost, so a lower one
 * never weakens a production database.
 */
const N = Number(process.env.GZ_SCRYPT_N ?? 16384);
const R = 8;
const P = 1;
const LEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algo, n, r, p, salt, hash] = stored.split('$');
  if (algo !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return crypto.timingSafeEqual(expected, got);
}

/** A random opaque token and the hash we store instead of it. */
export function newToken(prefix = ''): { token: string; hash: string } {
  const token = prefix + crypto.randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
