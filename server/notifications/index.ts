/**
 * What leaves the system when an order changes: an outbox row for every event (webhooks carry
 * them after commit) and, for the steps a resident should know about, a message in their inbox.
 * Written in the event's own transaction, so nothing acknowledged is lost.
 */
import type { Tx } from '../db';
import { fastQuery, rowParams } from '../db/fast-query';

/** '2026-12-03 07:00' in Shanghai time, how a resident reads a date (the payload carries UTC ISO). */
function localTime(iso: unknown): string {
  const t = typeof iso === 'string' ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? '' : new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The steps a resident is told about, with the message text (DOMAIN.md; issue: resident inbox). */
const RESIDENT_MESSAGES: Record<string, (p: Record<string, unknown>, number: string) => { title: string; body: string }> = {
  create: (_p, n) => ({ title: '诉求已受理', body: `您的诉求已受理，工单号 ${n}。` }),
  accept: (_p, n) => ({ title: '已有单位签收', body: `工单 ${n} 已由责任单位签收办理。` }),
  approve_extension: (p, n) => ({ title: '办理期限已延长', body: `工单 ${n} 的办理期限延长至 ${localTime(p.newDueAt)}。` }),
  approve_reply: (p, n) => ({ title: '诉求已答复，请评价', body: `工单 ${n} 已答复：${String(p.reply ?? '')}。请对办理结果进行评价。` }),
  answer_directly: (p, n) => ({ title: '诉求已答复', body: `工单 ${n} 已答复：${String(p.reply ?? '')}` }),
  rate: (_p, n) => ({ title: '感谢评价', body: `已收到您对工单 ${n} 的评价。` }),
  close: (_p, n) => ({ title: '工单已办结', body: `工单 ${n} 已办结销号。` }),
  redo: (_p, n) => ({ title: '工单重新办理', body: `根据您的评价，工单 ${n} 已交由责任单位重新办理。` }),
  reverify: (p, n) =>
    p.reopened ? { title: '工单已重新打开', body: `回访核实发现问题仍存在，工单 ${n} 已重新办理。` } : { title: '回访核实完成', body: `工单 ${n} 已回访核实。` },
  cancel: (_p, n) => ({ title: '工单已撤销', body: `工单 ${n} 已撤销。` }),
  merge: (p, n) => ({ title: '工单已合并', body: `工单 ${n} 与同一问题的工单 ${String(p.targetNumber ?? '')} 合并办理。` }),
};

type EventNotice = {
  eventId: number;
  orderId: number;
  action: string;
  at: number;
  from: string | null;
  to: string | null;
  payload: Record<string, unknown> | undefined;
};

const outboxRow = (e: EventNotice) => ({
  topic: `order.${e.action}`,
  order_id: e.orderId,
  event_id: e.eventId,
  payload_json: JSON.stringify({ orderId: e.orderId, action: e.action, at: new Date(e.at).toISOString(), from: e.from, to: e.to, ...(e.payload ?? {}) }),
  created_at: e.at,
});

/** notifyEvent for many events: their outbox rows in one insert; residents' messages as one by one. */
export async function notifyEvents(tx: Tx, events: readonly EventNotice[]): Promise<void> {
  if (!events.length) return;
  await tx.insertInto('outbox').values(events.map(outboxRow)).execute();
  for (const e of events) if (RESIDENT_MESSAGES[e.action]) await tellResident(tx, e);
}

export async function notifyEvent(
  tx: Tx,
  e: EventNotice & {
    /** The order's number and reporter, when the caller has the row (otherwise read here). */
    order?: { number: string; reporter_user_id: number | null } | undefined;
  },
): Promise<void> {
  const row = outboxRow(e);
  await fastQuery(tx, 'insert-outbox', rowParams([row]).params, () => tx.insertInto('outbox').values(row));
  await tellResident(tx, e);
}

/** The resident's inbox message for a step they should know about (none for other actions). */
async function tellResident(tx: Tx, e: EventNotice & { order?: { number: string; reporter_user_id: number | null } | undefined }) {
  const message = RESIDENT_MESSAGES[e.action];
  if (!message) return;
  const order = e.order ?? (await tx.selectFrom('work_orders').select(['number', 'reporter_user_id']).where('id', '=', e.orderId).executeTakeFirst());
  if (!order?.reporter_user_id) return;
  const m = message(e.payload ?? {}, order.number);
  await tx.insertInto('messages').values({ user_id: order.reporter_user_id, order_id: e.orderId, kind: e.action, title: m.title, body: m.body, created_at: e.at, read_at: null }).execute();
}
