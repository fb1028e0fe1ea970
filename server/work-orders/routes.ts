/** HTTP routes of the work-order domain: thin — authenticate, validate, one transaction, command, present. */
import { Type } from 'typebox';
import { ACTION_BODIES, CreateOrderBody, ErrorSchema, IdParams, ListOrdersQuery, OrderDetail, OrderList, type ActionBodies } from '../../common/api';
import { ACTIONS, allowedActions, transitionOf, type Action } from '../../common/lifecycle';
import { requireActor, type SessionActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { AppContext } from '../context';
import type { Db, Tx } from '../db';
import type { WorkOrderRow } from '../db/schema';
import { AppError } from '../errors';
import type { App } from '../http';
import { presentDetail, presentSummary, iso } from './present';
import { findVisibleOrder, listOrders, orderAttachments, orderEvents, orderNames, orderUnits, residentVisibleEventIds } from './queries';
import { canSeeWholePhone, seesOnlyPublicEvents, toOrderState } from './policy';
import { receiveWorkOrder } from './commands/create-work-order';
import { runAction } from './commands';
import { findIdempotent, rememberIdempotent, requestHash } from './idempotency';
import { adviseUnits, UnitAdviceSchema } from './routing';
import { BULK_ACTIONS, runBulkAction, type BulkAction } from './commands/bulk-action';
import { sampleForVerification } from './commands/sample-verification';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

const OrderId = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });

/** URL spelling of the bulk actions: as in the single-order routes (approve-reply), the action name also accepted. */
const BULK_PATHS: Record<string, BulkAction> = Object.fromEntries(BULK_ACTIONS.flatMap((a) => [[a, a], [a.replaceAll('_', '-'), a]]));

const BulkParams = Type.Object({ action: Type.Union(Object.keys(BULK_PATHS).map((k) => Type.Literal(k))) });
const BulkBody = Type.Object({
  // version is an int4 column on PostgreSQL
  items: Type.Array(Type.Object({ id: OrderId, version: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) }), { minItems: 1, maxItems: 100 }),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
const BulkResult = Type.Object({
  results: Type.Array(
    Type.Object({
      id: OrderId,
      ok: Type.Boolean(),
      status: Type.Optional(Type.String({ description: 'the order status after the action' })),
      version: Type.Optional(Type.Integer({ description: 'the order version after the action' })),
      error: Type.Optional(ErrorSchema.properties.error),
    }),
  ),
});

const SampleBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(OrderId, { minItems: 1, maxItems: 200 })),
    share: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    closedFrom: Type.Optional(Type.String({ format: 'date-time' })),
    closedTo: Type.Optional(Type.String({ format: 'date-time' })),
    max: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { description: 'either ids, or share (with an optional closing period and cap)' },
);

/** The detail view of an order as this actor may see it (full phone, public events, actions). */
export async function orderDetail(
  ctx: AppContext,
  db: Db | Tx,
  actor: SessionActor,
  row: WorkOrderRow,
  /** What the caller already holds (a new order: no units, its one event), instead of reading it again. */
  known: {
    units?: Awaited<ReturnType<typeof orderUnits>>;
    events?: Awaited<ReturnType<typeof orderEvents>>;
    attachments?: Awaited<ReturnType<typeof orderAttachments>>;
  } = {},
) {
  const [units, names, events, attachments] = await Promise.all([
    known.units ?? orderUnits(db, row.id),
    orderNames(db, row, ctx.db),
    known.events ?? orderEvents(db, row.id, seesOnlyPublicEvents(actor)),
    known.attachments ?? orderAttachments(db, row.id),
  ]);
  const shown = seesOnlyPublicEvents(actor) ? await residentVisibleEventIds(db, row.id) : null;
  const visibleAttachments = shown ? attachments.filter((a) => a.event_id === null || shown.has(a.event_id)) : attachments;
  return presentDetail(
    {
      ...row,
      category_name: names.category?.name ?? null,
      place_name: names.place?.name ?? null,
      compound_name: names.compoundName,
      lead_unit_name: names.lead?.name ?? null,
    },
    {
      coUnits: units.filter((u) => u.role === 'co').map((u) => ({ id: u.unit_id, name: u.name })),
      events: events.map((e) => ({
        id: e.id,
        action: e.action,
        actor: e.actor_id && e.actor_name ? { id: e.actor_id, name: e.actor_name } : null,
        actorRole: e.actor_role,
        at: iso(e.at),
        fromStatus: e.from_status,
        toStatus: e.to_status,
        public: e.public === 1,
        payload: e.payload_json ? JSON.parse(e.payload_json) : null,
      })),
      attachments: visibleAttachments.map((a) => ({
        id: a.id,
        phase: a.phase,
        mime: a.mime,
        size: a.size,
        url: `/api/attachments/${a.id}`,
        originalName: a.original_name,
        createdAt: iso(a.created_at),
      })),
      actions: allowedActions(toOrderState(row, units), actor, ctx.clock.now()),
    },
    canSeeWholePhone(actor, row, units),
  );
}

export function workOrderRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/work-orders',
    { schema: { tags: ['work-orders'], summary: 'List orders in your scope', querystring: ListOrdersQuery, response: { 200: OrderList, ...errors } } },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.list');
      const res = await listOrders(ctx.db, ctx.engine, actor, req.query);
      return { items: res.rows.map((r) => presentSummary(r)), total: res.total, totalCapped: res.totalCapped, page: res.page, pageSize: res.pageSize };
    },
  );

  app.post(
    '/api/work-orders',
    {
      schema: {
        tags: ['work-orders'],
        summary: 'Receive a request (受理); send Idempotency-Key to make retries safe',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }),
        body: CreateOrderBody,
        response: { 200: OrderDetail, 201: OrderDetail, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.create');
      const key = req.headers['idempotency-key'];
      const hash = requestHash(req.body);
      const create = () =>
        ctx.db.transaction().execute(async (tx) => {
          const now = ctx.clock.now();
          if (key) {
            const existing = await findIdempotent(tx, actor.id, key, hash, now);
            if (existing) return { row: await findVisibleOrder(tx, actor, existing), created: null };
          }
          const { row, event } = await receiveWorkOrder(ctx, tx, actor, req.body);
          if (key) await rememberIdempotent(tx, actor.id, key, hash, row.id, now);
          return { row, created: event };
        });
      let result;
      try {
        result = await create();
      } catch (err) {
        // Two concurrent requests with one key: the loser's key insert conflicts; it answers with the winner's order.
        if (key && (err as { code?: string }).code && /23505|SQLITE_CONSTRAINT/.test(String((err as { code?: string }).code))) result = await create();
        else throw err;
      }
      reply.code(result.created ? 201 : 200);
      // A new order has no units yet and one event, in hand: the detail reads neither again.
      return orderDetail(ctx, ctx.db, actor, result.row, result.created ? { units: [], events: [result.created], ...(req.body.attachmentIds?.length ? {} : { attachments: [] }) } : {});
    },
  );

  app.get(
    '/api/work-orders/:id',
    { schema: { tags: ['work-orders'], summary: 'One order with its timeline and the actions you may take', params: IdParams, response: { 200: OrderDetail, ...errors } } },
    async (req) => {
      const actor = requireActor(req);
      const row = await findVisibleOrder(ctx.db, actor, req.params.id);
      return orderDetail(ctx, ctx.db, actor, row);
    },
  );

  app.get(
    '/api/work-orders/:id/unit-suggestions',
    {
      schema: {
        tags: ['work-orders'],
        summary: 'Routing suggestion, best first, with the reason: what dispatchers chose for the last similar orders (same category and compound), then place × category coverage',
        params: IdParams,
        response: {
          200: Type.Array(UnitAdviceSchema),
          ...errors,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const row = await findVisibleOrder(ctx.db, actor, req.params.id);
      return adviseUnits(ctx.db, row.category_id, row.place_id);
    },
  );

  app.post(
    '/api/work-orders/bulk/:action',
    {
      schema: {
        tags: ['work-order actions'],
        summary: 'One action (urge, supervise, approve-reply) on many orders; each item in its own transaction',
        params: BulkParams,
        body: BulkBody,
        response: { 200: BulkResult, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { items, ...body } = req.body;
      return { results: await runBulkAction(ctx, actor, BULK_PATHS[req.params.action]!, items, body) };
    },
  );

  app.post(
    '/api/work-orders/verification-sample',
    {
      schema: {
        tags: ['work-orders'],
        summary: 'Draw closed satisfied orders for re-verification (回访核实)',
        body: SampleBody,
        response: { 200: Type.Object({ sampled: Type.Array(OrderId) }), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.sample_verification');
      const b = req.body;
      const at = (v: string | undefined) => (v === undefined ? undefined : Date.parse(v));
      const sampled = await ctx.db.transaction().execute((tx) =>
        sampleForVerification(ctx, tx, actor, { ids: b.ids, share: b.share, closedFrom: at(b.closedFrom), closedTo: at(b.closedTo), max: b.max }),
      );
      return { sampled };
    },
  );

  for (const action of ACTIONS) registerAction(app, ctx, action);
}

function registerAction<A extends Action>(app: App, ctx: AppContext, action: A) {
  const t = transitionOf(action);
  app.post<{ Params: { id: number }; Body: ActionBodies[A] }>(
    `/api/work-orders/:id/${action.replaceAll('_', '-')}`,
    {
      schema: {
        tags: ['work-order actions'],
        summary: `${t.zh} — ${t.en}`,
        description: `Allowed from: ${t.from === 'any' ? 'any status' : t.from.join(', ')}. Roles: ${t.grants.map((g) => `${g.roles.join('/')} (${g.relation})`).join('; ')}.`,
        params: IdParams,
        body: ACTION_BODIES[action],
        response: { 200: OrderDetail, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const row = await ctx.db.transaction().execute((tx) => runAction(ctx, tx, actor, req.params.id, action, req.body as ActionBodies[A]));
      return orderDetail(ctx, ctx.db, actor, row);
    },
  );
}

export { AppError };
