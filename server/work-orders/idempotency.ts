/** Idempotent creation: the same Idempotency-Key from the same user within 24 h yields one order. */
import crypto from 'node:crypto';
import type { Tx } from '../db';
import { AppError } from '../errors';

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/** JSON with object keys sorted, so the same request written in another key order hashes the same. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Fingerprint of a create request's body. */
export function requestHash(body: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** The order an earlier request with this key created, or null; 422 when the key was used for another body. */
export async function findIdempotent(tx: Tx, userId: number, key: string, hash: string, now: number): Promise<number | null> {
  const row = await tx
    .selectFrom('idempotency_keys')
    .select(['order_id', 'request_hash', 'created_at'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return null;
  if (now - row.created_at > IDEMPOTENCY_TTL_MS) {
    await tx.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).execute();
    return null;
  }
  if (row.request_hash !== hash) throw new AppError('idempotency_mismatch', 'Idempotency-Key');
  return row.order_id;
}

export async function rememberIdempotent(tx: Tx, userId: number, key: string, hash: string, orderId: number, now: number) {
  await tx.insertInto('idempotency_keys').values({ user_id: userId, key, request_hash: hash, order_id: orderId, created_at: now }).execute();
}
