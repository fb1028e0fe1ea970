/**
 * 物业信用: each property company's credit score (base + good records − bad records → AAA … C),
 * and for the one picked, its score over time and the records behind it.
 */
import { useMemo, useState } from 'react';
import { Card, Col, Row, Table, Tag, Typography } from 'antd';
import type { Static } from 'typebox';
import type { CreditDetailResponse, CreditListResponse, CreditRulesT } from '../../../../../common/dashboard';
import { api } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import type { ChartOption } from '../../components/StatusChart';
import { ChartCard, LoadError, useM } from './shared';

type CreditList = Static<typeof CreditListResponse>;
type CreditDetail = Static<typeof CreditDetailResponse>;
type CreditRow = CreditList['rows'][number];

const GRADE_COLORS: Record<string, string> = { AAA: 'green', AA: 'cyan', A: 'blue', B: 'orange', C: 'red' };

export const getCredit = () => api.get<CreditList>('/api/evaluation/credit');
export const getCreditOf = (unitId: number) => api.get<CreditDetail>(`/api/evaluation/credit/${unitId}`);
export const getCreditRules = () => api.get<CreditRulesT>('/api/evaluation/credit-rules');

/** `refreshKey` reloads the scores (after a publication added records). */
export function CreditPanel({ refreshKey = 0 }: { refreshKey?: number }) {
  const m = useM();
  const { pick } = useI18n();
  const list = useAsync(getCredit, [refreshKey]);
  const rules = useAsync(getCreditRules, []);
  const ruleName = (code: string) => {
    const r = rules.data?.rules.find((x) => x.code === code);
    return r ? pick(r.name_zh, r.name_en) : code;
  };
  const [picked, setPicked] = useState<number | null>(null);
  const unitId = picked ?? list.data?.rows[0]?.unitId ?? null;
  const detail = useAsync(() => (unitId === null ? Promise.resolve(null) : getCreditOf(unitId)), [unitId, refreshKey]);
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
  const data = detail.data
    ? {
        columns: [m('credit.at'), m('credit.score'), m('credit.grade')],
        rows: detail.data.history.map((h) => [formatTime(h.at), h.score, h.grade]),
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
        <Col xs={24}>
          <Card size="small" title={`${m('credit.records')}${detail.data ? ` · ${detail.data.name}` : ''}`}>
            <Table<CreditDetail['records'][number]>
              rowKey="id"
              size="small"
              loading={detail.loading}
              dataSource={detail.data?.records ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: m('common.noData') }}
              columns={[
                { title: m('credit.at'), key: 'at', width: 170, render: (_, r) => formatTime(r.at) },
                { title: m('credit.kind'), key: 'kind', width: 90, render: (_, r) => <Tag color={r.kind === 'good' ? 'green' : 'red'}>{m(r.kind === 'good' ? 'credit.good' : 'credit.bad')}</Tag> },
                { title: m('credit.rule'), key: 'rule', width: 160, render: (_, r) => ruleName(r.rule) },
                { title: m('credit.points'), key: 'points', align: 'right', width: 80, render: (_, r) => `${r.kind === 'good' ? '+' : '−'}${r.points}` },
                { title: m('credit.reason'), dataIndex: 'reason', key: 'reason' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </section>
  );
}
