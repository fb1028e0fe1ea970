/** 走访: door-to-door and phone visits, planned or random; recording one turns what residents raised into an order or a ledger entry in the same step. */
import { useState } from 'react';
import { App, Button, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, qs } from '../../../lib/api';
import { getCategories, useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { Link, useSearchParam } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { CategorySelect } from '../../components/CategorySelect';
import { LazyPhotoUpload } from '../../components/LazyPhotoUpload';
import { BuildingSelect, CompoundSelect } from '../../components/PlacePicker';
import { AsyncTable, DateTimePicker, FormModal, useFormSubmit } from './fields';
import { UnitSelect, useT } from './shared';

interface Visit {
  id: number;
  mode: 'door' | 'phone';
  plan: 'scheduled' | 'random';
  status: 'planned' | 'done';
  scheduledFor: string | null;
  residentName: string | null;
  residentPhone: string | null;
  findings: string | null;
  outcome: string | null;
  orderId: number | null;
  ledgerEntryId: number | null;
  visitedAt: string | null;
  placeName: string;
  visitorName: string | null;
}

function VisitForm({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const compoundId = Form.useWatch('compoundId', form) as number | undefined;
  const { busy, submit } = useFormSubmit<{
    compoundId: number;
    buildingId?: number;
    mode: 'door' | 'phone';
    plan: 'scheduled' | 'random';
    scheduledFor?: Dayjs | null;
    residentName?: string;
    residentPhone?: string;
  }>(
    form,
    async (v) => {
      await api.post('/api/visits', {
        placeId: v.buildingId ?? v.compoundId,
        mode: v.mode,
        plan: v.plan,
        ...(v.scheduledFor ? { scheduledFor: v.scheduledFor.toISOString() } : {}),
        ...(v.residentName ? { residentName: v.residentName } : {}),
        ...(v.residentPhone ? { residentPhone: v.residentPhone } : {}),
      });
      void message.success(t('vs.created'));
      onDone();
    },
    { placeId: 'compoundId' },
  );
  return (
    <FormModal
      open={open}
      title={t('vs.new')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      initialValues={{ mode: 'door', plan: 'scheduled' }}
    >
      <Form.Item name="compoundId" label={t('c.compound')} rules={[{ required: true, message: t('c.required', { f: t('c.compound') }) }]}>
        <CompoundSelect />
      </Form.Item>
      <Form.Item name="buildingId" label={t('c.building')}>
        <BuildingSelect compoundId={compoundId} />
      </Form.Item>
      <Form.Item name="mode" label={t('vs.mode')}>
        <Radio.Group
          options={[
            { value: 'door', label: t('vs.door') },
            { value: 'phone', label: t('vs.phone') },
          ]}
        />
      </Form.Item>
      <Form.Item name="plan" label={t('vs.plan')}>
        <Radio.Group
          options={[
            { value: 'scheduled', label: t('vs.scheduled') },
            { value: 'random', label: t('vs.random') },
          ]}
        />
      </Form.Item>
      <Form.Item name="scheduledFor" label={t('vs.when')}>
        <DateTimePicker />
      </Form.Item>
      <Form.Item name="residentName" label={t('vs.residentName')} rules={[{ max: 64 }]}>
        <Input />
      </Form.Item>
      <Form.Item
        name="residentPhone"
        label={t('vs.residentPhone')}
        rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('vs.residentPhone') }]}
      >
        <Input inputMode="tel" />
      </Form.Item>
    </FormModal>
  );
}

function RecordVisit({ visit, onClose, onDone }: { visit: Visit; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const categories = useAsync(getCategories, []);
  const [form] = Form.useForm();
  const outcome = (Form.useWatch('outcome', form) as string | undefined) ?? 'none';
  const { busy, submit } = useFormSubmit<{
    findings: string;
    outcome: 'none' | 'order' | 'ledger';
    title?: string;
    categoryId?: number;
    unitId?: number;
    deadline?: Dayjs | null;
    attachmentIds?: number[];
  }>(form, async (v) => {
    await api.post(`/api/visits/${visit.id}/record`, {
      findings: v.findings,
      outcome: v.outcome,
      ...(v.outcome !== 'none' ? { title: v.title, ...(v.categoryId ? { categoryId: v.categoryId } : {}) } : {}),
      ...(v.outcome === 'ledger' ? { unitId: v.unitId ?? null, ...(v.deadline ? { deadline: v.deadline.toISOString() } : {}) } : {}),
      ...(v.attachmentIds?.length ? { attachmentIds: v.attachmentIds } : {}),
    });
    void message.success(t('vs.recorded'));
    onDone();
  });
  return (
    <FormModal
      open
      title={`${t('vs.record')} · ${visit.placeName}`}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      initialValues={{ outcome: 'none' }}
    >
      <Form.Item
        name="findings"
        label={t('vs.findings')}
        rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('vs.findings') }) }, { max: 4000 }]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="attachmentIds" label={t('c.photos')}>
        <LazyPhotoUpload />
      </Form.Item>
      <Form.Item name="outcome" label={t('vs.outcome')}>
        <Radio.Group
          options={[
            { value: 'none', label: t('vs.none') },
            { value: 'order', label: t('vs.toOrder') },
            { value: 'ledger', label: t('vs.toLedger') },
          ]}
        />
      </Form.Item>
      {outcome !== 'none' ? (
        <>
          <Form.Item
            name="title"
            label={t('vs.title2')}
            rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('vs.title2') }) }, { max: 200 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="categoryId"
            label={t('c.category')}
            rules={[{ required: outcome === 'order', message: t('c.required', { f: t('c.category') }) }]}
          >
            <CategorySelect categories={categories.data} allowClear />
          </Form.Item>
        </>
      ) : null}
      {outcome === 'ledger' ? (
        <>
          <Form.Item name="unitId" label={t('c.unit')}>
            <UnitSelect allowClear />
          </Form.Item>
          <Form.Item name="deadline" label={t('c.deadline')}>
            <DateTimePicker />
          </Form.Item>
        </>
      ) : null}
    </FormModal>
  );
}

export default function VisitsPage() {
  const t = useT();
  const me = useMe();
  const [status, setStatus] = useSearchParam('status', '');
  const [creating, setCreating] = useState(false);
  const [recording, setRecording] = useState<Visit | null>(null);
  const list = useAsync(() => api.get<Visit[]>(`/api/visits${qs({ status, limit: 500 })}`), [status]);
  const recorder = ['supervisor', 'admin', 'inspector'].includes(me.role);
  const reload = () => {
    setCreating(false);
    setRecording(null);
    list.reload();
  };
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('vs.title')}
        </Typography.Title>
        <Space>
          <Radio.Group
            optionType="button"
            value={status}
            onChange={(e) => setStatus(String(e.target.value))}
            aria-label={t('vs.status')}
            options={[
              { value: '', label: t('l.allStatus') },
              { value: 'planned', label: t('vs.planned') },
              { value: 'done', label: t('vs.done') },
            ]}
          />
          {recorder ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('vs.new')}
            </Button>
          ) : null}
        </Space>
      </Space>
      <AsyncTable<Visit>
        state={list}
        label={t('vs.title')}
        columns={[
          { title: t('c.place'), dataIndex: 'placeName' },
          { title: t('vs.mode'), width: 80, render: (_, v) => (v.mode === 'door' ? t('vs.door') : t('vs.phone')) },
          { title: t('vs.plan'), width: 100, render: (_, v) => (v.plan === 'scheduled' ? t('vs.scheduled') : t('vs.random')) },
          { title: t('vs.when'), width: 150, render: (_, v) => formatTime(v.visitedAt ?? v.scheduledFor) },
          { title: t('vs.resident'), width: 150, render: (_, v) => [v.residentName, v.residentPhone].filter(Boolean).join(' ') || '—' },
          { title: t('vs.findings'), render: (_, v) => v.findings || '—' },
          {
            title: t('vs.outcome'),
            width: 130,
            render: (_, v) =>
              v.orderId ? (
                <Link to={`/orders/${v.orderId}`}>{t('vs.toOrder')}</Link>
              ) : v.ledgerEntryId ? (
                <Link to={`/supervision/ledger/${v.ledgerEntryId}`}>{t('vs.toLedger')}</Link>
              ) : (
                '—'
              ),
          },
          {
            title: t('vs.status'),
            width: 130,
            render: (_, v) =>
              v.status === 'done' ? (
                <Tag color="green">{t('vs.done')}</Tag>
              ) : recorder ? (
                <Button size="small" onClick={() => setRecording(v)} aria-label={`${t('vs.record')} ${v.placeName}`}>
                  {t('vs.record')}
                </Button>
              ) : (
                <Tag>{t('vs.planned')}</Tag>
              ),
          },
        ]}
      />
      <VisitForm open={creating} onClose={() => setCreating(false)} onDone={reload} />
      {recording ? <RecordVisit visit={recording} onClose={() => setRecording(null)} onDone={reload} /> : null}
    </>
  );
}
