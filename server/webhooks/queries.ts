/** SQL of the webhook domain: hooks, their outbox reads and delivery records. */
import type { Selectable, Updateable } from 'kysely';
import type { Db, Tx } from '../db';
import type { WebhooksTable } from '../db/schema';

export type WebhookRow = Selectable<WebhooksTable>;
type Queryable = Db | Tx;

export async function createWebhook(db: Queryable, v: { url: string; topics: string; secret: string; description: string | null; createdBy: number; now: number }) {
  // New hooks start after the newest outbox row: they carry what happens from now on.
  const last = await db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  const row = await db
    .insertInto('webhooks')
    .values({
      url: v.url,
      topics: v.topics,
      secret: v.secret,
      description: v.description,
      active: 1,
      cursor: Number(last?.m ?? 0),
      failures: 0,
      next_attempt_at: null,
      last_status: null,
      last_error: null,
      last_attempt_at: null,
      last_success_at: null,
      created_by: v.createdBy,
      created_at: v.now,
      updated_at: v.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findWebhook(db: Queryable, id: number) {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every hook with how many outbox rows lie after its cursor (not all are its topics). */
export async function listWebhooks(db: Queryable) {
  return db
    .selectFrom('webhooks as w')
    .selectAll('w')
    .select((eb) => eb.selectFrom('outbox as o').select((o) => o.fn.countAll<number>().as('n')).whereRef('o.id', '>', 'w.cursor').as('behind'))
    .orderBy('w.id')
    .execute();
}

export async function updateWebhook(db: Queryable, id: number, set: Updateable<WebhooksTable>) {
  await db.updateTable('webhooks').set(set).where('id', '=', id).execute();
}

/** Active hooks whose next attempt is due. */
export async function dueWebhooks(db: Queryable, now: number) {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .orderBy('id')
    .execute();
}

/** Outbox rows after a cursor, in id order (primary key). */
export async function outboxAfter(db: Queryable, cursor: number, limit: number) {
  return db.selectFrom('outbox').selectAll().where('id', '>', cursor).orderBy('id').limit(limit).execute();
}

export interface DeliveryRecord {
  webhookId: number;
  outboxId: number;
  topic: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  delivered: boolean;
  at: number;
  nextRetryAt: number | null;
}

/**
 * Records an attempt and moves the hook on, in one transaction. The hook update is guarded by the
 * cursor it was read with, so a second worker (an expired lease) cannot move it twice; returns
 * false when the guard failed.
 */
export async function recordAttempt(db: Db, d: DeliveryRecord, hook: { expectedCursor: number; set: Updateable<WebhooksTable> }): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const res = await tx.updateTable('webhooks').set(hook.set).where('id', '=', d.webhookId).where('cursor', '=', hook.expectedCursor).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return false;
    await tx
      .insertInto('webhook_deliveries')
      .values({
        webhook_id: d.webhookId,
        outbox_id: d.outboxId,
        topic: d.topic,
        attempt: d.attempt,
        status_code: d.statusCode,
        error: d.error,
        duration_ms: d.durationMs,
        delivered: d.delivered ? 1 : 0,
        attempted_at: d.at,
        next_retry_at: d.nextRetryAt,
      })
      .execute();
    return true;
  });
}

/** Moves a hook's cursor past rows it does not subscribe to (guarded like recordAttempt). */
export async function advanceCursor(db: Db, id: number, from: number, to: number): Promise<boolean> {
  const res = await db.updateTable('webhooks').set({ cursor: to }).where('id', '=', id).where('cursor', '=', from).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A hook's latest delivery attempts, newest first (index webhook_deliveries_hook). */
export async function recentDeliveries(db: Queryable, webhookId: number, limit: number) {
  return db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('id', 'desc').limit(limit).execute();
}

/** Forgets delivery records older than `before` (index webhook_deliveries_attempted). */
export async function purgeDeliveries(db: Queryable, before: number) {
  await db.deleteFrom('webhook_deliveries').where('attempted_at', '<', before).execute();
}

