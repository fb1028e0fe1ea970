/** 走访: door-to-door and phone visits, planned or random; recording one turns what residents raised into an order or a ledger entry in the same step. */
import { Button, Form, Input, Radio, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, qs } from '../../../lib/api';
import { getCategories, useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { Link, useSearchParam } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { CategorySelect } from '../../components/CategorySelect';
import { LazyPhotoUpload } from '../../components/LazyPhotoUpload';
import { BuildingSelect } from '../../components/PlacePicker';
import { CompoundField, DateTimePicker, SubmitModal, requiredText } from './fields';
import { ListWithCreate, type ListDialogProps } from './ListWithCreate';
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

interface VisitValues {
  compoundId: number;
  buildingId?: number;
  mode: 'door' | 'phone';
  plan: 'scheduled' | 'random';
  scheduledFor?: Dayjs | null;
  residentName?: string;
  residentPhone?: string;
}

/** A building of the compound picked above it. */
function BuildingField() {
  const t = useT();
  const compoundId = Form.useWatch('compoundId', Form.useFormInstance()) as number | undefined;
  return (
    <Form.Item name="buildingId" label={t('c.building')}>
      <BuildingSelect compoundId={compoundId} />
    </Form.Item>
  );
}

function VisitForm({ open, onClose, onDone }: ListDialogProps & { open: boolean }) {
  const t = useT();
  return (
    <SubmitModal<VisitValues>
      open={open}
      title={t('vs.new')}
      onClose={onClose}
      onDone={onDone}
      success={t('vs.created')}
      send={(v) =>
        api.post('/api/visits', {
          placeId: v.buildingId ?? v.compoundId,
          mode: v.mode,
          plan: v.plan,
          ...(v.scheduledFor ? { scheduledFor: v.scheduledFor.toISOString() } : {}),
          ...(v.residentName ? { residentName: v.residentName } : {}),
          ...(v.residentPhone ? { residentPhone: v.residentPhone } : {}),
        })
      }
      aliases={{ placeId: 'compoundId' }}
      initialValues={{ mode: 'door', plan: 'scheduled' }}
    >
      <CompoundField name="compoundId" />
      <BuildingField />
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
    </SubmitModal>
  );
}

interface RecordValues {
  findings: string;
  outcome: 'none' | 'order' | 'ledger';
  title?: string;
  categoryId?: number;
  unitId?: number;
  deadline?: Dayjs | null;
  attachmentIds?: number[];
}

function RecordVisit({ visit, onClose, onDone }: ListDialogProps & { visit: Visit }) {
  const t = useT();
  return (
    <SubmitModal<RecordValues>
      title={`${t('vs.record')} · ${visit.placeName}`}
      onClose={onClose}
      onDone={onDone}
      success={t('vs.recorded')}
      send={(v) =>
        api.post(`/api/visits/${visit.id}/record`, {
          findings: v.findings,
          outcome: v.outcome,
          ...(v.outcome !== 'none' ? { title: v.title, ...(v.categoryId ? { categoryId: v.categoryId } : {}) } : {}),
          ...(v.outcome === 'ledger' ? { unitId: v.unitId ?? null, ...(v.deadline ? { deadline: v.deadline.toISOString() } : {}) } : {}),
          ...(v.attachmentIds?.length ? { attachmentIds: v.attachmentIds } : {}),
        })
      }
      initialValues={{ outcome: 'none' }}
    >
      <Form.Item name="findings" label={t('vs.findings')} rules={requiredText(t, t('vs.findings'), 4000)}>
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
      <OutcomeFields />
    </SubmitModal>
  );
}

/** The order's or ledger entry's fields, as the outcome picked above asks. */
function OutcomeFields() {
  const t = useT();
  const categories = useAsync(getCategories, []);
  const outcome = (Form.useWatch('outcome', Form.useFormInstance()) as string | undefined) ?? 'none';
  return (
    <>
      {outcome !== 'none' ? (
        <>
          <Form.Item name="title" label={t('vs.title2')} rules={requiredText(t, t('vs.title2'), 200)}>
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
    </>
  );
}

export default function VisitsPage() {
  const t = useT();
  const me = useMe();
  const [status, setStatus] = useSearchParam('status', '');
  const recorder = ['supervisor', 'admin', 'inspector'].includes(me.role);
  return (
    <ListWithCreate<Visit>
      title={t('vs.title')}
      createLabel={t('vs.new')}
      canCreate={recorder}
      url={`/api/visits${qs({ status, limit: 500 })}`}
      extra={
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
      }
      create={(p) => <VisitForm {...p} />}
      rowDialog={(v, p) => <RecordVisit visit={v} {...p} />}
      columns={(record) => [
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
              <Button size="small" onClick={() => record(v)} aria-label={`${t('vs.record')} ${v.placeName}`}>
                {t('vs.record')}
              </Button>
            ) : (
              <Tag>{t('vs.planned')}</Tag>
            ),
        },
      ]}
    />
  );
}
