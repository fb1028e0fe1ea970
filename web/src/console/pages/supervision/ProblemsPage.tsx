/** 治理问题: the problems (groups of orders with one root cause) in the user's area, and naming a new one. */
import { useState } from 'react';
import { App, Card, Form, Input } from 'antd';
import { api, qs } from '../../../lib/api';
import { getCategories, useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { Link, navigate, useSearchParam } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { CategorySelect } from '../../components/CategorySelect';
import { CompoundSelect } from '../../components/PlacePicker';
import { AsyncTable, FormModal, PageHead, PlaceFields, useFormSubmit } from './fields';
import { canWriteProblems, useT } from './shared';

export interface ProblemRow {
  id: number;
  title: string;
  placeId: number;
  placeName: string;
  categoryId: number | null;
  categoryName: string | null;
  orderCount: number;
  createdAt: string;
}

/** Names a problem at a place; also used to adopt a monthly-topic candidate. */
export function ProblemForm(props: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: number) => void;
  initial?: { title?: string; compound?: { value: number; label: string }; categoryId?: number | null };
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, submit } = useFormSubmit<{
    title: string;
    description?: string;
    compoundId: number;
    buildingId?: number;
    categoryId?: number;
  }>(
    form,
    async (v) => {
      const p = await api.post<{ id: number }>('/api/problems', {
        title: v.title,
        description: v.description ?? '',
        placeId: v.buildingId ?? v.compoundId,
        categoryId: v.categoryId ?? null,
      });
      void message.success(t('p.created'));
      props.onCreated(p.id);
    },
    { placeId: 'compoundId' },
  );
  return (
    <FormModal
      open={props.open}
      title={t('p.new')}
      form={form}
      busy={busy}
      onClose={props.onClose}
      onFinish={submit}
      initialValues={{
        title: props.initial?.title,
        compoundId: props.initial?.compound?.value,
        categoryId: props.initial?.categoryId ?? undefined,
      }}
    >
      <Form.Item
        name="title"
        label={t('p.name')}
        rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('p.name') }) }, { max: 200 }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('p.description')} rules={[{ max: 4000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <PlaceFields form={form} initialCompound={props.initial?.compound} />
    </FormModal>
  );
}

export default function ProblemsPage() {
  const t = useT();
  const me = useMe();
  const categories = useAsync(getCategories, []);
  const [place, setPlace] = useSearchParam('placeId', '');
  const [category, setCategory] = useSearchParam('categoryId', '');
  const [creating, setCreating] = useState(false);
  const list = useAsync(
    () => api.get<ProblemRow[]>(`/api/problems${qs({ placeId: place, categoryId: category, limit: 200 })}`),
    [place, category],
  );
  return (
    <>
      <PageHead title={t('p.title')} createLabel={t('p.new')} onCreate={canWriteProblems(me.role) ? () => setCreating(true) : undefined} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('c.compound')} htmlFor="problems-place" style={{ minWidth: 260 }}>
            <CompoundSelect
              id="problems-place"
              value={place ? Number(place) : undefined}
              allowClear
              onChange={(v) => setPlace(v ? String(v) : '')}
            />
          </Form.Item>
          <Form.Item label={t('c.category')} htmlFor="problems-category" style={{ minWidth: 240 }}>
            <CategorySelect
              id="problems-category"
              categories={categories.data}
              withParents
              allowClear
              value={category ? Number(category) : undefined}
              onChange={(v) => setCategory(v ? String(v) : '')}
            />
          </Form.Item>
        </Form>
      </Card>
      <AsyncTable<ProblemRow>
        state={list}
        label={t('p.title')}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('c.total', { n }) }}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('p.name'), render: (_, r) => <Link to={`/supervision/problems/${r.id}`}>{r.title}</Link> },
          { title: t('c.place'), dataIndex: 'placeName', width: 160 },
          { title: t('c.category'), dataIndex: 'categoryName', width: 140, render: (v: string | null) => v ?? '—' },
          { title: t('p.orderCount'), dataIndex: 'orderCount', width: 100, align: 'right' },
          { title: t('c.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatTime(v) },
        ]}
      />
      <ProblemForm open={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/supervision/problems/${id}`)} />
    </>
  );
}
