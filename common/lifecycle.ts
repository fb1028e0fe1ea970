/**
 * The work-order lifecycle (DOMAIN.md §3) as one transition table. The server enforces it in
 * every command; the API and the UI read it to list what a user may do now. Urging (催办) and
 * supervision (督办) are flags on an order, not states.
 */
import type { Actor, Role } from './roles';

export const STATUSES = [
  'received', // 受理 — waiting for dispatch
  'dispatched', // 已派单 — waiting for the lead unit to sign off
  'return_requested', // 退单申请中 — the unit asked to give it back
  'handling', // 办理中
  'replied', // 已答复 — reply waiting for review
  'callback', // 待回访 — reply approved, waiting for the rating
  'judging', // 待研判 — rated 不满意, supervisor decides whether the unit was at fault
  'closed', // 已办结 / 销号
  'cancelled', // 已撤销
  'merged', // 已合并 into another order
] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_NAMES: Record<Status, { zh: string; en: string }> = {
  received: { zh: '待派单', en: 'Received' },
  dispatched: { zh: '待签收', en: 'Dispatched' },
  return_requested: { zh: '退单审核', en: 'Return requested' },
  handling: { zh: '办理中', en: 'In progress' },
  replied: { zh: '答复待审', en: 'Reply under review' },
  callback: { zh: '待回访', en: 'Awaiting rating' },
  judging: { zh: '不满意待研判', en: 'Unsatisfied, under review' },
  closed: { zh: '已办结', en: 'Closed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
  merged: { zh: '已合并', en: 'Merged' },
};

/** Statuses in which the order is still open for the resident. */
export const OPEN_STATUSES: readonly Status[] = [
  'received',
  'dispatched',
  'return_requested',
  'handling',
  'replied',
  'callback',
  'judging',
];
/** Statuses in which a unit's clocks are running (it holds the order and has not replied). */
export const CLOCK_STATUSES: readonly Status[] = ['dispatched', 'handling', 'return_requested'];

export const PRIORITIES = ['normal', 'urgent', 'emergency'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CHANNELS = [
  'hotline',
  'h5',
  'staff',
  'visit',
  'patrol',
  'inspection',
  'open311',
  'import',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const RESOLUTIONS = ['resolved', 'partly', 'unresolved'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const SATISFACTIONS = ['satisfied', 'basically', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export const RETURN_REASONS = ['wrong_place', 'unclear_ownership', 'overlapping_duty', 'other'] as const;

export const ACTIONS = [
  'dispatch',
  'answer_directly',
  'accept',
  'request_return',
  'approve_return',
  'reject_return',
  'contact',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'urge',
  'supervise',
  'reply',
  'approve_reply',
  'reject_reply',
  'rate',
  'redo',
  'close',
  'cancel',
  'merge',
  'transfer',
  'reverify',
  'comment',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What a command needs to know about an order to decide whether an action is allowed. */
export interface OrderState {
  status: Status;
  leadUnitId: number | null;
  unitIds: readonly number[]; // lead and co-units currently assigned
  reporterUserId: number | null;
  contactedAt: number | null;
  resolutionDueAt: number | null;
  extensionRequestedUntil: number | null;
  verifyPending: boolean;
}

/** How the actor must relate to the order, beyond holding the role. */
type Relation =
  | 'any' // the order is in the actor's scope (visibility already checked by the query)
  | 'lead' // handler of the lead unit
  | 'assigned' // handler of the lead or a co-unit
  | 'reporter'; // the resident who raised it

interface Grant {
  roles: readonly Role[];
  relation: Relation;
}

export interface Transition {
  action: Action;
  from: readonly Status[] | 'any';
  /** Possible next statuses; 'same' for flag-only actions. */
  to: readonly Status[] | 'same';
  grants: readonly Grant[];
  /** Extra condition on the order's state (time-dependent ones get `now`). */
  guard?: (o: OrderState, now: number) => boolean;
  zh: string;
  en: string;
}

const DESK: Grant = { roles: ['dispatcher', 'supervisor', 'admin'], relation: 'any' };
const SUPERVISOR: Grant = { roles: ['supervisor', 'admin'], relation: 'any' };
const LEAD: Grant = { roles: ['handler'], relation: 'lead' };

export const TRANSITIONS: readonly Transition[] = [
  { action: 'dispatch', from: ['received'], to: ['dispatched'], grants: [DESK], zh: '派单', en: 'Dispatch' },
  { action: 'answer_directly', from: ['received'], to: ['closed'], grants: [DESK], zh: '直接答复', en: 'Answer directly' },
  { action: 'accept', from: ['dispatched'], to: ['handling'], grants: [LEAD], zh: '签收', en: 'Accept' },
  {
    action: 'request_return',
    from: ['dispatched', 'handling'],
    to: ['return_requested'],
    grants: [LEAD],
    zh: '申请退单',
    en: 'Request return',
  },
  { action: 'approve_return', from: ['return_requested'], to: ['received'], grants: [SUPERVISOR], zh: '同意退单', en: 'Approve return' },
  {
    action: 'reject_return',
    from: ['return_requested'],
    to: ['handling'],
    grants: [SUPERVISOR],
    zh: '驳回退单（须办理）',
    en: 'Reject return (binding)',
  },
  {
    action: 'contact',
    from: ['handling'],
    to: 'same',
    grants: [LEAD],
    guard: (o) => o.contactedAt === null,
    zh: '已联系诉求人',
    en: 'Contacted the resident',
  },
  {
    action: 'request_extension',
    from: ['handling'],
    to: 'same',
    grants: [LEAD],
    guard: (o, now) => o.extensionRequestedUntil === null && o.resolutionDueAt !== null && now < o.resolutionDueAt,
    zh: '申请延期',
    en: 'Request extension',
  },
  {
    action: 'approve_extension',
    from: ['handling'],
    to: 'same',
    grants: [SUPERVISOR],
    guard: (o) => o.extensionRequestedUntil !== null,
    zh: '批准延期',
    en: 'Approve extension',
  },
  {
    action: 'reject_extension',
    from: ['handling'],
    to: 'same',
    grants: [SUPERVISOR],
    guard: (o) => o.extensionRequestedUntil !== null,
    zh: '驳回延期',
    en: 'Reject extension',
  },
  {
    action: 'urge',
    from: ['dispatched', 'handling', 'return_requested', 'replied'],
    to: 'same',
    grants: [DESK],
    zh: '催办',
    en: 'Urge',
  },
  { action: 'supervise', from: ['dispatched', 'handling'], to: 'same', grants: [SUPERVISOR], zh: '督办', en: 'Supervise' },
  { action: 'reply', from: ['handling'], to: ['replied'], grants: [LEAD], zh: '答复', en: 'Reply' },
  { action: 'approve_reply', from: ['replied'], to: ['callback'], grants: [SUPERVISOR], zh: '审核通过', en: 'Approve reply' },
  { action: 'reject_reply', from: ['replied'], to: ['handling'], grants: [SUPERVISOR], zh: '审核退回', en: 'Reject reply' },
  {
    action: 'rate',
    from: ['callback'],
    to: ['closed', 'judging'],
    grants: [DESK, { roles: ['resident'], relation: 'reporter' }],
    zh: '回访评价',
    en: 'Rate',
  },
  { action: 'redo', from: ['judging'], to: ['handling'], grants: [SUPERVISOR], zh: '责任在单位，重办', en: 'Redo (unit at fault)' },
  {
    action: 'close',
    from: ['judging', 'callback'],
    to: ['closed'],
    grants: [SUPERVISOR, { roles: ['dispatcher'], relation: 'any' }],
    zh: '办结销号',
    en: 'Close',
  },
  {
    action: 'cancel',
    from: ['received', 'dispatched'],
    to: ['cancelled'],
    grants: [DESK, { roles: ['resident'], relation: 'reporter' }],
    zh: '撤销',
    en: 'Cancel',
  },
  {
    action: 'merge',
    from: ['received', 'dispatched', 'handling'],
    to: ['merged'],
    grants: [DESK],
    zh: '合并到其他工单',
    en: 'Merge into another order',
  },
  {
    action: 'transfer',
    from: ['dispatched', 'handling'],
    to: ['dispatched'],
    grants: [DESK],
    zh: '转派',
    en: 'Transfer to another unit',
  },
  {
    action: 'reverify',
    from: ['closed'],
    to: ['closed', 'handling'],
    grants: [DESK],
    guard: (o) => o.verifyPending,
    zh: '回访核实',
    en: 'Re-verify',
  },
  {
    action: 'comment',
    from: 'any',
    to: 'same',
    grants: [
      { roles: ['dispatcher', 'supervisor', 'admin', 'inspector'], relation: 'any' },
      { roles: ['handler'], relation: 'assigned' },
      { roles: ['resident'], relation: 'reporter' },
    ],
    zh: '备注',
    en: 'Note',
  },
];

const BY_ACTION = new Map(TRANSITIONS.map((t) => [t.action, t]));

/** The table row of an action (every action has exactly one). */
export function transitionOf(action: Action): Transition {
  const t = BY_ACTION.get(action);
  if (!t) throw new Error(`no transition for ${action}`);
  return t;
}

function relates(rel: Relation, actor: Actor, o: OrderState): boolean {
  switch (rel) {
    case 'any':
      return true;
    case 'lead':
      return actor.unitId !== null && actor.unitId === o.leadUnitId;
    case 'assigned':
      return actor.unitId !== null && o.unitIds.includes(actor.unitId);
    case 'reporter':
      return o.reporterUserId !== null && o.reporterUserId === actor.id;
  }
}

/** Whether the actor's role and relation to the order grant the action (ignoring status). */
export function isGranted(t: Transition, actor: Actor, o: OrderState): boolean {
  return t.grants.some((g) => g.roles.includes(actor.role) && relates(g.relation, actor, o));
}

/** Whether some grant of the action names this role (relation aside): a role that never may gets 403 up front. */
export function roleMayTake(t: Transition, role: Role): boolean {
  return t.grants.some((g) => g.roles.includes(role));
}

/** Whether the action is legal in the order's state (status and guard), whoever asks. */
export function isLegal(t: Transition, o: OrderState, now: number): boolean {
  if (t.from !== 'any' && !t.from.includes(o.status)) return false;
  return t.guard ? t.guard(o, now) : true;
}

/** The actions this actor may take on this order now. */
export function allowedActions(o: OrderState, actor: Actor, now: number): Action[] {
  return TRANSITIONS.filter((t) => isLegal(t, o, now) && isGranted(t, actor, o)).map((t) => t.action);
}
