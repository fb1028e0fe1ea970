/**
 * 我的检查任务 (the inspector's first screen, made for a phone): the compounds of recent plans in
 * the inspector's area still to inspect, then those whose failures are being rectified (GET /api/inspections).
 */
import { Alert, Card, Empty, Skeleton, Space, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { api } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { Link } from '../../../lib/router';
import type { SupervisionKey } from './messages';
import { InspectionStatusTag, type PlanDetail, type PlanInspection } from './PlanPage';
import { LoadError, useT } from './shared';

type Task = PlanInspection & { planName: string; planKind: PlanDetail['kind']; period: string };

/** One request: the open inspections of the inspector's area, with compound and plan. */
function loadTasks(): Promise<Task[]> {
  return api.get<Task[]>('/api/inspections?status=pending,rectifying&limit=200');
}

export default function MyInspections() {
  const t = useT();
  const tasks = useAsync(loadTasks, []);
  if (tasks.error) return <LoadError error={tasks.error} />;
  if (!tasks.data) return <Skeleton active />;
  const pending = tasks.data.filter((x) => x.status === 'pending');
  const rectifying = tasks.data.filter((x) => x.status === 'rectifying');
  const card = (x: Task) => (
    <li key={x.id} style={{ marginBottom: 8 }}>
      <Link to={`/supervision/inspections/run/${x.id}`} aria-label={`${x.compoundName} ${x.planName}`} style={{ display: 'block' }}>
        <Card size="small" hoverable>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{x.compoundName}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {x.planName} · {t(`i.kind.${x.planKind}` as SupervisionKey)} · {x.period}
                {x.recordedAt ? ` · ${formatTime(x.recordedAt)}` : ''}
              </Typography.Text>
            </Space>
            <Space>
              <InspectionStatusTag status={x.status} />
              <RightOutlined aria-hidden />
            </Space>
          </Space>
        </Card>
      </Link>
    </li>
  );
  return (
    <div style={{ maxWidth: 640 }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('i.myTitle')}
      </Typography.Title>
      <Alert type="info" title={t('i.pendingCount', { n: pending.length, m: rectifying.length })} style={{ marginBottom: 12 }} />
      {tasks.data.length === 0 ? <Empty description={t('i.noTasks')} /> : null}
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('i.myTitle')}>
        {pending.map(card)}
        {rectifying.map(card)}
      </ul>
    </div>
  );
}
