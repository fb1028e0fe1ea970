/**
 * 数据看板: the district overview, a street's view (its communities) and a unit's view, over a
 * period; every chart exports as PNG and Excel. Figures come from the rollup-backed dashboard
 * API (dashboard-data.ts).
 */
import { useMemo } from 'react';
import { Alert, Button, Card, Col, Form, Row, Segmented, Select, Statistic, Table, Typography } from 'antd';
import { DesktopOutlined } from '@ant-design/icons';
import { getPlaceChildren, useAsync } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';
import { statusName } from '../../../lib/labels';
import { navigate } from '../../../lib/router';
import { getOverview, getUnitView, type ChildRowT, type Overview, type UnitView } from './dashboard-data';
import { categoriesData, categoriesOption, childrenData, childrenOption, kindData, kindOption, statusOption, trendData, trendOption } from './options';
import { ChartCard, FilterBar, LoadError, PeriodPicker, pct, rateName, useChartNames, useM, usePeriodParam, useQueryState, type Tm } from './shared';
import { UnitSelect } from './TargetPicker';

type View = 'district' | 'street' | 'unit';

/** The KPI row: volume, closed, overdue and the rates. */
function Kpis({ d, m }: { d: Overview | UnitView; m: Tm }) {
  const { lang } = useI18n();
  const items: [string, string | number, boolean?][] = [
    [m('col.volume'), d.totals.volume],
    [m('dash.closed'), d.totals.closed],
    [m('portrait.overdue'), d.totals.overdue, d.totals.overdue > 0],
    [rateName('response', lang), pct(d.totals.rates.response)],
    [rateName('resolution', lang), pct(d.totals.rates.resolution)],
    [rateName('satisfaction', lang), pct(d.totals.rates.satisfaction)],
    [rateName('per1000', lang), d.totals.rates.per1000 === null ? '—' : d.totals.rates.per1000.toFixed(1)],
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {items.map(([title, value, danger]) => (
        <Col xs={12} md={6} xl={3} key={title} flex="auto">
          <Card size="small">
            <Statistic title={title} value={value} styles={{ content: { color: danger ? '#cf1322' : undefined } }} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** The charts every view shares: trend, kinds, categories, compounds. */
function CommonCharts({ d, m }: { d: Overview | UnitView; m: Tm }) {
  const { lang } = useI18n();
  const n = useChartNames();
  const trend = useMemo(() => trendOption(d.series, n), [d, lang]);
  const kinds = useMemo(() => kindOption(d.byKind, n), [d, lang]);
  const cats = useMemo(() => categoriesOption(d.topCategories), [d]);
  // Compounds have no kind: the category bars' default colour.
  const compoundRows = useMemo(() => d.topCompounds.map((c) => ({ ...c, kind: '' })), [d]);
  const compounds = useMemo(() => categoriesOption(compoundRows), [compoundRows]);
  return (
    <>
      <Col xs={24} lg={16}>
        <ChartCard title={m('portrait.trend')} option={trend} data={trendData(d.series, n)} />
      </Col>
      <Col xs={24} lg={8}>
        <ChartCard title={m('portrait.byKind')} option={kinds} data={kindData(d.byKind, n)} />
      </Col>
      <Col xs={24} lg={12}>
        <ChartCard title={m('portrait.topProblems')} option={cats} data={categoriesData(d.topCategories, n)} height={Math.max(220, Math.min(10, d.topCategories.length) * 28 + 30)} />
      </Col>
      {d.topCompounds.length ? (
        <Col xs={24} lg={12}>
          <ChartCard title={m('dash.topCompounds')} option={compounds} data={categoriesData(compoundRows, n)} height={Math.max(220, Math.min(10, compoundRows.length) * 28 + 30)} />
        </Col>
      ) : null}
    </>
  );
}

function UnitsTable({ rows, m }: { rows: ChildRowT[]; m: Tm }) {
  const { lang } = useI18n();
  return (
    <Card size="small" title={m('dash.unitRates')}>
      <Table<ChildRowT>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: m('common.noData') }}
        onRow={(r) => ({ onClick: () => navigate(`/evaluation/dashboard?view=unit&unitId=${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: m('col.name'), dataIndex: 'name', key: 'name' },
          { title: m('col.volume'), dataIndex: 'volume', key: 'volume', align: 'right', sorter: (a, b) => a.volume - b.volume },
          ...(['response', 'resolution', 'satisfaction'] as const).map((k) => ({
            title: rateName(k, lang),
            key: k,
            align: 'right' as const,
            sorter: (a: ChildRowT, b: ChildRowT) => (a.rates[k] ?? -1) - (b.rates[k] ?? -1),
            render: (_: unknown, r: ChildRowT) => pct(r.rates[k]),
          })),
        ]}
      />
    </Card>
  );
}

function PlaceView({ d, m }: { d: Overview; m: Tm }) {
  const { lang } = useI18n();
  const n = useChartNames();
  const children = useMemo(() => childrenOption(d.children, n), [d, lang]);
  const title = d.scope.level === 'district' ? m('dash.byStreet') : m('dash.byCommunity');
  return (
    <Row gutter={[16, 16]}>
      <CommonCharts d={d} m={m} />
      {d.children.length ? (
        <Col xs={24} lg={12}>
          <ChartCard title={title} option={children} data={childrenData(d.children, n)} />
        </Col>
      ) : null}
      {d.units.length ? (
        <Col xs={24}>
          <UnitsTable rows={d.units} m={m} />
        </Col>
      ) : null}
    </Row>
  );
}

function UnitDetail({ d, m }: { d: UnitView; m: Tm }) {
  const { lang } = useI18n();
  const status = useMemo(() => statusOption(d.byStatus, (s) => statusName(s, lang)), [d, lang]);
  return (
    <Row gutter={[16, 16]}>
      <CommonCharts d={d} m={m} />
      {d.byStatus.length ? (
        <Col xs={24} lg={12}>
          <ChartCard
            title={m('dash.byStatus')}
            option={status}
            data={{ columns: ['', m('col.count')], rows: d.byStatus.map((s) => [statusName(s.status, lang), s.count]) }}
          />
        </Col>
      ) : null}
    </Row>
  );
}

export default function DashboardPage() {
  const m = useM();
  const [search, set] = useQueryState();
  const [period, setPeriod] = usePeriodParam('last3Months');
  const view: View = search.get('view') === 'street' ? 'street' : search.get('view') === 'unit' ? 'unit' : 'district';
  const id = (k: string) => {
    const v = Number(search.get(k));
    return Number.isInteger(v) && v > 0 ? v : undefined;
  };
  const streetId = id('streetId');
  const unitId = id('unitId');
  const streets = useAsync(async () => {
    const roots = await getPlaceChildren();
    return roots[0] ? getPlaceChildren(roots[0].id) : [];
  }, []);
  const overview = useAsync(
    () => (view === 'unit' || (view === 'street' && streetId === undefined) ? Promise.resolve(null) : getOverview({ placeId: view === 'street' ? streetId : undefined, period })),
    [view, streetId, period.start, period.end],
  );
  const unit = useAsync(() => (view === 'unit' && unitId !== undefined ? getUnitView({ unitId, period }) : Promise.resolve(null)), [view, unitId, period.start, period.end]);
  const d = view === 'unit' ? unit.data : overview.data;
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {m('dash.title')}
        {d ? <Typography.Text type="secondary" style={{ fontSize: 16, marginLeft: 12 }}>{d.scope.name}</Typography.Text> : null}
      </Typography.Title>
      <FilterBar label={m('dash.title')}>
        <Form.Item label={m('dash.view')}>
          <Segmented<View>
            value={view}
            onChange={(v) => set({ view: v === 'district' ? undefined : v })}
            options={[
              { value: 'district', label: m('dash.district') },
              { value: 'street', label: m('dash.street') },
              { value: 'unit', label: m('dash.unit') },
            ]}
          />
        </Form.Item>
        {view === 'street' ? (
          <Form.Item label={m('dash.pickStreet')} htmlFor="ev-street">
            <Select<number>
              id="ev-street"
              style={{ width: 200 }}
              value={streetId}
              placeholder={m('dash.pickStreet')}
              showSearch={{ optionFilterProp: 'label' }}
              options={(streets.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              onChange={(v) => set({ streetId: v })}
            />
          </Form.Item>
        ) : null}
        {view === 'unit' ? (
          <Form.Item label={m('dash.pickUnit')} htmlFor="ev-unit">
            <UnitSelect id="ev-unit" value={unitId} placeholder={m('dash.pickUnit')} onChange={(v) => set({ unitId: v })} />
          </Form.Item>
        ) : null}
        <PeriodPicker value={period} onChange={setPeriod} />
        <Form.Item>
          <Button icon={<DesktopOutlined />} onClick={() => navigate('/bigscreen')}>
            {m('dash.openBigScreen')}
          </Button>
        </Form.Item>
      </FilterBar>
      <LoadError error={view === 'unit' ? unit.error : overview.error} />
      {view === 'street' && streetId === undefined ? <Alert type="info" showIcon title={m('dash.pickStreet')} /> : null}
      {view === 'unit' && unitId === undefined ? <Alert type="info" showIcon title={m('dash.pickUnit')} /> : null}
      {d ? <Kpis d={d} m={m} /> : null}
      {view !== 'unit' && overview.data ? <PlaceView d={overview.data} m={m} /> : null}
      {view === 'unit' && unit.data ? <UnitDetail d={unit.data} m={m} /> : null}
    </>
  );
}
