/** Admin endpoints of the webhooks: register, list with last status and deliveries, change, retry, deactivate. */
import { Type } from 'typebox';
import { ErrorSchema, IdParams } from '../../common/api';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError, notFound } from '../errors';
import type { App } from '../http';
import { createWebhook, findWebhook, listWebhooks, recentDeliveries, updateWebhook, type WebhookRow } from './queries';
import { newSecret } from './sign';
import { isTopicPattern, joinTopics, splitTopics } from './topics';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

const DeliveryDto = Type.Object({
  id: Type.Integer(),
  outboxId: Type.Integer(),
  topic: Type.String(),
  attempt: Type.Integer(),
  statusCode: NullableInt,
  error: NullableString,
  delivered: Type.Boolean(),
  durationMs: Type.Integer(),
  attemptedAt: Type.String(),
  nextRetryAt: NullableString,
});

const WebhookDto = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  topics: Type.Array(Type.String()),
  description: NullableString,
  active: Type.Boolean(),
  cursor: Type.Integer({ description: 'last outbox id this hook is done with' }),
  behind: Type.Integer({ description: 'outbox rows after the cursor (of any topic)' }),
  failures: Type.Integer({ description: 'consecutive failed attempts on the next row' }),
  nextAttemptAt: NullableString,
  lastStatus: NullableInt,
  lastError: NullableString,
  lastAttemptAt: NullableString,
  lastSuccessAt: NullableString,
  createdAt: Type.String(),
  recentDeliveries: Type.Array(DeliveryDto),
});

const Topics = Type.Array(Type.String({ minLength: 1, maxLength: 100, description: "'*', 'order.*' or a topic like 'order.close'" }), { minItems: 1, maxItems: 30 });
const Url = Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' });
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

function checkTopics(topics: string[] | undefined) {
  for (const t of topics ?? []) {
    if (!isTopicPattern(t)) throw new AppError('validation', 'topics', { zh: `无效的事件主题 ${t}`, en: `not a topic pattern: ${t}` });
  }
}

function checkUrl(url: string | undefined) {
  if (url === undefined) return;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new AppError('validation', 'url', { zh: '地址必须是 http(s) URL', en: 'url must be an http(s) URL' });
  }
}

function present(h: WebhookRow & { behind?: number | string | null }, deliveries: Awaited<ReturnType<typeof recentDeliveries>>) {
  return {
    id: h.id,
    url: h.url,
    topics: splitTopics(h.topics),
    description: h.description,
    active: h.active === 1,
    cursor: Number(h.cursor),
    behind: Number(h.behind ?? 0),
    failures: h.failures,
    nextAttemptAt: iso(h.next_attempt_at),
    lastStatus: h.last_status,
    lastError: h.last_error,
    lastAttemptAt: iso(h.last_attempt_at),
    lastSuccessAt: iso(h.last_success_at),
    createdAt: iso(h.created_at)!,
    recentDeliveries: deliveries.map((d) => ({
      id: d.id,
      outboxId: Number(d.outbox_id),
      topic: d.topic,
      attempt: d.attempt,
      statusCode: d.status_code,
      error: d.error,
      delivered: d.delivered === 1,
      durationMs: d.duration_ms,
      attemptedAt: iso(d.attempted_at)!,
      nextRetryAt: iso(d.next_retry_at),
    })),
  };
}

/** Registers /api/admin/webhooks (admin only: hooks are system configuration, 'integrations.write'). */
export function webhookRoutes(app: App, ctx: AppContext) {
  const one = async (id: number, deliveries: number) => {
    const h = (await listWebhooks(ctx.db)).find((w) => w.id === id);
    if (!h) throw notFound('id');
    return present(h, await recentDeliveries(ctx.db, id, deliveries));
  };

  app.post(
    '/api/admin/webhooks',
    {
      schema: {
        tags: ['admin'],
        summary: 'Register a webhook for outbox topics; the secret (HMAC-SHA256 key) is shown once',
        body: Type.Object({ url: Url, topics: Topics, secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })), description: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 201: Type.Object({ ...WebhookDto.properties, secret: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      authorize(actor, 'integrations.write');
      const body = req.body as { url: string; topics: string[]; secret?: string; description?: string };
      checkUrl(body.url);
      checkTopics(body.topics);
      const secret = body.secret ?? newSecret();
      const id = await createWebhook(ctx.db, { url: body.url, topics: joinTopics(body.topics), secret, description: body.description ?? null, createdBy: actor.id, now: ctx.clock.now() });
      reply.code(201);
      return { ...(await one(id, 0)), secret };
    },
  );

  app.get('/api/admin/webhooks', { schema: { tags: ['admin'], summary: 'Webhooks with their last status and latest deliveries', response: { 200: Type.Array(WebhookDto), ...errors } } }, async (req) => {
    authorize(requireActor(req), 'integrations.write');
    const hooks = await listWebhooks(ctx.db);
    return Promise.all(hooks.map(async (h) => present(h, await recentDeliveries(ctx.db, h.id, 5))));
  });

  app.get(
    '/api/admin/webhooks/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'One webhook with its recent delivery attempts',
        params: IdParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
        response: { 200: WebhookDto, ...errors },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'integrations.write');
      return one((req.params as { id: number }).id, (req.query as { limit?: number }).limit ?? 50);
    },
  );

  app.patch(
    '/api/admin/webhooks/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a webhook: url, topics, description, pause/resume (active)',
        params: IdParams,
        body: Type.Object({ url: Type.Optional(Url), topics: Type.Optional(Topics), description: Type.Optional(Type.String({ maxLength: 200 })), active: Type.Optional(Type.Boolean()) }),
        response: { 200: WebhookDto, ...errors },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'integrations.write');
      const { id } = req.params as { id: number };
      const body = req.body as { url?: string; topics?: string[]; description?: string; active?: boolean };
      if (!(await findWebhook(ctx.db, id))) throw notFound('id');
      checkUrl(body.url);
      checkTopics(body.topics);
      await updateWebhook(ctx.db, id, {
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.topics !== undefined ? { topics: joinTopics(body.topics) } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        // Resuming retries the waiting row at once.
        ...(body.active !== undefined ? { active: body.active ? 1 : 0, next_attempt_at: null } : {}),
        updated_at: ctx.clock.now(),
      });
      return one(id, 5);
    },
  );

  app.post(
    '/api/admin/webhooks/:id/retry',
    { schema: { tags: ['admin'], summary: 'Retry the waiting row now instead of at the backoff time', params: IdParams, response: { 200: WebhookDto, ...errors } } },
    async (req) => {
      authorize(requireActor(req), 'integrations.write');
      const { id } = req.params as { id: number };
      if (!(await findWebhook(ctx.db, id))) throw notFound('id');
      await updateWebhook(ctx.db, id, { next_attempt_at: null, updated_at: ctx.clock.now() });
      return one(id, 5);
    },
  );

  app.delete(
    '/api/admin/webhooks/:id',
    { schema: { tags: ['admin'], summary: 'Deactivate a webhook (its delivery history stays)', params: IdParams, response: { 200: WebhookDto, ...errors } } },
    async (req) => {
      authorize(requireActor(req), 'integrations.write');
      const { id } = req.params as { id: number };
      if (!(await findWebhook(ctx.db, id))) throw notFound('id');
      await updateWebhook(ctx.db, id, { active: 0, updated_at: ctx.clock.now() });
      return one(id, 5);
    },
  );
}
