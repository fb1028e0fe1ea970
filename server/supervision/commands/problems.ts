/** Problems (治理问题): group the orders with one root cause; pull historical 不满意 orders into the ledger. */
import type { SessionActor } from '../../auth/actor';
import type { Tx } from '../../db';
import { AppError } from '../../errors';
import { bigrams, similarity } from '../../intake/similar';
import { findVisibleOrder, orderScope } from '../../work-orders';
import { candidateOrders, categoryExists, placeAncestry, placeWithinActor, propertyCompanyOf } from '../queries';
import { createLedgerEntry } from './ledger';
import { recordLedgerEvent, recordSupervisionEvent } from './record-event';

export interface CreateProblemInput {
  title: string;
  description?: string;
  placeId: number;
  categoryId?: number | null;
}

/** Names a problem at a place in the actor's reach. */
export async function createProblem(tx: Tx, actor: SessionActor, now: number, input: CreateProblemInput, sourceKey: string | null = null) {
  const place = await placeAncestry(tx, input.placeId);
  if (!placeWithinActor(actor, place)) throw new AppError('unknown_reference', 'placeId');
  if (input.categoryId != null && !(await categoryExists(tx, input.categoryId))) throw new AppError('unknown_reference', 'categoryId');
  const row = await tx
    .insertInto('problems')
    .values({
      title: input.title.trim(),
      description: input.description?.trim() ?? '',
      place_id: place.id,
      street_id: place.street_id,
      community_id: place.community_id,
      compound_id: place.compound_id,
      building_id: place.building_id,
      category_id: input.categoryId ?? null,
      source_key: sourceKey,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordSupervisionEvent(tx, actor, now, 'problem', row.id, 'create', { title: row.title });
  return row;
}

/** Links orders the actor can see; orders already linked are left as they are. Returns how many were new. */
export async function linkOrders(tx: Tx, actor: SessionActor, now: number, problemId: number, orderIds: number[]): Promise<number> {
  const unique = [...new Set(orderIds)];
  for (const id of unique) {
    await findVisibleOrder(tx, actor, id).catch(() => {
      throw new AppError('unknown_reference', 'orderIds', {
        zh: `工单 ${id} 不存在或不可见`,
        en: `order ${id} does not exist or is not yours`,
      });
    });
  }
  const res = await tx
    .insertInto('problem_orders')
    .values(unique.map((order_id) => ({ problem_id: problemId, order_id, linked_by: actor.id, linked_at: now })))
    .onConflict((oc) => oc.columns(['problem_id', 'order_id']).doNothing())
    .executeTakeFirst();
  const added = Number(res.numInsertedOrUpdatedRows ?? 0);
  await tx.updateTable('problems').set({ updated_at: now }).where('id', '=', problemId).execute();
  await recordSupervisionEvent(tx, actor, now, 'problem', problemId, 'link_orders', { orderIds: unique });
  return added;
}

/** Unlinks an order (which must be linked and visible to the actor). */
export async function unlinkOrder(tx: Tx, actor: SessionActor, now: number, problemId: number, orderId: number) {
  await findVisibleOrder(tx, actor, orderId);
  const res = await tx.deleteFrom('problem_orders').where('problem_id', '=', problemId).where('order_id', '=', orderId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new AppError('not_found', 'orderId');
  await tx.updateTable('problems').set({ updated_at: now }).where('id', '=', problemId).execute();
  await recordSupervisionEvent(tx, actor, now, 'problem', problemId, 'unlink_order', { orderId });
}

/**
 * Orders that may belong to a problem: same compound (or place), ranked by category (same, or
 * the same parent category) and by bigram similarity of their text to the problem's.
 */
export async function proposeOrders(
  tx: Tx,
  actor: SessionActor,
  problem: { id: number; title: string; description: string; place_id: number; compound_id: number | null; category_id: number | null },
  limit: number,
) {
  const rows = await candidateOrders(tx, actor, problem, 500);
  const parent = problem.category_id
    ? ((await tx.selectFrom('categories').select('parent_id').where('id', '=', problem.category_id).executeTakeFirst())?.parent_id ?? null)
    : null;
  const mine = bigrams(`${problem.title} ${problem.description}`);
  return rows
    .map((r) => {
      const text = similarity(mine, bigrams(`${r.title} ${r.description}`));
      const sameCategory = problem.category_id !== null && r.category_id === problem.category_id;
      const related =
        !sameCategory &&
        problem.category_id !== null &&
        (r.category_parent_id === problem.category_id ||
          (parent !== null && (r.category_parent_id === parent || r.category_id === parent)));
      const score = text + (sameCategory ? 0.5 : related ? 0.25 : 0);
      return { ...r, score: Math.round(score * 100) / 100, sameCategory, text };
    })
    .filter((r) => r.sameCategory || r.text >= 0.15)
    .sort((a, b) => b.score - a.score || b.received_at - a.received_at)
    .slice(0, limit);
}

export interface PullReport {
  orders: number;
  problemsCreated: number;
  entriesCreated: number;
  ordersLinked: number;
}

/**
 * The seed's first step: every order in the actor's scope rated 不满意 and received in
 * [from, to) goes into the ledger, grouped by compound (or place without one) × category — one
 * problem and one ledger entry per group. Running it again (or over an overlapping period) adds
 * only what is new: the groups are keyed, the links are unique.
 */
export async function pullUnsatisfiedOrders(
  tx: Tx,
  actor: SessionActor,
  now: number,
  period: { from: number; to: number },
): Promise<PullReport> {
  const orders = await tx
    .selectFrom('work_orders as wo')
    .innerJoin('places as p', 'p.id', 'wo.place_id')
    .leftJoin('categories as c', 'c.id', 'wo.category_id')
    .select(['wo.id', 'wo.place_id', 'wo.compound_id', 'wo.category_id', 'wo.lead_unit_id', 'c.name as category_name'])
    .where(orderScope(actor))
    .where('wo.rating_satisfaction', '=', 'unsatisfied')
    .where('wo.received_at', '>=', period.from)
    .where('wo.received_at', '<', period.to)
    .orderBy('wo.id')
    .execute();
  const groups = new Map<string, typeof orders>();
  for (const o of orders) {
    const key = `${o.compound_id ?? `p${o.place_id}`}:${o.category_id}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const report: PullReport = { orders: orders.length, problemsCreated: 0, entriesCreated: 0, ordersLinked: 0 };
  for (const [key, list] of groups) {
    const first = list[0]!;
    const placeId = first.compound_id ?? first.place_id;
    const sourceKey = `unsatisfied:${key}`;
    const place = await placeAncestry(tx, placeId);
    let problem = await tx.selectFrom('problems').selectAll().where('source_key', '=', sourceKey).executeTakeFirst();
    if (!problem) {
      problem = await createProblem(
        tx,
        actor,
        now,
        {
          title: `${place.name}·${first.category_name ?? '未分类'}：历史不满意工单`,
          description: '“突击战”集中研讨的历史积存不满意工单',
          placeId,
          categoryId: first.category_id,
        },
        sourceKey,
      );
      report.problemsCreated++;
    }
    const added = await linkOrders(
      tx,
      actor,
      now,
      problem.id,
      list.map((o) => o.id),
    );
    report.ordersLinked += added;
    let entry = await tx.selectFrom('ledger_entries').selectAll().where('source_key', '=', sourceKey).executeTakeFirst();
    if (!entry) {
      // The unit most of the orders went to, else the compound's property company.
      const counts = new Map<number, number>();
      for (const o of list) if (o.lead_unit_id !== null) counts.set(o.lead_unit_id, (counts.get(o.lead_unit_id) ?? 0) + 1);
      const lead =
        [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ??
        (first.compound_id ? await propertyCompanyOf(tx, first.compound_id) : null);
      entry = await createLedgerEntry(tx, actor, now, {
        title: problem.title,
        placeId,
        problemId: problem.id,
        categoryId: first.category_id,
        unitId: lead,
        source: 'unsatisfied',
        sourceKey,
      });
      report.entriesCreated++;
    } else if (added > 0) {
      await recordLedgerEvent(tx, actor, now, entry.id, 'more_orders', { payload: { added } });
    }
  }
  return report;
}
