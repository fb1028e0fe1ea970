/**
 * 指挥大屏: the command centre's big screen. A full-window dark layout laid over the console
 * (position: fixed, so it needs no layout of its own) that reloads its figures every N seconds:
 * today's counts, this month against last, twelve months' trend, streets, kinds, top problems,
 * the property companies' 红榜/黑榜, orders by status and the latest requests.
 */
import { useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { Button, Select, Space } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import { useAsync } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';
import { statusName } from '../../../lib/labels';
import { navigate } from '../../../lib/router';
import { getBoards, getScreen, type Screen } from './dashboard-data';
import { categoriesData, categoriesOption, childrenData, childrenOption, kindData, kindOption, statusOption, trendData, trendOption } from './options';
import { ChartCard, errorText, pct, rateName, useChartNames, useM, useQueryState, type Tm } from './shared';

const INTERVALS = [10, 30, 60, 300];
const BG = '#0b1a33';
const TEXT = '#e6f0ff';
const DIM = '#8fb3e0';

const panel: CSSProperties = { background: 'rgba(22,119,255,0.06)', border: '1px solid #1d3b66', borderRadius: 8, padding: '10px 14px' };

function Figure({ label, value, sub, color }: { label: string; value: ReactNode; sub?: string; color?: string }) {
  return (
    <div style={{ ...panel, minWidth: 0 }}>
      <div style={{ color: DIM, fontSize: 13 }}>{label}</div>
      <div style={{ color: color ?? TEXT, fontSize: 26, fontWeight: 700, fontVariantNumeric: 'tabular-nums', lineHeight: 1.3 }}>{value}</div>
      {sub ? <div style={{ color: DIM, fontSize: 12 }}>{sub}</div> : null}
    </div>
  );
}

function BoardList({ title, rows, color }: { title: string; rows: { id: number; name: string; rank: number | null; score: number | null }[]; color: string }) {
  return (
    <section aria-label={title} style={{ ...panel, flex: 1 }}>
      <div style={{ color, fontWeight: 700, marginBottom: 6 }}>{title}</div>
      {rows.length === 0 ? <div style={{ color: DIM }}>—</div> : null}
      {rows.map((r) => (
        <div key={r.id} style={{ display: 'flex', justifyContent: 'space-between', color: TEXT, fontSize: 13, padding: '2px 0' }}>
          <span>
            {r.rank ?? '—'}. {r.name}
          </span>
          <span style={{ color: DIM }}>{r.score?.toFixed(1) ?? '—'}</span>
        </div>
      ))}
    </section>
  );
}

function Content({ s, boards, m }: { s: Screen; boards: Awaited<ReturnType<typeof getBoards>> | undefined; m: Tm }) {
  const { lang } = useI18n();
  const n = useChartNames();
  const trend = useMemo(() => trendOption(s.last12, n), [s, lang]);
  const kinds = useMemo(() => kindOption(s.byKind, n), [s, lang]);
  const cats = useMemo(() => categoriesOption(s.topCategories), [s]);
  const children = useMemo(() => childrenOption(s.children, n), [s, lang]);
  const open = s.byStatus.filter((x) => !['closed', 'cancelled', 'merged'].includes(x.status));
  const status = useMemo(() => statusOption(open, (x) => statusName(x, lang)), [s, lang]);
  const vs = (now: number | null, last: number | null) => m('big.vsLast', { v: pct(last) }) + (now !== null && last !== null ? (now >= last ? ' ▲' : ' ▼') : '');
  return (
    <>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(112px, 1fr))', gap: 12, marginBottom: 12 }}>
        <Figure label={m('big.received')} value={s.today.received} />
        <Figure label={m('big.closedToday')} value={s.today.closed} color="#73d13d" />
        <Figure label={m('big.open')} value={s.today.open} />
        <Figure label={m('big.dueToday')} value={s.today.dueToday} color="#ffc53d" />
        <Figure label={m('big.supervised')} value={s.today.supervised} />
        <Figure label={m('big.overdue')} value={s.today.overdue} color={s.today.overdue > 0 ? '#ff4d4f' : undefined} />
        <Figure label={m('big.month', { month: s.month.month })} value={s.month.volume} sub={m('big.vsLast', { v: s.lastMonth.volume })} />
        {(['response', 'resolution', 'satisfaction'] as const).map((k) => (
          <Figure key={k} label={rateName(k, lang)} value={pct(s.month.rates[k])} sub={vs(s.month.rates[k], s.lastMonth.rates[k])} />
        ))}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0,1fr) minmax(0,1.6fr) minmax(0,1fr)', gap: 12 }}>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          <ChartCard dark title={m('big.kinds')} option={kinds} data={kindData(s.byKind, n)} height={240} />
          <ChartCard dark title={m('big.categories')} option={cats} data={categoriesData(s.topCategories, n)} height={300} />
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          <ChartCard dark title={m('big.trend')} option={trend} data={trendData(s.last12, n)} height={260} />
          <ChartCard dark title={m('big.byStreet')} option={children} data={childrenData(s.children, n)} height={280} />
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          <div style={{ color: DIM, fontSize: 13 }}>{boards ? m('big.redBlack', { month: boards.month }) : ''}</div>
          <div style={{ display: 'flex', gap: 12 }}>
            <BoardList title={m('ranking.red')} rows={boards?.red ?? []} color="#ff7875" />
            <BoardList title={m('ranking.black')} rows={boards?.black ?? []} color="#bfbfbf" />
          </div>
          {open.length ? (
            <ChartCard dark title={m('big.status')} option={status} data={{ columns: ['', m('col.count')], rows: open.map((x) => [statusName(x.status, lang), x.count]) }} height={200} />
          ) : null}
          {s.latest.length ? (
            <section aria-label={m('big.latest')} style={panel}>
              <div style={{ color: TEXT, fontWeight: 600, marginBottom: 6 }}>{m('big.latest')}</div>
              {s.latest.slice(0, 8).map((o) => (
                <div key={o.id} style={{ color: TEXT, fontSize: 12, padding: '3px 0', borderBottom: '1px dashed #1d3b66', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  <span style={{ color: DIM }}>{new Date(o.receivedAt).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false })}</span> {o.place} · {o.title}
                </div>
              ))}
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}

export default function BigScreen() {
  const m = useM();
  const { lang } = useI18n();
  const [search, set] = useQueryState();
  const placeParam = Number(search.get('placeId'));
  const placeId = Number.isInteger(placeParam) && placeParam > 0 ? placeParam : undefined;
  const [tick, setTick] = useState(0);
  const screen = useAsync(() => Promise.all([getScreen(placeId), getBoards().catch(() => undefined)]), [placeId, tick]);
  const s = screen.data?.[0];
  const asked = Number(search.get('refresh'));
  const seconds = Number.isInteger(asked) && asked >= 5 ? asked : (s?.refreshSeconds ?? 60);
  const [now, setNow] = useState(() => Date.now());
  const loads = useRef(0);
  const [loadedAt, setLoadedAt] = useState<number | null>(null);

  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), seconds * 1000);
    return () => clearInterval(id);
  }, [seconds]);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    if (!screen.data) return;
    loads.current += 1;
    setLoadedAt(Date.now());
  }, [screen.data]);
  // A big screen has no page around it: take the whole window and hide the console's scrollbar.
  useEffect(() => {
    const prev = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = prev;
    };
  }, []);

  const time = (t: number) => new Date(t).toLocaleTimeString('zh-CN', { hour12: false });
  const title = m('big.title', { place: s?.scope.name ?? '' });
  return (
    <div
      role="region"
      aria-label={title}
      style={{ position: 'fixed', inset: 0, zIndex: 1000, background: `radial-gradient(ellipse at top, #12315e 0%, ${BG} 60%)`, color: TEXT, overflow: 'auto', padding: '12px 20px' }}
    >
      <header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 12, gap: 16 }}>
        <div style={{ color: DIM, fontVariantNumeric: 'tabular-nums', minWidth: 220 }}>
          {new Date(now).toLocaleDateString('zh-CN')} {time(now)}
        </div>
        <h1 style={{ color: TEXT, margin: 0, fontSize: 28, letterSpacing: 4, textAlign: 'center', textShadow: '0 0 12px #1677ff' }}>{title}</h1>
        <Space>
          <span role="status" style={{ color: DIM, fontSize: 12 }}>
            {loadedAt !== null ? `${m('big.updated', { t: time(loadedAt) })} · ${m('big.refreshes', { n: Math.max(0, loads.current - 1) })}` : ''}
          </span>
          <Select<number>
            aria-label={m('big.refresh')}
            size="small"
            value={seconds}
            style={{ width: 96 }}
            onChange={(v) => set({ refresh: v })}
            options={[...new Set([...INTERVALS, seconds])].sort((a, b) => a - b).map((v) => ({ value: v, label: v < 60 ? m('big.seconds', { n: v }) : m('big.minutes', { n: v / 60 }) }))}
          />
          <Button size="small" ghost icon={<CloseOutlined />} onClick={() => navigate('/evaluation/dashboard')}>
            {m('big.exit')}
          </Button>
        </Space>
      </header>
      {screen.error && !s ? <div style={{ color: '#ff7875' }}>{m('common.loadFailed', { e: errorText(screen.error, lang) })}</div> : null}
      {s ? <Content s={s} boards={screen.data?.[1]} m={m} /> : null}
    </div>
  );
}
