/**
 * 受理登记: the form a hotline seat fills while on the phone. Beside it: possible duplicates
 * (same compound, similar words, last 30 days) and the lead unit routing would suggest; under the
 * category, the intake model's suggestions.
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Empty, Form, Input, Radio, Row, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { PRIORITIES } from '../../../../common/lifecycle';
import { api, ApiError, qs } from '../../lib/api';
import { getCategories, getPlace, getUnits, useAsync, type Category, type OrderDetailDto } from '../../lib/data';
import { applyFormError } from '../../lib/form-errors';
import { formatLimit, formatShortTime, isPhone } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { nameOf, PRIORITY_NAMES } from '../../lib/labels';
import { Link } from '../../lib/router';
import { suggestLead, type ClientSuggestion } from '../../lib/routing';
import { CategorySelect } from './CategorySelect';
import { BuildingSelect, CompoundSelect } from './PlacePicker';
import { LazyPhotoUpload } from './LazyPhotoUpload';
import { StatusTag } from './StatusTag';

const AttributeFields = lazy(() => import('./AttributeFields'));

interface IntakeValues {
  callerName?: string;
  callerPhone?: string;
  anonymous?: boolean;
  compoundId?: number;
  buildingId?: number;
  address?: string;
  categoryId?: number;
  priority: string;
  title?: string;
  description?: string;
  attachmentIds?: number[];
  attributes?: Record<string, unknown>;
}

/** A possible duplicate as /api/intake/similar answers it (read loosely while that endpoint lands). */
interface Similar {
  id: number;
  number?: string;
  title?: string;
  status?: string;
  receivedAt?: string;
  placeLabel?: string;
  placeName?: string | null;
  score?: number;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** Possible duplicates while typing; quietly absent if the endpoint is not there. */
function Duplicates({ placeId, text }: { placeId?: number; text: string }) {
  const { t } = useI18n();
  const q = useDebounced(text.trim(), 400);
  const [state, setState] = useState<{ items: Similar[]; unavailable: boolean; loading: boolean }>({ items: [], unavailable: false, loading: false });
  useEffect(() => {
    if (!placeId || q.length < 2) {
      setState((s) => ({ ...s, items: [], loading: false }));
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api
      .get<Similar[] | { items: Similar[] }>(`/api/intake/similar${qs({ placeId, q: q.slice(0, 100) })}`)
      .then((r) => live && setState({ items: Array.isArray(r) ? r : (r.items ?? []), unavailable: false, loading: false }))
      .catch((e: unknown) => live && setState({ items: [], unavailable: e instanceof ApiError && (e.missingRoute || e.status === 404 || e.status === 400), loading: false }));
    return () => {
      live = false;
    };
  }, [placeId, q]);

  return (
    <Card size="small" title={t('intake.duplicates')} loading={state.loading} style={{ marginBottom: 16 }}>
      {state.unavailable ? (
        <Typography.Text type="secondary">{t('intake.duplicatesUnavailable')}</Typography.Text>
      ) : !placeId || q.length < 2 ? (
        <Typography.Text type="secondary">{t('intake.duplicatesHint')}</Typography.Text>
      ) : state.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.noDuplicates')} />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('intake.duplicates')}>
          {state.items.map((o) => (
            <li key={o.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Link to={`/orders/${o.id}`} target="_blank">
                {o.title ?? o.number ?? `#${o.id}`}
              </Link>
              <div>
                {o.status ? <StatusTag status={o.status} /> : null}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {o.number} {o.placeName ?? o.placeLabel ?? ''} {o.receivedAt ? formatShortTime(o.receivedAt) : ''}
                  {typeof o.score === 'number' ? ` · ${t('intake.similarity', { n: Math.round(o.score * 100) })}` : ''}
                </Typography.Text>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Suggestion({ categoryId, placeId }: { categoryId?: number; placeId?: number }) {
  const { t, lang } = useI18n();
  const [s, setS] = useState<ClientSuggestion[] | null>(null);
  useEffect(() => {
    let live = true;
    if (!categoryId || !placeId) {
      setS(null);
      return;
    }
    Promise.all([getCategories(), getUnits(), getPlace(placeId)])
      .then(([cats, units, p]) => {
        const chain = [...p.ancestors.filter((a) => a.id !== p.place.id), { id: p.place.id, name: p.place.name }].reverse();
        if (live) setS(suggestLead(categoryId, chain, cats, units));
      })
      .catch(() => live && setS([]));
    return () => {
      live = false;
    };
  }, [categoryId, placeId]);
  const best = s?.[0];
  return (
    <Card size="small" title={t('intake.suggestedLead')}>
      {!categoryId || !placeId ? (
        <Typography.Text type="secondary">{t('intake.suggestionHint')}</Typography.Text>
      ) : !best ? (
        <Typography.Text type="secondary">{s ? t('dispatch.noSuggestion') : '…'}</Typography.Text>
      ) : (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong>{best.unit.name}</Typography.Text>
          <Typography.Text type="secondary">
            {lang === 'en'
              ? `${best.via.name} is served by ${best.unit.name} (${best.unit.kindNameEn})`
              : `${best.via.name}由${best.unit.name}负责（${best.unit.kindName}）`}
          </Typography.Text>
          {best.unit.phone ? <Typography.Text type="secondary">☎ {best.unit.phone}</Typography.Text> : null}
        </Space>
      )}
    </Card>
  );
}

/** The intake model's answer (POST /api/intake/suggest). */
interface CategoryAdvice {
  suggestionId: number | null;
  confident: boolean;
  categories: { id: number; name: string; score: number }[];
}

/**
 * Category suggestions from the district's own history while the seat types; one click takes one.
 * What the seat finally chooses is reported back, so corrections train the next model.
 */
function CategorySuggestions({ text, placeId, onPick, onAdvice }: { text: string; placeId?: number; onPick: (id: number) => void; onAdvice: (a: CategoryAdvice | null) => void }) {
  const { t } = useI18n();
  const q = useDebounced(text.trim(), 500);
  const [advice, setAdvice] = useState<CategoryAdvice | null>(null);
  useEffect(() => {
    if (q.length < 4) {
      setAdvice(null);
      onAdvice(null);
      return;
    }
    let live = true;
    const [title, ...rest] = q.split(' ');
    api
      .post<CategoryAdvice>('/api/intake/suggest', { title: (title ?? '').slice(0, 100), description: rest.join(' ').slice(0, 4000), ...(placeId ? { placeId } : {}) })
      .then((a) => {
        if (!live) return;
        setAdvice(a);
        onAdvice(a);
      })
      .catch(() => live && setAdvice(null));
    return () => {
      live = false;
    };
    // onAdvice is a state setter of the parent: stable.
  }, [q, placeId]);
  if (!advice || !advice.categories.length) return null;
  return (
    <div style={{ marginTop: -12, marginBottom: 16 }} aria-label={t('intake.categorySuggestions')}>
      <Typography.Text type="secondary" style={{ marginRight: 8 }}>
        {advice.confident ? t('intake.categorySuggested') : t('intake.categoryUnsure')}
      </Typography.Text>
      {advice.categories.map((c) => (
        <Tag.CheckableTag key={c.id} checked={false} onChange={() => onPick(c.id)}>
          {c.name} {Math.round(c.score * 100)}%
        </Tag.CheckableTag>
      ))}
    </div>
  );
}

export function IntakeForm({ onCreated, createdExtra }: { onCreated?: (o: OrderDetailDto) => void; createdExtra?: (o: OrderDetailDto) => ReactNode }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<IntakeValues>();
  const categories = useAsync(getCategories, []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<OrderDetailDto | null>(null);
  const [advice, setAdvice] = useState<CategoryAdvice | null>(null);
  const idemKey = useRef(crypto.randomUUID());

  const compoundId = Form.useWatch('compoundId', form);
  const buildingId = Form.useWatch('buildingId', form);
  const categoryId = Form.useWatch('categoryId', form);
  const title = Form.useWatch('title', form) ?? '';
  const description = Form.useWatch('description', form) ?? '';
  const anonymous = Form.useWatch('anonymous', form);
  const priority = Form.useWatch('priority', form) ?? 'normal';
  const placeId = buildingId ?? compoundId;
  const category: Category | undefined = useMemo(() => categories.data?.find((c) => c.id === categoryId), [categories.data, categoryId]);

  const submit = async (v: IntakeValues) => {
    setBusy(true);
    setError(null);
    const attributes: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v.attributes ?? {})) {
      if (val === undefined || val === null || val === '' || (Array.isArray(val) && val.length === 0)) continue;
      attributes[k] = dayjs.isDayjs(val) ? (val as Dayjs).toISOString() : val;
    }
    const body = {
      title: (v.title ?? '').trim(),
      description: (v.description ?? '').trim(),
      categoryId: v.categoryId,
      placeId: v.buildingId ?? v.compoundId,
      priority: v.priority,
      address: v.address?.trim() || undefined,
      callerName: v.callerName?.trim() || undefined,
      callerPhone: v.callerPhone?.trim() || undefined,
      anonymous: v.anonymous || undefined,
      attachmentIds: v.attachmentIds?.length ? v.attachmentIds : undefined,
      attributes: Object.keys(attributes).length ? attributes : undefined,
    };
    try {
      const o = await api.post<OrderDetailDto>('/api/work-orders', body, { headers: { 'idempotency-key': idemKey.current } });
      idemKey.current = crypto.randomUUID();
      setCreated(o);
      if (advice?.suggestionId) {
        // Accepted or corrected, the choice is logged; a failure here must not bother the seat.
        api.post(`/api/intake/suggestions/${advice.suggestionId}/outcome`, { categoryId: o.category?.id ?? v.categoryId, orderId: o.id }).catch(() => undefined);
      }
      void message.success(t('intake.created', { number: o.number }));
      form.resetFields();
      onCreated?.(o);
    } catch (e) {
      setError(applyFormError(form, e, lang, { placeId: 'compoundId' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Card title={t('intake.title')}>
          {created ? (
            <Alert
              type="success"
              showIcon
              closable={{ onClose: () => setCreated(null) }}
              style={{ marginBottom: 16 }}
              title={
                <span>
                  {t('intake.createdShort')} <Link to={`/orders/${created.id}`}>{created.number}</Link> {created.title}
                </span>
              }
              action={createdExtra?.(created)}
            />
          ) : null}
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
          <Form<IntakeValues> form={form} layout="vertical" name="intake" initialValues={{ priority: 'normal' }} onFinish={(v) => void submit(v)}>
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item name="callerName" label={t('intake.callerName')} rules={[{ max: 50 }]}>
                  <Input maxLength={50} disabled={anonymous} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="callerPhone"
                  label={t('intake.callerPhone')}
                  rules={[{ validator: (_, v: string | undefined) => (!v || isPhone(v) ? Promise.resolve() : Promise.reject(new Error(t('intake.phoneInvalid')))) }]}
                >
                  <Input inputMode="tel" maxLength={20} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="anonymous" label={t('intake.privacy')} valuePropName="checked">
                  <Checkbox>{t('intake.anonymous')}</Checkbox>
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="compoundId" label={t('place.compound')} rules={[{ required: true, message: t('place.compoundRequired') }]}>
                  <CompoundSelect onChange={() => form.setFieldValue('buildingId', undefined)} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="buildingId" label={t('place.building')}>
                  <BuildingSelect compoundId={compoundId} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="address" label={t('intake.address')} rules={[{ max: 200 }]}>
                  <Input maxLength={200} placeholder={t('intake.addressHint')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item name="categoryId" label={t('order.category')} rules={[{ required: true, message: t('category.required') }]}>
                  <CategorySelect categories={categories.data} />
                </Form.Item>
                <CategorySuggestions text={`${title} ${description}`} placeId={placeId} onPick={(id) => form.setFieldValue('categoryId', id)} onAdvice={setAdvice} />
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="priority" label={t('order.priority')}>
                  <Radio.Group optionType="button" options={PRIORITIES.map((p) => ({ value: p, label: nameOf(PRIORITY_NAMES, p, lang) }))} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name="title"
              label={t('intake.subject')}
              rules={[
                { required: true, whitespace: true, message: t('intake.subjectRequired') },
                { min: 2, max: 100, message: t('intake.subjectLength') },
              ]}
            >
              <Input maxLength={100} showCount placeholder={t('intake.subjectHint')} />
            </Form.Item>
            <Form.Item name="description" label={t('intake.description')} rules={[{ required: true, whitespace: true, message: t('intake.descriptionRequired') }, { max: 4000 }]}>
              <Input.TextArea rows={4} maxLength={4000} showCount />
            </Form.Item>
            {category?.fields.length ? (
              <Suspense fallback={null}>
                <AttributeFields fields={category.fields} />
              </Suspense>
            ) : null}
            <Form.Item name="attachmentIds" label={t('action.photos')} extra={t('photo.upTo9')}>
              <LazyPhotoUpload />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('intake.submit')}
              </Button>
              <Button htmlType="button" onClick={() => form.resetFields()}>
                {t('common.reset')}
              </Button>
              {category ? <Tag>{t('intake.slaHint', { sla: formatLimit(category.sla.find((s) => s.priority === priority)?.resolution, lang) })}</Tag> : null}
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Duplicates placeId={compoundId} text={`${title} ${description}`} />
        <Suggestion categoryId={categoryId} placeId={placeId} />
      </Col>
    </Row>
  );
}
