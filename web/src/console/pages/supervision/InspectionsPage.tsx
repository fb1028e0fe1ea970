/**
 * 检查计划: plans (a seeded random sample of compounds, or the 回头看 list) and the checklist
 * templates (the ready 五亮 one and the district's own), with forms to make both.
 */
import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { Link, navigate, useSearchParam } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { FormModal, RowsField, requiredText, useFormSubmit } from './fields';
import type { SupervisionKey } from './messages';
import { canPlanInspections, LoadError, useT } from './shared';
import { PlaceSearch } from '../../components/PlaceSearch';

/** 划片 draws inspection samples within a street or community. */
const SCOPE_LEVELS = ['district', 'street', 'community'] as const;

export interface TemplateRow {
  id: number;
  code: string | null;
  name: string;
  description: string;
}
export interface TemplateDetail extends TemplateRow {
  items: { id: number; position: number; item: string; criterion: string; weight: number }[];
}
interface PlanRow {
  id: number;
  name: string;
  kind: 'sample' | 'look_back';
  period: string;
  seed: string | null;
  templateName: string;
  createdAt: string;
}


function PlanForm({ open, onClose, templates }: { open: boolean; onClose: () => void; templates: TemplateRow[] }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const kind = (Form.useWatch('kind', form) as string | undefined) ?? 'sample';
  const { busy, submit } = useFormSubmit<Record<string, unknown>>(form, async (v) => {
    const body =
      v.kind === 'sample'
        ? {
            kind: 'sample',
            name: v.name,
            period: v.period,
            templateId: v.templateId,
            sampleSize: v.sampleSize,
            seed: v.seed || undefined,
            placeId: v.placeId,
          }
        : { kind: 'look_back', name: v.name || undefined, period: v.period, templateId: v.templateId, compoundIds: v.compoundIds };
    const plan = await api.post<{ id: number; inspections: unknown[] }>('/api/inspection-plans', body);
    void message.success(t('i.planCreated', { n: plan.inspections.length }));
    navigate(`/supervision/inspections/plans/${plan.id}`);
  });
  return (
    <FormModal
      open={open}
      title={t('i.newPlan')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      width={600}
      initialValues={{ kind: 'sample', period: dayjs().format('YYYY-MM'), sampleSize: 5 }}
    >
      <Form.Item name="kind" label={t('i.kind')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'sample', label: t('i.kind.sample') },
            { value: 'look_back', label: t('i.kind.look_back') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('i.plan')}
        rules={[{ required: kind === 'sample', whitespace: true, message: t('c.required', { f: t('i.plan') }) }, { max: 100 }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('i.period')}
        extra={t('i.periodHint')}
        rules={[{ required: true, pattern: /^\d{4}(-\d{2}){0,2}$/, message: t('i.periodHint') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="templateId" label={t('i.template')}>
        <Select allowClear placeholder={t('i.templateDefault')} options={templates.map((tp) => ({ value: tp.id, label: tp.name }))} />
      </Form.Item>
      {kind === 'sample' ? (
        <>
          <Form.Item name="sampleSize" label={t('i.sampleSize')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1000} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="seed" label={t('i.seed')} extra={t('i.seedHint')} rules={[{ max: 64 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="placeId" label={t('i.scope')}>
            <PlaceSearch allowClear levels={SCOPE_LEVELS} />
          </Form.Item>
        </>
      ) : (
        <Form.Item
          name="compoundIds"
          label={t('i.compounds')}
          rules={[{ required: true, message: t('c.required', { f: t('i.compounds') }) }]}
        >
          <PlaceSearch multiple level="compound" placeholder={t('i.compoundsHint')} />
        </Form.Item>
      )}
    </FormModal>
  );
}


function TemplateForm({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, submit } = useFormSubmit<{
    name: string;
    description?: string;
    items: { item: string; criterion: string; weight: number }[];
  }>(form, async (v) => {
    await api.post('/api/inspection-templates', { name: v.name, description: v.description ?? '', items: v.items });
    void message.success(t('i.templateCreated'));
    onCreated();
  });
  return (
    <FormModal
      open={open}
      title={t('i.newTemplate')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      width={720}
      initialValues={{ items: [{ item: '', criterion: '', weight: 1 }] }}
    >
      <Form.Item
        name="name"
        label={t('i.templateName')}
        rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('i.templateName') }) }, { max: 100 }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('i.templateDesc')} rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <RowsField
        name="items"
        addLabel={t('i.addItem')}
        blank={{ item: '', criterion: '', weight: 1 }}
        columns={[
          { key: 'item', label: t('i.item'), rules: requiredText(t, t('i.item'), 100), input: <Input /> },
          { key: 'criterion', label: t('i.criterion'), rules: requiredText(t, t('i.criterion'), 100), input: <Input /> },
          { key: 'weight', label: t('i.weight'), rules: [{ required: true }], input: <InputNumber min={1} max={100} /> },
        ]}
      />
    </FormModal>
  );
}

function TemplateItems({ id }: { id: number }) {
  const t = useT();
  const detail = useAsync(() => api.get<TemplateDetail>(`/api/inspection-templates/${id}`), [id]);
  return (
    <Table
      rowKey="id"
      size="small"
      loading={detail.loading}
      pagination={false}
      dataSource={detail.data?.items ?? []}
      columns={[
        { title: t('i.item'), dataIndex: 'item' },
        { title: t('i.criterion'), dataIndex: 'criterion' },
        { title: t('i.weight'), dataIndex: 'weight', align: 'right' },
      ]}
    />
  );
}

export default function InspectionsPage() {
  const t = useT();
  const me = useMe();
  const [tab, setTab] = useSearchParam('tab', 'plans');
  const [dialog, setDialog] = useState<'plan' | 'template' | null>(null);
  const plans = useAsync(() => api.get<PlanRow[]>('/api/inspection-plans?limit=200'), []);
  const templates = useAsync(() => api.get<TemplateRow[]>('/api/inspection-templates'), []);
  const planner = canPlanInspections(me.role);

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('i.title')}
        </Typography.Title>
        <Space>
          <Button onClick={() => navigate('/supervision/inspections/mine')}>{t('nav.myInspections')}</Button>
          {planner ? (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('plan')}>
                {t('i.newPlan')}
              </Button>
              <Button icon={<PlusOutlined />} onClick={() => setDialog('template')}>
                {t('i.newTemplate')}
              </Button>
            </>
          ) : null}
        </Space>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'plans',
            label: t('i.plans'),
            children: plans.error ? (
              <LoadError error={plans.error} />
            ) : (
              <Table<PlanRow>
                rowKey="id"
                loading={plans.loading}
                dataSource={plans.data ?? []}
                aria-label={t('i.plans')}
                pagination={{ pageSize: 20, showSizeChanger: false }}
                columns={[
                  { title: t('i.plan'), render: (_, r) => <Link to={`/supervision/inspections/plans/${r.id}`}>{r.name}</Link> },
                  {
                    title: t('i.kind'),
                    width: 110,
                    render: (_, r) => (
                      <Tag color={r.kind === 'look_back' ? 'volcano' : 'blue'}>{t(`i.kind.${r.kind}` as SupervisionKey)}</Tag>
                    ),
                  },
                  { title: t('i.period'), dataIndex: 'period', width: 110 },
                  { title: t('i.template'), dataIndex: 'templateName', width: 160 },
                  {
                    title: t('i.seed'),
                    dataIndex: 'seed',
                    width: 180,
                    render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—'),
                  },
                  { title: t('c.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatTime(v) },
                ]}
              />
            ),
          },
          {
            key: 'templates',
            label: t('i.templates'),
            children: (
              <Table<TemplateRow>
                rowKey="id"
                loading={templates.loading}
                dataSource={templates.data ?? []}
                aria-label={t('i.templates')}
                pagination={false}
                expandable={{ expandedRowRender: (r) => <TemplateItems id={r.id} /> }}
                columns={[
                  { title: t('i.templateName'), dataIndex: 'name' },
                  { title: t('i.templateDesc'), dataIndex: 'description' },
                ]}
              />
            ),
          },
        ]}
      />
      <PlanForm open={dialog === 'plan'} onClose={() => setDialog(null)} templates={templates.data ?? []} />
      <TemplateForm
        open={dialog === 'template'}
        onClose={() => setDialog(null)}
        onCreated={() => {
          setDialog(null);
          templates.reload();
          setTab('templates');
        }}
      />
    </>
  );
}
