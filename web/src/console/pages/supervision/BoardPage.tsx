/**
 * 公示栏 of one compound, as staff keep it: each 五亮 item with its content, last update and stale
 * flag (edit in place), 亮结果 computed from the compound's orders, facility maintenance dates, and
 * the notices in force, with publishing and withdrawal.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Popconfirm, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { Link } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { getBoard, pct, type Board, type BoardItem, type Notice } from '../../../mobile/supervision/board';
import { DateTimePicker, useFormSubmit } from './fields';
import { canWriteLedger, errorText, LoadError, useT } from './shared';

function ItemCard({ board, item, onSaved }: { board: Board; item: BoardItem; onSaved: (b: Board) => void }) {
  const t = useT();
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ content: string }>();
  const name = pick(item.name, item.nameEn);
  const { busy, submit } = useFormSubmit<{ content: string }>(form, async (v) => {
    onSaved(await api.put<Board>(`/api/compounds/${board.compound.id}/board/${item.item}`, { content: v.content }));
    void message.success(t('c.saved'));
    setEditing(false);
  });
  return (
    <Card
      size="small"
      title={name}
      style={{ marginBottom: 12 }}
      extra={
        <Space>
          {item.stale ? (
            <Tag color="orange">{item.content === null ? t('b.notPublished') : t('b.stale')}</Tag>
          ) : (
            <Tag color="green">{t('b.fresh')}</Tag>
          )}
          {!editing ? (
            <Button size="small" onClick={() => setEditing(true)} aria-label={`${t('b.edit')} ${name}`}>
              {t('b.edit')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {editing ? (
        <Form form={form} layout="vertical" initialValues={{ content: item.content ?? '' }} onFinish={submit}>
          <Form.Item
            name="content"
            label={`${name}${t('b.content')}`}
            rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('b.content') }) }, { max: 4000 }]}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('c.save')}
            </Button>
            <Button onClick={() => setEditing(false)}>{t('c.cancel')}</Button>
          </Space>
        </Form>
      ) : (
        <>
          <div style={{ whiteSpace: 'pre-wrap' }}>
            {item.content ?? <Typography.Text type="secondary">{t('b.notPublished')}</Typography.Text>}
          </div>
          {item.updatedAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('b.updatedAt')} {formatTime(item.updatedAt)}
              {item.updatedByName ? ` · ${item.updatedByName}` : ''}
            </Typography.Text>
          ) : null}
        </>
      )}
    </Card>
  );
}

function NoticeForm({ compoundId, onDone }: { compoundId: number; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; body: string; expiresAt?: Dayjs | null }>();
  const { busy, submit } = useFormSubmit<{ title: string; body: string; expiresAt?: Dayjs | null }>(form, async (v) => {
    await api.post<Notice>('/api/notices', {
      placeId: compoundId,
      title: v.title,
      body: v.body,
      ...(v.expiresAt ? { expiresAt: v.expiresAt.toISOString() } : {}),
    });
    void message.success(t('b.published'));
    form.resetFields();
    onDone();
  });
  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 12 }} aria-label={t('b.newNotice')}>
      <Form.Item
        name="title"
        label={t('b.noticeTitle')}
        rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('b.noticeTitle') }) }, { max: 200 }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="body"
        label={t('b.noticeBody')}
        rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('b.noticeBody') }) }, { max: 8000 }]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="expiresAt" label={t('b.expiresAt')}>
        <DateTimePicker />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('b.newNotice')}
      </Button>
    </Form>
  );
}

export default function BoardPage({ id }: { id: number }) {
  const t = useT();
  const { lang, pick } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const loaded = useAsync(() => getBoard(id), [id]);
  const [board, setBoard] = useState<Board | null>(null);
  useEffect(() => {
    if (loaded.data) setBoard(loaded.data);
  }, [loaded.data]);
  if (loaded.error && !board) return <LoadError error={loaded.error} back="/supervision/boards" />;
  if (!board) return <Skeleton active />;
  const r = board.results;
  const withdraw = async (n: Notice) => {
    try {
      await api.post(`/api/notices/${n.id}/withdraw`);
      setBoard(await getBoard(id));
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };
  return (
    <>
      <Typography.Text type="secondary">
        <Link to="/supervision/boards">{t('b.title')}</Link>
      </Typography.Text>
      <Typography.Title level={3} style={{ marginTop: 4 }}>
        {board.compound.name} {board.staleCount ? <Tag color="orange">{t('b.staleCount', { n: board.staleCount })}</Tag> : null}
      </Typography.Title>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          {board.items.map((i) => (
            <ItemCard key={i.item} board={board} item={i} onSaved={setBoard} />
          ))}
          <Card size="small" title={pick(r.name, r.nameEn)} style={{ marginBottom: 12 }} extra={<Tag color="blue">{t('b.computed')}</Tag>}>
            <Descriptions
              size="small"
              column={{ xs: 2, md: 3 }}
              items={[
                { label: t('b.period'), children: `${formatTime(r.from).slice(0, 10)} ~ ${formatTime(r.to).slice(0, 10)}` },
                { label: t('b.received'), children: r.received },
                { label: t('b.closed'), children: r.closed },
                { label: t('b.onTime'), children: pct(r.onTimePercent) },
                { label: t('b.satisfaction'), children: pct(r.satisfactionPercent) },
                { label: t('b.rated'), children: r.rated },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('b.facilities')} style={{ marginBottom: 12 }}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={board.facilities}
              locale={{ emptyText: t('c.none') }}
              columns={[
                { title: t('b.facility'), render: (_, f) => `${f.name}（${pick(f.kindName, f.kindNameEn)}）` },
                { title: t('b.lastMaintenance'), render: (_, f) => formatTime(f.lastMaintenanceAt) },
                {
                  title: t('b.nextMaintenance'),
                  render: (_, f) => (
                    <span style={f.overdue ? { color: '#cf1322' } : undefined}>{formatTime(f.nextMaintenanceDue ?? f.nextCheckDue)}</span>
                  ),
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('b.notices')}>
            {board.notices.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('c.none')} /> : null}
            <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('b.notices')}>
              {board.notices.map((n) => (
                <li key={n.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                  <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                    <Typography.Text strong>{n.title}</Typography.Text>
                    {canWriteLedger(me.role) && n.placeId === board.compound.id ? (
                      <Popconfirm
                        title={t('b.withdrawConfirm')}
                        onConfirm={() => void withdraw(n)}
                        okText={t('b.withdraw')}
                        cancelText={t('c.cancel')}
                      >
                        <Button size="small" type="link" danger aria-label={`${t('b.withdraw')} ${n.title}`}>
                          {t('b.withdraw')}
                        </Button>
                      </Popconfirm>
                    ) : null}
                  </Space>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{n.body}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(n.publishedAt)} · {n.placeName}
                  </Typography.Text>
                </li>
              ))}
            </ul>
            {canWriteLedger(me.role) ? <NoticeForm compoundId={board.compound.id} onDone={() => void getBoard(id).then(setBoard)} /> : null}
          </Card>
        </Col>
      </Row>
    </>
  );
}
