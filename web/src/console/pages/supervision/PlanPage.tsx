/** 检查计划详情: how the compounds were drawn (kind, seed, period) and each inspection's status and score. */
import { Card, Descriptions, Skeleton, Table, Tag, Typography } from 'antd';
import { api } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { Link } from '../../../lib/router';
import type { SupervisionKey } from './messages';
import { LoadError, useT } from './shared';

export interface PlanInspection {
  id: number;
  compoundId: number;
  compoundName: string;
  status: 'pending' | 'rectifying' | 'passed';
  score: number | null;
  recordedAt: string | null;
}

export interface PlanDetail {
  id: number;
  name: string;
  kind: 'sample' | 'look_back';
  period: string;
  templateId: number;
  seed: string | null;
  sampleSize: number | null;
  createdAt: string;
  inspections: PlanInspection[];
}

export const INSPECTION_COLORS: Record<string, string> = { pending: 'default', rectifying: 'orange', passed: 'green' };

export function InspectionStatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag color={INSPECTION_COLORS[status] ?? 'default'}>{t(`i.st.${status}` as SupervisionKey)}</Tag>;
}

export default function PlanPage({ id }: { id: number }) {
  const t = useT();
  const plan = useAsync(() => api.get<PlanDetail>(`/api/inspection-plans/${id}`), [id]);
  if (plan.error) return <LoadError error={plan.error} back="/supervision/inspections" />;
  if (!plan.data) return <Skeleton active />;
  const p = plan.data;
  return (
    <>
      <Typography.Text type="secondary">
        <Link to="/supervision/inspections">{t('i.title')}</Link> · #{p.id}
      </Typography.Text>
      <Typography.Title level={3} style={{ marginTop: 4 }}>
        {p.name}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { label: t('i.kind'), children: t(`i.kind.${p.kind}` as SupervisionKey) },
            { label: t('i.period'), children: p.period },
            {
              label: t('i.seed'),
              children: p.seed ? (
                <Typography.Text code copyable>
                  {p.seed}
                </Typography.Text>
              ) : (
                '—'
              ),
            },
            { label: t('i.sampleSize'), children: p.sampleSize ?? p.inspections.length },
            { label: t('c.createdAt'), children: formatTime(p.createdAt) },
          ]}
        />
      </Card>
      <Table<PlanInspection>
        rowKey="id"
        dataSource={p.inspections}
        pagination={false}
        aria-label={t('i.inspections')}
        columns={[
          { title: t('c.compound'), dataIndex: 'compoundName' },
          { title: t('i.status'), width: 110, render: (_, r) => <InspectionStatusTag status={r.status} /> },
          { title: t('i.score'), dataIndex: 'score', width: 90, align: 'right', render: (v: number | null) => v ?? '—' },
          { title: t('i.recordedAt'), dataIndex: 'recordedAt', width: 160, render: (v: string | null) => formatTime(v) },
          {
            title: '',
            width: 120,
            render: (_, r) => (
              <Link
                to={`/supervision/inspections/run/${r.id}`}
                aria-label={`${r.status === 'pending' ? t('i.inspect') : t('c.open')} ${r.compoundName}`}
              >
                {r.status === 'pending' ? t('i.inspect') : t('c.open')}
              </Link>
            ),
          },
        ]}
      />
    </>
  );
}
