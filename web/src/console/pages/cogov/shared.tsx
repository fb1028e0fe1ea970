/** Small pieces the co-governance console pages share: the error alert, kind and status tags, session time. */
import { Alert, Tag } from 'antd';
import { ApiError } from '../../../lib/api';
import { formatTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { useMessages } from '../../../lib/local-messages';
import { M } from './messages';

export function useT() {
  return useMessages(M);
}

/** An API error in the user's language. */
export function errorText(err: unknown, lang: 'zh' | 'en'): string {
  return err instanceof ApiError ? err.text(lang) : err instanceof Error ? err.message : String(err);
}

export function LoadError({ error }: { error: unknown }) {
  const { lang } = useI18n();
  const t = useT();
  if (!error) return null;
  return <Alert type="error" showIcon title={t('loadFailed')} description={errorText(error, lang)} style={{ marginBottom: 16 }} />;
}

const KIND_COLOR: Record<string, string> = { duty: 'green', class: 'blue', service_day: 'orange' };

export function KindTag({ kind }: { kind: string }) {
  const t = useT();
  return <Tag color={KIND_COLOR[kind]}>{t(`kind.${kind}` as 'kind.duty')}</Tag>;
}

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <Tag color={status === 'open' ? 'processing' : 'default'}>{t(`status.${status}` as 'status.open')}</Tag>;
}

/** "2026-11-16 08:30–11:00" (the end's date only when it differs). */
export function slotText(startsAt: string, endsAt: string): string {
  const a = formatTime(startsAt);
  const b = formatTime(endsAt);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a}–${b.slice(11)}` : `${a} – ${b}`;
}
