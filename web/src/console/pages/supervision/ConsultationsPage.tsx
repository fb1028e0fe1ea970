/** 会商议事: meetings on a problem with the parties, the decision and its follow-up tasks. */
import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, qs } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { Link, useSearchParam } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { DateTimePicker, RowsField, SubmitModal, requiredText } from './fields';
import { ListWithCreate, type ListDialogProps } from './ListWithCreate';
import { canWriteLedger, Deadline, errorText, useT, type SKey } from './shared';
import { useI18n } from '../../../lib/i18n';

interface Row {
  id: number;
  title: string;
  heldAt: string;
  decided: boolean;
  problemId: number;
  problemTitle: string;
  placeName: string;
  tasks: number;
  tasksDone: number;
}
interface Detail {
  id: number;
  decision: string;
  parties: { id: number; name: string; side: string; unitName: string | null }[];
  tasks: { id: number; title: string; unitName: string | null; deadline: string | null; status: string }[];
  progress: { done: number; total: number; percent: number };
}
const SIDES = ['community', 'property', 'owners', 'department', 'utility', 'other'] as const;

interface ConsultationValues {
  problemId: number;
  title: string;
  heldAt: Dayjs;
  decision?: string;
  parties: { name: string; side: string }[];
  tasks?: { title: string }[];
}

function ConsultationForm({ open, onClose, onDone, problemId }: ListDialogProps & { open: boolean; problemId?: number }) {
  const t = useT();
  return (
    <SubmitModal<ConsultationValues>
      open={open}
      title={t('cs.new')}
      onClose={onClose}
      onDone={onDone}
      success={t('cs.created')}
      send={(v) =>
        api.post('/api/consultations', {
          problemId: v.problemId,
          title: v.title,
          heldAt: v.heldAt.toISOString(),
          decision: v.decision ?? '',
          parties: v.parties,
          tasks: (v.tasks ?? []).filter((x) => x.title?.trim()),
        })
      }
      width={680}
      initialValues={{
        problemId,
        parties: [
          { name: '', side: 'community' },
          { name: '', side: 'property' },
          { name: '', side: 'owners' },
        ],
        tasks: [],
      }}
    >
      <Form.Item
        name="problemId"
        label={t('cs.problemId')}
        rules={[{ required: true, message: t('c.required', { f: t('cs.problemId') }) }]}
      >
        <InputNumber min={1} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="title" label={t('cs.name')} rules={requiredText(t, t('cs.name'), 200)}>
        <Input />
      </Form.Item>
      <Form.Item name="heldAt" label={t('cs.heldAt')} rules={[{ required: true, message: t('c.required', { f: t('cs.heldAt') }) }]}>
        <DateTimePicker />
      </Form.Item>
      <Typography.Text strong>{t('cs.parties')}</Typography.Text>
      <RowsField
        name="parties"
        min={2}
        addLabel={t('cs.addParty')}
        blank={{ name: '', side: 'other' }}
        columns={[
          { key: 'name', label: t('cs.party'), rules: requiredText(t, t('cs.party'), 100), input: <Input style={{ width: 260 }} /> },
          {
            key: 'side',
            label: t('cs.side'),
            input: <Select style={{ width: 140 }} options={SIDES.map((s) => ({ value: s, label: t(`cs.side.${s}` as SKey) }))} />,
          },
        ]}
      />
      <Form.Item name="decision" label={t('cs.decision')} rules={[{ max: 4000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <RowsField
        name="tasks"
        min={0}
        addLabel={t('s.addTask')}
        blank={{ title: '' }}
        columns={[{ key: 'title', label: t('s.task'), rules: [{ max: 200 }], input: <Input style={{ width: 400 }} /> }]}
      />
    </SubmitModal>
  );
}

function DetailRow({ id }: { id: number }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const d = useAsync(() => api.get<Detail>(`/api/consultations/${id}`), [id]);
  const [decision, setDecision] = useState<string | null>(null);
  if (!d.data) return null;
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      d.reload();
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <div>
        {t('cs.parties')}：{d.data.parties.map((p) => `${p.name}（${t(`cs.side.${p.side}` as SKey)}）`).join('、')}
      </div>
      <div>
        {t('cs.decision')}：
        {canWriteLedger(me.role) ? (
          <Space.Compact style={{ width: '100%' }}>
            <Input.TextArea
              aria-label={t('cs.decision')}
              rows={2}
              value={decision ?? d.data.decision}
              onChange={(e) => setDecision(e.target.value)}
            />
            <Button
              disabled={decision === null || !decision.trim()}
              onClick={() => void act(() => api.post(`/api/consultations/${id}/decision`, { decision }))}
            >
              {t('cs.saveDecision')}
            </Button>
          </Space.Compact>
        ) : (
          d.data.decision || '—'
        )}
      </div>
      <Progress percent={d.data.progress.percent} format={() => `${d.data!.progress.done}/${d.data!.progress.total}`} />
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={d.data.tasks}
        aria-label={t('cs.tasks')}
        columns={[
          { title: t('s.task'), dataIndex: 'title' },
          { title: t('c.unit'), dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
          { title: t('s.taskDeadline'), render: (_, r) => <Deadline at={r.deadline} /> },
          {
            title: '',
            render: (_, r) =>
              r.status === 'done' ? (
                <Tag color="green">{t('s.done')}</Tag>
              ) : (
                <Button
                  size="small"
                  onClick={() => void act(() => api.post(`/api/consultations/${id}/tasks/${r.id}/done`))}
                  aria-label={`${t('s.markDone')} ${r.title}`}
                >
                  {t('s.markDone')}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );
}

export default function ConsultationsPage() {
  const t = useT();
  const [problem] = useSearchParam('problemId', '');
  return (
    <ListWithCreate<Row>
      title={t('cs.title')}
      createLabel={t('cs.new')}
      url={`/api/consultations${qs({ problemId: problem, limit: 200 })}`}
      create={(p) => <ConsultationForm {...p} problemId={problem ? Number(problem) : undefined} />}
      expandable={{ expandedRowRender: (r) => <DetailRow id={r.id} /> }}
      columns={() => [
        { title: t('cs.name'), dataIndex: 'title' },
        { title: t('cs.heldAt'), width: 150, render: (_, r) => formatTime(r.heldAt) },
        { title: t('cs.problem'), render: (_, r) => <Link to={`/supervision/problems/${r.problemId}`}>{r.problemTitle}</Link> },
        { title: t('c.place'), dataIndex: 'placeName', width: 140 },
        { title: t('cs.decision'), width: 90, render: (_, r) => (r.decided ? <Tag color="green">✓</Tag> : '—') },
        { title: t('cs.tasks'), width: 100, render: (_, r) => `${r.tasksDone}/${r.tasks}` },
      ]}
    />
  );
}
