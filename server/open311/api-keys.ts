/**
 * API keys for Open311 clients. Each key is bound to an order channel and acts as its own system
 * user — a dispatcher scoped to the whole district — so requests it files go through the normal
 * commands, policy and scoping. Keys are stored hashed and rate-limited per minute in the database,
 * so the limit holds across several app servers.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Channel } from '../../common/lifecycle';
import { loadActor, type SessionActor } from '../auth/actor';
import { hashToken, newToken } from '../auth/password';
import type { AppContext } from '../context';
import type { Db, Tx } from '../db';
import { notFound } from '../errors';
import { Open311Error } from './format';
import { districtRoot } from './location';

export interface ApiKeyRow {
  id: number;
  name: string;
  channel: string;
  user_id: number;
  rate_limit_per_minute: number;
}

export interface IssueApiKeyInput {
  name: string;
  channel?: Channel | undefined;
  rateLimitPerMinute?: number | undefined;
}

/** Creates the key and its system user; returns the key (shown once) and the row id. */
export async function issueApiKey(ctx: AppContext, tx: Tx, admin: SessionActor, input: IssueApiKeyInput) {
  const now = ctx.clock.now();
  const root = await districtRoot(tx);
  const suffix = crypto.randomBytes(5).toString('hex');
  const user = await tx
    .insertInto('users')
    .values({
      username: `apikey-${suffix}`,
      name: `接口 ${input.name}`.slice(0, 64),
      phone: null,
      role: 'dispatcher',
      unit_id: null,
      place_id: root,
      // Not a scrypt hash: nobody can sign in as a key's user; it acts only through its key.
      password_hash: '!api-key',
      active: 1,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { token, hash } = newToken('o311_');
  const row = await tx
    .insertInto('api_keys')
    .values({
      name: input.name,
      key_hash: hash,
      key_prefix: token.slice(0, 9),
      channel: input.channel ?? 'open311',
      user_id: user.id,
      rate_limit_per_minute: input.rateLimitPerMinute ?? 60,
      created_by: admin.id,
      created_at: now,
      revoked_at: null,
      last_used_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, key: token, userId: user.id };
}

/** Revokes a key and disables its user; revoking twice is harmless. */
export async function revokeApiKey(ctx: AppContext, tx: Tx, id: number) {
  const key = await tx.selectFrom('api_keys').select(['id', 'user_id', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  if (!key) throw notFound('id');
  if (key.revoked_at === null) {
    await tx.updateTable('api_keys').set({ revoked_at: ctx.clock.now() }).where('id', '=', id).execute();
    await tx.updateTable('users').set({ active: 0 }).where('id', '=', key.user_id).execute();
  }
}

export async function listApiKeys(db: Db) {
  return db
    .selectFrom('api_keys as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .select(['k.id', 'k.name', 'k.key_prefix', 'k.channel', 'k.user_id', 'u.username', 'k.rate_limit_per_minute', 'k.created_at', 'k.revoked_at', 'k.last_used_at'])
    .orderBy('k.id')
    .execute();
}

/** The live key and the user it acts as, or null for an unknown, revoked or orphaned key. */
export async function authenticateApiKey(ctx: AppContext, key: string | undefined): Promise<{ key: ApiKeyRow; actor: SessionActor } | null> {
  if (!key || key.length > 200) return null;
  const row = await ctx.db
    .selectFrom('api_keys')
    .select(['id', 'name', 'channel', 'user_id', 'rate_limit_per_minute'])
    .where('key_hash', '=', hashToken(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const actor = await loadActor(ctx, row.user_id);
  return actor ? { key: row, actor } : null;
}

/**
 * Counts one request in the key's current minute and refuses (429) beyond its limit. The counter
 * is a row per key and minute, upserted, so every app server sees the same count.
 */
export async function consumeRateLimit(ctx: AppContext, key: ApiKeyRow): Promise<void> {
  const now = ctx.clock.now();
  const windowStart = now - (now % 60_000);
  const row = await ctx.db
    .insertInto('api_key_windows')
    .values({ api_key_id: key.id, window_start: windowStart, count: 1 })
    .onConflict((oc) => oc.columns(['api_key_id', 'window_start']).doUpdateSet({ count: sql`api_key_windows.count + 1` }))
    .returning('count')
    .executeTakeFirstOrThrow();
  if (Number(row.count) === 1) {
    // A new minute: forget the old ones and note when the key was last used.
    await ctx.db.deleteFrom('api_key_windows').where('api_key_id', '=', key.id).where('window_start', '<', windowStart).execute();
    await ctx.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', key.id).execute();
  }
  if (Number(row.count) > key.rate_limit_per_minute) {
    throw new Open311Error(429, `rate limit of ${key.rate_limit_per_minute} requests per minute exceeded for this api_key; retry after ${Math.ceil((windowStart + 60_000 - now) / 1000)} s`);
  }
}
