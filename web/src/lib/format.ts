/** Pure formatting helpers: times in Asia/Shanghai (the district's clock), deadline countdowns. */
import type { Lang } from './i18n';

const TZ = 'Asia/Shanghai';

const dateTimeFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(d: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateTimeFmt.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** "2026-11-16 09:00" in Shanghai time, whatever the browser's zone. */
export function formatTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "11-16 09:00": short form for dense tables. */
export function formatShortTime(iso: string | null | undefined): string {
  const full = formatTime(iso);
  return full === '—' ? full : full.slice(5);
}

export interface Countdown {
  /** milliseconds until due; negative when overdue */
  ms: number;
  overdue: boolean;
  /** within 20% of a day, or under 2 hours: worth a warning colour */
  soon: boolean;
  text: string;
}

/**
 * Time left until a deadline, as a person reads it: "剩 2天3小时", "剩 45分12秒", "超时 1天2小时".
 * Seconds show only in the last hour, so a table of 50 rows does not flicker more than it must.
 */
export function countdown(dueIso: string | null | undefined, now: number, lang: Lang): Countdown | null {
  if (!dueIso) return null;
  const due = Date.parse(dueIso);
  if (Number.isNaN(due)) return null;
  const ms = due - now;
  const overdue = ms < 0;
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const zh = lang === 'zh';
  let span: string;
  if (d > 0) span = zh ? `${d}天${h}小时` : `${d}d ${h}h`;
  else if (h > 0) span = zh ? `${h}小时${m}分` : `${h}h ${m}m`;
  else span = zh ? `${m}分${String(s).padStart(2, '0')}秒` : `${m}m ${String(s).padStart(2, '0')}s`;
  const text = overdue ? (zh ? `超时 ${span}` : `${span} overdue`) : zh ? `剩 ${span}` : `${span} left`;
  return { ms, overdue, soon: !overdue && ms < 2 * 3_600_000, text };
}

/** Mainland mobile (11 digits from 1) or a landline with area code; the API accepts 5–20 of [0-9+- ]. */
export function isPhone(v: string): boolean {
  const s = v.replace(/[\s-]/g, '');
  return /^1[3-9]\d{9}$/.test(s) || /^0\d{2,3}\d{7,8}$/.test(s) || /^\d{5,8}$/.test(s);
}

/** A title for an order made from its description (the resident page asks for text only). */
export function titleFrom(text: string, category?: string): string {
  const first = text.trim().split(/[\n。！？!?]/)[0]?.trim() ?? '';
  const base = first.length >= 2 ? first : `${category ?? ''}${first}`.trim();
  return base.length > 40 ? `${base.slice(0, 39)}…` : base;
}

/** Bytes as "1.2 MB". */
export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A deadline limit as configured ('7wd', '24h', '30m') in words. */
export function formatLimit(limit: string | null | undefined, lang: Lang): string {
  if (!limit) return '—';
  const m = /^(\d+)(wd|h|m)$/.exec(limit.trim());
  if (!m) return limit;
  const n = Number(m[1]);
  const unit = m[2];
  if (lang === 'zh') return unit === 'wd' ? `${n}个工作日` : unit === 'h' ? `${n}小时` : `${n}分钟`;
  if (unit === 'wd') return `${n} working day${n === 1 ? '' : 's'}`;
  return unit === 'h' ? `${n} h` : `${n} min`;
}
