/** Ties uploaded attachments to an order (and the event that brought them). */
import type { SessionActor } from '../auth/actor';
import type { Tx } from '../db';
import { AppError } from '../errors';

/** Only the uploader's own, not-yet-linked attachments can be linked; anything else is a bad reference. */
export async function linkAttachments(tx: Tx, actor: SessionActor, orderId: number, ids: number[], phase: string, eventId?: number) {
  const unique = [...new Set(ids)];
  const res = await tx
    .updateTable('attachments')
    .set({ order_id: orderId, phase, event_id: eventId ?? null })
    .where('id', 'in', unique)
    .where('uploader_id', '=', actor.id)
    .where('order_id', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== unique.length) throw new AppError('unknown_reference', 'attachmentIds');
}
