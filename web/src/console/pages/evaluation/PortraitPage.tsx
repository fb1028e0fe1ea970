/**
 * 问题画像 of a place or unit over a period (DOMAIN.md §7): volume and trend, shares by kind and
 * category, top problems, hottest buildings, repeat callers, deadline compliance, the three
 * rates, before/after a chosen day, and for a compound its residents' participation.
 */
import { useMemo } from 'react';
import { Alert, Card, Col, DatePicker, Descriptions, Form, Row, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { formatTime } from '../../../lib/format';
import { useAsync } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';
import type { ChartOption } from '../../components/StatusChart';
import { getPortrait, type Portrait } from './api';
import { ParticipationPanel } from './ParticipationPanel';
import { dayStartIso, endMonth, toIsoPeriod } from './period';
import { ChartCard, FilterBar, LoadError, PeriodPicker, pct, rateName, useM, usePeriodParam, useQueryState, type Tm } from './shared';
import { PlaceSearch } from '../../components/PlaceSearch';
import { UnitSelect } from './TargetPicker';

const KIND_COLORS: Record<string, string> = { hardware: '#fa8c16', service: '#1677ff', other: '#bfbfbf' };

const kindName = (m: Tm, k: string) => (k === 'hardware' || k === 'service' || k === 'other' ? m(`kind.${k}`) : k);

/** The charts and tables of one portrait. */
function PortraitView({ p, m }: { p: Portrait; m: Tm }) {
  const { lang, t } = useI18n();
  const hardware = p.byKind.find((k) => k.kind === 'hardware');
  const kindLabel = m('portrait.byKindLabel', { list: p.byKind.map((k) => `${kindName(m, k.kind)} ${k.count} (${k.percent}%)`).join(lang === 'en' ? ', ' : '，') });

  const trend = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: p.trend.map((x) => x.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', name: m('col.count'), data: p.trend.map((x) => x.count), areaStyle: { opacity: 0.15 }, label: { show: p.trend.length <= 12 } }],
    }),
    [p, lang],
  );
  const kinds = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['36%', '58%'],
          center: ['50%', '45%'],
          label: { formatter: '{b}\n{d}%', overflow: 'none' },
          data: p.byKind.filter((k) => k.count > 0).map((k) => ({ name: kindName(m, k.kind), value: k.count, itemStyle: { color: KIND_COLORS[k.kind] } })),
        },
      ],
    }),
    [p, lang],
  );
  const categories = useMemo<ChartOption>(() => {
    const list = p.byCategory.slice(0, 12);
    return {
      animation: false,
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: list.map((c) => c.name) },
      series: [{ type: 'bar', name: m('col.count'), data: list.map((c) => ({ value: c.count, itemStyle: { color: KIND_COLORS[c.kind] ?? '#1677ff' } })), label: { show: true, position: 'right' } }],
    };
  }, [p, lang]);
  const buildings = useMemo<ChartOption>(() => {
    const list = p.hotBuildings.slice(0, 10);
    return {
      animation: false,
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: list.map((b) => b.name) },
      series: [{ type: 'bar', name: m('col.count'), data: list.map((b) => b.count), itemStyle: { color: '#722ed1' }, label: { show: true, position: 'right' } }],
    };
  }, [p, lang]);
  const ba = p.beforeAfter;
  const beforeAfter = useMemo<ChartOption | null>(() => {
    if (!ba) return null;
    const at = formatTime(ba.at).slice(0, 10);
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: [m('portrait.beforeSide', { at }), m('portrait.afterSide', { at })] },
      yAxis: [{ type: 'value', name: m('portrait.perMonth') }, { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }],
      series: [
        { type: 'bar', name: m('portrait.perMonth'), data: [ba.before.perMonth, ba.after.perMonth], label: { show: true, position: 'top' } },
        {
          type: 'bar',
          name: m('portrait.hardwareShare'),
          yAxisIndex: 1,
          itemStyle: { color: KIND_COLORS.hardware },
          data: [ba.before.hardwareShare, ba.after.hardwareShare].map((x) => (x === null ? null : Math.round(x * 1000) / 10)),
          label: { show: true, position: 'top', formatter: '{c}%' },
        },
      ],
    };
  }, [ba, lang]);

  const share = (x: { count: number; percent: number }) => `${x.count}（${x.percent}%）`;
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          title={p.target.name}
          items={[
            { key: 'kind', label: m('portrait.targetKind'), children: p.target.kind === 'place' ? t(`level.${p.target.level ?? 'compound'}` as never) : m('portrait.unit') },
            { key: 'period', label: m('period.preset'), children: `${formatTime(p.from).slice(0, 10)} – ${formatTime(Date.parse(p.to) - 1).slice(0, 10)}` },
            { key: 'hh', label: m('col.households'), children: p.target.households ?? '—' },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={m('portrait.volume')} value={p.volume} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={m('portrait.hardwareShare')} value={hardware ? hardware.percent : '—'} suffix={hardware ? '%' : undefined} styles={{ content: { color: KIND_COLORS.hardware } }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={rateName('per1000', lang)} value={p.rates.per1000 === null ? '—' : p.rates.per1000.toFixed(1)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={m('portrait.overdue')} value={p.deadlines.overdue} styles={{ content: { color: p.deadlines.overdue > 0 ? '#cf1322' : undefined } }} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <ChartCard
            title={m('portrait.trend')}
            label={`${m('portrait.trend')}: ${p.trend.map((x) => `${x.month} ${x.count}`).join(', ')}`}
            option={trend}
            data={{ columns: ['month', m('col.count')], rows: p.trend.map((x) => [x.month, x.count]) }}
          />
        </Col>
        <Col xs={24} lg={10}>
          <ChartCard
            title={m('portrait.byKind')}
            label={kindLabel}
            option={kinds}
            data={{ columns: [m('portrait.kind'), m('col.count'), `${m('col.share')} %`], rows: p.byKind.map((k) => [kindName(m, k.kind), k.count, k.percent]) }}
          />
        </Col>
        <Col xs={24} lg={14}>
          <ChartCard
            title={m('portrait.byCategory')}
            option={categories}
            height={Math.max(220, Math.min(12, p.byCategory.length) * 28 + 30)}
            data={{ columns: [m('portrait.category'), m('portrait.kind'), m('col.count'), `${m('col.share')} %`], rows: p.byCategory.map((c) => [c.name, kindName(m, c.kind), c.count, c.percent]) }}
          />
        </Col>
        <Col xs={24} lg={10}>
          <section aria-label={m('portrait.topProblems')}>
            <Card size="small" title={m('portrait.topProblems')}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={p.topProblems}
                locale={{ emptyText: m('common.noData') }}
                columns={[
                  { title: '#', key: 'i', width: 40, render: (_, __, i) => i + 1 },
                  { title: m('portrait.category'), dataIndex: 'name', key: 'name' },
                  { title: m('portrait.kind'), key: 'kind', render: (_, c) => <Tag color={KIND_COLORS[c.kind]}>{kindName(m, c.kind)}</Tag> },
                  { title: m('col.count'), key: 'n', align: 'right', render: (_, c) => share(c) },
                ]}
              />
            </Card>
          </section>
        </Col>
        <Col xs={24} lg={14}>
          <ChartCard
            title={m('portrait.hotBuildings')}
            option={buildings}
            height={Math.max(200, Math.min(10, p.hotBuildings.length) * 28 + 30)}
            data={{ columns: [m('portrait.building'), m('col.count'), `${m('col.share')} %`], rows: p.hotBuildings.map((b) => [b.name, b.count, b.percent]) }}
          />
        </Col>
        <Col xs={24} lg={10}>
          <section aria-label={m('portrait.repeatCallers')}>
            <Card size="small" title={m('portrait.repeatCallers')}>
              <Table
                size="small"
                rowKey="phone"
                pagination={false}
                dataSource={p.repeatCallers}
                locale={{ emptyText: m('common.noData') }}
                columns={[
                  { title: m('portrait.phone'), dataIndex: 'phone', key: 'phone' },
                  { title: m('portrait.calls'), dataIndex: 'count', key: 'count', align: 'right' },
                  { title: m('portrait.lastAt'), key: 'last', render: (_, c) => formatTime(c.lastAt) },
                ]}
              />
            </Card>
          </section>
        </Col>
        <Col xs={24} lg={12}>
          <section aria-label={m('portrait.deadlines')}>
            <Card size="small" title={m('portrait.deadlines')}>
              <Row gutter={16}>
                {(['signoff', 'response', 'onTime'] as const).map((k) => (
                  <Col span={6} key={k}>
                    <Statistic title={rateName(k, lang)} value={pct(p.deadlines[k])} />
                  </Col>
                ))}
                <Col span={6}>
                  <Statistic title={m('portrait.overdue')} value={p.deadlines.overdue} />
                </Col>
              </Row>
            </Card>
          </section>
        </Col>
        <Col xs={24} lg={12}>
          <section aria-label={m('portrait.threeRates')}>
            <Card size="small" title={m('portrait.threeRates')}>
              <Row gutter={16}>
                {(['response', 'resolution', 'satisfaction'] as const).map((k) => (
                  <Col span={8} key={k}>
                    <Statistic title={rateName(k, lang)} value={pct(p.rates[k])} />
                  </Col>
                ))}
              </Row>
            </Card>
          </section>
        </Col>
        {ba ? (
          <Col xs={24}>
            <ChartCard
              title={m('portrait.beforeAfter')}
              option={beforeAfter}
              data={{
                columns: ['', m('col.count'), m('portrait.days'), m('portrait.perMonth'), `${m('portrait.hardwareShare')} %`],
                rows: [
                  [m('portrait.beforeSide', { at: formatTime(ba.at).slice(0, 10) }), ba.before.count, Math.round(ba.before.days), ba.before.perMonth, ba.before.hardwareShare === null ? null : Math.round(ba.before.hardwareShare * 1000) / 10],
                  [m('portrait.afterSide', { at: formatTime(ba.at).slice(0, 10) }), ba.after.count, Math.round(ba.after.days), ba.after.perMonth, ba.after.hardwareShare === null ? null : Math.round(ba.after.hardwareShare * 1000) / 10],
                ],
              }}
            />
          </Col>
        ) : null}
      </Row>
    </>
  );
}

export default function PortraitPage() {
  const m = useM();
  const [search, set] = useQueryState();
  const [period, setPeriod] = usePeriodParam('thisYear');
  const num = (k: string) => {
    const v = Number(search.get(k));
    return Number.isInteger(v) && v > 0 ? v : undefined;
  };
  const placeId = num('placeId');
  const unitId = placeId === undefined ? num('unitId') : undefined;
  const kind = search.get('by') === 'unit' || unitId !== undefined ? 'unit' : 'place';
  const setKind = (k: string) => set(k === 'unit' ? { by: 'unit', placeId: undefined } : { by: undefined, unitId: undefined });
  const before = search.get('before') ?? '';
  const beforeOk = /^\d{4}-\d{2}-\d{2}$/.test(before) && before > period.start && before <= period.end;
  const hasTarget = placeId !== undefined || unitId !== undefined;
  const report = useAsync(
    () => (hasTarget ? getPortrait({ ...toIsoPeriod(period), placeId, unitId, before: beforeOk ? dayStartIso(before) : undefined }) : Promise.resolve(null)),
    [placeId, unitId, period.start, period.end, beforeOk ? before : ''],
  );
  const p = report.data;
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {m('portrait.title')}
      </Typography.Title>
      <FilterBar label={m('portrait.title')}>
        <Form.Item label={m('portrait.targetKind')}>
          <Segmented
            value={kind}
            onChange={(k) => setKind(k)}
            options={[
              { value: 'place', label: m('portrait.byPlace') },
              { value: 'unit', label: m('portrait.byUnit') },
            ]}
          />
        </Form.Item>
        {kind === 'place' ? (
          <Form.Item label={m('portrait.place')} htmlFor="ev-place">
            <PlaceSearch
              id="ev-place"
              value={placeId}
              placeholder={m('portrait.placeSearch')}
              withLevel
              allowClear
              style={{ width: 240 }}
              onChange={(v) => set({ placeId: v, unitId: undefined })}
            />
          </Form.Item>
        ) : (
          <Form.Item label={m('portrait.unit')} htmlFor="ev-unit">
            <UnitSelect id="ev-unit" value={unitId} placeholder={m('portrait.unitPick')} onChange={(v) => set({ unitId: v, placeId: undefined, by: 'unit' })} />
          </Form.Item>
        )}
        <PeriodPicker value={period} onChange={setPeriod} />
        <Form.Item label={m('portrait.before')} htmlFor="ev-before">
          <DatePicker id="ev-before" value={beforeOk ? dayjs(before) : null} onChange={(d) => set({ before: d ? d.format('YYYY-MM-DD') : undefined })} />
        </Form.Item>
      </FilterBar>
      <LoadError error={report.error} />
      {!hasTarget ? <Alert type="info" showIcon title={m('portrait.pick')} /> : null}
      {hasTarget && p ? <PortraitView p={p} m={m} /> : null}
      {p && p.target.kind === 'place' && p.target.level === 'compound' ? <ParticipationPanel compoundId={p.target.id} month={endMonth(period)} /> : null}
    </>
  );
}
