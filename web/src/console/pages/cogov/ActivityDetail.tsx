/**
 * One activity for its organiser: sessions (each opens its check-in screen), attendance per person
 * and per day with completion for a class, the review of points (approve or reject; what is in
 * its public notice and what settled; reversal) and the counted outputs.
 */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { navigate } from '../../../lib/router';
import { useSession } from '../../../lib/session';
import { cogov, type ActivityDto, type AttendanceListDto, type AttendanceRecordDto, type CreditDto } from './api';
import { errorText, KindTag, LoadError, slotText, StatusBadge, useT } from './shared';

const TABS = ['sessions', 'attendance', 'review', 'outputs'] as const;
type Tab = (typeof TABS)[number];

function SessionsTab({ a, att }: { a: ActivityDto; att: AttendanceListDto | undefined }) {
  const t = useT();
  const now = Date.now();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={a.sessions}
      columns={[
        { title: '#', dataIndex: 'seq', width: 60 },
        { title: t('time'), key: 'time', render: (_, s) => slotText(s.startsAt, s.endsAt) },
        { title: t('attended'), key: 'n', render: (_, s) => att?.sessions.find((x) => x.id === s.id)?.attended ?? 0 },
        {
          title: '',
          key: 'ops',
          render: (_, s) =>
            Date.parse(s.endsAt) + 3600_000 > now ? (
              <Button type="primary" size="small" onClick={() => navigate(`/cogov/activities/${a.id}/sessions/${s.id}`)} aria-label={`${t('showCode')} ${t('seq', { n: s.seq })}`}>
                {t('showCode')}
              </Button>
            ) : (
              <Button size="small" onClick={() => navigate(`/cogov/activities/${a.id}/sessions/${s.id}`)}>
                {t('byHand')}
              </Button>
            ),
        },
      ]}
    />
  );
}

function AttendanceTab({ a, att }: { a: ActivityDto; att: AttendanceListDto | undefined }) {
  const t = useT();
  if (!att) return null;
  if (!att.people.length) return <Empty description={t('noPeople')} />;
  const many = att.sessions.length > 1;
  return (
    <>
      {a.kind === 'class' && a.completionPercent !== null ? (
        <Typography.Paragraph>
          <Tag color="success">{t('completedCount', { n: att.completedCount, p: a.completionPercent })}</Tag>
        </Typography.Paragraph>
      ) : null}
      <Table
        rowKey="userId"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={att.people}
        columns={[
          {
            title: t('person'),
            dataIndex: 'name',
            fixed: 'left',
            render: (v: string, p) => (
              <>
                {v}
                {p.enrollment === 'cancelled' ? <Tag style={{ marginLeft: 6 }}>{t('cancelledEnrollment')}</Tag> : null}
              </>
            ),
          },
          ...(many
            ? att.sessions.map((s) => ({
                title: <span title={slotText(s.startsAt, s.endsAt)}>{formatTime(s.startsAt).slice(5, 10)}</span>,
                key: `s${s.id}`,
                align: 'center' as const,
                render: (_: unknown, p: AttendanceListDto['people'][number]) => (p.records.some((r) => r.sessionId === s.id) ? '✓' : '·'),
              }))
            : [
                {
                  title: t('status'),
                  key: 'st',
                  render: (_: unknown, p: AttendanceListDto['people'][number]) => {
                    const r = p.records[0];
                    return r ? (r.checkedOutAt ? t('checkedOut') : t('checkedIn')) : t('notYet');
                  },
                },
              ]),
          { title: t('daysAttended'), dataIndex: 'daysAttended', align: 'right' as const },
          ...(a.kind === 'class'
            ? [{ title: t('completed'), key: 'done', render: (_: unknown, p: AttendanceListDto['people'][number]) => (p.completed ? <Tag color="success">{t('completed')}</Tag> : t('notCompleted')) }]
            : []),
        ]}
      />
    </>
  );
}

function ReviewTab({ a, att, reload }: { a: ActivityDto; att: AttendanceListDto | undefined; reload: () => void }) {
  const t = useT();
  const { lang } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const credits = useAsync(() => cogov.credits(a.id), [a.id]);
  const [reason, setReason] = useState('');
  const pending: (AttendanceRecordDto & { name: string; seq: number })[] = [];
  for (const p of att?.people ?? [])
    for (const r of p.records)
      if (r.review === 'pending') pending.push({ ...r, name: p.name, seq: att!.sessions.find((s) => s.id === r.sessionId)?.seq ?? 0 });
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      reload();
      credits.reload();
    } catch (err) {
      message.error(errorText(err, lang));
    }
  };
  return (
    <>
      <Typography.Title level={5}>{t('pendingReview')}</Typography.Title>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={pending}
        locale={{ emptyText: t('noPending') }}
        columns={[
          { title: t('person'), dataIndex: 'name' },
          { title: '#', dataIndex: 'seq', render: (n: number) => t('seq', { n }) },
          { title: t('time'), dataIndex: 'checkedInAt', render: (v: string) => formatTime(v) },
          { title: t('points'), dataIndex: 'points' },
          {
            title: '',
            key: 'ops',
            render: (_, r) => (
              <Space>
                <Button size="small" type="primary" aria-label={`${t('approve')} ${r.name}`} onClick={() => void act(() => cogov.review(r.id, 'approve'), t('approved'))}>
                  {t('approve')}
                </Button>
                <Button size="small" danger aria-label={`${t('reject')} ${r.name}`} onClick={() => void act(() => cogov.review(r.id, 'reject'), t('rejected'))}>
                  {t('reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 24, marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('credits')}
        </Typography.Title>
        {me?.role === 'admin' ? (
          <Button
            size="small"
            onClick={() =>
              void cogov
                .sweep()
                .then((r) => {
                  message.success(t('settledN', { s: r.settled, e: r.expired }));
                  credits.reload();
                })
                .catch((err: unknown) => message.error(errorText(err, lang)))
            }
          >
            {t('settleNow')}
          </Button>
        ) : null}
      </Space>
      <LoadError error={credits.error} />
      <Table<CreditDto>
        rowKey="id"
        size="small"
        loading={credits.loading}
        dataSource={credits.data ?? []}
        locale={{ emptyText: t('noCredits') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('person'), dataIndex: 'userName' },
          { title: t('points'), dataIndex: 'delta', render: (d: number, e) => (e.kind === 'reversal' ? <Tag color="red">{t('reversal')} {d}</Tag> : `+${d}`) },
          { title: t('time'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
          {
            title: t('status'),
            key: 'st',
            render: (_, e) => (e.settled ? <Tag color="success">{t('settled')}</Tag> : <Tag color="gold">{t('inNotice', { t: formatTime(e.settlesAt) })}</Tag>),
          },
          {
            title: '',
            key: 'ops',
            render: (_, e) =>
              e.kind !== 'credit' ? null : e.reversed ? (
                <Tag>{t('reversed')}</Tag>
              ) : (
                <Popconfirm
                  title={<Input placeholder={t('reverseReason')} aria-label={t('reverseReason')} value={reason} onChange={(ev) => setReason(ev.target.value)} />}
                  onConfirm={() => void act(() => cogov.reverse(e.id, reason.trim()), t('reversed'))}
                >
                  <Button size="small" aria-label={`${t('reverse')} ${e.userName} ${e.delta}`}>
                    {t('reverse')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </>
  );
}

const METRICS = [
  ['rides', 'metric.rides'],
  ['leaflets', 'metric.leaflets'],
  ['tickets', 'metric.tickets'],
  ['trainees', 'metric.trainees'],
] as const;

function OutputsTab({ a }: { a: ActivityDto }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const report = useAsync(() => cogov.outputs(), [a.id]);
  const [form] = Form.useForm<{ metric: string; label: string; quantity: number }>();
  const mine = report.data?.activities.find((x) => x.activityId === a.id);
  const onFinish = async (v: { metric: string; label: string; quantity: number }) => {
    try {
      const preset = METRICS.find(([m]) => m === v.metric);
      const label = v.label?.trim() || (preset ? t(preset[1]) : '');
      const metric = v.metric === 'other' ? `other_${Array.from(label).reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000, 7)}` : v.metric;
      await cogov.recordOutput(a.id, { metric, label, quantity: v.quantity });
      message.success(t('recorded'));
      form.resetFields();
      report.reload();
    } catch (err) {
      message.error(errorText(err, lang));
    }
  };
  return (
    <>
      <Form form={form} layout="inline" onFinish={(v) => void onFinish(v)} initialValues={{ metric: 'rides' }} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="metric" label={t('metricKind')} rules={[{ required: true }]}>
          <Select style={{ width: 160 }} options={[...METRICS.map(([m, k]) => ({ value: m, label: t(k) })), { value: 'other', label: t('metric.other') }]} />
        </Form.Item>
        <Form.Item name="label" label={t('metricLabel')} rules={[{ max: 40 }]}>
          <Input style={{ width: 180 }} maxLength={40} />
        </Form.Item>
        <Form.Item name="quantity" label={t('quantity')} rules={[{ required: true }]}>
          <InputNumber min={1} max={10_000_000} precision={0} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('record')}
        </Button>
      </Form>
      <LoadError error={report.error} />
      <Table
        rowKey="metric"
        size="small"
        pagination={false}
        loading={report.loading}
        locale={{ emptyText: t('noOutputs') }}
        dataSource={[
          ...(mine?.outputs ?? []),
          ...(mine?.traineesCompleted !== null && mine?.traineesCompleted !== undefined ? [{ metric: 'trainees_completed', label: t('traineesCompleted'), quantity: mine.traineesCompleted }] : []),
        ]}
        columns={[
          { title: t('metric'), dataIndex: 'label' },
          { title: t('quantity'), dataIndex: 'quantity', align: 'right' },
        ]}
      />
    </>
  );
}

export default function ActivityDetail({ id, tab }: { id: number; tab?: string }) {
  const t = useT();
  const { pick } = useI18n();
  const activity = useAsync(() => cogov.activity(id), [id]);
  const att = useAsync(() => cogov.attendance(id), [id]);
  const current: Tab = (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'sessions';
  const a = activity.data;
  if (!a) return <Card loading={activity.loading}><LoadError error={activity.error} /></Card>;
  return (
    <Card
      title={
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {a.title}
          </Typography.Title>
          <KindTag kind={a.kind} />
          <StatusBadge status={a.status} />
        </Space>
      }
      extra={
        <Space>
          <Button onClick={() => navigate(`/cogov/activities/${a.id}/edit`)}>{t('edit')}</Button>
          <Button onClick={() => navigate('/cogov/activities')}>{t('back')}</Button>
        </Space>
      }
    >
      <LoadError error={att.error} />
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('place')}>{a.placeName}</Descriptions.Item>
        <Descriptions.Item label={t('enrolled')}>{`${a.enrolledCount} / ${a.capacity}`}</Descriptions.Item>
        <Descriptions.Item label={t('points')}>
          {`${a.pointsRate} ${pick('分', 'pts')}/${a.pointsMode === 'per_hour' ? pick('小时', 'h') : pick('次', 'visit')} · ${pick('上限', 'cap')} ${a.pointsCap}`}
          {a.reviewRequired ? ` · ${t('reviewRequired')}` : ''}
          {` · ${t('noticeDays')} ${a.noticeDays}`}
        </Descriptions.Item>
        {a.description ? <Descriptions.Item label={t('description')} span={3}>{a.description}</Descriptions.Item> : null}
      </Descriptions>
      <Tabs
        activeKey={current}
        onChange={(k) => navigate(`/cogov/activities/${a.id}/${k}`, { replace: true })}
        items={[
          { key: 'sessions', label: t('tabSessions'), children: <SessionsTab a={a} att={att.data} /> },
          { key: 'attendance', label: t('tabAttendance'), children: <AttendanceTab a={a} att={att.data} /> },
          { key: 'review', label: t('tabReview'), children: <ReviewTab a={a} att={att.data} reload={att.reload} /> },
          { key: 'outputs', label: t('tabOutputs'), children: <OutputsTab a={a} /> },
        ]}
      />
    </Card>
  );
}
