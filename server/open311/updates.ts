/**
 * FixMyStreet's update extension. GET servicerequestupdates lists our public order events as
 * request updates (update_id = event id); POST servicerequestupdates stores a client's update once
 * per (key, update_id) and turns it into a lifecycle step when the status maps onto one that is
 * legal now, or into a public comment otherwise (status-map.ts has the table).
 */
import { isGranted, isLegal, transitionOf, type Action, type Status } from '../../common/lifecycle';
import type { SessionActor } from '../auth/actor';
import type { AppContext } from '../context';
import type { Db } from '../db';
import { AppError, fromDatabaseError } from '../errors';
import { runAction } from '../work-orders/commands';
import { toOrderState } from '../work-orders/policy';
import { findVisibleOrder, orderUnits } from '../work-orders/queries';
import type { ApiKeyRow } from './api-keys';
import { badRequest, notFound311, w3c, type Node } from './format';
import { charCount, one, parseW3c, text, type Params } from './params';
import { extendedStatusOfEvent, INBOUND_ACTIONS, parsePostedStatus, type PostedStatus } from './status-map';

const DAY = 24 * 3600_000;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The words a resident would read for a public event (its own text when it has one). */
export function describeEvent(action: string, p: Record<string, unknown>): string {
  const own = str(p.reply) || str(p.text) || str(p.reason) || str(p.note) || str(p.comment);
  switch (action) {
    case 'create':
      return `已受理 Received${str(p.number) ? ` (${str(p.number)})` : ''}`;
    case 'dispatch':
    case 'transfer':
      return `已派单至 ${str(p.leadUnitName)} / Dispatched to ${str(p.leadUnitName)}${own ? `：${own}` : ''}`;
    case 'accept':
      return own || '责任单位已签收 / Accepted by the responsible unit';
    case 'contact':
      return own || '已联系诉求人 / The resident was contacted';
    case 'approve_extension':
      return `办理期限延长至 ${str(p.newDueAt)} / Deadline extended to ${str(p.newDueAt)}${own ? `：${own}` : ''}`;
    case 'rate':
      return `回访评价 Rated: ${str(p.resolution)} / ${str(p.satisfaction)}${own ? `：${own}` : ''}`;
    case 'close':
      return own || '已办结 / Closed';
    case 'merge':
      return `与工单 ${str(p.targetNumber)} 合并办理 / Merged into ${str(p.targetNumber)}`;
    case 'redo':
      return own || '重新办理 / Being handled again';
    case 'reverify':
      return own || (p.reopened ? '回访核实：问题仍在，重新办理 / Reopened after re-verification' : '回访核实完成 / Re-verified');
    default:
      return own || action;
  }
}

export interface UpdatesFilter {
  start: number;
  end: number;
  orderIds: number[];
}

/** start_date/end_date (at most 90 days apart; default the last 24 hours), optionally service_request_id. */
export function readUpdatesFilter(p: Params, now: number): UpdatesFilter {
  const s = one(p, 'start_date');
  const e = one(p, 'end_date');
  let start = s === undefined ? null : parseW3c(s, 'start_date');
  let end = e === undefined ? null : parseW3c(e, 'end_date');
  if (start !== null && end !== null && end < start) throw badRequest('end_date is before start_date');
  if (start !== null && end !== null && end - start > 90 * DAY) throw badRequest('start_date to end_date may span at most 90 days');
  if (start === null && end === null) {
    end = now;
    start = now - DAY;
  } else if (start === null) start = end! - DAY;
  else if (end === null) end = Math.min(start + 90 * DAY, Math.max(now, start));
  const ids = (p.get('service_request_id') ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const id of ids) if (!/^\d{1,15}$/.test(id)) throw badRequest(`service_request_id must be a request id (got "${id.slice(0, 30)}")`);
  return { start: start!, end: end!, orderIds: ids.map(Number) };
}

/** Public order events in the window, oldest first, with the order's status at each (at most 1000). */
export async function findUpdates(db: Db, f: UpdatesFilter) {
  // Served by order_events_public_at (partial index on public events).
  let q = db
    .selectFrom('order_events as e')
    .innerJoin('work_orders as wo', 'wo.id', 'e.order_id')
    .leftJoin('open311_updates as u', 'u.event_id', 'e.id')
    .select(['e.id', 'e.order_id', 'e.action', 'e.at', 'e.to_status', 'e.payload_json', 'wo.status as status_now', 'u.media_url'])
    .select((eb) =>
      eb
        .selectFrom('order_events as e2')
        .select('e2.to_status')
        .whereRef('e2.order_id', '=', 'e.order_id')
        .whereRef('e2.id', '<=', 'e.id')
        .where('e2.to_status', 'is not', null)
        .orderBy('e2.id', 'desc')
        .limit(1)
        .as('status_then'),
    )
    .where('e.public', '=', 1)
    .where('e.at', '>=', f.start)
    .where('e.at', '<=', f.end);
  if (f.orderIds.length) q = q.where('e.order_id', 'in', f.orderIds);
  return q.orderBy('e.at').orderBy('e.id').limit(1000).execute();
}

/** `<request_update>` with every field FixMyStreet reads; external_status_code is our own status. */
export function presentUpdate(r: Awaited<ReturnType<typeof findUpdates>>[number]): Node {
  const payload = r.payload_json ? (JSON.parse(r.payload_json) as Record<string, unknown>) : {};
  const statusThen = (r.status_then ?? r.status_now) as Status;
  return {
    update_id: String(r.id),
    service_request_id: String(r.order_id),
    status: extendedStatusOfEvent({ action: r.action, payload }, statusThen),
    updated_datetime: w3c(r.at),
    description: describeEvent(r.action, payload),
    media_url: r.media_url ?? '',
    external_status_code: statusThen,
  };
}

export interface PostedUpdate {
  serviceRequestId: number;
  updateId: string;
  status: PostedStatus;
  updatedAt: number;
  description: string;
  mediaUrl: string | null;
}

/** The arguments of POST servicerequestupdates, or a 400 naming the first bad one. */
export function readPostedUpdate(p: Params): PostedUpdate {
  const id = one(p, 'service_request_id');
  if (!id) throw badRequest('service_request_id was not provided');
  if (!/^\d{1,15}$/.test(id)) throw notFound311(`service_request_id ${id.slice(0, 30)} was not found`);
  const updateId = one(p, 'update_id');
  if (!updateId) throw badRequest('update_id was not provided');
  if (charCount(updateId) > 100) throw badRequest('update_id is longer than 100 characters');
  const rawStatus = one(p, 'status');
  if (!rawStatus) throw badRequest('status was not provided');
  const status = parsePostedStatus(rawStatus);
  if (!status) throw badRequest(`status must be one of OPEN, CLOSED, FIXED, IN_PROGRESS, ACTION_SCHEDULED, INVESTIGATING, DUPLICATE, NOT_COUNCILS_RESPONSIBILITY, NO_FURTHER_ACTION, INTERNAL_REFERRAL, REOPEN, FOR_TRIAGE (got "${rawStatus.slice(0, 40)}")`);
  const when = one(p, 'updated_datetime');
  if (!when) throw badRequest('updated_datetime was not provided');
  const updatedAt = parseW3c(when, 'updated_datetime');
  if (!p.has('description')) throw badRequest('description was not provided');
  const description = (text(p, 'description') ?? '').trim();
  if (charCount(description) > 4000) throw badRequest(`description is limited to 4000 characters (got ${charCount(description)})`);
  const mediaUrl = one(p, 'media_url') ?? null;
  if (mediaUrl && (mediaUrl.length > 2000 || !/^https?:\/\/\S+$/i.test(mediaUrl))) throw badRequest('media_url must be an http(s) URL');
  return { serviceRequestId: Number(id), updateId, status, updatedAt, description, mediaUrl };
}

const clip = (s: string, max: number) => [...s].slice(0, max).join('');

/** The body of the lifecycle action (or comment) a posted update becomes. */
function actionBody(action: Action | 'comment', version: number, who: string, u: PostedUpdate) {
  const said = u.description || u.status;
  switch (action) {
    case 'close':
      return { version, note: clip(`${who}（${u.status}）：${said}`, 2000) };
    case 'answer_directly':
      return { version, reply: clip(`${who}（${u.status}）：${said}`, 4000) };
    case 'cancel':
      return { version, reason: clip(`${who}（${u.status}）：${said}`, 2000) };
    default:
      return { text: clip(`${who}（${u.status}）：${said}`, 2000), public: true };
  }
}

const isUniqueViolation = (err: unknown) => fromDatabaseError(err)?.code === 'duplicate';

/**
 * Stores a posted update and applies it, in one transaction; returns the update_id we answer (the
 * id of the order event it became). A re-post of the same update_id returns the first answer.
 */
export async function postServiceRequestUpdate(ctx: AppContext, auth: { key: ApiKeyRow; actor: SessionActor }, u: PostedUpdate): Promise<string> {
  const actor = auth.actor;
  const existing = () =>
    ctx.db.selectFrom('open311_updates').select(['event_id']).where('api_key_id', '=', auth.key.id).where('update_id', '=', u.updateId).executeTakeFirst();
  const apply = () =>
    ctx.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('open311_updates').select(['event_id']).where('api_key_id', '=', auth.key.id).where('update_id', '=', u.updateId).executeTakeFirst();
      if (before) return before.event_id;
      const order = await findVisibleOrder(tx, actor, u.serviceRequestId).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'not_found') throw notFound311(`service_request_id ${u.serviceRequestId} was not found`);
        throw err;
      });
      const now = ctx.clock.now();
      // Claim the update_id first: a concurrent re-post waits here and then fails on the unique key.
      const claimed = await tx
        .insertInto('open311_updates')
        .values({
          api_key_id: auth.key.id,
          update_id: u.updateId,
          order_id: order.id,
          status: u.status,
          description: u.description,
          media_url: u.mediaUrl,
          updated_datetime: u.updatedAt,
          outcome: null,
          event_id: null,
          received_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const state = toOrderState(order, await orderUnits(tx, order.id));
      const action: Action | 'comment' =
        INBOUND_ACTIONS[u.status].find((a) => {
          const t = transitionOf(a);
          return isLegal(t, state, now) && isGranted(t, actor, state);
        }) ?? 'comment';
      await runAction(ctx, tx, actor, order.id, action, actionBody(action, order.version, auth.key.name, u) as never);
      const event = await tx.selectFrom('order_events').select('id').where('order_id', '=', order.id).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      await tx.updateTable('open311_updates').set({ outcome: action, event_id: event.id }).where('id', '=', claimed.id).execute();
      return event.id;
    });
  let eventId: number | null;
  try {
    eventId = await apply();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    eventId = (await existing())?.event_id ?? null;
  }
  if (eventId === null) throw badRequest('the update could not be stored; post it again');
  return String(eventId);
}
