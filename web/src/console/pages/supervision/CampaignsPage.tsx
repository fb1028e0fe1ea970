/** 专项行动: campaigns in the user's area with their progress, and the form that starts one. */
import { DatePicker, Form, Input, Progress, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../../lib/api';
import { Link, navigate } from '../../../lib/router';
import { CompoundField, RowsField, SubmitModal, requiredText } from './fields';
import { ListWithCreate, type ListDialogProps } from './ListWithCreate';
import { UnitSelect, useT, useUnitOptions } from './shared';

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

function CampaignForm({ open, onClose }: Pick<ListDialogProps, 'onClose'> & { open: boolean }) {
  const t = useT();
  const units = useUnitOptions();
  return (
    <SubmitModal<Values, { id: number }>
      open={open}
      title={t('cp.new')}
      onClose={onClose}
      success={t('cp.created')}
      send={(v) =>
        api.post<{ id: number }>('/api/campaigns', {
          name: v.name,
          description: v.description ?? '',
          placeId: v.placeId,
          ...(v.dates ? { startsOn: v.dates[0].format('YYYY-MM-DD'), endsOn: v.dates[1].format('YYYY-MM-DD') } : {}),
          coordinatorUnitId: v.coordinatorUnitId,
          unitIds: v.unitIds ?? [],
          quantityKinds: v.quantityKinds ?? [],
        })
      }
      onDone={(c) => navigate(`/supervision/campaigns/${c.id}`)}
      width={680}
      initialValues={{ quantityKinds: [{ code: 'wire_m', name: '清理飞线', unit: '米' }] }}
    >
      <Form.Item name="name" label={t('cp.name')} rules={requiredText(t, t('cp.name'), 200)}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('cp.description')} rules={[{ max: 4000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <CompoundField />
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
    </SubmitModal>
  );
}

export default function CampaignsPage() {
  const t = useT();
  return (
    <ListWithCreate<CampaignRow>
      title={t('cp.title')}
      createLabel={t('cp.new')}
      url="/api/campaigns?limit=200"
      create={(p) => <CampaignForm {...p} />}
      columns={() => [
        { title: t('cp.name'), render: (_, r) => <Link to={`/supervision/campaigns/${r.id}`}>{r.name}</Link> },
        { title: t('c.place'), dataIndex: 'placeName' },
        { title: t('cp.period'), render: (_, r) => (r.startsOn ? `${r.startsOn} ~ ${r.endsOn ?? ''}` : '—') },
        { title: t('cp.points'), render: (_, r) => `${r.done}/${r.points}`, align: 'right' },
        { title: t('cp.progress'), width: 200, render: (_, r) => <Progress percent={r.percent} size="small" /> },
      ]}
    />
  );
}
