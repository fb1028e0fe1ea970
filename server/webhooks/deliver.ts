/**
 * The webhook delivery loop. Each hook reads the outbox in id order after its own cursor and
 * POSTs every row whose topic it takes, signed, one at a time: a row is done only when the
 * receiver answered 2xx, so rows arrive in order and none is skipped. A failure is recorded and
 * retried with exponential backoff (1 s, 2 s, 4 s … capped at 10 min) for as long as it takes —
 * the receiver may be down for hours. One server at a time runs the loop (a lease in `jobs`).
 *
 * Rows are read only after their transaction committed. On PostgreSQL a transaction that took an
 * id earlier may commit after a later one; so when the next id is missing (a gap) the loop waits
 * GAP_GRACE_MS for it before passing it (a rolled-back transaction leaves a gap for good).
 */
import { performance } from 'node:perf_hooks';
import type { AppContext } from '../context';
import { repeat } from '../jobs/repeat';
import { dropLease, takeLease } from '../jobs/lease';
import { advanceCursor, dueWebhooks, outboxAfter, purgeDeliveries, recordAttempt, type WebhookRow } from './queries';
import { SIGNATURE_HEADER, signBody } from './sign';
import { splitTopics, topicMatches } from './topics';

export const LEASE_KIND = 'webhooks';
const LEASE_MS = 5 * 60_000;
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 10 * 60_000;
export const GAP_GRACE_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;
const BATCH = 100;
/** Rows one hook may send per run, so that one busy hook does not hold the lease for long. */
const MAX_PER_RUN = 500;
const KEEP_DELIVERIES_MS = 30 * 24 * 3600_000;

/** Delay before retry number `failures` (1 → 1 s, 2 → 2 s, …, capped at 10 min). */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(failures - 1, 30)), BACKOFF_MAX_MS);
}

/** What a receiver gets: the outbox row as JSON; `id` is stable across retries, for deduplication. */
export function deliveryBody(row: { id: number; topic: string; payload_json: string; created_at: number }): string {
  return JSON.stringify({ id: String(row.id), topic: row.topic, createdAt: new Date(row.created_at).toISOString(), data: JSON.parse(row.payload_json) as unknown });
}

interface Attempt {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

async function post(hook: WebhookRow, row: { id: number; topic: string; payload_json: string; created_at: number }): Promise<Attempt> {
  const body = deliveryBody(row);
  const t0 = performance.now();
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Gongzhi-Webhooks/1',
        [SIGNATURE_HEADER]: signBody(hook.secret, body),
        'X-Gongzhi-Topic': row.topic,
        'X-Gongzhi-Delivery': String(row.id),
      },
    });
    const text = await res.text().catch(() => '');
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, error: ok ? null : `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`, durationMs: Math.round(performance.now() - t0) };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.cause?.code ?? e.cause?.message ?? (e.name === 'TimeoutError' ? `timeout after ${REQUEST_TIMEOUT_MS} ms` : e.message);
    return { ok: false, statusCode: null, error: String(why).slice(0, 300), durationMs: Math.round(performance.now() - t0) };
  }
}

export interface HookRunResult {
  delivered: number;
  failed: number;
}

/** Sends what one hook has pending, in order, until it is caught up, fails, or meets a fresh gap. */
async function runHook(ctx: AppContext, hook: WebhookRow): Promise<HookRunResult> {
  const topics = splitTopics(hook.topics);
  const result: HookRunResult = { delivered: 0, failed: 0 };
  let cursor = Number(hook.cursor);
  let saved = cursor; // the cursor as stored
  let failures = hook.failures;
  let sent = 0;
  const save = async () => {
    if (cursor === saved) return true;
    const ok = await advanceCursor(ctx.db, hook.id, saved, cursor);
    saved = cursor;
    return ok;
  };
  while (sent < MAX_PER_RUN) {
    const rows = await outboxAfter(ctx.db, cursor, BATCH);
    if (!rows.length) break;
    for (const row of rows) {
      if (row.id !== cursor + 1 && ctx.clock.now() - row.created_at < GAP_GRACE_MS) {
        // A lower id may still be in an uncommitted transaction: come back for it next run.
        await save();
        return result;
      }
      if (!topicMatches(topics, row.topic)) {
        cursor = row.id;
        continue;
      }
      if (!(await save())) return result; // another worker moved this hook on
      const attempt = await post(hook, row);
      const at = ctx.clock.now();
      sent++;
      if (attempt.ok) {
        const moved = await recordAttempt(
          ctx.db,
          { webhookId: hook.id, outboxId: row.id, topic: row.topic, attempt: failures + 1, statusCode: attempt.statusCode, error: null, durationMs: attempt.durationMs, delivered: true, at, nextRetryAt: null },
          { expectedCursor: cursor, set: { cursor: row.id, failures: 0, next_attempt_at: null, last_status: attempt.statusCode, last_error: null, last_attempt_at: at, last_success_at: at } },
        );
        if (!moved) return result;
        result.delivered++;
        cursor = saved = row.id;
        failures = 0;
      } else {
        failures++;
        const next = at + backoffMs(failures);
        await recordAttempt(
          ctx.db,
          { webhookId: hook.id, outboxId: row.id, topic: row.topic, attempt: failures, statusCode: attempt.statusCode, error: attempt.error, durationMs: attempt.durationMs, delivered: false, at, nextRetryAt: next },
          { expectedCursor: cursor, set: { failures, next_attempt_at: next, last_status: attempt.statusCode, last_error: attempt.error, last_attempt_at: at } },
        );
        result.failed++;
        return result;
      }
      if (sent >= MAX_PER_RUN) break;
    }
  }
  await save();
  return result;
}

export interface WebhookRunResult {
  hooks: number;
  delivered: number;
  failed: number;
}

/** One pass over every due hook; null when another server holds the lease. */
export async function runWebhooks(ctx: AppContext): Promise<WebhookRunResult | null> {
  const now = ctx.clock.now();
  const lease = await takeLease(ctx.db, LEASE_KIND, now, LEASE_MS);
  if (!lease) return null;
  try {
    const hooks = await dueWebhooks(ctx.db, now);
    // Hooks are independent: a slow receiver must not hold up the others.
    const results = await Promise.all(hooks.map((h) => runHook(ctx, h)));
    await purgeDeliveries(ctx.db, now - KEEP_DELIVERIES_MS);
    return { hooks: hooks.length, delivered: results.reduce((s, r) => s + r.delivered, 0), failed: results.reduce((s, r) => s + r.failed, 0) };
  } finally {
    await dropLease(ctx.db, lease);
  }
}

/** Runs the delivery loop now and then every `intervalMs` (alongside the sweep); returns a stop function. */
export function scheduleWebhooks(ctx: AppContext, intervalMs: number): () => void {
  return repeat(
    ctx,
    intervalMs,
    () => runWebhooks(ctx),
    (r) => {
      if (r && r.failed) ctx.log.warn({ webhooks: r }, 'webhook deliveries failed; will retry');
    },
    'webhook delivery loop failed',
  );
}
