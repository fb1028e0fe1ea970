/**
 * 每月一题: the month's theme and its 2–3 problems with lead departments, tasks and progress, and
 * the system's candidates (place × category pairs whose orders recur three months running).
 */
import { useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Form, List, Progress, Row, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { Link, navigate, useSearchParam } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import type { Special } from './ProblemDetailPage';
import { ProblemForm } from './ProblemsPage';
import { canWriteLedger, Deadline, LoadError, useT } from './shared';
import { App } from 'antd';

interface Topic {
  month: string;
  themes: string[];
  problems: { id: number; title: string; special: Special | null }[];
}

interface Candidate {
  placeId: number;
  placeName: string;
  categoryId: number;
  categoryName: string | null;
  perMonth: number[];
  total: number;
}

export default function TopicPage() {
  const t = useT();
  const me = useMe();
  const { message } = App.useApp();
  const [month, setMonth] = useSearchParam('month', dayjs().format('YYYY-MM'));
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : dayjs().format('YYYY-MM');
  const topic = useAsync(() => api.get<Topic>(`/api/monthly-topics/${valid}`), [valid]);
  const writer = canWriteLedger(me.role);
  const candidates = useAsync(
    () => (writer ? api.get<Candidate[]>(`/api/monthly-topics/${valid}/candidates`) : Promise.resolve([])),
    [valid, writer],
  );
  const [adopting, setAdopting] = useState<Candidate | null>(null);
  const months = [-2, -1, 0].map((d) => dayjs(`${valid}-01`).add(d, 'month').format('M月'));

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('s.topicTitle')} · {valid}
        </Typography.Title>
        <Form layout="inline">
          <Form.Item label={t('s.pickMonth')} htmlFor="topic-month">
            <DatePicker
              id="topic-month"
              picker="month"
              allowClear={false}
              value={dayjs(`${valid}-01`)}
              onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
            />
          </Form.Item>
        </Form>
      </Space>
      {topic.error ? <LoadError error={topic.error} /> : null}
      {topic.data ? (
        <Card size="small" title={t('s.themes')} style={{ marginBottom: 16 }}>
          {topic.data.themes.length ? (
            <Space wrap>
              {topic.data.themes.map((th) => (
                <Tag key={th} color="red" style={{ fontSize: 14, padding: '2px 10px' }}>
                  {th}
                </Tag>
              ))}
            </Space>
          ) : null}
          {topic.data.problems.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('s.noTopic')} /> : null}
          <Row gutter={[16, 16]} style={{ marginTop: 12 }}>
            {topic.data.problems.map((p) => (
              <Col key={p.id} xs={24} lg={12} xxl={8}>
                <Card size="small" title={<Link to={`/supervision/problems/${p.id}`}>{p.title}</Link>} aria-label={p.title}>
                  {p.special ? (
                    <>
                      <div>
                        {t('s.lead')}：{p.special.leadUnitName}
                      </div>
                      <Progress
                        percent={p.special.progress.percent}
                        format={() => `${p.special!.progress.done}/${p.special!.progress.total}`}
                      />
                      <List
                        size="small"
                        dataSource={p.special.tasks}
                        locale={{ emptyText: t('c.none') }}
                        renderItem={(task) => (
                          <List.Item>
                            <Space orientation="vertical" size={0}>
                              <span>
                                {task.status === 'done' ? <Tag color="green">{t('s.done')}</Tag> : <Tag>{t('s.pending')}</Tag>}
                                {task.title}
                              </span>
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {task.unitName ?? '—'} ·{' '}
                                <Deadline at={task.deadline} overdue={task.status !== 'done' && Date.parse(task.deadline) < Date.now()} />
                              </Typography.Text>
                            </Space>
                          </List.Item>
                        )}
                      />
                    </>
                  ) : null}
                </Card>
              </Col>
            ))}
          </Row>
        </Card>
      ) : null}
      {writer ? (
        <Card size="small" title={t('s.candidates')}>
          <Table<Candidate>
            rowKey={(r) => `${r.placeId}:${r.categoryId}`}
            size="small"
            loading={candidates.loading}
            dataSource={candidates.data ?? []}
            pagination={false}
            aria-label={t('s.candidates')}
            locale={{ emptyText: t('s.noCandidates') }}
            columns={[
              { title: t('c.place'), dataIndex: 'placeName' },
              { title: t('c.category'), dataIndex: 'categoryName', render: (v: string | null) => v ?? '—' },
              { title: `${t('s.perMonth')}（${months.join(' / ')}）`, render: (_, r) => r.perMonth.join(' / ') },
              { title: t('s.totalOrders'), dataIndex: 'total', align: 'right' },
              {
                title: '',
                render: (_, r) => (
                  <Button size="small" onClick={() => setAdopting(r)} aria-label={`${t('s.adopt')} ${r.placeName} ${r.categoryName ?? ''}`}>
                    {t('s.adopt')}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
      {adopting ? (
        <ProblemForm
          open
          initial={{
            title: `${adopting.placeName}${adopting.categoryName ?? ''}问题反复`,
            compound: { value: adopting.placeId, label: adopting.placeName },
            categoryId: adopting.categoryId,
          }}
          onClose={() => setAdopting(null)}
          onCreated={(id) => {
            void message.info(t('s.adopted'));
            navigate(`/supervision/problems/${id}`);
          }}
        />
      ) : null}
    </>
  );
}
