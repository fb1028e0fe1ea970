/**
 * 考评指标: every rate per unit, compound, community or street over a period, as a sortable
 * table and a chart of one chosen rate (both exportable).
 */
import { useMemo, useState } from 'react';
import { Card, Form, Segmented, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { RATE_KEYS, type RateKey } from '../../../../../common/evaluation';
import { getUnits, useAsync } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';
import { useSearchParam } from '../../../lib/router';
import type { ChartOption } from '../../components/StatusChart';
import { GROUP_BYS, getRates, getSchemes, type GroupBy, type RateRow } from './api';
import type { TableData } from './exporting';
import { toIsoPeriod } from './period';
import { ChartCard, FilterBar, LoadError, PeriodPicker, pct, peerLabel, rateName, useM, usePeriodParam } from './shared';

type Metric = RateKey | 'per1000' | 'score' | 'volume';
const CHART_ROWS = 20;

/** The value of a metric in a row (rates as fractions, per1000 and score as they are). */
export function metricOf(r: RateRow, k: Metric): number | null {
  if (k === 'score') return r.score;
  if (k === 'volume') return r.volume;
  return r.rates[k];
}

/** Unit kinds present in the directory, for the peer-group picker. */
export function usePeerOptions(allLabel: string) {
  const { lang } = useI18n();
  const units = useAsync(getUnits, []);
  return useMemo(() => {
    const kinds = new Map<string, string>();
    for (const u of units.data ?? []) kinds.set(u.kind, lang === 'en' ? u.kindNameEn : u.kindName);
    return { names: kinds, options: [{ value: '', label: allLabel }, ...[...kinds].map(([value, label]) => ({ value, label }))] };
  }, [units.data, lang, allLabel]);
}

export default function RatesPage() {
  const m = useM();
  const { lang, t } = useI18n();
  const [groupParam, setGroup] = useSearchParam('groupBy', 'unit');
  const groupBy: GroupBy = (GROUP_BYS as readonly string[]).includes(groupParam) ? (groupParam as GroupBy) : 'unit';
  const [period, setPeriod] = usePeriodParam();
  const [peer, setPeer] = useState('');
  const [scheme, setScheme] = useState<string | undefined>(undefined);
  const [metric, setMetric] = useState<Metric>('satisfaction');
  const schemes = useAsync(getSchemes, []);
  const peers = usePeerOptions(m('peer.all'));
  const report = useAsync(
    () => getRates({ ...toIsoPeriod(period), groupBy, peer: groupBy === 'unit' && peer ? peer : undefined, scheme }),
    [groupBy, period.start, period.end, peer, scheme],
  );
  const rows = report.data?.rows ?? [];
  const peerName = (r: RateRow) => peerLabel(r.peer, peers.names, t);
  const metricName = (k: Metric) => (k === 'score' ? m('col.score') : k === 'volume' ? m('col.volume') : rateName(k, lang));
  const isRate = (k: Metric) => k !== 'score' && k !== 'volume' && k !== 'per1000';
  const fmt = (k: Metric, v: number | null) => (v === null ? '—' : isRate(k) ? pct(v) : k === 'volume' ? String(v) : v.toFixed(k === 'score' ? 2 : 1));

  const metrics: Metric[] = [...RATE_KEYS, 'per1000', 'score', 'volume'];
  const byNumber = (k: Metric) => (a: RateRow, b: RateRow) => (metricOf(a, k) ?? -Infinity) - (metricOf(b, k) ?? -Infinity);
  const columns: ColumnsType<RateRow> = [
    { title: m('col.name'), dataIndex: 'name', key: 'name', fixed: 'left', width: 200, sorter: (a, b) => a.name.localeCompare(b.name, 'zh') },
    { title: m('col.peer'), key: 'peer', width: 120, render: (_, r) => peerName(r) },
    ...(['volume', ...RATE_KEYS, 'per1000', 'score'] as Metric[]).map((k) => ({
      title: metricName(k),
      key: k,
      align: 'right' as const,
      width: k === 'volume' ? 80 : 104,
      sorter: byNumber(k),
      defaultSortOrder: k === 'score' ? ('descend' as const) : undefined,
      render: (_: unknown, r: RateRow) => fmt(k, metricOf(r, k)),
    })),
  ];

  const groupLabel = m(`group.${groupBy}`);
  const chartRows = [...rows].sort((a, b) => b.volume - a.volume).slice(0, CHART_ROWS);
  const option = useMemo<ChartOption | null>(() => {
    if (!report.data) return null;
    const values = chartRows.map((r) => {
      const v = metricOf(r, metric);
      return v === null ? null : isRate(metric) ? Math.round(v * 1000) / 10 : v;
    });
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : isRate(metric) ? `${v}%` : String(v)) },
      xAxis: { type: 'category', data: chartRows.map((r) => r.name), axisLabel: { interval: 0, rotate: 30, fontSize: 10 } },
      yAxis: { type: 'value', max: isRate(metric) ? 100 : undefined, axisLabel: { formatter: isRate(metric) ? '{value}%' : '{value}' } },
      series: [{ type: 'bar', name: metricName(metric), data: values, itemStyle: { color: '#1677ff' }, label: { show: chartRows.length <= 12, position: 'top', fontSize: 10 } }],
    };
  }, [report.data, metric, lang]);
  const data: TableData | null = report.data
    ? {
        columns: [m('col.name'), m('col.peer'), ...metrics.map(metricName)],
        rows: rows.map((r) => [r.name, peerName(r), ...metrics.map((k) => {
          const v = metricOf(r, k);
          return v === null ? null : isRate(k) ? Math.round(v * 10000) / 100 : v;
        })]),
      }
    : null;

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {m('rates.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{m('common.scope')}</Typography.Paragraph>
      <FilterBar label={m('rates.title')}>
        <Form.Item label={m('group.label')}>
          <Segmented<GroupBy> value={groupBy} onChange={setGroup} options={GROUP_BYS.map((g) => ({ value: g, label: m(`group.${g}`) }))} />
        </Form.Item>
        <PeriodPicker value={period} onChange={setPeriod} />
        {groupBy === 'unit' ? (
          <Form.Item label={m('peer.label')} htmlFor="ev-peer">
            <Select id="ev-peer" style={{ width: 170 }} value={peer} onChange={setPeer} options={peers.options} />
          </Form.Item>
        ) : null}
        <Form.Item label={m('scheme.label')} htmlFor="ev-scheme">
          <Select
            id="ev-scheme"
            style={{ width: 240 }}
            value={scheme ?? schemes.data?.defaultScheme}
            onChange={setScheme}
            options={(schemes.data?.schemes ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
      </FilterBar>
      <LoadError error={report.error} />
      <div style={{ marginBottom: 16 }}>
        <ChartCard
          title={m('rates.chart', { metric: metricName(metric), group: groupLabel })}
          option={option}
          data={data}
          extra={
            <Select<Metric>
              aria-label={m('rates.metric')}
              size="small"
              style={{ width: 150 }}
              value={metric}
              onChange={setMetric}
              options={metrics.map((k) => ({ value: k, label: metricName(k) }))}
            />
          }
        />
        {rows.length > CHART_ROWS ? <Typography.Text type="secondary">{m('rates.chartTop', { n: CHART_ROWS })}</Typography.Text> : null}
      </div>
      <Card size="small" title={m('rates.table')}>
        <Table<RateRow>
          rowKey="id"
          size="small"
          loading={report.loading}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 1500 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: m('common.noData') }}
        />
      </Card>
    </>
  );
}
