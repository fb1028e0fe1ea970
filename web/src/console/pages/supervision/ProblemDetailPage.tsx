/**
 * 问题详情: the orders grouped under a problem (link, unlink, and the system's candidates from
 * the same compound, category and text), its ledger entries, and its special supervision
 * (专项督办: lead department, tasks with deadlines, progress).
 */
import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Popconfirm,
  Progress,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { LinkOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api } from '../../../lib/api';
import { getCategories, getPlace, useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { applyFormError } from '../../../lib/form-errors';
import { useI18n } from '../../../lib/i18n';
import { nameOf, SATISFACTION_NAMES } from '../../../lib/labels';
import { Link, navigate } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { StatusTag } from '../../components/StatusTag';
import { EntryForm } from './EntryForm';
import {
  canWriteLedger,
  canWriteProblems,
  Deadline,
  errorText,
  LedgerStatusTag,
  LoadError,
  UnitSelect,
  useT,
  type LedgerEntry,
} from './shared';

export interface Special {
  leadUnitId: number;
  leadUnitName: string;
  month: string | null;
  theme: string | null;
  markedAt: string;
  progress: { done: number; total: number; percent: number };
  tasks: {
    id: number;
    title: string;
    unitId: number | null;
    unitName: string | null;
    deadline: string;
    status: string;
    doneAt: string | null;
  }[];
}

interface ProblemDetail {
  id: number;
  title: string;
  description: string;
  placeId: number;
  categoryId: number | null;
  createdAt: string;
  orders: { id: number; number: string; title: string; status: string; satisfaction: string | null; receivedAt: string }[];
  entries: LedgerEntry[];
  special: Special | null;
}

interface Candidate {
  id: number;
  number: string;
  title: string;
  status: string;
  sameCategory: boolean;
  score: number;
  receivedAt: string;
}

function Candidates({ problem, onLinked }: { problem: ProblemDetail; onLinked: (p: ProblemDetail) => void }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const list = useAsync(() => api.get<Candidate[]>(`/api/problems/${problem.id}/candidates?limit=20`), [problem.id, problem.orders.length]);
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const link = async () => {
    setBusy(true);
    try {
      const r = await api.post<{ added: number; problem: ProblemDetail }>(`/api/problems/${problem.id}/orders`, { orderIds: selected });
      void message.success(t('p.linked', { n: r.added }));
      setSelected([]);
      onLinked(r.problem);
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('p.candidates')}
      style={{ marginBottom: 16 }}
      extra={
        <Button type="primary" icon={<LinkOutlined />} disabled={!selected.length} loading={busy} onClick={() => void link()}>
          {t('p.link')}
        </Button>
      }
    >
      <Table<Candidate>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        aria-label={t('p.candidates')}
        locale={{ emptyText: t('p.noCandidates') }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys as number[]),
          getCheckboxProps: (r) => ({ 'aria-label': r.number }),
        }}
        columns={[
          { title: t('p.orderNo'), render: (_, r) => <Link to={`/orders/${r.id}`}>{r.number}</Link>, width: 150 },
          { title: t('p.orderTitle'), dataIndex: 'title' },
          { title: t('p.orderStatus'), width: 100, render: (_, r) => <StatusTag status={r.status} /> },
          {
            title: t('p.score'),
            width: 150,
            render: (_, r) => (
              <Space size={4}>
                {r.score.toFixed(2)}
                {r.sameCategory ? <Tag color="blue">{t('p.sameCategory')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('p.receivedAt'), width: 150, render: (_, r) => formatTime(r.receivedAt) },
        ]}
      />
    </Card>
  );
}

function SpecialCard({ problem, onChange }: { problem: ProblemDetail; onChange: (p: ProblemDetail) => void }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const [markForm] = Form.useForm();
  const [taskForm] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const writer = canWriteLedger(me.role);
  const sp = problem.special;

  const run = async (form: ReturnType<typeof Form.useForm>[0], fn: () => Promise<ProblemDetail>, ok: string) => {
    setBusy(true);
    try {
      onChange(await fn());
      form.resetFields();
      void message.success(ok);
    } catch (e) {
      const rest = applyFormError(form, e, lang);
      if (rest) void message.error(rest);
    } finally {
      setBusy(false);
    }
  };

  if (!sp) {
    return (
      <Card size="small" title={t('s.special')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('s.notSpecial')}</Typography.Paragraph>
        {writer ? (
          <Form
            form={markForm}
            layout="vertical"
            onFinish={(v: { leadUnitId: number; month?: string; theme?: string }) =>
              void run(
                markForm,
                () =>
                  api.post<ProblemDetail>(`/api/problems/${problem.id}/special`, {
                    leadUnitId: v.leadUnitId,
                    ...(v.month ? { month: v.month } : {}),
                    ...(v.theme ? { theme: v.theme } : {}),
                  }),
                t('s.marked'),
              )
            }
          >
            <Form.Item name="leadUnitId" label={t('s.lead')} rules={[{ required: true, message: t('c.required', { f: t('s.lead') }) }]}>
              <UnitSelect />
            </Form.Item>
            <Form.Item name="month" label={t('s.month')} rules={[{ pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: 'YYYY-MM' }]}>
              <Input placeholder="2026-11" />
            </Form.Item>
            <Form.Item name="theme" label={t('s.theme')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('s.mark')}
            </Button>
          </Form>
        ) : null}
      </Card>
    );
  }

  const done = async (taskId: number) => {
    try {
      onChange(await api.post<ProblemDetail>(`/api/problems/${problem.id}/tasks/${taskId}/done`));
      void message.success(t('s.taskDone'));
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };

  return (
    <Card
      size="small"
      title={
        <Space>
          {t('s.special')}
          <Tag color="red">{sp.leadUnitName}</Tag>
        </Space>
      }
      style={{ marginBottom: 16 }}
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { label: t('s.lead'), children: sp.leadUnitName },
          { label: t('s.topicTitle'), children: sp.month ? <Link to={`/supervision/topics?month=${sp.month}`}>{sp.month}</Link> : '—' },
          { label: t('s.theme'), children: sp.theme ?? '—' },
          {
            label: t('s.progress'),
            children: <Progress percent={sp.progress.percent} format={() => `${sp.progress.done}/${sp.progress.total}`} />,
          },
        ]}
      />
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={sp.tasks}
        aria-label={t('s.tasks')}
        locale={{ emptyText: t('c.none') }}
        columns={[
          { title: t('s.task'), dataIndex: 'title' },
          { title: t('c.unit'), dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
          {
            title: t('s.taskDeadline'),
            render: (_, r) => <Deadline at={r.deadline} overdue={r.status !== 'done' && Date.parse(r.deadline) < Date.now()} />,
          },
          {
            title: t('l.status'),
            render: (_, r) =>
              r.status === 'done' ? (
                <Tag color="green">{t('s.done')}</Tag>
              ) : (
                <Button size="small" onClick={() => void done(r.id)} aria-label={`${t('s.markDone')} ${r.title}`}>
                  {t('s.markDone')}
                </Button>
              ),
          },
        ]}
      />
      {writer ? (
        <Form
          form={taskForm}
          layout="vertical"
          style={{ marginTop: 12 }}
          onFinish={(v: { title: string; unitId?: number; deadline: Dayjs }) =>
            void run(
              taskForm,
              () =>
                api.post<ProblemDetail>(`/api/problems/${problem.id}/tasks`, {
                  title: v.title,
                  unitId: v.unitId ?? null,
                  deadline: v.deadline.toISOString(),
                }),
              t('s.taskAdded'),
            )
          }
        >
          <Row gutter={8}>
            <Col xs={24} md={10}>
              <Form.Item
                name="title"
                label={t('s.task')}
                rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('s.task') }) }, { max: 200 }]}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={7}>
              <Form.Item name="unitId" label={t('s.taskUnit')}>
                <UnitSelect allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} md={7}>
              <Form.Item
                name="deadline"
                label={t('s.taskDeadline')}
                rules={[{ required: true, message: t('c.required', { f: t('s.taskDeadline') }) }]}
              >
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Button htmlType="submit" icon={<PlusOutlined />} loading={busy}>
            {t('s.addTask')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

export default function ProblemDetailPage({ id }: { id: number }) {
  const t = useT();
  const { lang, pick } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const loaded = useAsync(() => api.get<ProblemDetail>(`/api/problems/${id}`), [id]);
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const [newEntry, setNewEntry] = useState(false);
  useEffect(() => {
    if (loaded.data) setProblem(loaded.data);
  }, [loaded.data]);
  const place = useAsync(() => (problem ? getPlace(problem.placeId) : Promise.resolve(null)), [problem?.placeId]);
  const categories = useAsync(getCategories, []);

  if (loaded.error && !problem) return <LoadError error={loaded.error} back="/supervision/problems" />;
  if (!problem) return <Skeleton active />;

  const category = categories.data?.find((c) => c.id === problem.categoryId);
  const compound = place.data
    ? [...place.data.ancestors, { id: place.data.place.id, name: place.data.place.name, level: place.data.place.level }].find(
        (a) => a.level === 'compound',
      )
    : undefined;
  const writer = canWriteProblems(me.role);

  const unlink = async (orderId: number) => {
    try {
      await api.del(`/api/problems/${problem.id}/orders/${orderId}`);
      void message.success(t('p.unlinked'));
      setProblem(await api.get<ProblemDetail>(`/api/problems/${problem.id}`));
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };

  return (
    <>
      <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 16 }}>
        <Typography.Text type="secondary">
          <Link to="/supervision/problems">{t('p.title')}</Link> · #{problem.id}
        </Typography.Text>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {problem.title}
        </Typography.Title>
        {problem.special ? <Tag color="red">{t('s.special')}</Tag> : null}
      </Space>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                {
                  label: t('c.place'),
                  children: place.data ? place.data.ancestors.map((a) => a.name).join(' / ') || place.data.place.name : '…',
                },
                { label: t('c.category'), children: category ? pick(category.name, category.nameEn) : '—' },
                { label: t('c.createdAt'), children: formatTime(problem.createdAt) },
                { label: t('p.orderCount'), children: problem.orders.length },
                {
                  label: t('p.description'),
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{problem.description || '—'}</span>,
                  span: 2,
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('p.orders')} style={{ marginBottom: 16 }}>
            {problem.orders.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('p.noOrders')} />
            ) : (
              <Table
                rowKey="id"
                size="small"
                pagination={problem.orders.length > 20 ? { pageSize: 20 } : false}
                dataSource={problem.orders}
                aria-label={t('p.orders')}
                columns={[
                  { title: t('p.orderNo'), width: 150, render: (_, r) => <Link to={`/orders/${r.id}`}>{r.number}</Link> },
                  { title: t('p.orderTitle'), dataIndex: 'title' },
                  { title: t('p.orderStatus'), width: 100, render: (_, r) => <StatusTag status={r.status} /> },
                  {
                    title: t('p.satisfaction'),
                    width: 90,
                    render: (_, r) => (r.satisfaction ? nameOf(SATISFACTION_NAMES, r.satisfaction, lang) : '—'),
                  },
                  { title: t('p.receivedAt'), width: 150, render: (_, r) => formatTime(r.receivedAt) },
                  ...(writer
                    ? [
                        {
                          title: '',
                          width: 100,
                          render: (_: unknown, r: { id: number; number: string }) => (
                            <Popconfirm
                              title={t('p.unlinkConfirm', { n: r.number })}
                              onConfirm={() => void unlink(r.id)}
                              okText={t('p.unlink')}
                              cancelText={t('c.cancel')}
                            >
                              <Button size="small" type="link" danger aria-label={`${t('p.unlink')} ${r.number}`}>
                                {t('p.unlink')}
                              </Button>
                            </Popconfirm>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            )}
          </Card>
          {writer ? <Candidates problem={problem} onLinked={setProblem} /> : null}
        </Col>
        <Col xs={24} xl={9}>
          <Card
            size="small"
            title={t('p.entries')}
            style={{ marginBottom: 16 }}
            extra={
              canWriteLedger(me.role) ? (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setNewEntry(true)}>
                  {t('p.addEntry')}
                </Button>
              ) : null
            }
          >
            {problem.entries.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('c.none')} /> : null}
            <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('p.entries')}>
              {problem.entries.map((e) => (
                <li key={e.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
                  <Space wrap size={4}>
                    <LedgerStatusTag status={e.status} />
                    <Link to={`/supervision/ledger/${e.id}`}>{e.title}</Link>
                  </Space>
                  <div>
                    <Typography.Text type="secondary">{e.unitName ?? '—'}</Typography.Text> ·{' '}
                    <Deadline at={e.deadline} overdue={e.overdue} />
                  </div>
                </li>
              ))}
            </ul>
          </Card>
          <SpecialCard problem={problem} onChange={setProblem} />
        </Col>
      </Row>
      <EntryForm
        open={newEntry}
        problemId={problem.id}
        initial={{
          title: problem.title,
          compound: compound ? { value: compound.id, label: compound.name } : null,
          categoryId: problem.categoryId,
        }}
        onClose={() => setNewEntry(false)}
        onCreated={(e) => navigate(`/supervision/ledger/${e.id}`)}
      />
    </>
  );
}
