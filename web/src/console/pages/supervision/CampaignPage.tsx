/**
 * 专项行动详情: the task force, progress and counted quantities by place and in total, and each
 * point (点位) with its status, before/after photos and quantities; a point is updated in place
 * and closed into a patrol route so the result holds.
 */
import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { api } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { Link } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { LazyPhotoUpload } from '../../components/LazyPhotoUpload';
import { BuildingSelect, CompoundSelect } from '../../components/PlacePicker';
import { FormModal, useFormSubmit } from './fields';
import { canWriteLedger, LoadError, PhotoStrip, useT, type SKey } from './shared';

interface Kind {
  code: string;
  name: string;
  unit: string;
}
interface Tally {
  points: number;
  pending: number;
  inProgress: number;
  done: number;
  percent: number;
  quantities: Record<string, number>;
}
interface Point {
  id: number;
  name: string;
  description: string;
  placeName: string;
  unitName: string | null;
  status: 'pending' | 'in_progress' | 'done';
  quantities: Record<string, number>;
  photos: { id: number; phase: string; url: string }[];
  checkpointId: number | null;
  version: number;
}
interface Campaign {
  id: number;
  name: string;
  description: string;
  startsOn: string | null;
  endsOn: string | null;
  quantityKinds: Kind[];
  units: { unitId: number; name: string; role: string }[];
  coordinator: { name: string } | null;
  points: Point[];
  byPlace: ({ placeId: number; placeName: string } & Tally)[];
  totals: Tally;
}

const STATUS_COLOR = { pending: 'default', in_progress: 'blue', done: 'green' } as const;

function PointDialog({
  campaign,
  point,
  mode,
  onClose,
  onDone,
}: {
  campaign: Campaign;
  point: Point;
  mode: 'update' | 'close';
  onClose: () => void;
  onDone: (c: Campaign) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const routes = useAsync(
    () => (mode === 'close' ? api.get<{ id: number; name: string }[]>('/api/patrol-routes?limit=500') : Promise.resolve([])),
    [mode],
  );
  const { busy, submit } = useFormSubmit<{
    status?: 'pending' | 'in_progress';
    note?: string;
    quantities?: Record<string, number | null>;
    beforePhotos?: number[];
    afterPhotos?: number[];
    routeId?: number;
  }>(form, async (v) => {
    const quantities = Object.fromEntries(Object.entries(v.quantities ?? {}).filter(([, n]) => typeof n === 'number')) as Record<
      string,
      number
    >;
    const c =
      mode === 'update'
        ? await api.patch<Campaign>(`/api/campaigns/${campaign.id}/points/${point.id}`, {
            ...(v.status ? { status: v.status } : {}),
            ...(v.note ? { note: v.note } : {}),
            quantities,
            ...(v.beforePhotos?.length ? { beforePhotos: v.beforePhotos } : {}),
            ...(v.afterPhotos?.length ? { afterPhotos: v.afterPhotos } : {}),
            version: point.version,
          })
        : await api.post<Campaign>(`/api/campaigns/${campaign.id}/points/${point.id}/close`, {
            routeId: v.routeId,
            quantities,
            ...(v.afterPhotos?.length ? { afterPhotos: v.afterPhotos } : {}),
            ...(v.note ? { note: v.note } : {}),
          });
    void message.success(mode === 'update' ? t('cp.updated') : t('cp.closed'));
    onDone(c);
  });
  return (
    <FormModal
      open
      title={`${mode === 'update' ? t('cp.update') : t('cp.close')} · ${point.name}`}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      initialValues={{
        status: point.status === 'done' ? undefined : point.status === 'pending' ? 'in_progress' : point.status,
        quantities: point.quantities,
      }}
    >
      {mode === 'update' ? (
        <Form.Item name="status" label={t('cp.status')}>
          <Select options={(['pending', 'in_progress'] as const).map((s) => ({ value: s, label: t(`cp.st.${s}` as SKey) }))} />
        </Form.Item>
      ) : (
        <Form.Item
          name="routeId"
          label={t('cp.closeRoute')}
          rules={[{ required: true, message: t('c.required', { f: t('cp.closeRoute') }) }]}
        >
          <Select options={(routes.data ?? []).map((r) => ({ value: r.id, label: r.name }))} loading={routes.loading} />
        </Form.Item>
      )}
      {campaign.quantityKinds.map((k) => (
        <Form.Item key={k.code} name={['quantities', k.code]} label={`${k.name}（${k.unit}）`}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      ))}
      {mode === 'update' ? (
        <Form.Item name="beforePhotos" label={t('cp.before')}>
          <LazyPhotoUpload />
        </Form.Item>
      ) : null}
      <Form.Item name="afterPhotos" label={t('cp.after')}>
        <LazyPhotoUpload />
      </Form.Item>
      <Form.Item name="note" label={t('cp.note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}

function AddPoint({ campaign, onDone }: { campaign: Campaign; onDone: (c: Campaign) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const compoundId = Form.useWatch('compoundId', form) as number | undefined;
  const { busy, submit } = useFormSubmit<{ name: string; compoundId: number; buildingId?: number }>(
    form,
    async (v) => {
      onDone(await api.post<Campaign>(`/api/campaigns/${campaign.id}/points`, { name: v.name, placeId: v.buildingId ?? v.compoundId }));
      form.resetFields();
      void message.success(t('cp.pointAdded'));
    },
    { placeId: 'compoundId' },
  );
  return (
    <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 8, marginTop: 12 }} aria-label={t('cp.addPoint')}>
      <Form.Item
        name="name"
        label={t('cp.point')}
        rules={[{ required: true, whitespace: true, message: t('c.required', { f: t('cp.point') }) }, { max: 200 }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="compoundId"
        label={t('c.compound')}
        rules={[{ required: true, message: t('c.required', { f: t('c.compound') }) }]}
        style={{ minWidth: 220 }}
      >
        <CompoundSelect />
      </Form.Item>
      <Form.Item name="buildingId" label={t('c.building')} style={{ minWidth: 200 }}>
        <BuildingSelect compoundId={compoundId} />
      </Form.Item>
      <Button htmlType="submit" loading={busy}>
        {t('cp.addPoint')}
      </Button>
    </Form>
  );
}

export default function CampaignPage({ id }: { id: number }) {
  const t = useT();
  const me = useMe();
  const loaded = useAsync(() => api.get<Campaign>(`/api/campaigns/${id}`), [id]);
  const [c, setC] = useState<Campaign | null>(null);
  const [dialog, setDialog] = useState<{ point: Point; mode: 'update' | 'close' } | null>(null);
  useEffect(() => {
    if (loaded.data) setC(loaded.data);
  }, [loaded.data]);
  if (loaded.error && !c) return <LoadError error={loaded.error} back="/supervision/campaigns" />;
  if (!c) return <Skeleton active />;
  const writer = canWriteLedger(me.role);
  const progressor = writer || me.role === 'handler';
  const qty = (q: Record<string, number>) => c.quantityKinds.map((k) => `${k.name} ${q[k.code] ?? 0}${k.unit}`).join('，') || '—';
  const tallyColumns = [
    { title: t('cp.points'), render: (_: unknown, r: Tally) => `${r.done}/${r.points}` },
    { title: t('cp.progress'), width: 180, render: (_: unknown, r: Tally) => <Progress percent={r.percent} size="small" /> },
    ...c.quantityKinds.map((k) => ({
      title: `${k.name}（${k.unit}）`,
      align: 'right' as const,
      render: (_: unknown, r: Tally) => r.quantities[k.code] ?? 0,
    })),
  ];
  return (
    <>
      <Typography.Text type="secondary">
        <Link to="/supervision/campaigns">{t('cp.title')}</Link>
      </Typography.Text>
      <Typography.Title level={3} style={{ marginTop: 4 }}>
        {c.name}
      </Typography.Title>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { label: t('cp.description'), children: c.description || '—' },
                { label: t('cp.period'), children: c.startsOn ? `${c.startsOn} ~ ${c.endsOn ?? ''}` : '—' },
                { label: t('cp.coordinator'), children: c.coordinator?.name ?? '—' },
                {
                  label: t('cp.units'),
                  children:
                    c.units
                      .filter((u) => u.role !== 'coordinator')
                      .map((u) => u.name)
                      .join('、') || '—',
                },
                { label: t('cp.totals'), children: qty(c.totals.quantities) },
              ]}
            />
            <Progress percent={c.totals.percent} format={() => `${c.totals.done}/${c.totals.points}`} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('cp.byPlace')} style={{ marginBottom: 16 }}>
            <Table
              rowKey="placeId"
              size="small"
              pagination={false}
              dataSource={c.byPlace}
              aria-label={t('cp.byPlace')}
              columns={[{ title: t('c.place'), dataIndex: 'placeName' }, ...tallyColumns]}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('cp.points')}>
        <Table<Point>
          rowKey="id"
          size="small"
          dataSource={c.points}
          pagination={{ pageSize: 20 }}
          aria-label={t('cp.points')}
          columns={[
            { title: t('cp.point'), dataIndex: 'name' },
            { title: t('c.place'), dataIndex: 'placeName', width: 140 },
            {
              title: t('cp.status'),
              width: 90,
              render: (_, p) => <Tag color={STATUS_COLOR[p.status]}>{t(`cp.st.${p.status}` as SKey)}</Tag>,
            },
            { title: t('cp.kinds'), render: (_, p) => qty(p.quantities) },
            {
              title: `${t('cp.before')} / ${t('cp.after')}`,
              render: (_, p) => (
                <Space>
                  <PhotoStrip photos={p.photos.filter((x) => x.phase === 'before')} alt={`${p.name} ${t('cp.before')}`} />
                  <PhotoStrip photos={p.photos.filter((x) => x.phase === 'after')} alt={`${p.name} ${t('cp.after')}`} />
                </Space>
              ),
            },
            {
              title: '',
              width: 220,
              render: (_, p) =>
                p.status === 'done' ? null : (
                  <Space>
                    {progressor ? (
                      <Button
                        size="small"
                        onClick={() => setDialog({ point: p, mode: 'update' })}
                        aria-label={`${t('cp.update')} ${p.name}`}
                      >
                        {t('cp.update')}
                      </Button>
                    ) : null}
                    {writer ? (
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => setDialog({ point: p, mode: 'close' })}
                        aria-label={`${t('cp.close')} ${p.name}`}
                      >
                        {t('cp.close')}
                      </Button>
                    ) : null}
                  </Space>
                ),
            },
          ]}
        />
        {writer ? <AddPoint campaign={c} onDone={setC} /> : null}
      </Card>
      {dialog ? (
        <PointDialog
          campaign={c}
          point={dialog.point}
          mode={dialog.mode}
          onClose={() => setDialog(null)}
          onDone={(next) => {
            setDialog(null);
            setC(next);
          }}
        />
      ) : null}
    </>
  );
}
