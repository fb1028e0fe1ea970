/**
 * Possible duplicates while an order is typed: open orders in the same compound (or the same
 * place when it has no compound) from the last 30 days, ranked by text similarity. Similarity is
 * the Dice coefficient of character bigrams — robust for Chinese, where words are not spaced.
 */
import type { SessionActor } from '../auth/actor';
import type { Db } from '../db';
import { orderScope } from '../work-orders';

export const SIMILAR_WINDOW_MS = 30 * 24 * 3600_000;

/** Character bigrams of the text with punctuation and spaces dropped. */
export function bigrams(text: string): Set<string> {
  const chars = [...text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  if (chars.length === 1) out.add(chars[0]!);
  return out;
}

/** Dice coefficient of two bigram sets, 0..1. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
}

export async function findSimilarOrders(db: Db, actor: SessionActor, input: { placeId: number; text: string; now: number; excludeId?: number; limit?: number }) {
  const place = await db.selectFrom('places').select(['id', 'compound_id']).where('id', '=', input.placeId).executeTakeFirst();
  if (!place) return [];
  let q = db
    .selectFrom('work_orders as wo')
    .leftJoin('places as p', 'p.id', 'wo.place_id')
    .select(['wo.id', 'wo.number', 'wo.title', 'wo.description', 'wo.status', 'wo.received_at', 'wo.version', 'p.name as place_name'])
    .where(orderScope(actor))
    .where('wo.received_at', '>=', input.now - SIMILAR_WINDOW_MS)
    .where('wo.status', 'not in', ['closed', 'cancelled', 'merged']);
  // Serves from wo_compound_received (compound_id, received_at).
  q = place.compound_id ? q.where('wo.compound_id', '=', place.compound_id) : q.where('wo.place_id', '=', place.id);
  if (input.excludeId) q = q.where('wo.id', '!=', input.excludeId);
  const rows = await q.orderBy('wo.received_at', 'desc').limit(300).execute();
  const mine = bigrams(input.text);
  return rows
    .map((r) => ({ ...r, score: similarity(mine, bigrams(`${r.title} ${r.description}`)) }))
    .filter((r) => r.score >= 0.15)
    .sort((a, b) => b.score - a.score)
    .slice(0, input.limit ?? 5)
    .map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status,
      placeName: r.place_name,
      version: r.version,
      receivedAt: new Date(r.received_at).toISOString(),
      score: Math.round(r.score * 100) / 100,
    }));
}
