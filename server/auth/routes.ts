/** Sign in and out, who am I, and personal API tokens for integrations. */
import { Type } from 'typebox';
import { CreateTokenBody, ErrorSchema, LoginBody, UserSummary } from '../../common/api';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { App } from '../http';
import { loadActor, requireActor, SESSION_COOKIE, type SessionActor } from './actor';
import { hashPassword, hashToken, newToken, verifyPassword } from './password';
import { loginLimiter } from './rate-limit';

async function summary(ctx: AppContext, a: SessionActor) {
  const [unit, place] = await Promise.all([
    a.unitId ? ctx.db.selectFrom('units').select('name').where('id', '=', a.unitId).executeTakeFirst() : undefined,
    a.placeId ? ctx.db.selectFrom('places').select('name').where('id', '=', a.placeId).executeTakeFirst() : undefined,
  ]);
  return { id: a.id, username: a.username, name: a.name, role: a.role, unitId: a.unitId, unitName: unit?.name ?? null, placeId: a.placeId, placeName: place?.name ?? null, phone: a.phone };
}

export function authRoutes(app: App, ctx: AppContext) {
  const limiter = loginLimiter(ctx.clock);
  // Unknown and disabled accounts cost one hash too, so the answer time does not tell which usernames exist.
  let dummyHash: Promise<string> | null = null;

  app.post(
    '/api/auth/login',
    { schema: { tags: ['auth'], summary: 'Sign in; sets an HTTP-only session cookie', body: LoginBody, response: { 200: Type.Object({ user: UserSummary }), 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema } } },
    async (req, reply) => {
      const { username, password } = req.body;
      limiter.check(req.ip, username);
      const user = await ctx.db
        .selectFrom('users')
        .select(['id', 'password_hash', 'active'])
        .where((eb) => eb.or([eb('username', '=', username), eb.and([eb('phone', '=', username), eb('role', '=', 'resident')])]))
        .executeTakeFirst();
      const ok = await verifyPassword(password, user?.password_hash ?? (await (dummyHash ??= hashPassword('not a password'))));
      if (!user || !user.active || !ok) {
        limiter.fail(req.ip, username);
        throw new AppError('bad_credentials', 'password');
      }
      limiter.succeed(req.ip, username);
      const { token, hash } = newToken();
      const now = ctx.clock.now();
      await ctx.db.insertInto('sessions').values({ id: hash, user_id: user.id, created_at: now, expires_at: now + ctx.config.sessionTtlMs }).execute();
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: ctx.config.sessionTtlMs / 1000, secure: req.protocol === 'https' });
      const actor = await loadActor(ctx, user.id);
      return { user: await summary(ctx, actor!) };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await ctx.db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: Type.Object({ user: UserSummary }), 401: ErrorSchema } } }, async (req) => {
    return { user: await summary(ctx, requireActor(req)) };
  });

  app.post(
    '/api/auth/tokens',
    { schema: { tags: ['auth'], summary: 'Issue a bearer token for an integration (shown once)', body: CreateTokenBody, response: { 201: Type.Object({ id: Type.Integer(), token: Type.String() }), 401: ErrorSchema } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const { token, hash } = newToken('gz_');
      const row = await ctx.db.insertInto('api_tokens').values({ user_id: actor.id, name: req.body.name, token_hash: hash, created_at: ctx.clock.now(), revoked_at: null }).returning('id').executeTakeFirstOrThrow();
      reply.code(201);
      return { id: row.id, token };
    },
  );
}
