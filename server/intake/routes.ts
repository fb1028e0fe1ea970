/**
 * Intake helpers for the hotline seat, the triage queue and the resident page: possible duplicates
 * (orders and problems), the category and unit suggestions with their reasons, the outcome log that
 * training and routing learn from, and the acceptance rate per month.
 */
import { Type } from 'typebox';
import { ErrorSchema, IdParams, OrderDetail } from '../../common/api';
import { requireActor, type SessionActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { AppContext } from '../context';
import type { App } from '../http';
import { findSimilarOrders, findSimilarProblems } from './similar';
import { AppError, notFound } from '../errors';
import { findVisibleOrder, orderDetail, orderScope } from '../work-orders';
import { placeById } from '../work-orders/catalogue';
import { CONFIDENCE, currentModel, suggestWith, trainCategoryModel } from './classifier/service';
import { adviseUnits, areaOf, decideRoute, recordRoute } from './routing';
import { UnitAdviceSchema } from '../work-orders/routing';
import { categoryAdvice } from './suggest';
import { acceptQueueSuggestion, queueSuggestions } from './queue';
import { intakeStats } from './stats';
import { suggestionLog } from './suggestion-log';

const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const CategoryScoreSchema = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), score: Type.Number() });
const SimilarOrder = Type.Object({ id: Type.Integer(), number: Type.String(), title: Type.String(), status: Type.String(), placeName: Type.Union([Type.String(), Type.Null()]), version: Type.Integer(), receivedAt: Type.String(), score: Type.Number() });
const Acceptance = Type.Object({ shown: Type.Integer(), decided: Type.Integer(), accepted: Type.Integer(), acceptanceRate: Type.Union([Type.Number(), Type.Null()]) });
const E = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

/** A unit id that exists and is active (422 otherwise). */
async function checkUnit(ctx: AppContext, unitId: number) {
  const u = await ctx.db.selectFrom('units').select('id').where('id', '=', unitId).where('active', '=', 1).executeTakeFirst();
  if (!u) throw new AppError('unknown_reference', 'unitId');
}

/** An order id the actor may see (422 otherwise: it is a reference in the body). */
async function checkOrder(ctx: AppContext, actor: SessionActor, orderId: number) {
  const o = await ctx.db.selectFrom('work_orders as wo').select('wo.id').where('wo.id', '=', orderId).where(orderScope(actor)).executeTakeFirst();
  if (!o) throw new AppError('unknown_reference', 'orderId');
}

export function intakeRoutes(app: App, ctx: AppContext) {
  // Suggestions shown are logged after the answer, in batches; the app's close writes what waits.
  const suggestions = suggestionLog(ctx.db, ctx.log);
  app.addHook('onClose', async () => suggestions.close());

  app.get(
    '/api/intake/similar',
    {
      schema: {
        tags: ['intake'],
        summary: 'Open orders in the same compound from the last 30 days with similar text, scored 0–1',
        querystring: Type.Object({ placeId: Type.Integer({ minimum: 1 }), q: Type.String({ minLength: 1, maxLength: 4000 }), excludeId: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: {
          200: Type.Array(SimilarOrder),
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.create');
      return findSimilarOrders(ctx.db, actor, { placeId: req.query.placeId, text: req.query.q, now: ctx.clock.now(), ...(req.query.excludeId ? { excludeId: req.query.excludeId } : {}) });
    },
  );

  app.get(
    '/api/intake/duplicates',
    {
      schema: {
        tags: ['intake'],
        summary: 'Possible duplicates: open orders of the same compound from the last 30 days and its open problems, with similar text, scored 0–1',
        querystring: Type.Object({ placeId: Id, q: Type.String({ minLength: 1, maxLength: 4000 }), excludeId: Type.Optional(Id) }),
        response: {
          200: Type.Object({
            orders: Type.Array(SimilarOrder),
            problems: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), placeName: Type.Union([Type.String(), Type.Null()]), orderCount: Type.Integer(), updatedAt: Type.String(), score: Type.Number() })),
          }),
          ...E,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.create');
      const input = { placeId: req.query.placeId, text: req.query.q, now: ctx.clock.now() };
      const [orders, problems] = await Promise.all([
        findSimilarOrders(ctx.db, actor, { ...input, ...(req.query.excludeId ? { excludeId: req.query.excludeId } : {}) }),
        findSimilarProblems(ctx.db, actor, { ...input, ...(req.query.excludeId ? { excludeOrderId: req.query.excludeId } : {}) }),
      ]);
      return { orders, problems };
    },
  );

  app.post(
    '/api/intake/suggest',
    {
      schema: {
        tags: ['intake'],
        summary: 'Suggest the category (top 3 with scores) and the responsible unit from the text and place; logged for the acceptance rate',
        body: Type.Object({
          title: Type.String({ maxLength: 100 }),
          description: Type.String({ maxLength: 4000 }),
          placeId: Type.Optional(Id),
          suggestionId: Type.Optional(Id),
        }),
        response: {
          200: Type.Object({
            suggestionId: Type.Union([Type.Integer(), Type.Null()], { description: 'send it back as suggestionId while the same order is typed, so one intake logs one suggestion' }),
            modelId: Type.Union([Type.Integer(), Type.Null()]),
            confident: Type.Boolean(),
            message: Type.String(),
            categories: Type.Array(CategoryScoreSchema),
            units: Type.Array(UnitAdviceSchema, { description: 'for the first category at the place' }),
          }),
          ...E,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.create');
      const text = `${req.body.title} ${req.body.description}`.trim();
      if (!text) throw new AppError('validation', 'description', { zh: '请输入诉求内容', en: 'describe the request' });
      const model = await currentModel(ctx.db);
      const place = req.body.placeId ? await placeById(ctx.db, ctx.db, req.body.placeId) : undefined;
      if (req.body.placeId && !place) throw new AppError('unknown_reference', 'placeId');
      if (!model) return { suggestionId: null, modelId: null, confident: false, message: '尚无训练好的模型 / no trained model yet', categories: [], units: [] };
      const categories = await categoryAdvice(ctx.db, suggestWith(model, text, place?.compound_id ?? null));
      const confident = (categories[0]?.score ?? 0) >= CONFIDENCE;
      const units = categories[0] && place ? await adviseUnits(ctx.db, categories[0].id, place.id) : [];
      const values = { model_id: model.id, text, place_id: place?.id ?? null, suggested_json: JSON.stringify(categories), top_category_id: categories[0]?.id ?? null, top_unit_id: units[0]?.unitId ?? null, created_at: ctx.clock.now() };
      // The same intake typed further: the log keeps one row per order taken, holding the last suggestion shown.
      const revised = req.body.suggestionId ? await suggestions.revise(req.body.suggestionId, actor.id, values) : false;
      const id = revised ? req.body.suggestionId! : await suggestions.add({ ...values, user_id: actor.id });
      return {
        suggestionId: id,
        modelId: model.id,
        confident,
        message: confident ? '建议类别 / suggested category' : '把握不大，请人工选择类别 / not sure: please choose the category',
        categories,
        units,
      };
    },
  );

  app.post(
    '/api/intake/route',
    {
      schema: {
        tags: ['intake'],
        summary: 'The unit to lead an order of a category at a place, with the reason (coverage, and what dispatchers chose for the last similar orders); logged as shown',
        body: Type.Object({ categoryId: Id, placeId: Id, suggestionId: Type.Optional(Id), routeId: Type.Optional(Type.Integer({ minimum: 1, description: 'the id this form got before: the log is re-pointed instead of growing' })) }),
        response: { 200: Type.Object({ routeId: Type.Integer(), units: Type.Array(UnitAdviceSchema) }), ...E },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.create_for_caller');
      const cat = await ctx.db.selectFrom('categories').select('id').where('id', '=', req.body.categoryId).executeTakeFirst();
      if (!cat) throw new AppError('unknown_reference', 'categoryId');
      const area = await areaOf(ctx.db, req.body.placeId);
      if (!area) throw new AppError('unknown_reference', 'placeId');
      let suggestionId = req.body.suggestionId ?? null;
      if (suggestionId && !(await suggestions.owns(suggestionId, actor.id))) suggestionId = null;
      // The route's row refers to the suggestion's: it must be written first.
      if (suggestionId) await suggestions.flush();
      const units = await adviseUnits(ctx.db, req.body.categoryId, req.body.placeId);
      const routeId = await recordRoute(ctx.db, {
        id: req.body.routeId,
        source: 'intake',
        userId: actor.id,
        suggestionId,
        orderId: null,
        categoryId: req.body.categoryId,
        placeId: area.placeId,
        areaId: area.areaId,
        top: units[0],
        now: ctx.clock.now(),
      });
      return { routeId, units };
    },
  );

  app.post(
    '/api/intake/orders/:id/route',
    {
      schema: {
        tags: ['intake'],
        summary:
          'The unit to lead an order being dispatched or transferred (the dispatch dialog), with the reason — the same advice as the intake form’s; logged as shown. Record the unit chosen with POST /api/intake/routes/{routeId}/outcome, so an override is learned',
        params: IdParams,
        body: Type.Object({ routeId: Type.Optional(Type.Integer({ minimum: 1, description: 'the id this dialog got before: the log is re-pointed instead of growing' })) }),
        response: { 200: Type.Object({ routeId: Type.Integer(), units: Type.Array(UnitAdviceSchema) }), ...E },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.create_for_caller');
      const order = await findVisibleOrder(ctx.db, actor, req.params.id);
      const units = await adviseUnits(ctx.db, order.category_id, order.place_id);
      const routeId = await recordRoute(ctx.db, {
        id: req.body.routeId,
        source: 'dialog',
        userId: actor.id,
        suggestionId: null,
        orderId: order.id,
        categoryId: order.category_id,
        placeId: order.place_id,
        areaId: order.compound_id ?? order.place_id,
        top: units[0],
        now: ctx.clock.now(),
      });
      return { routeId, units };
    },
  );

  app.post(
    '/api/intake/suggestions/:id/outcome',
    {
      schema: {
        tags: ['intake'],
        summary: 'Record what the dispatcher chose: the category (a correction is learned by the next training) and, with routeId, the lead unit (an override is learned by the next unit suggestion)',
        params: Type.Object({ id: Id }),
        body: Type.Object({ categoryId: Id, unitId: Type.Optional(Id), orderId: Type.Optional(Id), routeId: Type.Optional(Id) }),
        response: { 200: Type.Object({ accepted: Type.Boolean(), unitAccepted: Type.Union([Type.Boolean(), Type.Null()]) }), ...E },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await suggestions.flush();
      const s = await ctx.db.selectFrom('intake_suggestions').select(['id', 'top_category_id']).where('id', '=', req.params.id).where('user_id', '=', actor.id).executeTakeFirst();
      if (!s) throw notFound('id');
      const cat = await ctx.db.selectFrom('categories').select('id').where('id', '=', req.body.categoryId).executeTakeFirst();
      if (!cat) throw new AppError('unknown_reference', 'categoryId');
      if (req.body.unitId) await checkUnit(ctx, req.body.unitId);
      if (req.body.orderId) await checkOrder(ctx, actor, req.body.orderId);
      const route = req.body.routeId ? await ownRoute(actor, req.body.routeId, 'routeId') : null;
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (tx) => {
        await tx
          .updateTable('intake_suggestions')
          .set({ chosen_category_id: req.body.categoryId, chosen_unit_id: req.body.unitId ?? null, order_id: req.body.orderId ?? null, decided_at: now })
          .where('id', '=', s.id)
          .execute();
        if (route && req.body.unitId) await decideRoute(tx, route.id, req.body.unitId, req.body.orderId ?? null, now);
      });
      suggestions.decided(s.id);
      return { accepted: s.top_category_id === req.body.categoryId, unitAccepted: route && req.body.unitId ? route.suggested_unit_id === req.body.unitId : null };
    },
  );

  /** A unit suggestion this actor was shown and has not decided yet. */
  const ownRoute = async (actor: SessionActor, id: number, field: string) => {
    const r = await ctx.db.selectFrom('intake_routes').select(['id', 'suggested_unit_id', 'decided_at']).where('id', '=', id).where('user_id', '=', actor.id).executeTakeFirst();
    if (!r) throw new AppError(field === 'id' ? 'not_found' : 'unknown_reference', field);
    if (r.decided_at !== null) throw new AppError('conflict', field, { zh: '该建议已记录结果', en: 'this suggestion was already decided' });
    return r;
  };

  app.post(
    '/api/intake/routes/:id/outcome',
    {
      schema: {
        tags: ['intake'],
        summary: 'Record the lead unit the dispatcher chose for a unit suggestion (when no category suggestion was shown)',
        params: Type.Object({ id: Id }),
        body: Type.Object({ unitId: Id, orderId: Type.Optional(Id) }),
        response: { 200: Type.Object({ accepted: Type.Boolean() }), ...E },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const r = await ownRoute(actor, req.params.id, 'id');
      await checkUnit(ctx, req.body.unitId);
      if (req.body.orderId) await checkOrder(ctx, actor, req.body.orderId);
      await decideRoute(ctx.db, r.id, req.body.unitId, req.body.orderId ?? null, ctx.clock.now());
      return { accepted: r.suggested_unit_id === req.body.unitId };
    },
  );

  app.post(
    '/api/intake/queue',
    {
      schema: {
        tags: ['intake'],
        summary: 'Suggestions for received orders of the triage queue: the model’s category and the unit to lead with its reason; each logged once per order',
        body: Type.Object({ orderIds: Type.Array(Id, { minItems: 1, maxItems: 100 }) }),
        response: {
          200: Type.Array(
            Type.Object({
              orderId: Type.Integer(),
              routeId: Type.Integer(),
              suggestionId: Type.Union([Type.Integer(), Type.Null()]),
              confident: Type.Boolean(),
              categories: Type.Array(CategoryScoreSchema),
              categoryAgrees: Type.Boolean(),
              unit: Type.Union([UnitAdviceSchema, Type.Null()]),
            }),
          ),
          ...E,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.create_for_caller');
      return queueSuggestions(ctx, actor, req.body.orderIds);
    },
  );

  app.post(
    '/api/intake/queue/:id/accept',
    {
      schema: {
        tags: ['intake'],
        summary: 'One-click accept of a queue suggestion: dispatches the order to the suggested unit (派单) and logs the suggestion as accepted',
        params: IdParams,
        body: Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) }),
        response: { 200: OrderDetail, ...E },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.create_for_caller');
      const row = await ctx.db.transaction().execute((tx) => acceptQueueSuggestion(ctx, tx, actor, req.params.id, req.body.version));
      return orderDetail(ctx, ctx.db, actor, row);
    },
  );

  app.get(
    '/api/intake/stats',
    {
      schema: {
        tags: ['intake'],
        summary: 'Suggestions shown and accepted per month (Shanghai months): categories (intake form and queue), units (intake form, queue and dispatch dialog), and the queue’s one-click accepts',
        response: { 200: Type.Array(Type.Object({ month: Type.String(), ...Acceptance.properties, units: Acceptance, queue: Acceptance })), 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'orders.import');
      await suggestions.flush();
      return intakeStats(ctx);
    },
  );

  app.post(
    '/api/intake/train',
    {
      schema: {
        tags: ['intake'],
        summary: 'Train a new category model version now (admins; it also trains daily)',
        response: {
          200: Type.Object({
            id: Type.Union([Type.Integer(), Type.Null()]),
            trainedOn: Type.Integer(),
            labels: Type.Integer(),
            trainMs: Type.Integer(),
            routesImported: Type.Integer({ description: 'dispatches of the order history newly imported for the unit suggestions' }),
          }),
          401: ErrorSchema,
          403: ErrorSchema,
        },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'settings.write');
      const r = await trainCategoryModel(ctx.db, ctx.clock.now());
      return r ?? { id: null, trainedOn: 0, labels: 0, trainMs: 0, routesImported: 0 };
    },
  );
}
