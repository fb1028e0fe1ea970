/** Appends one event to an order's log (never updated, never deleted) and queues its notifications. */
import type { Tx } from '../../db';
import { fastQuery, rowParams } from '../../db/fast-query';
import { notifyEvent, notifyEvents } from '../../notifications';

export interface NewEvent {
  orderId: number;
  action: string;
  actor: { id: number; role: string } | null;
  at: number;
  from: string | null;
  to: string | null;
  public: boolean;
  payload?: Record<string, unknown> | undefined;
}

const eventRow = (e: NewEvent) => ({
  order_id: e.orderId,
  action: e.action,
  actor_id: e.actor?.id ?? null,
  actor_role: e.actor?.role ?? null,
  at: e.at,
  from_status: e.from,
  to_status: e.to,
  public: e.public ? 1 : 0,
  payload_json: e.payload && Object.keys(e.payload).length ? JSON.stringify(e.payload) : null,
});

/**
 * Many events at once (the sweep): one multi-row insert per 500 events and their outbox rows,
 * instead of two statements each. At most one event per (order, action) in a call.
 */
export async function recordEvents(tx: Tx, events: readonly NewEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const chunk = events.slice(i, i + 500);
    const rows = await tx.insertInto('order_events').values(chunk.map(eventRow)).returning(['id', 'order_id', 'action']).execute();
    // RETURNING's row order is not promised on every engine: match by (order, action).
    const idOf = new Map(rows.map((r) => [`${r.order_id}|${r.action}`, r.id]));
    await notifyEvents(
      tx,
      chunk.map((e) => ({ eventId: idOf.get(`${e.orderId}|${e.action}`)!, orderId: e.orderId, action: e.action, at: e.at, from: e.from, to: e.to, payload: e.payload })),
    );
  }
}

export async function recordEvent(
  tx: Tx,
  e: NewEvent & {
    /** The order's number and reporter when the caller has them (saves notifyEvent reading the order). */
    order?: { number: string; reporter_user_id: number | null } | undefined;
  },
): Promise<number> {
  const values = eventRow(e);
  const cols = rowParams([values]);
  const row = (await fastQuery(tx, 'insert-event', cols.params, () => tx.insertInto('order_events').values(values).returning('id'))).rows[0]!;
  await notifyEvent(tx, { eventId: row.id, orderId: e.orderId, action: e.action, at: e.at, from: e.from, to: e.to, payload: e.payload, order: e.order });
  return row.id;
}
