/**
 * 台账详情: what is to be rectified, by whom and by when; the progress notes with photos; the
 * history; and the buttons the API says this user may use now (开始整改 → 提交复查 → 销号 or 退回).
 */
import { useEffect, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Row,
  Skeleton,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../lib/api';
import { formatTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { roleName } from '../../../lib/labels';
import { Link } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { LazyPhotoUpload } from '../../components/LazyPhotoUpload';
import type { SupervisionKey } from './messages';
import { DateTimePicker, FormModal, ResponsibilityFields, useFormSubmit } from './fields';
import { Deadline, errorText, LedgerStatusTag, LoadError, PhotoStrip, useT, type LedgerDetail, type LedgerStatus } from './shared';
import { useAsync } from '../../../lib/data';

type Dialog = 'submit' | 'close' | 'reject' | 'edit' | null;
const FLOW: LedgerStatus[] = ['open', 'rectifying', 'awaiting_recheck', 'closed'];

function TransitionDialog({
  kind,
  entry,
  onClose,
  onDone,
}: {
  kind: 'submit' | 'close' | 'reject';
  entry: LedgerDetail;
  onClose: () => void;
  onDone: (e: LedgerDetail) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const title = t(`e.${kind}` as SupervisionKey);
  const { busy, submit } = useFormSubmit<{ evidence?: string; comment?: string; deadline?: Dayjs | null }>(form, async (v) => {
    const body: Record<string, unknown> = {};
    if (v.evidence) body.evidence = v.evidence;
    if (v.comment) body.comment = v.comment;
    if (v.deadline) body.deadline = v.deadline.toISOString();
    const e = await api.post<LedgerDetail>(`/api/ledger/${entry.id}/${kind}`, body);
    void message.success(t('e.done', { a: title }));
    onDone(e);
  });
  return (
    <FormModal open title={title} okText={title} form={form} busy={busy} onClose={onClose} onFinish={submit}>
      {kind === 'submit' ? (
        <Form.Item name="evidence" label={t('e.evidence')} extra={t('e.evidenceHint')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      ) : null}
      {kind === 'close' ? (
        <>
          <Alert type="info" showIcon title={t('e.closeHint')} style={{ marginBottom: 12 }} />
          <Form.Item name="comment" label={t('e.comment')} rules={[{ max: 1000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      ) : null}
      {kind === 'reject' ? (
        <>
          <Form.Item
            name="comment"
            label={t('e.rejectReason')}
            rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('e.rejectReason') }) }, { max: 1000 }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="deadline" label={t('e.newDeadline')}>
            <DateTimePicker />
          </Form.Item>
        </>
      ) : null}
    </FormModal>
  );
}

function EditDialog({ entry, onClose, onDone }: { entry: LedgerDetail; onClose: () => void; onDone: (e: LedgerDetail) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, submit } = useFormSubmit<{
    title: string;
    unitId?: number;
    responsiblePerson?: string;
    measures?: string;
    deadline?: Dayjs | null;
  }>(form, async (v) => {
    const e = await api.patch<LedgerDetail>(`/api/ledger/${entry.id}`, {
      title: v.title,
      unitId: v.unitId ?? null,
      responsiblePerson: v.responsiblePerson || null,
      measures: v.measures ?? '',
      deadline: v.deadline ? v.deadline.toISOString() : null,
    });
    void message.success(t('c.saved'));
    onDone(e);
  });
  return (
    <FormModal
      open
      title={t('e.edit')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      initialValues={{
        title: entry.title,
        unitId: entry.unitId ?? undefined,
        responsiblePerson: entry.responsiblePerson ?? '',
        measures: entry.measures,
        deadline: entry.deadline ? dayjs(entry.deadline) : null,
      }}
    >
      <Form.Item name="title" label={t('l.titleLabel')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
        <Input />
      </Form.Item>
      <ResponsibilityFields />
    </FormModal>
  );
}

function NoteForm({ entry, onDone }: { entry: LedgerDetail; onDone: (e: LedgerDetail) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string; attachmentIds?: number[] }>();
  const { busy, submit } = useFormSubmit<{ text: string; attachmentIds?: number[] }>(form, async (v) => {
    const e = await api.post<LedgerDetail>(`/api/ledger/${entry.id}/notes`, { text: v.text, attachmentIds: v.attachmentIds ?? [] });
    void message.success(t('e.noteAdded'));
    form.resetFields();
    onDone(e);
  });
  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 12 }}>
      <Form.Item
        name="text"
        label={t('e.noteText')}
        rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('e.noteText') }) }, { max: 2000 }]}
      >
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="attachmentIds" label={t('e.notePhotos')}>
        <LazyPhotoUpload />
      </Form.Item>
      <Button htmlType="submit" loading={busy}>
        {t('e.note')}
      </Button>
    </Form>
  );
}

export default function LedgerEntryPage({ id }: { id: number }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const loaded = useAsync(() => api.get<LedgerDetail>(`/api/ledger/${id}`), [id]);
  const [entry, setEntry] = useState<LedgerDetail | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [starting, setStarting] = useState(false);
  useEffect(() => {
    if (loaded.data) setEntry(loaded.data);
  }, [loaded.data]);

  if (loaded.error && !entry) return <LoadError error={loaded.error} back="/supervision/ledger" />;
  if (!entry) return <Skeleton active />;

  const start = async () => {
    setStarting(true);
    try {
      setEntry(await api.post<LedgerDetail>(`/api/ledger/${entry.id}/start`, {}));
      void message.success(t('e.done', { a: t('e.start') }));
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setStarting(false);
    }
  };

  const buttons: ReactNode[] = [];
  if (entry.actions.includes('start'))
    buttons.push(
      <Button key="start" type="primary" loading={starting} onClick={() => void start()}>
        {t('e.start')}
      </Button>,
    );
  for (const a of ['submit', 'close', 'reject'] as const)
    if (entry.actions.includes(a))
      buttons.push(
        <Button key={a} type={buttons.length === 0 ? 'primary' : 'default'} danger={a === 'reject'} onClick={() => setDialog(a)}>
          {t(`e.${a}` as SupervisionKey)}
        </Button>,
      );
  if (entry.actions.includes('edit'))
    buttons.push(
      <Button key="edit" onClick={() => setDialog('edit')}>
        {t('e.edit')}
      </Button>,
    );
  const selfReview =
    entry.status === 'awaiting_recheck' && entry.submittedBy === me.id && !entry.actions.includes('close') && entry.inspectionId === null;
  const nameOf = (userId: number | null) =>
    userId === null ? '—' : (entry.events.find((e) => e.actorId === userId)?.actorName ?? `#${userId}`);
  const d = (label: string, children: ReactNode, span = 1) => ({ label, children, span });
  const done = (e: LedgerDetail) => {
    setDialog(null);
    setEntry(e);
  };

  return (
    <>
      <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 16 }}>
        <Typography.Text type="secondary">
          <Link to="/supervision/ledger">{t('l.title')}</Link> · {t('e.number')} #{entry.id}
        </Typography.Text>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {entry.title}
        </Typography.Title>
        <Space size={4} wrap>
          <LedgerStatusTag status={entry.status} />
          {entry.overdue ? <Tag color="red">{t('l.overdue')}</Tag> : null}
          <Tag>{t(`src.${entry.source}` as SupervisionKey)}</Tag>
        </Space>
      </Space>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={FLOW.indexOf(entry.status)}
          items={FLOW.map((s) => ({ title: t(`st.${s}` as SupervisionKey) }))}
          status={entry.status === 'closed' ? 'finish' : 'process'}
        />
      </Card>

      <Card size="small" title={t('e.actions')} style={{ marginBottom: 16 }}>
        {selfReview ? <Alert type="warning" showIcon title={t('e.selfReview')} style={{ marginBottom: 12 }} /> : null}
        {buttons.length ? <Space wrap>{buttons}</Space> : <Typography.Text type="secondary">{t('e.noActions')}</Typography.Text>}
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('e.details')} style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                d(t('c.place'), entry.placeName),
                d(
                  t('l.problem'),
                  entry.problemId ? (
                    <Link to={`/supervision/problems/${entry.problemId}`}>{entry.problemTitle ?? `#${entry.problemId}`}</Link>
                  ) : (
                    '—'
                  ),
                ),
                d(t('c.category'), entry.categoryName ?? '—'),
                d(t('c.unit'), entry.unitName ?? '—'),
                d(t('l.person'), entry.responsiblePerson ?? '—'),
                d(t('c.deadline'), <Deadline at={entry.deadline} overdue={entry.overdue} />),
                d(t('l.measures'), <span style={{ whiteSpace: 'pre-wrap' }}>{entry.measures || '—'}</span>, 2),
                d(t('e.evidence'), entry.evidence ?? '—', 2),
                d(t('e.submittedBy'), nameOf(entry.submittedBy)),
                d(t('e.reviewedBy'), nameOf(entry.reviewedBy)),
                d(t('e.closedAt'), formatTime(entry.closedAt)),
                d(
                  t('e.inspection'),
                  entry.inspectionId ? <Link to={`/supervision/inspections/run/${entry.inspectionId}`}>#{entry.inspectionId}</Link> : '—',
                ),
              ]}
            />
          </Card>
          <Card size="small" title={t('e.progress')} style={{ marginBottom: 16 }}>
            {entry.notes.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('e.noNotes')} /> : null}
            <ul aria-label={t('e.progress')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {entry.notes.map((n) => (
                <li key={n.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(n.at)} · {n.authorName}
                  </Typography.Text>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{n.text}</div>
                  <PhotoStrip photos={n.attachments} alt={t('e.notePhotos')} />
                </li>
              ))}
            </ul>
            {entry.actions.includes('note') ? <NoteForm entry={entry} onDone={setEntry} /> : null}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('e.history')}>
            <Timeline
              items={entry.events.map((e) => ({
                key: e.id,
                color: e.action === 'close' ? 'green' : e.action === 'reject' ? 'red' : 'blue',
                content: (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatTime(e.at)}
                    </Typography.Text>
                    <br />
                    <Typography.Text strong>
                      {M_EVENT.includes(e.action) ? t(`e.ev.${e.action}` as SupervisionKey) : e.action}
                    </Typography.Text>
                    {e.from && e.to && e.from !== e.to ? (
                      <Typography.Text type="secondary">
                        {' '}
                        {t(`st.${e.from}` as SupervisionKey)} → {t(`st.${e.to}` as SupervisionKey)}
                      </Typography.Text>
                    ) : null}
                    <div>
                      <Typography.Text type="secondary">
                        {e.actorName ? `${e.actorName}${e.actorRole ? ` · ${roleName(e.actorRole, lang)}` : ''}` : t('c.system')}
                      </Typography.Text>
                    </div>
                    {typeof e.payload?.comment === 'string' ? <div>{e.payload.comment}</div> : null}
                    {typeof e.payload?.evidence === 'string' ? <div>{e.payload.evidence}</div> : null}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>

      {dialog === 'submit' || dialog === 'close' || dialog === 'reject' ? (
        <TransitionDialog kind={dialog} entry={entry} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
      {dialog === 'edit' ? <EditDialog entry={entry} onClose={() => setDialog(null)} onDone={done} /> : null}
    </>
  );
}

const M_EVENT = ['create', 'update', 'note', 'start', 'submit', 'close', 'reject'];
