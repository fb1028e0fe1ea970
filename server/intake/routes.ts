/** Intake helpers for the hotline seat and the resident page: possible duplicates while typing. */
import { Type } from 'typebox';
import { ErrorSchema } from '../../common/api';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { AppContext } from '../context';
import type { App } from '../http';
import { findSimilarOrders } from './similar';
import { AppError, notFound } from '../errors';
import { suggestUnits } from '../work-orders';
import { CONFIDENCE, currentModel, suggestWith, trainCategoryModel } from './classifier/service';

export function intakeRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/intake/similar',
    {
      schema: {
        tags: ['intake'],
        summary: 'Open orders in the same compound from the last 30 days with similar text, scored 0–1',
        querystring: Type.Object({ placeId: Type.Integer({ minimum: 1 }), q: Type.String({ minLength: 1, maxLength: 4000 }), excludeId: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: {
          200: Type.Array(Type.Object({ id: Type.Integer(), number: Type.String(), title: Type.String(), status: Type.String(), placeName: Type.Union([Type.String(), Type.Null()]), version: Type.Integer(), receivedAt: Type.String(), score: Type.Number() })),
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

  app.post(
    '/api/intake/suggest',
    {
      schema: {
        tags: ['intake'],
        summary: 'Suggest the category (top 3 with scores) and the responsible unit from the text and place; logged for the acceptance rate',
        body: Type.Object({ title: Type.String({ maxLength: 100 }), description: Type.String({ maxLength: 4000 }), placeId: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: {
          200: Type.Object({
            suggestionId: Type.Union([Type.Integer(), Type.Null()]),
            modelId: Type.Union([Type.Integer(), Type.Null()]),
            confident: Type.Boolean(),
            message: Type.String(),
            categories: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), score: Type.Number() })),
            units: Type.Array(Type.Object({ unitId: Type.Integer(), name: Type.String(), kind: Type.String(), reason: Type.String(), reasonEn: Type.String() })),
          }),
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.create');
      const text = `${req.body.title} ${req.body.description}`.trim();
      if (!text) throw new AppError('validation', 'description', { zh: '请输入诉求内容', en: 'describe the request' });
      const model = await currentModel(ctx.db);
      const place = req.body.placeId ? await ctx.db.selectFrom('places').select(['id', 'compound_id']).where('id', '=', req.body.placeId).executeTakeFirst() : undefined;
      if (req.body.placeId && !place) throw new AppError('unknown_reference', 'placeId');
      if (!model) return { suggestionId: null, modelId: null, confident: false, message: '尚无训练好的模型 / no trained model yet', categories: [], units: [] };
      const scored = suggestWith(model, text, place?.compound_id ?? null);
      const cats = await ctx.db.selectFrom('categories').select(['id', 'code', 'name']).where('id', 'in', scored.map((x) => Number(x.label))).execute();
      const categories = scored.map((x) => ({ ...cats.find((c) => c.id === Number(x.label))!, score: Math.round(x.score * 1000) / 1000 })).filter((c) => c.id);
      const confident = (categories[0]?.score ?? 0) >= CONFIDENCE;
      const units = categories[0] && place ? await suggestUnits(ctx.db, categories[0].id, place.id) : [];
      const { id } = await ctx.db
        .insertInto('intake_suggestions')
        .values({ user_id: actor.id, model_id: model.id, text, place_id: place?.id ?? null, suggested_json: JSON.stringify(categories), top_category_id: categories[0]?.id ?? null, top_unit_id: units[0]?.unitId ?? null, created_at: ctx.clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
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
    '/api/intake/suggestions/:id/outcome',
    {
      schema: {
        tags: ['intake'],
        summary: 'Record what the dispatcher chose (a correction is learned by the next training)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ categoryId: Type.Integer({ minimum: 1 }), unitId: Type.Optional(Type.Integer({ minimum: 1 })), orderId: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: Type.Object({ accepted: Type.Boolean() }), 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const s = await ctx.db.selectFrom('intake_suggestions').select(['id', 'top_category_id']).where('id', '=', req.params.id).where('user_id', '=', actor.id).executeTakeFirst();
      if (!s) throw notFound('id');
      const cat = await ctx.db.selectFrom('categories').select('id').where('id', '=', req.body.categoryId).executeTakeFirst();
      if (!cat) throw new AppError('unknown_reference', 'categoryId');
      await ctx.db
        .updateTable('intake_suggestions')
        .set({ chosen_category_id: req.body.categoryId, chosen_unit_id: req.body.unitId ?? null, order_id: req.body.orderId ?? null, decided_at: ctx.clock.now() })
        .where('id', '=', s.id)
        .execute();
      return { accepted: s.top_category_id === req.body.categoryId };
    },
  );

  app.get(
    '/api/intake/stats',
    {
      schema: {
        tags: ['intake'],
        summary: 'Suggestions shown and accepted per month (Shanghai months)',
        response: { 200: Type.Array(Type.Object({ month: Type.String(), shown: Type.Integer(), decided: Type.Integer(), accepted: Type.Integer(), acceptanceRate: Type.Union([Type.Number(), Type.Null()]) })), 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'orders.import');
      const rows = await ctx.db.selectFrom('intake_suggestions').select(['created_at', 'chosen_category_id', 'top_category_id']).orderBy('id').execute();
      const months = new Map<string, { shown: number; decided: number; accepted: number }>();
      for (const r of rows) {
        const m = new Date(r.created_at + 8 * 3600_000).toISOString().slice(0, 7);
        const agg = months.get(m) ?? { shown: 0, decided: 0, accepted: 0 };
        agg.shown++;
        if (r.chosen_category_id !== null) {
          agg.decided++;
          if (r.chosen_category_id === r.top_category_id) agg.accepted++;
        }
        months.set(m, agg);
      }
      return [...months].map(([month, a]) => ({ month, ...a, acceptanceRate: a.decided ? Math.round((a.accepted / a.decided) * 1000) / 1000 : null }));
    },
  );

  app.post(
    '/api/intake/train',
    {
      schema: {
        tags: ['intake'],
        summary: 'Train a new category model version now (admins; it also trains daily)',
        response: { 200: Type.Object({ id: Type.Union([Type.Integer(), Type.Null()]), trainedOn: Type.Integer(), labels: Type.Integer(), trainMs: Type.Integer() }), 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'settings.write');
      const r = await trainCategoryModel(ctx.db, ctx.clock.now());
      return r ?? { id: null, trainedOn: 0, labels: 0, trainMs: 0 };
    },
  );
}
