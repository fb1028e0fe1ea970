/** Who is calling: resolved from the session cookie or a bearer token, once per request. */
import type { FastifyRequest } from 'fastify';
import type { Actor, Role } from '../../common/roles';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { hashToken } from './password';

/** The actor plus what scoping needs: the level and path of the place they answer for. */
export interface SessionActor extends Actor {
  username: string;
  phone: string | null;
  placeLevel: string | null;
  placePath: string | null;
}

export const SESSION_COOKIE = 'gz_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: SessionActor | null;
  }
}

/** The actor for a user id, or null when the account is missing or disabled. */
export async function loadActor(ctx: AppContext, userId: number): Promise<SessionActor | null> {
  const u = await ctx.db
    .selectFrom('users as u')
    .leftJoin('places as p', 'p.id', 'u.place_id')
    .select(['u.id', 'u.username', 'u.name', 'u.phone', 'u.role', 'u.unit_id', 'u.place_id', 'u.active', 'p.level', 'p.path'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!u || !u.active) return null;
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    phone: u.phone,
    role: u.role as Role,
    unitId: u.unit_id,
    placeId: u.place_id,
    placeLevel: u.level ?? null,
    placePath: u.path ?? null,
  };
}

/** Finds the caller from `Authorization: Bearer …` or the session cookie; null when anonymous. */
export async function resolveActor(ctx: AppContext, req: FastifyRequest): Promise<SessionActor | null> {
  const auth = req.headers.authorization;
  const now = ctx.clock.now();
  // The scheme name is case-insensitive (RFC 9110 §11.1).
  if (auth && /^bearer(\s|$)/i.test(auth)) {
    const token = /^bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
    if (!token) throw new AppError('unauthenticated', 'authorization');
    const row = await ctx.db
      .selectFrom('api_tokens')
      .select(['user_id'])
      .where('token_hash', '=', hashToken(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new AppError('unauthenticated', 'authorization');
    return loadActor(ctx, row.user_id);
  }
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  const s = await ctx.db
    .selectFrom('sessions')
    .select(['user_id', 'expires_at'])
    .where('id', '=', hashToken(token))
    .executeTakeFirst();
  if (!s || s.expires_at < now) return null;
  return loadActor(ctx, s.user_id);
}

/** The caller, or a 401 when nobody is signed in. */
export function requireActor(req: FastifyRequest): SessionActor {
  if (!req.actor) throw new AppError('unauthenticated');
  return req.actor;
}
