/** The organiser's first screen: their activities (an administrator: all), with enrollment and the next session. */
import { Button, Card, Empty, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useAsync } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';
import { navigate } from '../../../lib/router';
import { useSession } from '../../../lib/session';
import { cogov, type ActivityDto } from './api';
import { KindTag, LoadError, slotText, StatusBadge, useT } from './shared';

export default function ActivitiesPage() {
  const t = useT();
  const { pick } = useI18n();
  const { me } = useSession();
  const list = useAsync(() => cogov.activities(me?.role === 'admin' ? {} : { mine: true }), [me?.role]);
  const now = Date.now();
  const next = (a: ActivityDto) => a.sessions.find((s) => Date.parse(s.endsAt) > now);
  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('activities')}</Typography.Title>}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cogov/activities/new')}>
          {t('newActivity')}
        </Button>
      }
    >
      <LoadError error={list.error} />
      <Table<ActivityDto>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Empty description={t('noActivities')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('title'),
            dataIndex: 'title',
            render: (v: string, a) => (
              <a
                href={`/cogov/activities/${a.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/cogov/activities/${a.id}`);
                }}
              >
                {v}
              </a>
            ),
          },
          { title: t('kind'), dataIndex: 'kind', render: (k: string) => <KindTag kind={k} /> },
          { title: t('place'), dataIndex: 'placeName' },
          { title: t('enrolled'), key: 'enrolled', render: (_, a) => `${a.enrolledCount} / ${a.capacity}` },
          {
            title: t('next'),
            key: 'next',
            render: (_, a) => {
              const s = next(a);
              return s ? `${slotText(s.startsAt, s.endsAt)}${a.sessions.length > 1 ? ` · ${t('seq', { n: s.seq })}` : ''}` : t('ended');
            },
          },
          {
            title: t('points'),
            key: 'points',
            render: (_, a) =>
              `${a.pointsRate} ${pick('分', 'pts')}/${a.pointsMode === 'per_hour' ? pick('小时', 'h') : pick('次', 'visit')} · ${pick('上限', 'cap')} ${a.pointsCap}`,
          },
          { title: t('status'), dataIndex: 'status', render: (s: string) => <StatusBadge status={s} /> },
          {
            title: '',
            key: 'ops',
            render: (_, a) => (
              <Space>
                <Button size="small" onClick={() => navigate(`/cogov/activities/${a.id}`)} aria-label={`${t('manage')} ${a.title}`}>
                  {t('manage')}
                </Button>
                <Button size="small" type="link" onClick={() => navigate(`/cogov/activities/${a.id}/edit`)} aria-label={`${t('edit')} ${a.title}`}>
                  {t('edit')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
