/**
 * Pieces every evaluation page shares: its message table, the period picker, a chart card with
 * PNG and Excel export, and how rates print.
 */
import { lazy, Suspense, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Select, Space, Spin } from 'antd';
import { FileExcelOutlined, PictureOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { RATE_NAMES, type RateKey } from '../../../../../common/evaluation';
import { ApiError } from '../../../lib/api';
import { useI18n, type Lang } from '../../../lib/i18n';
import { useMessages } from '../../../lib/local-messages';
import { navigate, useLocation } from '../../../lib/router';
import type { ChartInstance, ChartOption } from '../../components/StatusChart';
import { exportPng, exportXlsx, type TableData } from './exporting';
import { M } from './messages';
import { PRESETS, presetPeriod, validPeriod, type DayPeriod, type Preset } from './period';

const Chart = lazy(() => import('../../components/StatusChart').then((m) => ({ default: m.Chart })));

/** The section's translator. */
export const useM = () => useMessages(M);
export type Tm = ReturnType<typeof useM>;

/** 0.9057 → "90.6%"; null → "—". */
export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`;
}

/**
 * The page's state in its URL (so a view can be linked and survives a reload): the current
 * parameters, and a setter that changes several at once (empty or undefined removes one).
 */
export function useQueryState(): [URLSearchParams, (patch: Record<string, string | number | undefined>) => void] {
  const { path, search } = useLocation();
  const set = (patch: Record<string, string | number | undefined>) => {
    const sp = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') sp.delete(k);
      else sp.set(k, String(v));
    }
    const s = sp.toString();
    navigate(s ? `${path}?${s}` : path, { replace: true });
  };
  return [search, set];
}

/** The period in the URL (start, end), or a preset when it has none or a broken one. */
export function usePeriodParam(fallback: Preset = 'thisMonth'): [DayPeriod, (p: DayPeriod) => void] {
  const [search, set] = useQueryState();
  const p = { start: search.get('start') ?? '', end: search.get('end') ?? '' };
  return [validPeriod(p) ? p : presetPeriod(fallback, Date.now()), (next) => set({ start: next.start, end: next.end })];
}

/** A rate's name in the current language (响应率 …, 千户诉求量). */
export function rateName(key: RateKey | 'per1000', lang: Lang): string {
  return RATE_NAMES[key][lang];
}

/** The words the dashboard charts print (series names, kinds), in the current language. */
export function useChartNames() {
  const m = useM();
  const { lang } = useI18n();
  return {
    volume: m('col.volume'),
    closed: m('dash.closed'),
    satisfaction: rateName('satisfaction', lang),
    response: rateName('response', lang),
    resolution: rateName('resolution', lang),
    score: m('col.score'),
    kind: (k: string) => (k === 'hardware' || k === 'service' || k === 'other' ? m(`kind.${k}`) : k),
  };
}

const LEVELS = ['district', 'street', 'community', 'compound', 'building', 'unit'];

/** A row's peer group in words: a unit kind's name, or a place level's (robust to a row of another grouping still on screen). */
export function peerLabel(peer: string, unitKinds: Map<string, string>, t: (key: never) => string): string {
  return unitKinds.get(peer) ?? (LEVELS.includes(peer) ? t(`level.${peer}` as never) : peer);
}

/** A failed request as a line of text (the server's message in the user's language). */
export function errorText(e: unknown, lang: Lang): string {
  return e instanceof ApiError ? e.text(lang) : String(e);
}

/** An error box for a failed load. */
export function LoadError({ error }: { error: unknown }) {
  const m = useM();
  const { lang } = useI18n();
  if (!error) return null;
  return <Alert type="error" showIcon title={m('common.loadFailed', { e: errorText(error, lang) })} style={{ marginBottom: 16 }} />;
}

/** Preset or custom period, as two labelled day pickers (end day included). */
export function PeriodPicker({ value, onChange, idPrefix = 'ev' }: { value: DayPeriod; onChange: (p: DayPeriod) => void; idPrefix?: string }) {
  const m = useM();
  const preset = PRESETS.find((p) => {
    const x = presetPeriod(p, Date.now());
    return x.start === value.start && x.end === value.end;
  });
  const day = (d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : '');
  const set = (next: Partial<DayPeriod>) => {
    const p = { ...value, ...next };
    if (validPeriod(p)) onChange(p);
  };
  return (
    <>
      <Form.Item label={m('period.preset')} htmlFor={`${idPrefix}-preset`}>
        <Select<Preset | 'custom'>
          id={`${idPrefix}-preset`}
          style={{ width: 130 }}
          value={preset ?? 'custom'}
          options={[...PRESETS.map((p) => ({ value: p, label: m(`period.${p}`) })), { value: 'custom' as const, label: m('period.custom'), disabled: true }]}
          onChange={(p) => p !== 'custom' && onChange(presetPeriod(p, Date.now()))}
        />
      </Form.Item>
      <Form.Item label={m('period.start')} htmlFor={`${idPrefix}-start`}>
        <DatePicker id={`${idPrefix}-start`} allowClear={false} value={dayjs(value.start)} onChange={(d) => set({ start: day(d) })} />
      </Form.Item>
      <Form.Item label={m('period.end')} htmlFor={`${idPrefix}-end`}>
        <DatePicker id={`${idPrefix}-end`} allowClear={false} value={dayjs(value.end)} onChange={(d) => set({ end: day(d) })} />
      </Form.Item>
    </>
  );
}

/** A bar of filters above a page's content. */
export function FilterBar({ children, label }: { children: ReactNode; label: string }) {
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Form layout="inline" role="search" aria-label={label} style={{ rowGap: 8 }}>
        {children}
      </Form>
    </Card>
  );
}

/**
 * A titled chart with its two exports: the picture (PNG) and the data behind it (Excel). A named
 * region, so each card's buttons can be told apart.
 */
export function ChartCard({
  title,
  option,
  label,
  data,
  height = 300,
  extra,
  dark = false,
}: {
  title: string;
  option: ChartOption | null;
  /** What the chart shows, in words (the img's accessible name); defaults to the title. */
  label?: string;
  data: TableData | null;
  height?: number;
  extra?: ReactNode;
  /** The big screen's look: a translucent panel on a dark page. */
  dark?: boolean;
}) {
  const m = useM();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const chart = useRef<ChartInstance | null>(null);
  const [ready, setReady] = useState(false);
  const onInstance = (c: ChartInstance | null) => {
    chart.current = c;
    setReady(c !== null);
  };
  const png = () => {
    if (!chart.current) return void message.warning(m('export.notReady'));
    exportPng(chart.current, title, dark ? '#0b1a33' : '#ffffff');
  };
  const excel = () => {
    if (!data) return;
    exportXlsx(data, title).catch((e: unknown) => void message.error(m('export.failed', { e: errorText(e, lang) })));
  };
  return (
    <section aria-label={title}>
      <Card
        size="small"
        title={title}
        styles={dark ? { root: { background: 'rgba(22,119,255,0.06)', borderColor: '#1d3b66' }, header: { color: '#cfe3ff', borderColor: '#1d3b66' } } : undefined}
        extra={
          <Space size={4}>
            {extra}
            <Button size="small" type="text" style={dark ? { color: '#8fb3e0' } : undefined} icon={<PictureOutlined />} disabled={!ready} onClick={png}>
              {m('export.png')}
            </Button>
            <Button size="small" type="text" style={dark ? { color: '#8fb3e0' } : undefined} icon={<FileExcelOutlined />} disabled={!data} onClick={excel}>
              {m('export.excel')}
            </Button>
          </Space>
        }
      >
        <Suspense fallback={<Spin style={{ display: 'block', margin: '40px auto' }} />}>
          <Chart option={option} label={label ?? title} height={height} dark={dark} onInstance={onInstance} />
        </Suspense>
      </Card>
    </section>
  );
}
