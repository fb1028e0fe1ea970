/**
 * 受理登记: the form a hotline seat fills while on the phone. Beside it: possible duplicates
 * (open orders and problems of the compound, similar words) with one action each, and the lead
 * unit the server suggests with its reason, which the seat may change; under the category, the
 * intake model's suggestions. What the seat chose is reported back so both suggestions learn.
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Empty, Form, Input, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { PRIORITIES } from '../../../../common/lifecycle';
import { api, ApiError } from '../../lib/api';
import { getCategories, getUnits, useAsync, type Category, type OrderDetailDto } from '../../lib/data';
import { applyFormError } from '../../lib/form-errors';
import { formatLimit, formatShortTime, isPhone } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { nameOf, PRIORITY_NAMES } from '../../lib/labels';
import { Link } from '../../lib/router';
import { useMessages } from '../../lib/local-messages';
import { fetchDuplicates, fetchRoute, INTAKE_MESSAGES, recordOutcome, unitReason, type SimilarOrder, type SimilarProblem, type UnitAdvice } from '../../lib/routing';
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

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

const scoreTag = (score: number, t: ReturnType<typeof useI18n>['t']) => <Tag color={score >= 0.6 ? 'red' : score >= 0.35 ? 'orange' : 'default'}>{t('intake.similarity', { n: Math.round(score * 100) })}</Tag>;

/**
 * Possible duplicates: open orders of the same compound (last 30 days) and its open problems, each
 * with a similarity score, and one action on each — merge into that order, or attach to that problem.
 * Used while typing (the action first registers the call), after saving and on the order detail.
 */
export function DuplicatesPanel(p: {
  placeId?: number | undefined;
  text: string;
  excludeId?: number | undefined;
  title?: string;
  /** label of the order and problem buttons; no button when the handler is missing */
  onMerge?: ((o: SimilarOrder) => Promise<void>) | undefined;
  onAttach?: ((pr: SimilarProblem) => Promise<void>) | undefined;
  mergeLabel?: string;
  attachLabel?: string;
  refreshKey?: number;
}) {
  const { t } = useI18n();
  const m = useMessages(INTAKE_MESSAGES);
  const q = useDebounced(p.text.trim(), 400);
  const [state, setState] = useState<{ orders: SimilarOrder[]; problems: SimilarProblem[]; unavailable: boolean; loading: boolean }>({ orders: [], problems: [], unavailable: false, loading: false });
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    if (!p.placeId || q.length < 2) {
      setState((s) => ({ ...s, orders: [], problems: [], loading: false }));
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    fetchDuplicates(p.placeId, q, p.excludeId)
      .then((r) => live && setState({ orders: r.orders, problems: r.problems, unavailable: false, loading: false }))
      .catch((e: unknown) => live && setState({ orders: [], problems: [], unavailable: e instanceof ApiError && e.status === 403, loading: false }));
    return () => {
      live = false;
    };
  }, [p.placeId, q, p.excludeId, p.refreshKey]);

  const run = async (key: string, fn: () => Promise<void>) => {
    setBusy(key);
    try {
      await fn();
    } finally {
      setBusy(null);
    }
  };
  const rowStyle = { padding: '6px 0', borderBottom: '1px solid #f0f0f0' };
  return (
    <Card size="small" title={p.title ?? t('intake.duplicates')} loading={state.loading} style={{ marginBottom: 16 }}>
      {state.unavailable ? (
        <Typography.Text type="secondary">{t('intake.duplicatesUnavailable')}</Typography.Text>
      ) : !p.placeId || q.length < 2 ? (
        <Typography.Text type="secondary">{t('intake.duplicatesHint')}</Typography.Text>
      ) : state.orders.length === 0 && state.problems.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m('none')} />
      ) : (
        <>
          {state.orders.length ? (
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('intake.duplicates')}>
              {state.orders.map((o) => (
                <li key={o.id} style={rowStyle}>
                  <Link to={`/orders/${o.id}`} target="_blank">
                    {o.title}
                  </Link>
                  <div>
                    <StatusTag status={o.status} />
                    {scoreTag(o.score, t)}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {o.number} {o.placeName ?? ''} {formatShortTime(o.receivedAt)}
                    </Typography.Text>
                  </div>
                  {p.onMerge ? (
                    <Button size="small" style={{ marginTop: 4 }} loading={busy === `o${o.id}`} disabled={busy !== null} onClick={() => void run(`o${o.id}`, () => p.onMerge!(o))} aria-label={`${p.mergeLabel ?? m('mergeInto')} ${o.number}`}>
                      {p.mergeLabel ?? m('mergeInto')}
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {state.problems.length ? (
            <>
              <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
                {m('problems')}
              </Typography.Text>
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={m('problems')}>
                {state.problems.map((pr) => (
                  <li key={pr.id} style={rowStyle}>
                    <Typography.Text>{pr.title}</Typography.Text>
                    <div>
                      {scoreTag(pr.score, t)}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {pr.placeName ?? ''} · {m('problemOrders', { n: pr.orderCount })}
                      </Typography.Text>
                    </div>
                    {p.onAttach ? (
                      <Button size="small" style={{ marginTop: 4 }} loading={busy === `p${pr.id}`} disabled={busy !== null} onClick={() => void run(`p${pr.id}`, () => p.onAttach!(pr))} aria-label={`${p.attachLabel ?? m('attach')} ${pr.title}`}>
                        {p.attachLabel ?? m('attach')}
                      </Button>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </Card>
  );
}

/** Folds a saved order into a duplicate: the lifecycle's merge, or a link to the problem. */
export async function mergeOrder(order: { id: number; version: number }, target: { id: number }) {
  return api.post<OrderDetailDto>(`/api/work-orders/${order.id}/merge`, { version: order.version, targetId: target.id });
}
export async function attachToProblem(order: { id: number }, problem: { id: number }) {
  await api.post(`/api/problems/${problem.id}/orders`, { orderIds: [order.id] });
}

/**
 * The lead unit the server suggests for the category at the place, with its reason (coverage, and
 * what dispatchers chose for the last similar orders); the seat may choose another — recorded on
 * saving, and learned by the next suggestion.
 */
function UnitSuggestion(p: {
  categoryId?: number | undefined;
  placeId?: number | undefined;
  suggestionId: number | null;
  value?: number | undefined;
  onRoute: (r: { routeId: number; units: UnitAdvice[] } | null) => void;
  onChange: (unitId: number | undefined) => void;
  routeId: number | null;
}) {
  const { t, lang } = useI18n();
  const m = useMessages(INTAKE_MESSAGES);
  const [units, setUnits] = useState<UnitAdvice[] | null>(null);
  const allUnits = useAsync(getUnits, []);
  const routeRef = useRef<number | null>(p.routeId);
  routeRef.current = p.routeId;
  const topRef = useRef<number | undefined>(undefined);
  const { categoryId, placeId, suggestionId, onRoute, onChange } = p;
  useEffect(() => {
    let live = true;
    if (!categoryId || !placeId) {
      setUnits(null);
      topRef.current = undefined;
      return;
    }
    fetchRoute({ categoryId, placeId, ...(suggestionId ? { suggestionId } : {}), ...(routeRef.current ? { routeId: routeRef.current } : {}) })
      .then((r) => {
        if (!live) return;
        setUnits(r.units);
        onRoute(r);
        // A new suggestion replaces the choice; the same one again keeps what the seat chose.
        if (r.units[0]?.unitId !== topRef.current) onChange(r.units[0]?.unitId);
        topRef.current = r.units[0]?.unitId;
      })
      .catch(() => live && setUnits([]));
    return () => {
      live = false;
    };
    // onRoute and onChange are the parent's stable setters.
  }, [categoryId, placeId, suggestionId]);
  const best = units?.[0];
  const options = useMemo(() => {
    const listed = new Set((units ?? []).map((u) => u.unitId));
    return [
      ...(units ?? []).map((u) => ({ value: u.unitId, label: u.name })),
      ...(allUnits.data ?? []).filter((u) => !listed.has(u.id)).map((u) => ({ value: u.id, label: u.name })),
    ];
  }, [units, allUnits.data]);
  return (
    <Card size="small" title={t('intake.suggestedLead')}>
      {!categoryId || !placeId ? (
        <Typography.Text type="secondary">{t('intake.suggestionHint')}</Typography.Text>
      ) : units === null ? (
        <Typography.Text type="secondary">…</Typography.Text>
      ) : (
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          {best ? (
            <div aria-label={t('intake.suggestedLead')} role="group">
              <Space size={4} wrap>
                <Typography.Text strong>{best.name}</Typography.Text>
                <Tag color={best.learned ? 'purple' : 'blue'}>{best.learned ? m('learned') : m('coverage')}</Tag>
              </Space>
              <div>
                <Typography.Text type="secondary">{unitReason(best, lang)}</Typography.Text>
              </div>
            </div>
          ) : (
            <Typography.Text type="secondary">{m('noUnit')}</Typography.Text>
          )}
          <label htmlFor="intake-lead-unit">{m('leadUnit')}</label>
          <Select<number>
            id="intake-lead-unit"
            value={p.value}
            onChange={(v) => onChange(v)}
            options={options}
            showSearch={{ optionFilterProp: 'label' }}
            allowClear
            style={{ width: '100%' }}
            placeholder={m('leadUnitHint')}
          />
          {best && p.value && p.value !== best.unitId ? <Typography.Text type="warning">{m('overridden')}</Typography.Text> : null}
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
    const previous = advice?.suggestionId;
    api
      .post<CategoryAdvice>('/api/intake/suggest', {
        title: (title ?? '').slice(0, 100),
        description: rest.join(' ').slice(0, 4000),
        ...(placeId ? { placeId } : {}),
        // One intake, one log row: the suggestion is updated while the seat types on.
        ...(previous ? { suggestionId: previous } : {}),
      })
      .then((a) => {
        if (!live) return;
        setAdvice(a);
        onAdvice(a);
      })
      .catch(() => live && setAdvice(null));
    return () => {
      live = false;
    };
    // onAdvice is a state setter of the parent: stable; advice is read, not followed.
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
  const [route, setRoute] = useState<{ routeId: number; units: UnitAdvice[] } | null>(null);
  const [leadUnitId, setLeadUnitId] = useState<number | undefined>(undefined);
  /** A duplicate action chosen before saving: register the call, then merge or attach it. */
  const fold = useRef<{ merge?: SimilarOrder; attach?: SimilarProblem } | null>(null);
  const [foldedKey, setFoldedKey] = useState(0);
  const idemKey = useRef(crypto.randomUUID());
  const m = useMessages(INTAKE_MESSAGES);

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
      // Accepted or corrected, the choices are logged; a failure here must not bother the seat.
      await recordOutcome({ suggestionId: advice?.suggestionId ?? null, routeId: route?.routeId ?? null, categoryId: o.category?.id ?? v.categoryId!, ...(leadUnitId ? { unitId: leadUnitId } : {}), orderId: o.id }).catch(() => undefined);
      const chosen = fold.current;
      fold.current = null;
      let shown = o;
      try {
        if (chosen?.merge) {
          shown = await mergeOrder(o, chosen.merge);
          void message.success(m('merged', { number: chosen.merge.number }));
        } else if (chosen?.attach) {
          await attachToProblem(o, chosen.attach);
          void message.success(m('attached', { title: chosen.attach.title }));
        } else void message.success(t('intake.created', { number: o.number }));
      } catch (e) {
        // The order is registered either way; the seat can still fold it from the panel after saving.
        void message.warning(`${t('intake.created', { number: o.number })} — ${e instanceof ApiError ? e.text(lang) : String(e)}`);
      }
      setCreated(shown);
      form.resetFields();
      setRoute(null);
      setLeadUnitId(undefined);
      onCreated?.(shown);
    } catch (e) {
      fold.current = null;
      setError(applyFormError(form, e, lang, { placeId: 'compoundId' }));
    } finally {
      setBusy(false);
    }
  };

  /** Registers the call and folds it into the chosen duplicate, in one click. */
  const saveAnd = (chosen: { merge?: SimilarOrder; attach?: SimilarProblem }) => {
    fold.current = chosen;
    form.submit();
    return Promise.resolve();
  };
  /** After saving: fold the order just registered into a duplicate. */
  const foldCreated = async (chosen: { merge?: SimilarOrder; attach?: SimilarProblem }) => {
    if (!created) return;
    try {
      if (chosen.merge) {
        setCreated(await mergeOrder(created, chosen.merge));
        void message.success(m('merged', { number: chosen.merge.number }));
      } else if (chosen.attach) {
        await attachToProblem(created, chosen.attach);
        void message.success(m('attached', { title: chosen.attach.title }));
      }
      setFoldedKey((k) => k + 1);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };
  const typed = `${title} ${description}`.trim();

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
          <Form<IntakeValues>
            form={form}
            layout="vertical"
            name="intake"
            initialValues={{ priority: 'normal' }}
            onFinish={(v) => void submit(v)}
            onFinishFailed={() => {
              fold.current = null;
            }}
          >
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
        {typed || !created ? (
          <DuplicatesPanel
            placeId={compoundId}
            text={typed}
            onMerge={(o) => saveAnd({ merge: o })}
            onAttach={(pr) => saveAnd({ attach: pr })}
            mergeLabel={m('saveAndMerge')}
            attachLabel={m('saveAndAttach')}
          />
        ) : (
          <DuplicatesPanel
            title={m('afterSave')}
            placeId={created.place?.id}
            text={`${created.title} ${created.description}`}
            excludeId={created.id}
            refreshKey={foldedKey}
            {...(created.actions.includes('merge') ? { onMerge: (o: SimilarOrder) => foldCreated({ merge: o }) } : {})}
            {...(created.status !== 'merged' ? { onAttach: (pr: SimilarProblem) => foldCreated({ attach: pr }) } : {})}
          />
        )}
        <UnitSuggestion
          categoryId={categoryId}
          placeId={placeId}
          suggestionId={advice?.suggestionId ?? null}
          routeId={route?.routeId ?? null}
          value={leadUnitId}
          onRoute={setRoute}
          onChange={setLeadUnitId}
        />
      </Col>
    </Row>
  );
}
