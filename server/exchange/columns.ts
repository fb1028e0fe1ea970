/**
 * The column layout of a district's work-order ledger (工单台账) as it is kept in Excel: the
 * headers used for export and recognised on import. Header names are the contract; the order
 * of columns in an imported file does not matter.
 */
import { STATUS_NAMES, type Status } from '../../common/lifecycle';

export const LEDGER_COLUMNS = [
  { key: 'number', zh: '工单编号', width: 16 },
  { key: 'receivedAt', zh: '受理时间', width: 18 },
  { key: 'channel', zh: '受理渠道', width: 10 },
  { key: 'callerName', zh: '诉求人', width: 10 },
  { key: 'callerPhone', zh: '联系电话', width: 14 },
  { key: 'street', zh: '所属街道', width: 12 },
  { key: 'community', zh: '所属社区', width: 12 },
  { key: 'compound', zh: '小区', width: 14 },
  { key: 'location', zh: '具体位置', width: 14 },
  { key: 'category', zh: '诉求类别', width: 16 },
  { key: 'title', zh: '诉求标题', width: 24 },
  { key: 'description', zh: '诉求内容', width: 40 },
  { key: 'priority', zh: '紧急程度', width: 8 },
  { key: 'leadUnit', zh: '主办单位', width: 24 },
  { key: 'dispatchedAt', zh: '派单时间', width: 18 },
  { key: 'acceptedAt', zh: '签收时间', width: 18 },
  { key: 'resolutionDueAt', zh: '办结时限', width: 18 },
  { key: 'repliedAt', zh: '答复时间', width: 18 },
  { key: 'reply', zh: '办理结果', width: 40 },
  { key: 'closedAt', zh: '办结时间', width: 18 },
  { key: 'status', zh: '工单状态', width: 10 },
  { key: 'overdue', zh: '是否超期', width: 8 },
  { key: 'urgeCount', zh: '催办次数', width: 8 },
  { key: 'supervisionLevel', zh: '督办级别', width: 8 },
  { key: 'resolution', zh: '解决情况', width: 10 },
  { key: 'satisfaction', zh: '满意度', width: 10 },
  { key: 'redoCount', zh: '重办次数', width: 8 },
] as const;

export type LedgerKey = (typeof LEDGER_COLUMNS)[number]['key'];
export type LedgerRow = Partial<Record<LedgerKey, string>>;

export const CHANNEL_NAMES: Record<string, string> = {
  hotline: '热线',
  h5: '居民端',
  staff: '代为登记',
  visit: '入户走访',
  patrol: '巡查发现',
  inspection: '检查发现',
  open311: '开放接口',
  import: '台账导入',
};
export const PRIORITY_NAMES: Record<string, string> = { normal: '一般', urgent: '紧急', emergency: '特急' };
export const RESOLUTION_NAMES: Record<string, string> = { resolved: '已解决', partly: '部分解决', unresolved: '未解决' };
export const SATISFACTION_NAMES: Record<string, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };
export const STATUS_ZH: Record<string, string> = Object.fromEntries(Object.entries(STATUS_NAMES).map(([k, v]) => [k, v.zh]));

/** Reverse lookup: a cell's Chinese name, English name or code → our code. */
export function codeOf(table: Record<string, string>, cell: string | undefined): string | undefined {
  if (!cell) return undefined;
  const v = cell.trim();
  if (v in table) return v;
  const hit = Object.entries(table).find(([, name]) => name === v);
  if (hit) return hit[0];
  if (table === STATUS_ZH)
    return Object.entries(STATUS_NAMES).find(([, n]) => n.en.toLowerCase() === v.toLowerCase())?.[0] as Status | undefined;
  return undefined;
}

/** 'YYYY-MM-DD HH:mm' in Shanghai time, how a ledger writes times. */
export function ledgerTime(t: number | null | undefined): string {
  if (t === null || t === undefined) return '';
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Parses a ledger time: 'YYYY-MM-DD[ HH:mm[:ss]]' (Shanghai), ISO with zone, or an Excel Date. */
export function parseLedgerTime(v: unknown): number | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.getTime(); // ExcelJS gives instants
  if (typeof v !== 'string' || !v.trim()) return null;
  const s = v.trim().replace(/\//g, '-');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', se = '0'] = m;
    const t = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +se) - 8 * 3600_000;
    const back = new Date(t + 8 * 3600_000);
    return back.getUTCMonth() === +mo! - 1 && back.getUTCDate() === +d! ? t : null;
  }
  if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}
