/**
 * 巡查线路: its checkpoints, today's sheet (each checkpoint 正常 or 发现隐患 with note, photo and a
 * category so the hazard becomes a work order at once) and the recent records with their orders.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Radio, Skeleton, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api } from '../../../lib/api';
import { getCategories, useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { Link } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import AttributeFields from '../../components/AttributeFields';
import { CategorySelect } from '../../components/CategorySelect';
import { LazyPhotoUpload } from '../../components/LazyPhotoUpload';
import { useWeekdays } from './PatrolsPage';
import { errorText, LoadError, PhotoStrip, useT } from './shared';

interface PatrolRecord {
  id: number;
  checkpointId: number;
  day: string;
  outcome: 'ok' | 'hazard';
  note: string;
  orderId: number | null;
  orderNumber: string | null;
  recordedByName: string;
  recordedAt: string;
  photos: { id: number; url: string }[];
}
interface RouteDetail {
  id: number;
  name: string;
  weekdays: string;
  active: boolean;
  teamName: string;
  checkpoints: {
    id: number;
    kind: string;
    kindName: string;
    name: string;
    placeName: string;
    categoryId: number | null;
    campaignPointId: number | null;
  }[];
  day: {
    day: string;
    scheduled: boolean;
    done: number;
    missed: number;
    sheet: { checkpointId: number; name: string; kind: string; record: PatrolRecord | null }[];
  };
  recent: PatrolRecord[];
}
interface Entry {
  outcome?: 'ok' | 'hazard';
  note?: string;
  attachmentIds?: number[];
  categoryId?: number;
  /** The hazard category's extra fields, as the order create body's attributes. */
  attributes?: Record<string, unknown>;
}

/** Filled category fields as the API takes them: date pickers as ISO text, empty ones left out. */
function attributesOf(values: Record<string, unknown> | undefined): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values ?? {})) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    out[k] = dayjs.isDayjs(v) ? v.toISOString() : v;
  }
  return Object.keys(out).length ? out : null;
}

export default function PatrolRoutePage({ id }: { id: number }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const weekdays = useWeekdays();
  const categories = useAsync(getCategories, []);
  const loaded = useAsync(() => api.get<RouteDetail>(`/api/patrol-routes/${id}`), [id]);
  const [route, setRoute] = useState<RouteDetail | null>(null);
  const [entries, setEntries] = useState<Record<number, Entry>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data) setRoute(loaded.data);
  }, [loaded.data]);
  if (loaded.error && !route) return <LoadError error={loaded.error} back="/supervision/patrols" />;
  if (!route) return <Skeleton active />;
  const recorder = ['supervisor', 'admin', 'inspector'].includes(me.role);
  const set = (cp: number, patch: Entry) => {
    setProblem(null);
    setEntries((e) => ({ ...e, [cp]: { ...e[cp], ...patch } }));
  };
  const open = route.day.sheet.filter((s) => !s.record);
  const submit = async () => {
    const results = open
      .filter((s) => entries[s.checkpointId]?.outcome)
      .map((s) => {
        const e = entries[s.checkpointId]!;
        const attributes = e.outcome === 'hazard' ? attributesOf(e.attributes) : null;
        return {
          checkpointId: s.checkpointId,
          outcome: e.outcome!,
          ...(e.note?.trim() ? { note: e.note.trim() } : {}),
          ...(e.attachmentIds?.length ? { attachmentIds: e.attachmentIds } : {}),
          ...(e.outcome === 'hazard' && e.categoryId ? { categoryId: e.categoryId } : {}),
          ...(attributes ? { attributes } : {}),
        };
      });
    if (!results.length) return setProblem(t('pt.nothing'));
    setBusy(true);
    try {
      setRoute(await api.post<RouteDetail>(`/api/patrol-routes/${route.id}/records`, { results }));
      setEntries({});
      void message.success(t('pt.recorded'));
    } catch (e) {
      setProblem(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const cpName = (cid: number) => route.checkpoints.find((c) => c.id === cid)?.name ?? `#${cid}`;

  return (
    <div style={{ maxWidth: 960 }}>
      <Typography.Text type="secondary">
        <Link to="/supervision/patrols">{t('pt.title')}</Link> · {route.teamName} · {weekdays(route.weekdays)}
      </Typography.Text>
      <Typography.Title level={3} style={{ marginTop: 4 }}>
        {route.name}
      </Typography.Title>
      <Card
        size="small"
        title={t('pt.todaySheet', { d: route.day.day })}
        style={{ marginBottom: 16 }}
        extra={
          <Space>
            <Tag color="green">
              {t('pt.done')} {route.day.done}
            </Tag>
            {route.day.missed ? (
              <Tag color="red">
                {t('pt.missed')} {route.day.missed}
              </Tag>
            ) : null}
          </Space>
        }
      >
        {!route.day.scheduled ? <Alert type="info" title={t('pt.notScheduled')} style={{ marginBottom: 8 }} /> : null}
        {route.day.sheet.map((s) => {
          const e = entries[s.checkpointId] ?? {};
          const cp = route.checkpoints.find((c) => c.id === s.checkpointId);
          const hazardCategory = e.categoryId ?? cp?.categoryId ?? null;
          const hazardFields = (hazardCategory && categories.data?.find((c) => c.id === hazardCategory)?.fields) || [];
          return (
            <fieldset
              key={s.checkpointId}
              aria-label={s.name}
              style={{ border: 0, borderBottom: '1px solid #f0f0f0', padding: '8px 0', margin: 0 }}
            >
              <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
                <span>
                  <Tag>{cp?.kindName ?? s.kind}</Tag>
                  {s.name}
                </span>
                {s.record ? (
                  <Space>
                    <Tag color={s.record.outcome === 'ok' ? 'green' : 'red'}>{s.record.outcome === 'ok' ? t('pt.ok') : t('pt.hazard')}</Tag>
                    {s.record.orderId ? <Link to={`/orders/${s.record.orderId}`}>{s.record.orderNumber}</Link> : null}
                  </Space>
                ) : recorder ? (
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    value={e.outcome}
                    onChange={(ev) => set(s.checkpointId, { outcome: ev.target.value as 'ok' | 'hazard' })}
                    options={[
                      { value: 'ok', label: t('pt.ok') },
                      { value: 'hazard', label: t('pt.hazard') },
                    ]}
                  />
                ) : null}
              </Space>
              {!s.record && e.outcome === 'hazard' ? (
                <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
                  <Input.TextArea
                    rows={2}
                    value={e.note}
                    onChange={(ev) => set(s.checkpointId, { note: ev.target.value })}
                    aria-label={`${s.name} ${t('c.note')}`}
                    placeholder={t('c.note')}
                  />
                  {!cp?.categoryId ? (
                    <div role="group" aria-label={`${s.name} ${t('pt.hazardCategory')}`}>
                      <CategorySelect
                        categories={categories.data}
                        value={e.categoryId}
                        onChange={(v) => set(s.checkpointId, { categoryId: v, attributes: undefined })}
                        placeholder={t('pt.hazardCategory')}
                      />
                    </div>
                  ) : null}
                  {hazardFields.length ? (
                    <Form
                      key={hazardCategory}
                      layout="vertical"
                      role="group"
                      aria-label={`${s.name} ${t('pt.hazardFields')}`}
                      onValuesChange={(_, all: { attributes?: Record<string, unknown> }) => set(s.checkpointId, { attributes: all.attributes })}
                    >
                      <AttributeFields fields={hazardFields} />
                    </Form>
                  ) : null}
                  <div role="group" aria-label={`${s.name} ${t('c.photos')}`}>
                    <LazyPhotoUpload value={e.attachmentIds} onChange={(ids) => set(s.checkpointId, { attachmentIds: ids })} />
                  </div>
                </Space>
              ) : null}
            </fieldset>
          );
        })}
        {problem ? <Alert type="error" showIcon role="alert" title={problem} style={{ margin: '12px 0' }} /> : null}
        {recorder && open.length ? (
          <Button type="primary" loading={busy} onClick={() => void submit()} style={{ marginTop: 12 }}>
            {t('pt.record')}
          </Button>
        ) : null}
      </Card>
      <Card size="small" title={t('pt.recent')}>
        <Table<PatrolRecord>
          rowKey="id"
          size="small"
          dataSource={route.recent}
          pagination={{ pageSize: 20 }}
          aria-label={t('pt.recent')}
          columns={[
            { title: t('pt.day'), dataIndex: 'day', width: 110 },
            { title: t('pt.checkpoint'), render: (_, r) => cpName(r.checkpointId) },
            {
              title: t('cp.status'),
              width: 100,
              render: (_, r) => <Tag color={r.outcome === 'ok' ? 'green' : 'red'}>{r.outcome === 'ok' ? t('pt.ok') : t('pt.hazard')}</Tag>,
            },
            {
              title: t('c.note'),
              render: (_, r) => (
                <>
                  {r.note}
                  <PhotoStrip photos={r.photos} alt={cpName(r.checkpointId)} />
                </>
              ),
            },
            {
              title: t('pt.order'),
              width: 150,
              render: (_, r) => (r.orderId ? <Link to={`/orders/${r.orderId}`}>{r.orderNumber}</Link> : '—'),
            },
            { title: t('pt.recordedBy'), width: 160, render: (_, r) => `${r.recordedByName} · ${formatTime(r.recordedAt).slice(11)}` },
          ]}
        />
      </Card>
    </div>
  );
}
