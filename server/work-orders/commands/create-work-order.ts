/** 受理: a request becomes a work order with a human-readable number and its first event. */
import { shanghaiDate } from '../../../common/calendar';
import type { CreateOrderInput } from '../../../common/api';
import type { Channel } from '../../../common/lifecycle';
import { sql } from 'kysely';
import type { SessionActor } from '../../auth/actor';
import { can } from '../../auth/policy';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import { fastQuery, rowParams } from '../../db/fast-query';
import type { WorkOrderRow } from '../../db/schema';
import { AppError } from '../../errors';
import { linkAttachments } from '../../attachments/link';
import { checkAttributes } from '../attributes';
import { categoryById, placeById } from '../catalogue';
import { rollupOrderChange } from '../../evaluation/rollups';
import { recordEvent } from './record-event';
import { onDuty } from '../../duty/queries';

/** 2026113000042: the Shanghai date and a per-day sequence, allocated in the same transaction. */
export async function nextOrderNumber(tx: Tx, now: number): Promise<string> {
  const day = shanghaiDate(now).replaceAll('-', '');
  const name = `order:${day}`;
  const { rows } = await fastQuery(tx, 'next-order-number', [name, 1], () =>
    tx
      .insertInto('counters')
      .values({ name, value: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`counters.value + 1` }))
      .returning('value'),
  );
  return `${day}${String(rows[0]!.value).padStart(5, '0')}`;
}

function defaultChannel(actor: SessionActor): Channel {
  switch (actor.role) {
    case 'resident':
      return 'h5';
    case 'dispatcher':
      return 'hotline';
    case 'inspector':
      return 'patrol';
    default:
      return 'staff';
  }
}

/** A call taken on a hotline: staff only (a resident's own report has no line). */
function forCallerLine(actor: SessionActor, hotline: string | undefined): boolean {
  return hotline !== undefined && can(actor, 'orders.create_for_caller');
}

/** The line must exist; whether the taker was on the roster then is recorded, not enforced (a colleague may cover). */
async function answeredOnLine(tx: Tx, code: string, actor: SessionActor, now: number) {
  const line = await tx.selectFrom('hotlines').select('code').where('code', '=', code).executeTakeFirst();
  if (!line) throw new AppError('unknown_reference', 'hotline');
  const shifts = await onDuty(tx, code, now);
  return { code, onDuty: shifts.some((s) => s.user_id === actor.id) };
}

/** The `create` event as the order's timeline reads it (queries.ts orderEvents). */
export interface CreateEvent {
  id: number;
  action: string;
  actor_id: number | null;
  actor_name: string | null;
  actor_role: string | null;
  at: number;
  from_status: string | null;
  to_status: string | null;
  public: number;
  payload_json: string | null;
}

export async function createWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, input: CreateOrderInput): Promise<WorkOrderRow> {
  return (await receiveWorkOrder(ctx, tx, actor, input)).row;
}

/**
 * createWorkOrder, also giving the `create` event's id. Category, questions and place come from the
 * catalogue caches (work-orders/catalogue.ts); the new row comes back from the INSERT itself.
 */
export async function receiveWorkOrder(ctx: AppContext, tx: Tx, actor: SessionActor, input: CreateOrderInput): Promise<{ row: WorkOrderRow; event: CreateEvent }> {
  const now = ctx.clock.now();
  const category = await categoryById(ctx.db, tx, input.categoryId);
  if (!category || !category.active) throw new AppError('unknown_reference', 'categoryId');
  const place = await placeById(ctx.db, tx, input.placeId);
  if (!place) throw new AppError('unknown_reference', 'placeId');
  if ([...input.title.trim()].length < 2) {
    throw new AppError('validation', 'title', { zh: '标题至少2个字', en: 'the title needs at least 2 characters' });
  }
  const attributes = checkAttributes(category.fields, input.attributes ?? {});
  const line = forCallerLine(actor, input.hotline) ? await answeredOnLine(tx, input.hotline!, actor, now) : null;

  const forCaller = can(actor, 'orders.create_for_caller');
  // A resident always reports as themself, through the resident page.
  const channel = forCaller ? ((input.channel as Channel | undefined) ?? defaultChannel(actor)) : 'h5';
  const row = {
    number: await nextOrderNumber(tx, now),
    title: input.title.trim(),
    description: input.description.trim(),
    category_id: input.categoryId,
    priority: (input.priority as string | undefined) ?? 'normal',
    channel,
    status: 'received',
    version: 1,
    place_id: place.id,
    street_id: place.street_id,
    community_id: place.community_id,
    compound_id: place.compound_id,
    building_id: place.building_id,
    address: input.address ?? null,
    lat: input.lat ?? place.lat,
    lng: input.lng ?? place.lng,
    caller_name: forCaller ? (input.callerName ?? null) : actor.name,
    caller_phone: forCaller ? (input.callerPhone ?? null) : actor.phone,
    anonymous: input.anonymous ? 1 : 0,
    reporter_user_id: forCaller ? null : actor.id,
    received_by: forCaller ? actor.id : null,
    hotline: line?.code ?? null,
    attributes_json: Object.keys(attributes).length ? JSON.stringify(attributes) : null,
    received_at: now,
    updated_at: now,
  };
  const cols = rowParams([row]);
  const created = (await fastQuery(tx, `insert-order|${cols.columns.join()}`, cols.params, () => tx.insertInto('work_orders').values(row).returningAll())).rows[0]!;
  const id = created.id;
  const payload = { channel, number: row.number, ...(line ? { hotline: line.code, answeredBy: actor.name, onDuty: line.onDuty } : {}) };
  const eventId = await recordEvent(tx, { orderId: id, action: 'create', actor, at: now, from: null, to: 'received', public: true, payload, order: created });
  if (input.attachmentIds?.length) await linkAttachments(tx, actor, id, input.attachmentIds, 'before');
  await rollupOrderChange(tx, null, created, { co: [] });
  const event = {
    id: eventId,
    action: 'create',
    actor_id: actor.id,
    actor_name: actor.name,
    actor_role: actor.role,
    at: now,
    from_status: null,
    to_status: 'received',
    public: 1,
    payload_json: JSON.stringify(payload),
  };
  return { row: created, event };
}
