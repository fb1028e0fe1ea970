/** Who is calling: resolved from the session cookie or a bearer token, once per request. */
import type { FastifyRequest } from 'fastify';
import type { Actor, Role } from '../../common/roles';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { hashToken } from './password';
import { cached, tableCache } from '../db/row-cache';
import type { Selectable } from 'kysely';
import type { UsersTable } from '../db/schema';

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

const ACTOR_COLUMNS = ['u.id', 'u.username', 'u.name', 'u.phone', 'u.role', 'u.unit_id', 'u.place_id', 'u.active', 'p.level', 'p.path'] as const;

type UserRow = Pick<Selectable<UsersTable>, 'id' | 'username' | 'name' | 'phone' | 'role' | 'unit_id' | 'place_id' | 'active'> & {
  level: string | null;
  path: string | null;
};

function toActor(u: UserRow | undefined): SessionActor | null {
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

/** The actor for a user id, or null when the account is missing or disabled. */
export async function loadActor(ctx: AppContext, userId: number): Promise<SessionActor | null> {
  const u = await ctx.db
    .selectFrom('users as u')
    .leftJoin('places as p', 'p.id', 'u.place_id')
    .select(ACTOR_COLUMNS)
    .where('u.id', '=', userId)
    .executeTakeFirst();
  return toActor(u);
}

/**
 * Token or session → actor, one joined query, cached (server/db/row-cache.ts): any write to the
 * tables it reads (a revoked token, a logout, a disabled account, a user's place moved) drops the
 * whole cache in this process at once; another app server on the same PostgreSQL sees it within
 * the cache's 2 s.
 */
const AUTH_TABLES = ['api_tokens', 'sessions', 'users', 'places'];
type Credential = { actor: SessionActor | null; expiresAt: number | null };

function bearerCredential(ctx: AppContext, hash: string) {
  return cached(tableCache<string, Credential>(ctx.db, 'auth', AUTH_TABLES), `b:${hash}`, async () => {
    const u = await ctx.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .leftJoin('places as p', 'p.id', 'u.place_id')
      .select(ACTOR_COLUMNS)
      .where('t.token_hash', '=', hash)
      .where('t.revoked_at', 'is', null)
      .executeTakeFirst();
    return u ? { actor: toActor(u), expiresAt: null } : undefined;
  });
}

function sessionCredential(ctx: AppContext, hash: string) {
  return cached(tableCache<string, Credential>(ctx.db, 'auth', AUTH_TABLES), `s:${hash}`, async () => {
    const u = await ctx.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .leftJoin('places as p', 'p.id', 'u.place_id')
      .select([...ACTOR_COLUMNS, 's.expires_at'])
      .where('s.id', '=', hash)
      .executeTakeFirst();
    return u ? { actor: toActor(u), expiresAt: u.expires_at } : undefined;
  });
}

/** Finds the caller from `Authorization: Bearer …` or the session cookie; null when anonymous. */
export async function resolveActor(ctx: AppContext, req: FastifyRequest): Promise<SessionActor | null> {
  const auth = req.headers.authorization;
  const now = ctx.clock.now();
  // The scheme name is case-insensitive (RFC 9110 §11.1).
  if (auth && /^bearer(\s|$)/i.test(auth)) {
    const token = /^bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
    if (!token) throw new AppError('unauthenticated', 'authorization');
    const found = await bearerCredential(ctx, hashToken(token));
    if (!found) throw new AppError('unauthenticated', 'authorization');
    return found.actor && { ...found.actor };
  }
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  const s = await sessionCredential(ctx, hashToken(token));
  if (!s || s.expiresAt === null || s.expiresAt < now) return null;
  return s.actor && { ...s.actor };
}

/** The caller, or a 401 when nobody is signed in. */
export function requireActor(req: FastifyRequest): SessionActor {
  if (!req.actor) throw new AppError('unauthenticated');
  return req.actor;
}
