/**
 * 物业信用: each property company's credit score (base + good records − bad records → AAA … C),
 * and for the one picked, its score over time and the records behind it.
 */
import { useMemo, useState } from 'react';
import { Card, Col, Row, Table, Tag, Typography } from 'antd';
import type { Static } from 'typebox';
import type { CreditDetailResponse, CreditListResponse } from '../../../../../common/dashboard';
import { api, ApiError } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import type { ChartOption } from '../../components/StatusChart';
import { ChartCard, LoadError, useM } from './shared';

type CreditList = Static<typeof CreditListResponse>;
type CreditDetail = Static<typeof CreditDetailResponse>;
type CreditRow = CreditList['rows'][number];

const GRADE_COLORS: Record<string, string> = { AAA: 'green', AA: 'cyan', A: 'blue', B: 'orange', C: 'red' };

export const getCredit = () => api.get<CreditList>('/api/evaluation/credit');
export const getCreditOf = (unitId: number) => api.get<CreditDetail>(`/api/evaluation/credit/${unitId}`);

export function CreditPanel() {
  const m = useM();
  const list = useAsync(getCredit, []);
  const [picked, setPicked] = useState<number | null>(null);
  const unitId = picked ?? list.data?.rows[0]?.unitId ?? null;
  const detail = useAsync(() => (unitId === null ? Promise.resolve(null) : getCreditOf(unitId)), [unitId]);
  const option = useMemo<ChartOption | null>(() => {
    const d = detail.data;
    if (!d) return null;
    const points = d.history.length ? d.history : [{ at: new Date().toISOString(), score: d.score, grade: d.grade }];
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: points.map((p) => formatTime(p.at).slice(0, 10)) },
      yAxis: { type: 'value', scale: true },
      series: [{ type: 'line', name: m('credit.score'), step: 'end', data: points.map((p) => p.score), label: { show: points.length <= 12, fontSize: 10 } }],
    };
  }, [detail.data]);
  // The credit endpoints arrive with the dashboard work; until then the panel stays out of the way.
  if (list.error instanceof ApiError && list.error.missingRoute) return null;
  const data = detail.data
    ? {
        columns: [m('credit.score'), m('credit.grade'), 'at'],
        rows: detail.data.history.map((h) => [h.score, h.grade, formatTime(h.at)]),
      }
    : null;
  return (
    <section aria-label={m('credit.title')}>
      <Typography.Title level={4}>{m('credit.title')}</Typography.Title>
      <LoadError error={list.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small">
            <Table<CreditRow>
              rowKey="unitId"
              size="small"
              loading={list.loading}
              dataSource={list.data?.rows ?? []}
              pagination={false}
              onRow={(r) => ({ onClick: () => setPicked(r.unitId), style: { cursor: 'pointer', background: r.unitId === unitId ? '#e6f4ff' : undefined } })}
              columns={[
                { title: m('col.name'), dataIndex: 'name', key: 'name' },
                { title: m('credit.score'), dataIndex: 'score', key: 'score', align: 'right', sorter: (a, b) => a.score - b.score, defaultSortOrder: 'descend' },
                { title: m('credit.grade'), dataIndex: 'grade', key: 'grade', render: (g: string) => <Tag color={GRADE_COLORS[g]}>{g}</Tag> },
                { title: m('credit.good'), dataIndex: 'good', key: 'good', align: 'right' },
                { title: m('credit.bad'), dataIndex: 'bad', key: 'bad', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <ChartCard title={`${m('credit.chart')}${detail.data ? ` · ${detail.data.name}` : ''}`} option={option} data={data} height={240} />
        </Col>
      </Row>
    </section>
  );
}
