/** 设施台账: the facilities register (elevators, e-bike sheds, heating valves …) with check and maintenance due dates, registration and records. */
import { Button, Form, Input, InputNumber, Radio, Select, Space, Tag } from 'antd';
import { api, qs } from '../../../lib/api';
import { formatTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { useSearchParam } from '../../../lib/router';
import { LazyPhotoUpload } from '../../components/LazyPhotoUpload';
import { CompoundField, SubmitModal, requiredText } from './fields';
import { CompoundFilter, FlagFilter, ListWithCreate, type ListDialogProps } from './ListWithCreate';
import type { BoardFacility as Facility } from '../../../mobile/supervision/board';
import { UnitSelect, useT } from './shared';

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

interface FacilityValues {
  kind: string;
  name: string;
  placeId: number;
  capacity?: number;
  unitId?: number;
  checkEveryDays?: number;
  maintainEveryDays?: number;
}

function FacilityForm({ open, onClose, onDone }: ListDialogProps & { open: boolean }) {
  const t = useT();
  const { lang } = useI18n();
  return (
    <SubmitModal<FacilityValues>
      open={open}
      title={t('fc.new')}
      onClose={onClose}
      onDone={onDone}
      success={t('fc.created')}
      send={(v) =>
        api.post('/api/facilities', {
          ...v,
          capacity: v.capacity ?? null,
          unitId: v.unitId ?? null,
          checkEveryDays: v.checkEveryDays ?? null,
          maintainEveryDays: v.maintainEveryDays ?? null,
        })
      }
      initialValues={{ kind: 'elevator' }}
    >
      <Form.Item name="kind" label={t('fc.kind')} rules={[{ required: true }]}>
        <Select options={KINDS.map((k) => ({ value: k, label: KIND_NAMES[k][lang === 'en' ? 1 : 0] }))} />
      </Form.Item>
      <Form.Item name="name" label={t('fc.name')} rules={requiredText(t, t('fc.name'), 200)}>
        <Input />
      </Form.Item>
      <CompoundField />
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
    </SubmitModal>
  );
}

function RecordForm({ facility, onClose, onDone }: ListDialogProps & { facility: Facility }) {
  const t = useT();
  return (
    <SubmitModal<{ kind: 'check' | 'maintenance'; outcome: 'ok' | 'fault'; note?: string; attachmentIds?: number[] }>
      title={`${t('fc.record')} · ${facility.name}`}
      onClose={onClose}
      onDone={onDone}
      success={t('fc.recorded')}
      send={(v) =>
        api.post(`/api/facilities/${facility.id}/records`, {
          kind: v.kind,
          outcome: v.outcome,
          ...(v.note ? { note: v.note } : {}),
          ...(v.attachmentIds?.length ? { attachmentIds: v.attachmentIds } : {}),
        })
      }
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
    </SubmitModal>
  );
}

export default function FacilitiesPage() {
  const t = useT();
  const { pick } = useI18n();
  const [place] = useSearchParam('placeId', '');
  const [due] = useSearchParam('due', '');
  const when = (at: string | null, late: boolean) => <span style={late ? { color: '#cf1322' } : undefined}>{formatTime(at)}</span>;
  return (
    <ListWithCreate<Facility>
      title={t('fc.title')}
      createLabel={t('fc.new')}
      url={`/api/facilities${qs({ placeId: place, due: due || undefined, limit: 500 })}`}
      filters={
        <>
          <CompoundFilter id="facilities-place" />
          <FlagFilter param="due" label={t('fc.dueOnly')} />
        </>
      }
      create={(p) => <FacilityForm {...p} />}
      rowDialog={(f, p) => <RecordForm facility={f} {...p} />}
      columns={(record) => [
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
            <Button size="small" onClick={() => record(f)} aria-label={`${t('fc.record')} ${f.name}`}>
              {t('fc.record')}
            </Button>
          ),
        },
      ]}
    />
  );
}
