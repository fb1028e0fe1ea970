/**
 * Possible duplicates while an order is typed and after it is saved: open orders in the same
 * compound (or the same place when it has no compound) from the last 30 days, and the open problems
 * there, ranked by text similarity. Similarity is
 * the Dice coefficient of character bigrams — robust for Chinese, where words are not spaced.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { SessionActor } from '../auth/actor';
import type { Db } from '../db';
import { orderScope, placeColumn } from '../work-orders';

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

/** Rows scored against the text, the similar ones (≥ 0.15) best first, with the score rounded to 0.01. */
function rankBySimilarity<T>(rows: T[], text: string, textOf: (r: T) => string, limit: number): (T & { score: number })[] {
  const mine = bigrams(text);
  return rows
    .map((r) => ({ ...r, score: similarity(mine, bigrams(textOf(r))) }))
    .filter((r) => r.score >= 0.15)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((r) => ({ ...r, score: Math.round(r.score * 100) / 100 }));
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
  return rankBySimilarity(rows, input.text, (r) => `${r.title} ${r.description}`, input.limit ?? 5).map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status,
    placeName: r.place_name,
    version: r.version,
    receivedAt: new Date(r.received_at).toISOString(),
    score: r.score,
  }));
}

/** Problems stay open for months: a problem touched within this window can still take new orders. */
export const PROBLEM_WINDOW_MS = 365 * 24 * 3600_000;

/**
 * Problems (治理问题, server/supervision's table, read only) the actor may see: by place subtree
 * like the supervision module's own scope; a resident, organiser or merchant sees none.
 */
function problemVisible(actor: SessionActor): Expression<SqlBool> {
  if (actor.role === 'admin') return sql<SqlBool>`1 = 1`;
  if (!['supervisor', 'dispatcher', 'inspector'].includes(actor.role) || actor.placeId === null) return sql<SqlBool>`1 = 0`;
  const col = placeColumn(actor.placeLevel);
  return col === null ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.ref(`pr.${col}`)} = ${actor.placeId}`;
}

/**
 * Open problems of the same compound (or place) whose title and description resemble the text:
 * the new order may belong there. A problem is open while it has no ledger entry or one not closed (销号).
 */
export async function findSimilarProblems(db: Db, actor: SessionActor, input: { placeId: number; text: string; now: number; excludeOrderId?: number; limit?: number }) {
  const place = await db.selectFrom('places').select(['id', 'compound_id']).where('id', '=', input.placeId).executeTakeFirst();
  if (!place) return [];
  let q = db
    .selectFrom('problems as pr')
    .leftJoin('places as p', 'p.id', 'pr.place_id')
    .select(['pr.id', 'pr.title', 'pr.description', 'pr.updated_at', 'p.name as place_name'])
    .select((eb) => eb.selectFrom('problem_orders as po').select((e) => e.fn.countAll<number>().as('n')).whereRef('po.problem_id', '=', 'pr.id').as('order_count'))
    .where(problemVisible(actor))
    .where('pr.updated_at', '>=', input.now - PROBLEM_WINDOW_MS)
    .where(
      sql<SqlBool>`(not exists (select 1 from ledger_entries le where le.problem_id = pr.id) or exists (select 1 from ledger_entries le where le.problem_id = pr.id and le.status <> 'closed'))`,
    );
  // Serves from problems_compound (compound_id, id).
  q = place.compound_id ? q.where('pr.compound_id', '=', place.compound_id) : q.where('pr.place_id', '=', place.id);
  if (input.excludeOrderId) q = q.where(sql<SqlBool>`not exists (select 1 from problem_orders po where po.problem_id = pr.id and po.order_id = ${input.excludeOrderId})`);
  const rows = await q.orderBy('pr.updated_at', 'desc').limit(200).execute();
  return rankBySimilarity(rows, input.text, (r) => `${r.title} ${r.description}`, input.limit ?? 5).map((r) => ({
    id: r.id,
    title: r.title,
    placeName: r.place_name,
    orderCount: Number(r.order_count ?? 0),
    updatedAt: new Date(r.updated_at).toISOString(),
    score: r.score,
  }));
}
