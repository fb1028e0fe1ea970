/** Webhook signatures: HMAC-SHA256 of the exact body bytes with the hook's secret, as `sha256=<hex>`. */
import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Gongzhi-Signature';

export function signBody(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Constant-time check a receiver can use (and our tests do). */
export function verifySignature(secret: string, body: string, header: string | undefined | null): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const got = Buffer.from(header);
  return expected.length === got.length && crypto.timingSafeEqual(expected, got);
}

/** A new random secret for a hook. */
export function newSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString('base64url')}`;
}
