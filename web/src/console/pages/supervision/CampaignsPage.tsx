/** 专项行动: campaigns in the user's area with their progress, and the form that starts one. */
import { useState } from 'react';
import { App, DatePicker, Form, Input, Progress, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { Link, navigate } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { CompoundSelect } from '../../components/PlacePicker';
import { AsyncTable, FormModal, PageHead, RowsField, requiredText, useFormSubmit } from './fields';
import { canWriteLedger, UnitSelect, useT, useUnitOptions } from './shared';
import { Select } from 'antd';

interface CampaignRow {
  id: number;
  name: string;
  placeName: string;
  startsOn: string | null;
  endsOn: string | null;
  points: number;
  done: number;
  percent: number;
}

interface Values {
  name: string;
  description?: string;
  placeId: number;
  dates?: [Dayjs, Dayjs] | null;
  coordinatorUnitId: number;
  unitIds?: number[];
  quantityKinds?: { code: string; name: string; unit: string }[];
}

function CampaignForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const units = useUnitOptions();
  const [form] = Form.useForm();
  const { busy, submit } = useFormSubmit<Values>(form, async (v) => {
    const c = await api.post<{ id: number }>('/api/campaigns', {
      name: v.name,
      description: v.description ?? '',
      placeId: v.placeId,
      ...(v.dates ? { startsOn: v.dates[0].format('YYYY-MM-DD'), endsOn: v.dates[1].format('YYYY-MM-DD') } : {}),
      coordinatorUnitId: v.coordinatorUnitId,
      unitIds: v.unitIds ?? [],
      quantityKinds: v.quantityKinds ?? [],
    });
    void message.success(t('cp.created'));
    navigate(`/supervision/campaigns/${c.id}`);
  });
  return (
    <FormModal
      open={open}
      title={t('cp.new')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      width={680}
      initialValues={{ quantityKinds: [{ code: 'wire_m', name: '清理飞线', unit: '米' }] }}
    >
      <Form.Item
        name="name"
        label={t('cp.name')}
        rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('cp.name') }) }, { max: 200 }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('cp.description')} rules={[{ max: 4000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="placeId" label={t('c.compound')} rules={[{ required: true, message: t('c.required', { f: t('c.compound') }) }]}>
        <CompoundSelect />
      </Form.Item>
      <Form.Item name="dates" label={t('cp.period')}>
        <DatePicker.RangePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="coordinatorUnitId"
        label={t('cp.coordinator')}
        rules={[{ required: true, message: t('c.required', { f: t('cp.coordinator') }) }]}
      >
        <UnitSelect />
      </Form.Item>
      <Form.Item name="unitIds" label={t('cp.units')}>
        <Select mode="multiple" options={units} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Typography.Text strong>{t('cp.kinds')}</Typography.Text>
      <RowsField
        name="quantityKinds"
        min={0}
        addLabel={t('cp.addKind')}
        blank={{ code: '', name: '', unit: '' }}
        columns={[
          {
            key: 'code',
            label: t('cp.kindCode'),
            rules: [{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: 'a-z 0-9 _' }],
            input: <Input style={{ width: 120 }} />,
          },
          { key: 'name', label: t('cp.kindName'), rules: requiredText(t, t('cp.kindName'), 50), input: <Input style={{ width: 180 }} /> },
          { key: 'unit', label: t('cp.kindUnit'), rules: requiredText(t, t('cp.kindUnit'), 10), input: <Input style={{ width: 80 }} /> },
        ]}
      />
    </FormModal>
  );
}

export default function CampaignsPage() {
  const t = useT();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const list = useAsync(() => api.get<CampaignRow[]>('/api/campaigns?limit=200'), []);
  return (
    <>
      <PageHead title={t('cp.title')} createLabel={t('cp.new')} onCreate={canWriteLedger(me.role) ? () => setCreating(true) : undefined} />
      <AsyncTable<CampaignRow>
        state={list}
        label={t('cp.title')}
        columns={[
          { title: t('cp.name'), render: (_, r) => <Link to={`/supervision/campaigns/${r.id}`}>{r.name}</Link> },
          { title: t('c.place'), dataIndex: 'placeName' },
          { title: t('cp.period'), render: (_, r) => (r.startsOn ? `${r.startsOn} ~ ${r.endsOn ?? ''}` : '—') },
          { title: t('cp.points'), render: (_, r) => `${r.done}/${r.points}`, align: 'right' },
          { title: t('cp.progress'), width: 200, render: (_, r) => <Progress percent={r.percent} size="small" /> },
        ]}
      />
      <CampaignForm open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
