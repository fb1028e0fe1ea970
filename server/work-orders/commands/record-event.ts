/** Appends one event to an order's log (never updated, never deleted) and queues its notifications. */
import type { Tx } from '../../db';
import { notifyEvent } from '../../notifications';

export async function recordEvent(
  tx: Tx,
  e: {
    orderId: number;
    action: string;
    actor: { id: number; role: string } | null;
    at: number;
    from: string | null;
    to: string | null;
    public: boolean;
    payload?: Record<string, unknown> | undefined;
  },
): Promise<number> {
  const row = await tx
    .insertInto('order_events')
    .values({
      order_id: e.orderId,
      action: e.action,
      actor_id: e.actor?.id ?? null,
      actor_role: e.actor?.role ?? null,
      at: e.at,
      from_status: e.from,
      to_status: e.to,
      public: e.public ? 1 : 0,
      payload_json: e.payload && Object.keys(e.payload).length ? JSON.stringify(e.payload) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await notifyEvent(tx, { eventId: row.id, orderId: e.orderId, action: e.action, at: e.at, from: e.from, to: e.to, payload: e.payload });
  return row.id;
}
