/**
 * A compound's co-governance participation (DOMAIN.md §8): share of households taking part,
 * points issued and redeemed, the top volunteers who agreed to be shown, and six months' trend.
 */
import { useMemo } from 'react';
import { Card, Col, List, Row, Statistic } from 'antd';
import { ApiError } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';
import type { ChartOption } from '../../components/StatusChart';
import { getParticipation } from './api';
import { ChartCard, LoadError, pct, useM } from './shared';

export function ParticipationPanel({ compoundId, month }: { compoundId: number; month: string }) {
  const m = useM();
  const { lang } = useI18n();
  const r = useAsync(() => getParticipation(compoundId, month), [compoundId, month]);
  const d = r.data;
  const option = useMemo<ChartOption | null>(() => {
    if (!d) return null;
    return {
      animation: false,
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: d.trend.map((x) => x.month) },
      yAxis: [{ type: 'value', name: m('participation.points'), minInterval: 1 }, { type: 'value', axisLabel: { formatter: (v: number) => `${(v * 100).toFixed(1)}%` } }],
      series: [
        { type: 'bar', name: m('participation.issued'), data: d.trend.map((x) => x.pointsIssued), itemStyle: { color: '#52c41a' } },
        { type: 'bar', name: m('participation.redeemed'), data: d.trend.map((x) => x.pointsRedeemed), itemStyle: { color: '#faad14' } },
        { type: 'line', name: m('participation.share'), yAxisIndex: 1, data: d.trend.map((x) => x.share) },
      ],
    };
  }, [d, lang]);
  // Another role's report: the portrait stands without it.
  if (r.error instanceof ApiError && r.error.status === 403) return null;
  const title = m('participation.title', { month });
  return (
    <section aria-label={title}>
      <Card size="small" title={title} style={{ marginBottom: 16 }} loading={r.loading && !d}>
        <LoadError error={r.error} />
        {d ? (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={m('participation.share')} value={pct(d.month.share, 2)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={m('participation.participants')} value={d.month.participants} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={m('participation.issued')} value={d.month.pointsIssued} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={m('participation.redeemed')} value={d.month.pointsRedeemed} />
            </Col>
            <Col xs={24} lg={16}>
              <ChartCard
                title={m('participation.trend')}
                option={option}
                height={240}
                data={{
                  columns: ['month', m('participation.participants'), `${m('participation.share')} %`, m('participation.issued'), m('participation.redeemed')],
                  rows: d.trend.map((x) => [x.month, x.participants, Math.round(x.share * 10000) / 100, x.pointsIssued, x.pointsRedeemed]),
                }}
              />
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={m('participation.top')}>
                <List
                  size="small"
                  dataSource={d.topVolunteers}
                  locale={{ emptyText: m('participation.none') }}
                  renderItem={(v, i) => (
                    <List.Item extra={`${v.points} ${m('participation.points')}`}>
                      {i + 1}. {v.name}
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          </Row>
        ) : null}
      </Card>
    </section>
  );
}
