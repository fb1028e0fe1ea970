/**
 * Participation per compound and month (DOMAIN.md §8): the share of households taking part,
 * points issued and redeemed, the volunteers who agreed to be shown, a six-month trend (ECharts,
 * loaded lazily), and the outputs that service activities counted.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { Card, Col, DatePicker, Empty, Form, List, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useAsync } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';
import { CompoundSelect } from '../../components/PlacePicker';
import { cogov } from './api';
import { LoadError, useT } from './shared';

const Chart = lazy(() => import('../../components/StatusChart').then((m) => ({ default: m.Chart })));

export default function ParticipationPage() {
  const t = useT();
  const { pick } = useI18n();
  const [compound, setCompound] = useState<number | undefined>();
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const m = month.format('YYYY-MM');
  const report = useAsync(() => (compound ? cogov.participation(compound, m) : Promise.resolve(null)), [compound, m]);
  const outputs = useAsync(() => cogov.outputs(), []);
  const r = report.data;

  const option = useMemo(
    () =>
      r
        ? {
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 48, right: 48, top: 36, bottom: 28 },
            xAxis: { type: 'category', data: r.trend.map((x) => x.month) },
            yAxis: [
              { type: 'value', name: t('participants'), minInterval: 1 },
              { type: 'value', name: t('points') },
            ],
            series: [
              { name: t('participants'), type: 'bar', data: r.trend.map((x) => x.participants), itemStyle: { color: '#b71c1c' } },
              { name: t('pointsIssued'), type: 'line', yAxisIndex: 1, data: r.trend.map((x) => x.pointsIssued), itemStyle: { color: '#1677ff' } },
              { name: t('pointsRedeemed'), type: 'line', yAxisIndex: 1, data: r.trend.map((x) => x.pointsRedeemed), itemStyle: { color: '#faad14' } },
            ],
          }
        : null,
    [r, t],
  );

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('participation')}</Typography.Title>}>
        <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
          <Form.Item label={t('compound')} htmlFor="cogov-compound" style={{ minWidth: 320 }}>
            <CompoundSelect id="cogov-compound" value={compound} onChange={setCompound} />
          </Form.Item>
          <Form.Item label={t('month')} htmlFor="cogov-month">
            <DatePicker id="cogov-month" picker="month" value={month} allowClear={false} onChange={(d) => d && setMonth(d)} />
          </Form.Item>
        </Form>
        <LoadError error={report.error} />
        {!compound ? <Empty description={t('pickCompound')} /> : null}
        {report.loading && compound && !r ? <Spin /> : null}
        {r ? (
          <>
            <Row gutter={16}>
              <Col xs={12} md={5}>
                <Statistic title={t('households')} value={r.households ?? '—'} />
              </Col>
              <Col xs={12} md={5}>
                <Statistic title={t('participants')} value={r.month.participants} />
              </Col>
              <Col xs={12} md={5}>
                <Statistic title={t('share')} value={(r.month.share * 100).toFixed(1)} suffix="%" />
              </Col>
              <Col xs={12} md={5}>
                <Statistic title={t('pointsIssued')} value={r.month.pointsIssued} />
              </Col>
              <Col xs={12} md={4}>
                <Statistic title={t('pointsRedeemed')} value={r.month.pointsRedeemed} />
              </Col>
            </Row>
            <Row gutter={24} style={{ marginTop: 24 }}>
              <Col xs={24} lg={16}>
                <Typography.Title level={5}>{t('trend')}</Typography.Title>
                <Suspense fallback={<Spin />}>
                  <Chart option={option} label={t('trendLabel', { c: r.compoundName })} height={300} />
                </Suspense>
              </Col>
              <Col xs={24} lg={8}>
                <Typography.Title level={5}>{t('topVolunteers')}</Typography.Title>
                <List
                  size="small"
                  bordered
                  dataSource={r.topVolunteers}
                  locale={{ emptyText: t('noVolunteers') }}
                  renderItem={(v, i) => (
                    <List.Item>
                      <span>
                        {i + 1}. {v.name}
                      </span>
                      <strong>{`${v.points} ${pick('分', 'pts')}`}</strong>
                    </List.Item>
                  )}
                />
              </Col>
            </Row>
          </>
        ) : null}
      </Card>
      <Card title={t('outputsTitle')}>
        <LoadError error={outputs.error} />
        <Table
          size="small"
          rowKey="metric"
          pagination={false}
          loading={outputs.loading}
          dataSource={outputs.data?.totals ?? []}
          locale={{ emptyText: t('noOutputs') }}
          columns={[
            { title: t('metric'), dataIndex: 'label' },
            { title: t('outputsTotal'), dataIndex: 'quantity', align: 'right' },
          ]}
        />
        <Table
          size="small"
          rowKey="activityId"
          pagination={false}
          style={{ marginTop: 16 }}
          dataSource={outputs.data?.activities ?? []}
          columns={[
            { title: t('title'), dataIndex: 'title' },
            {
              title: t('metric'),
              key: 'o',
              render: (_, a) =>
                [...a.outputs.map((o) => `${o.label} ${o.quantity}`), ...(a.traineesCompleted !== null ? [`${t('traineesCompleted')} ${a.traineesCompleted}`] : [])].join(' · '),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
