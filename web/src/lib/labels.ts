/**
 * Display names of the lifecycle's words in Chinese and English. Statuses and actions come from
 * the transition table in common/lifecycle.ts, so the UI and the server never disagree.
 */
import { STATUS_NAMES, TRANSITIONS, type Action, type Status } from '../../../common/lifecycle';
import { ROLE_NAMES, type Role } from '../../../common/roles';
import type { Lang } from './i18n';

type Pair = { zh: string; en: string };
const pick = (p: Pair | undefined, lang: Lang, fallback: string) => (p ? (lang === 'en' ? p.en : p.zh) : fallback);

const ACTION_NAMES = new Map<string, Pair>(TRANSITIONS.map((t) => [t.action, { zh: t.zh, en: t.en }]));

/** Events that are not user actions: intake and what the deadline sweep records. */
const EVENT_NAMES: Record<string, Pair> = {
  create: { zh: '受理登记', en: 'Received' },
  auto_urge: { zh: '系统催办（临近时限）', en: 'Auto-urged (deadline near)' },
  overdue: { zh: '已超期', en: 'Overdue' },
  auto_supervise: { zh: '系统督办（超期未办）', en: 'Auto-supervised (overdue)' },
  flag_3x: { zh: '超时限三倍预警', en: 'Flagged: 3× past the limit' },
  merged_in: { zh: '并入了其他工单', en: 'Another order merged in' },
  reopen: { zh: '重新打开', en: 'Reopened' },
};

export const PRIORITY_NAMES: Record<string, Pair> = {
  normal: { zh: '一般', en: 'Normal' },
  urgent: { zh: '紧急', en: 'Urgent' },
  emergency: { zh: '特急', en: 'Emergency' },
};

export const CHANNEL_NAMES: Record<string, Pair> = {
  hotline: { zh: '热线电话', en: 'Hotline' },
  h5: { zh: '居民H5', en: 'Resident page' },
  staff: { zh: '工作人员代录', en: 'Staff entry' },
  visit: { zh: '入户走访', en: 'Door visit' },
  patrol: { zh: '巡查发现', en: 'Patrol' },
  inspection: { zh: '检查发现', en: 'Inspection' },
  open311: { zh: 'Open311 接口', en: 'Open311' },
  import: { zh: '历史台账导入', en: 'Ledger import' },
};

export const RESOLUTION_NAMES: Record<string, Pair> = {
  resolved: { zh: '已解决', en: 'Resolved' },
  partly: { zh: '部分解决', en: 'Partly resolved' },
  unresolved: { zh: '未解决', en: 'Not resolved' },
};

export const SATISFACTION_NAMES: Record<string, Pair> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};

export const RETURN_REASON_NAMES: Record<string, Pair> = {
  wrong_place: { zh: '地点不属本单位', en: 'Wrong place' },
  unclear_ownership: { zh: '权属不清', en: 'Unclear ownership' },
  overlapping_duty: { zh: '职责交叉', en: 'Overlapping duty' },
  other: { zh: '其他', en: 'Other' },
};

export const CONTACT_METHOD_NAMES: Record<string, Pair> = {
  phone: { zh: '电话联系', en: 'Phone call' },
  visit: { zh: '上门', en: 'Visit' },
  message: { zh: '短信/留言', en: 'Message' },
};

export const PHASE_NAMES: Record<string, Pair> = {
  before: { zh: '处理前', en: 'Before' },
  after: { zh: '处理后', en: 'After' },
  other: { zh: '其他', en: 'Other' },
};

export function statusName(s: string, lang: Lang): string {
  return pick(STATUS_NAMES[s as Status], lang, s);
}

export function actionName(a: Action | string, lang: Lang): string {
  return pick(ACTION_NAMES.get(a) ?? EVENT_NAMES[a], lang, a);
}

export function roleName(r: Role | string, lang: Lang): string {
  return pick(ROLE_NAMES[r as Role], lang, r);
}

export function nameOf(table: Record<string, Pair>, key: string | null | undefined, lang: Lang): string {
  if (!key) return '';
  return pick(table[key], lang, key);
}

/** Tag colour of a status. An exhaustive switch: a new status must choose its colour. */
export function statusColor(s: Status): string {
  switch (s) {
    case 'received':
      return 'gold';
    case 'dispatched':
      return 'orange';
    case 'return_requested':
      return 'volcano';
    case 'handling':
      return 'blue';
    case 'replied':
      return 'cyan';
    case 'callback':
      return 'purple';
    case 'judging':
      return 'magenta';
    case 'closed':
      return 'green';
    case 'cancelled':
    case 'merged':
      return 'default';
  }
}
