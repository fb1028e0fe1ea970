/** Pieces the supervision pages share: the section's translator, API types, status tags, photos, error results. */
import { Button, Image, Result, Select, Tag } from 'antd';
import { ApiError } from '../../../lib/api';
import { getUnits, useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { useI18n, type Lang } from '../../../lib/i18n';
import { useMessages } from '../../../lib/local-messages';
import { navigate } from '../../../lib/router';
import { FW } from './fw-messages';
import { M, type SupervisionKey } from './messages';

const ALL = { ...M, ...FW };
/** A key of the supervision pages' tables. */
export type SKey = keyof typeof ALL;
/** The supervision pages' translator. */
export const useT = () => useMessages(ALL);

export type LedgerStatus = 'open' | 'rectifying' | 'awaiting_recheck' | 'closed';
export type LedgerAction = 'start' | 'submit' | 'close' | 'reject' | 'note' | 'edit';

export interface Attachment {
  id: number;
  url: string;
}

export interface LedgerEntry {
  id: number;
  title: string;
  status: LedgerStatus;
  placeId: number;
  placeName: string;
  problemId: number | null;
  problemTitle: string | null;
  categoryId: number | null;
  categoryName: string | null;
  unitId: number | null;
  unitName: string | null;
  responsiblePerson: string | null;
  measures: string;
  deadline: string | null;
  overdue: boolean;
  evidence: string | null;
  source: 'manual' | 'unsatisfied' | 'inspection' | 'import';
  inspectionId: number | null;
  submittedBy: number | null;
  reviewedBy: number | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  actions: LedgerAction[];
}

export interface LedgerDetail extends LedgerEntry {
  notes: { id: number; text: string; authorId: number; authorName: string; at: string; attachments: Attachment[] }[];
  events: {
    id: number;
    action: string;
    actorId: number | null;
    actorName: string | null;
    actorRole: string | null;
    from: string | null;
    to: string | null;
    payload: Record<string, unknown> | null;
    at: string;
  }[];
}

export const STATUS_COLORS: Record<LedgerStatus, string> = {
  open: 'orange',
  rectifying: 'blue',
  awaiting_recheck: 'purple',
  closed: 'green',
};

export function LedgerStatusTag({ status }: { status: string }) {
  const t = useT();
  const s = status as LedgerStatus;
  return <Tag color={STATUS_COLORS[s] ?? 'default'}>{t(`st.${s}` as SupervisionKey)}</Tag>;
}

/** The message of any error in the user's language. */
export function errorText(e: unknown, lang: Lang): string {
  if (e instanceof ApiError) return e.text(lang);
  return e instanceof Error ? e.message : String(e);
}

/** A failed page load: 404 says "not found or outside your area", anything else its message. */
export function LoadError({ error, back }: { error: unknown; back?: string }) {
  const { lang } = useI18n();
  const t = useT();
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Result
      status={notFound ? '404' : 'error'}
      title={notFound ? t('c.notFound') : t('c.loadFailed')}
      subTitle={notFound ? undefined : errorText(error, lang)}
      extra={back ? <Button onClick={() => navigate(back)}>{t('c.back')}</Button> : undefined}
    />
  );
}

/** Thumbnails of photos, previewable; alt text names what they show. */
export function PhotoStrip({ photos, alt }: { photos: Attachment[]; alt: string }) {
  if (!photos.length) return null;
  return (
    <Image.PreviewGroup>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 6 }}>
        {photos.map((p, i) => (
          <Image key={p.id} src={p.url} width={88} height={88} style={{ objectFit: 'cover', borderRadius: 4 }} alt={`${alt} ${i + 1}`} />
        ))}
      </div>
    </Image.PreviewGroup>
  );
}

/** A deadline, red once passed. */
export function Deadline({ at, overdue }: { at: string | null; overdue?: boolean }) {
  const t = useT();
  if (!at) return <>—</>;
  return (
    <span style={overdue ? { color: '#cf1322' } : undefined}>
      {formatTime(at)}
      {overdue ? (
        <Tag color="red" style={{ marginLeft: 6 }}>
          {t('l.overdue')}
        </Tag>
      ) : null}
    </span>
  );
}

/** Units as select options (cached directory list). */
export function useUnitOptions() {
  const units = useAsync(getUnits, []);
  return (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));
}

export function UnitSelect(props: {
  id?: string;
  value?: number;
  onChange?: (v: number | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
}) {
  const options = useUnitOptions();
  return (
    <Select<number>
      id={props.id}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      options={options}
      allowClear={props.allowClear}
      placeholder={props.placeholder}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '100%' }}
    />
  );
}

/** Whether the role may write the ledger (open entries, import, pull). Mirrors the server's policy table. */
export const canWriteLedger = (role: string) => ['supervisor', 'admin', 'inspector'].includes(role);
export const canWriteProblems = (role: string) => ['supervisor', 'admin', 'dispatcher', 'inspector'].includes(role);
export const canPlanInspections = (role: string) => ['supervisor', 'admin'].includes(role);
