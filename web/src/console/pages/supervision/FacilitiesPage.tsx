/** 设施台账: the facilities register (elevators, e-bike sheds, heating valves …) with check and maintenance due dates, registration and records. */
import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Radio, Select, Space, Tag } from 'antd';
import { api, qs } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { useSearchParam } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { LazyPhotoUpload } from '../../components/LazyPhotoUpload';
import { CompoundSelect } from '../../components/PlacePicker';
import { AsyncTable, FormModal, PageHead, useFormSubmit } from './fields';
import type { BoardFacility as Facility } from '../../../mobile/supervision/board';
import { canWriteLedger, UnitSelect, useT } from './shared';


const KINDS = ['elevator', 'ebike_shed', 'heating_pipe', 'heating_valve', 'fire_station', 'cctv', 'barrier', 'other'] as const;
const KIND_NAMES: Record<(typeof KINDS)[number], [string, string]> = {
  elevator: ['电梯', 'Elevator'],
  ebike_shed: ['电动车棚', 'E-bike shed'],
  heating_pipe: ['供热管道', 'Heating pipe'],
  heating_valve: ['供热阀门', 'Heating valve'],
  fire_station: ['微型消防站', 'Fire station'],
  cctv: ['监控', 'CCTV'],
  barrier: ['道闸', 'Barrier gate'],
  other: ['其他', 'Other'],
};

function FacilityForm({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, submit } = useFormSubmit<{
    kind: string;
    name: string;
    placeId: number;
    capacity?: number;
    unitId?: number;
    checkEveryDays?: number;
    maintainEveryDays?: number;
  }>(form, async (v) => {
    await api.post('/api/facilities', {
      ...v,
      capacity: v.capacity ?? null,
      unitId: v.unitId ?? null,
      checkEveryDays: v.checkEveryDays ?? null,
      maintainEveryDays: v.maintainEveryDays ?? null,
    });
    void message.success(t('fc.created'));
    onDone();
  });
  return (
    <FormModal
      open={open}
      title={t('fc.new')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      initialValues={{ kind: 'elevator' }}
    >
      <Form.Item name="kind" label={t('fc.kind')} rules={[{ required: true }]}>
        <Select options={KINDS.map((k) => ({ value: k, label: KIND_NAMES[k][lang === 'en' ? 1 : 0] }))} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('fc.name')}
        rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('fc.name') }) }, { max: 200 }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="placeId" label={t('c.compound')} rules={[{ required: true, message: t('c.required', { f: t('c.compound') }) }]}>
        <CompoundSelect />
      </Form.Item>
      <Form.Item name="unitId" label={t('c.unit')}>
        <UnitSelect allowClear />
      </Form.Item>
      <Space wrap>
        <Form.Item name="capacity" label={t('fc.capacity')}>
          <InputNumber min={0} />
        </Form.Item>
        <Form.Item name="checkEveryDays" label={t('fc.checkEvery')}>
          <InputNumber min={1} max={3650} />
        </Form.Item>
        <Form.Item name="maintainEveryDays" label={t('fc.maintainEvery')}>
          <InputNumber min={1} max={3650} />
        </Form.Item>
      </Space>
    </FormModal>
  );
}

function RecordForm({ facility, onClose, onDone }: { facility: Facility; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, submit } = useFormSubmit<{
    kind: 'check' | 'maintenance';
    outcome: 'ok' | 'fault';
    note?: string;
    attachmentIds?: number[];
  }>(form, async (v) => {
    await api.post(`/api/facilities/${facility.id}/records`, {
      kind: v.kind,
      outcome: v.outcome,
      ...(v.note ? { note: v.note } : {}),
      ...(v.attachmentIds?.length ? { attachmentIds: v.attachmentIds } : {}),
    });
    void message.success(t('fc.recorded'));
    onDone();
  });
  return (
    <FormModal
      open
      title={`${t('fc.record')} · ${facility.name}`}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      initialValues={{ kind: 'maintenance', outcome: 'ok' }}
    >
      <Form.Item name="kind" label={t('fc.recordKind')}>
        <Radio.Group
          options={[
            { value: 'maintenance', label: t('fc.maintenance') },
            { value: 'check', label: t('fc.check') },
          ]}
        />
      </Form.Item>
      <Form.Item name="outcome" label={t('fc.outcome')}>
        <Radio.Group
          options={[
            { value: 'ok', label: t('fc.ok') },
            { value: 'fault', label: t('fc.fault') },
          ]}
        />
      </Form.Item>
      <Form.Item name="note" label={t('c.note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="attachmentIds" label={t('c.photos')}>
        <LazyPhotoUpload />
      </Form.Item>
    </FormModal>
  );
}

export default function FacilitiesPage() {
  const t = useT();
  const { pick } = useI18n();
  const me = useMe();
  const [place, setPlace] = useSearchParam('placeId', '');
  const [due, setDue] = useSearchParam('due', '');
  const [creating, setCreating] = useState(false);
  const [recording, setRecording] = useState<Facility | null>(null);
  const list = useAsync(
    () => api.get<Facility[]>(`/api/facilities${qs({ placeId: place, due: due || undefined, limit: 500 })}`),
    [place, due],
  );
  const when = (at: string | null, late: boolean) => <span style={late ? { color: '#cf1322' } : undefined}>{formatTime(at)}</span>;
  return (
    <>
      <PageHead title={t('fc.title')} createLabel={t('fc.new')} onCreate={canWriteLedger(me.role) ? () => setCreating(true) : undefined} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('c.compound')} htmlFor="facilities-place" style={{ minWidth: 260 }}>
            <CompoundSelect
              id="facilities-place"
              value={place ? Number(place) : undefined}
              allowClear
              onChange={(v) => setPlace(v ? String(v) : '')}
            />
          </Form.Item>
          <Form.Item>
            <Checkbox checked={due === 'true'} onChange={(e) => setDue(e.target.checked ? 'true' : '')}>
              {t('fc.dueOnly')}
            </Checkbox>
          </Form.Item>
        </Form>
      </Card>
      <AsyncTable<Facility>
        state={list}
        label={t('fc.title')}
        columns={[
          {
            title: t('fc.name'),
            render: (_, f) => (
              <Space>
                {f.name}
                {f.overdue ? <Tag color="red">{t('fc.overdue')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('fc.kind'), width: 110, render: (_, f) => pick(f.kindName, f.kindNameEn) },
          { title: t('fc.capacity'), dataIndex: 'capacity', width: 90, render: (v: number | null) => v ?? '—' },
          { title: t('fc.lastMaintenance'), width: 150, render: (_, f) => formatTime(f.lastMaintenanceAt) },
          { title: t('fc.nextMaintenance'), width: 150, render: (_, f) => when(f.nextMaintenanceDue, f.maintenanceOverdue) },
          { title: t('fc.lastCheck'), width: 150, render: (_, f) => formatTime(f.lastCheckAt) },
          { title: t('fc.nextCheck'), width: 150, render: (_, f) => when(f.nextCheckDue, f.checkOverdue) },
          {
            title: '',
            width: 150,
            render: (_, f) => (
              <Button size="small" onClick={() => setRecording(f)} aria-label={`${t('fc.record')} ${f.name}`}>
                {t('fc.record')}
              </Button>
            ),
          },
        ]}
      />
      <FacilityForm
        open={creating}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false);
          list.reload();
        }}
      />
      {recording ? (
        <RecordForm
          facility={recording}
          onClose={() => setRecording(null)}
          onDone={() => {
            setRecording(null);
            list.reload();
          }}
        />
      ) : null}
    </>
  );
}
