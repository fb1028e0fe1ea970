/** 治理问题: the problems (groups of orders with one root cause) in the user's area, and naming a new one. */
import { Form, Input } from 'antd';
import { api, qs } from '../../../lib/api';
import { getCategories, useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { Link, navigate, useSearchParam } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { CategorySelect } from '../../components/CategorySelect';
import { PlaceFields, SubmitModal, requiredText } from './fields';
import { CompoundFilter, ListWithCreate } from './ListWithCreate';
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

interface ProblemValues {
  title: string;
  description?: string;
  compoundId: number;
  buildingId?: number;
  categoryId?: number;
}

/** Names a problem at a place; also used to adopt a monthly-topic candidate. */
export function ProblemForm(props: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: number) => void;
  initial?: { title?: string; compound?: { value: number; label: string }; categoryId?: number | null };
}) {
  const t = useT();
  return (
    <SubmitModal<ProblemValues, { id: number }>
      open={props.open}
      title={t('p.new')}
      onClose={props.onClose}
      success={t('p.created')}
      send={(v) =>
        api.post<{ id: number }>('/api/problems', {
          title: v.title,
          description: v.description ?? '',
          placeId: v.buildingId ?? v.compoundId,
          categoryId: v.categoryId ?? null,
        })
      }
      onDone={(p) => props.onCreated(p.id)}
      aliases={{ placeId: 'compoundId' }}
      initialValues={{
        title: props.initial?.title,
        compoundId: props.initial?.compound?.value,
        categoryId: props.initial?.categoryId ?? undefined,
      }}
    >
      <Form.Item name="title" label={t('p.name')} rules={requiredText(t, t('p.name'), 200)}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('p.description')} rules={[{ max: 4000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <PlaceFields initialCompound={props.initial?.compound} />
    </SubmitModal>
  );
}

export default function ProblemsPage() {
  const t = useT();
  const me = useMe();
  const categories = useAsync(getCategories, []);
  const [place] = useSearchParam('placeId', '');
  const [category, setCategory] = useSearchParam('categoryId', '');
  return (
    <ListWithCreate<ProblemRow>
      title={t('p.title')}
      createLabel={t('p.new')}
      canCreate={canWriteProblems(me.role)}
      url={`/api/problems${qs({ placeId: place, categoryId: category, limit: 200 })}`}
      filters={
        <>
          <CompoundFilter id="problems-place" />
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
        </>
      }
      create={(p) => <ProblemForm {...p} onCreated={(id) => navigate(`/supervision/problems/${id}`)} />}
      pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('c.total', { n }) }}
      columns={() => [
        { title: '#', dataIndex: 'id', width: 70 },
        { title: t('p.name'), render: (_, r) => <Link to={`/supervision/problems/${r.id}`}>{r.title}</Link> },
        { title: t('c.place'), dataIndex: 'placeName', width: 160 },
        { title: t('c.category'), dataIndex: 'categoryName', width: 140, render: (v: string | null) => v ?? '—' },
        { title: t('p.orderCount'), dataIndex: 'orderCount', width: 100, align: 'right' },
        { title: t('c.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatTime(v) },
      ]}
    />
  );
}
