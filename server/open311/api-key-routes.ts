/** Admin endpoints that issue, list and revoke Open311 API keys (/api/admin/api-keys). */
import { Type } from 'typebox';
import { ErrorSchema, IdParams } from '../../common/api';
import { CHANNELS, type Channel } from '../../common/lifecycle';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { AppContext } from '../context';
import type { App } from '../http';
import { issueApiKey, listApiKeys, revokeApiKey } from './api-keys';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const ApiKeyDto = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  keyPrefix: Type.String({ description: 'the first characters of the key, to recognise it' }),
  channel: Type.String(),
  userId: Type.Integer({ description: 'the system user (a district dispatcher) the key acts as' }),
  username: Type.String(),
  rateLimitPerMinute: Type.Integer(),
  createdAt: Type.String(),
  revokedAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
});

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

/** Registers /api/admin/api-keys. Issuing keys is system configuration: the admin-only 'integrations.write' grant. */
export function apiKeyRoutes(app: App, ctx: AppContext) {
  app.post(
    '/api/admin/api-keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Issue an Open311 API key (shown once); it acts as a new district-dispatcher system user',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 60 }),
          channel: Type.Optional(Type.Union(CHANNELS.map((c) => Type.Literal(c)), { description: "order channel of its requests; default 'open311'" })),
          rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
        }),
        response: { 201: Type.Object({ ...ApiKeyDto.properties, key: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      authorize(actor, 'integrations.write');
      const body = req.body as { name: string; channel?: Channel; rateLimitPerMinute?: number };
      const issued = await ctx.db.transaction().execute((tx) => issueApiKey(ctx, tx, actor, body));
      const row = (await listApiKeys(ctx.db)).find((k) => k.id === issued.id)!;
      reply.code(201);
      return { ...present(row), key: issued.key };
    },
  );

  app.get('/api/admin/api-keys', { schema: { tags: ['admin'], summary: 'API keys (never the keys themselves)', response: { 200: Type.Array(ApiKeyDto), ...errors } } }, async (req) => {
    authorize(requireActor(req), 'integrations.write');
    return (await listApiKeys(ctx.db)).map(present);
  });

  app.delete('/api/admin/api-keys/:id', { schema: { tags: ['admin'], summary: 'Revoke an API key and disable its user', params: IdParams, response: { 200: ApiKeyDto, ...errors } } }, async (req) => {
    authorize(requireActor(req), 'integrations.write');
    const { id } = req.params as { id: number };
    await ctx.db.transaction().execute((tx) => revokeApiKey(ctx, tx, id));
    return present((await listApiKeys(ctx.db)).find((k) => k.id === id)!);
  });
}

function present(k: Awaited<ReturnType<typeof listApiKeys>>[number]) {
  return {
    id: k.id,
    name: k.name,
    keyPrefix: k.key_prefix,
    channel: k.channel,
    userId: k.user_id,
    username: k.username,
    rateLimitPerMinute: k.rate_limit_per_minute,
    createdAt: iso(k.created_at)!,
    revokedAt: iso(k.revoked_at),
    lastUsedAt: iso(k.last_used_at),
  };
}
