/**
 * Suggestions in the dispatcher's triage queue: for each received order, the model's category and
 * the unit to lead (with its reason), logged once per order like the intake form's, and a
 * one-click accept that dispatches to the suggested unit and records the decision.
 */
import type { SessionActor } from '../auth/actor';
import type { AppContext } from '../context';
import type { Tx } from '../db';
import { AppError, notFound } from '../errors';
import { orderScope, runAction } from '../work-orders';
import { adviseUnits, decideRoute, recordRoute, type UnitAdvice } from './routing';
import { CONFIDENCE, currentModel, suggestWith } from './classifier/service';
import { categoryAdvice, type CategoryScore } from './suggest';
import { suggestionLog } from './suggestion-log';

export interface QueueSuggestion {
  orderId: number;
  routeId: number;
  suggestionId: number | null;
  confident: boolean;
  categories: CategoryScore[];
  /** the model's first category is the order's own */
  categoryAgrees: boolean;
  unit: UnitAdvice | null;
}

/** One suggestion per received order in the actor's scope; an order already shown keeps its logged suggestion. */
export async function queueSuggestions(ctx: AppContext, actor: SessionActor, orderIds: number[]): Promise<QueueSuggestion[]> {
  const ids = [...new Set(orderIds)];
  const orders = await ctx.db
    .selectFrom('work_orders as wo')
    .select(['wo.id', 'wo.title', 'wo.description', 'wo.category_id', 'wo.place_id', 'wo.compound_id'])
    .where('wo.id', 'in', ids)
    .where('wo.status', '=', 'received')
    .where(orderScope(actor))
    .execute();
  if (!orders.length) return [];
  // Serves from intake_routes_order (order_id).
  const shown = await ctx.db
    .selectFrom('intake_routes as r')
    .leftJoin('intake_suggestions as s', 's.id', 'r.suggestion_id')
    .select(['r.id', 'r.order_id', 'r.category_id', 'r.suggestion_id', 's.suggested_json'])
    .where('r.order_id', 'in', orders.map((o) => o.id))
    .where('r.source', '=', 'queue')
    .where('r.user_id', '=', actor.id)
    .where('r.decided_at', 'is', null)
    .orderBy('r.id', 'desc')
    .execute();
  const model = await currentModel(ctx.db);
  const log = suggestionLog(ctx.db, ctx.log);
  const now = ctx.clock.now();
  const advised = [];
  for (const o of orders) {
    const units = await adviseUnits(ctx.db, o.category_id, o.place_id);
    const prev = shown.find((r) => r.order_id === o.id && r.category_id === o.category_id);
    let categories: CategoryScore[] = [];
    let suggestionId: number | null = prev?.suggestion_id ?? null;
    if (prev?.suggested_json) categories = JSON.parse(prev.suggested_json) as CategoryScore[];
    else if (model && !prev) {
      const text = `${o.title} ${o.description}`.trim();
      categories = await categoryAdvice(ctx.db, suggestWith(model, text, o.compound_id));
      suggestionId = await log.add({
        user_id: actor.id,
        model_id: model.id,
        text,
        place_id: o.place_id,
        suggested_json: JSON.stringify(categories),
        top_category_id: categories[0]?.id ?? null,
        top_unit_id: units[0]?.unitId ?? null,
        order_id: o.id,
        created_at: now,
      });
    }
    advised.push({ o, units, prev, categories, suggestionId });
  }
  // The routes' rows refer to the suggestions' rows: those are written first, in one batch.
  await log.flush();
  const out: QueueSuggestion[] = [];
  for (const { o, units, prev, categories, suggestionId } of advised) {
    // The unit may have changed since it was first shown (a decision elsewhere was learned): re-point the log row.
    const routeId = await recordRoute(ctx.db, {
      ...(prev ? { id: prev.id } : {}),
      source: 'queue',
      userId: actor.id,
      suggestionId,
      orderId: o.id,
      categoryId: o.category_id,
      placeId: o.place_id,
      areaId: o.compound_id ?? o.place_id,
      top: units[0],
      now,
    });
    out.push({
      orderId: o.id,
      routeId,
      suggestionId,
      confident: (categories[0]?.score ?? 0) >= CONFIDENCE,
      categories,
      categoryAgrees: categories[0]?.id === o.category_id,
      unit: units[0] ?? null,
    });
  }
  return ids.map((id) => out.find((s) => s.orderId === id)).filter((s): s is QueueSuggestion => !!s);
}

/** 一键派单: dispatches the order to the suggested unit and logs the suggestion as accepted. */
export async function acceptQueueSuggestion(ctx: AppContext, tx: Tx, actor: SessionActor, routeId: number, version: number) {
  const r = await tx.selectFrom('intake_routes').selectAll().where('id', '=', routeId).where('source', '=', 'queue').executeTakeFirst();
  if (!r || r.order_id === null) throw notFound('id');
  if (r.decided_at !== null) throw new AppError('conflict', 'id', { zh: '该建议已处理', en: 'this suggestion was already decided' });
  if (r.suggested_unit_id === null) throw new AppError('rule_violation', 'id', { zh: '没有可采纳的建议单位', en: 'there is no suggested unit to accept' });
  // runAction loads the order within the actor's scope (404 otherwise) and checks the transition and version.
  const row = await runAction(ctx, tx, actor, r.order_id, 'dispatch', { version, leadUnitId: r.suggested_unit_id });
  const now = ctx.clock.now();
  await decideRoute(tx, r.id, r.suggested_unit_id, r.order_id, now);
  if (r.suggestion_id !== null) {
    suggestionLog(ctx.db, ctx.log).decided(r.suggestion_id);
    await tx
      .updateTable('intake_suggestions')
      .set({ chosen_category_id: row.category_id, chosen_unit_id: r.suggested_unit_id, decided_at: now })
      .where('id', '=', r.suggestion_id)
      .where('decided_at', 'is', null)
      .execute();
  }
  return row;
}
