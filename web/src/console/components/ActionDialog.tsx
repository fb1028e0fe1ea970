/**
 * One small form per lifecycle action, in a dialog. The body matches ACTION_BODIES in
 * common/api.ts and always carries the order's version; field errors from the API land under
 * their field, a version conflict asks the user to reload.
 */
import { useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import { Alert, App, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { RESOLUTIONS, RETURN_REASONS, SATISFACTIONS, type Action } from '../../../../common/lifecycle';
import { api, ApiError, qs } from '../../lib/api';
import { postAction } from '../../lib/actions';
import { getUnits, useAsync, type OrderDetailDto, type OrderList, type Unit } from '../../lib/data';
import { applyFormError } from '../../lib/form-errors';
import { formatTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { actionName, CONTACT_METHOD_NAMES, nameOf, RESOLUTION_NAMES, RETURN_REASON_NAMES, SATISFACTION_NAMES } from '../../lib/labels';
import { useMessages } from '../../lib/local-messages';
import { INTAKE_MESSAGES, unitReason, type UnitAdvice } from '../../lib/routing';
import { useRemoteSearch } from '../../lib/search';
import { PhotoUpload } from './PhotoUpload';

/** What the dialog needs to know about the order. */
export interface ActionTarget {
  id: number;
  version: number;
  number: string;
  title: string;
  resolutionDueAt?: string | null;
  extensionRequestedUntil?: string | null;
  leadUnit?: { id: number; name: string } | null;
  coUnits?: { id: number; name: string }[];
}

const NOTE_MAX = 2000;

function NoteField({ required, label, name = 'note' }: { required?: boolean; label?: string; name?: string }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name={name}
      label={label ?? t('action.note')}
      rules={[{ required, whitespace: true, message: t('action.noteRequired') }, { max: NOTE_MAX }]}
    >
      <Input.TextArea rows={3} maxLength={NOTE_MAX} showCount />
    </Form.Item>
  );
}

/** The unit suggestion shown in the dialog: its log row (to record what was chosen) and the units, best first. */
interface DialogRoute {
  routeId: number | null;
  units: UnitAdvice[];
}

/**
 * The lead unit the server suggests, with its reason — the same advice as the intake form's: what
 * dispatchers chose for the last similar orders, then coverage. Logged as shown; the unit chosen is
 * recorded after the action, so an override is learned by the next suggestion. Without the intake
 * permission it falls back to the order's read-only suggestion.
 */
function useDialogRoute(orderId: number) {
  return useAsync<DialogRoute>(
    () =>
      api.post<{ routeId: number; units: UnitAdvice[] }>(`/api/intake/orders/${orderId}/route`, {}).catch((e: unknown) => {
        if (!(e instanceof ApiError) || e.status !== 403) throw e;
        return api.get<UnitAdvice[]>(`/api/work-orders/${orderId}/unit-suggestions`).then((units) => ({ routeId: null, units }));
      }),
    [orderId],
  );
}

function UnitFields({ order, noteRequired, routeRef }: { order: ActionTarget; noteRequired: boolean; routeRef: MutableRefObject<number | null> }) {
  const { t, lang } = useI18n();
  const m = useMessages(INTAKE_MESSAGES);
  const form = Form.useFormInstance();
  const units = useAsync(getUnits, []);
  const route = useDialogRoute(order.id);
  const suggested = route.data?.units;
  const best = suggested?.[0];
  const lead = Form.useWatch<number | undefined>('leadUnitId', form);

  useEffect(() => {
    routeRef.current = route.data?.routeId ?? null;
    return () => {
      routeRef.current = null;
    };
  }, [route.data, routeRef]);

  useEffect(() => {
    if (best && form.getFieldValue('leadUnitId') === undefined) form.setFieldValue('leadUnitId', best.unitId);
  }, [best, form]);

  const options = useMemo(() => {
    const list: Unit[] = units.data ?? [];
    const advised = route.data?.units ?? [];
    const suggestedIds = new Set(advised.map((s) => s.unitId));
    const byKind = new Map<string, Unit[]>();
    for (const u of list) {
      const k = lang === 'en' ? u.kindNameEn : u.kindName;
      byKind.set(k, [...(byKind.get(k) ?? []), u]);
    }
    const groups = [...byKind].map(([kind, us]) => ({ label: kind, title: kind, options: us.map((u) => ({ value: u.id, label: u.name })) }));
    if (suggestedIds.size) {
      groups.unshift({
        label: t('dispatch.suggested'),
        title: t('dispatch.suggested'),
        options: advised.map((s) => ({ value: s.unitId, label: `${s.name} ★` })),
      });
      for (const g of groups.slice(1)) g.options = g.options.filter((o) => !suggestedIds.has(o.value));
    }
    return groups;
  }, [units.data, route.data, lang, t]);

  return (
    <>
      {best ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          role="group"
          aria-label={t('dispatch.suggestedLead')}
          title={
            <Space size={4} wrap>
              <span>
                {t('dispatch.suggestedLead')}: <strong>{best.name}</strong>
              </span>
              <Tag color={best.learned ? 'purple' : 'blue'}>{best.learned ? m('learned') : m('coverage')}</Tag>
            </Space>
          }
          description={
            <>
              <div>{unitReason(best, lang)}</div>
              {lead !== undefined && lead !== best.unitId ? <Typography.Text type="warning">{m('overridden')}</Typography.Text> : null}
            </>
          }
        />
      ) : suggested ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('dispatch.noSuggestion')} />
      ) : null}
      <Form.Item name="leadUnitId" label={t('dispatch.lead')} rules={[{ required: true, message: t('dispatch.leadRequired') }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={options} loading={units.loading} placeholder={t('dispatch.leadPick')} />
      </Form.Item>
      <Form.Item
        name="coUnitIds"
        label={t('dispatch.co')}
        dependencies={['leadUnitId']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, v: number[] | undefined) =>
              v?.includes(getFieldValue('leadUnitId') as number) ? Promise.reject(new Error(t('dispatch.coNotLead'))) : Promise.resolve(),
          }),
          { type: 'array', max: 10 },
        ]}
      >
        <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={options} placeholder={t('dispatch.coPick')} />
      </Form.Item>
      <NoteField required={noteRequired} />
    </>
  );
}

function MergeTarget({ order }: { order: ActionTarget }) {
  const { t } = useI18n();
  const found = useRemoteSearch((q) => api.get<OrderList>(`/api/work-orders${qs({ q, status: 'received,dispatched,handling,replied', pageSize: 20 })}`).then((r) => r.items));
  const options = found.items.filter((o) => o.id !== order.id).map((o) => ({ value: o.id, label: `${o.number} ${o.title}` }));
  return (
    <Form.Item name="targetId" label={t('action.mergeTarget')} rules={[{ required: true, message: t('action.mergeTargetRequired') }]}>
      <Select showSearch={{ filterOption: false, onSearch: found.search }} options={options} loading={found.loading} placeholder={t('action.mergeSearch')} notFoundContent={found.notFound(t('place.typeToSearch'))} />
    </Form.Item>
  );
}

/** The fields of one action's form. Exhaustive: a new action in the table must get its form here. */
function ActionFields({ action, order, routeRef }: { action: Action; order: ActionTarget; routeRef: MutableRefObject<number | null> }) {
  const { t, lang } = useI18n();
  switch (action) {
    case 'dispatch':
      return <UnitFields order={order} noteRequired={false} routeRef={routeRef} />;
    case 'transfer':
      return <UnitFields order={order} noteRequired routeRef={routeRef} />;
    case 'answer_directly':
      return (
        <Form.Item name="reply" label={t('action.replyText')} rules={[{ required: true, whitespace: true, message: t('action.replyRequired') }, { max: 4000 }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
      );
    case 'request_return':
      return (
        <>
          <Form.Item name="reason" label={t('action.returnReason')} rules={[{ required: true, message: t('action.returnReasonRequired') }]}>
            <Radio.Group options={RETURN_REASONS.map((r) => ({ value: r, label: nameOf(RETURN_REASON_NAMES, r, lang) }))} />
          </Form.Item>
          <NoteField required label={t('action.returnExplain')} />
        </>
      );
    case 'contact':
      return (
        <>
          <Form.Item name="method" label={t('action.contactMethod')} initialValue="phone">
            <Radio.Group options={(['phone', 'visit', 'message'] as const).map((m) => ({ value: m, label: nameOf(CONTACT_METHOD_NAMES, m, lang) }))} />
          </Form.Item>
          <NoteField />
        </>
      );
    case 'request_extension':
      return (
        <>
          {order.resolutionDueAt ? (
            <Typography.Paragraph type="secondary">
              {t('action.currentDue')}: {formatTime(order.resolutionDueAt)}
            </Typography.Paragraph>
          ) : null}
          <Form.Item
            name="until"
            label={t('action.extendUntil')}
            rules={[
              { required: true, message: t('action.extendUntilRequired') },
              {
                validator: (_, v: Dayjs | undefined) =>
                  v && order.resolutionDueAt && !v.isAfter(dayjs(order.resolutionDueAt)) ? Promise.reject(new Error(t('action.extendAfterDue'))) : Promise.resolve(),
              },
            ]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
          <NoteField required name="reason" label={t('action.extendReason')} />
        </>
      );
    case 'approve_extension':
    case 'reject_extension':
      return (
        <>
          {order.extensionRequestedUntil ? (
            <Alert
              type="info"
              style={{ marginBottom: 16 }}
              title={`${t('action.requestedUntil')}: ${formatTime(order.extensionRequestedUntil)}（${t('action.currentDue')} ${formatTime(order.resolutionDueAt)}）`}
            />
          ) : null}
          <NoteField />
        </>
      );
    case 'reply':
      return (
        <>
          <Form.Item name="text" label={t('action.replyText')} rules={[{ required: true, whitespace: true, message: t('action.replyRequired') }, { max: 4000 }]}>
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
          <Form.Item name="attachmentIds" label={t('action.afterPhotos')} extra={t('photo.upTo9')}>
            <PhotoUpload />
          </Form.Item>
        </>
      );
    case 'reject_reply':
      return <NoteField required label={t('action.rejectReplyWhy')} />;
    case 'redo':
      return <NoteField required label={t('action.redoWhy')} />;
    case 'rate':
      return (
        <>
          <Form.Item name="resolution" label={t('rate.resolution')} rules={[{ required: true, message: t('rate.resolutionRequired') }]}>
            <Radio.Group options={RESOLUTIONS.map((r) => ({ value: r, label: nameOf(RESOLUTION_NAMES, r, lang) }))} />
          </Form.Item>
          <Form.Item name="satisfaction" label={t('rate.satisfaction')} rules={[{ required: true, message: t('rate.satisfactionRequired') }]}>
            <Radio.Group options={SATISFACTIONS.map((r) => ({ value: r, label: nameOf(SATISFACTION_NAMES, r, lang) }))} />
          </Form.Item>
          <NoteField name="comment" label={t('rate.comment')} />
        </>
      );
    case 'cancel':
      return <NoteField required name="reason" label={t('action.cancelReason')} />;
    case 'merge':
      return <MergeTarget order={order} />;
    case 'reverify':
      return (
        <>
          <Form.Item name="outcome" label={t('action.reverifyOutcome')} rules={[{ required: true, message: t('action.reverifyRequired') }]}>
            <Radio.Group
              options={[
                { value: 'confirmed', label: t('action.reverifyConfirmed') },
                { value: 'not_resolved', label: t('action.reverifyNotResolved') },
              ]}
            />
          </Form.Item>
          <NoteField />
        </>
      );
    case 'comment':
      return (
        <>
          <NoteField required name="text" label={t('action.commentText')} />
          <Form.Item name="public" valuePropName="checked">
            <Checkbox>{t('action.commentPublic')}</Checkbox>
          </Form.Item>
          <Form.Item name="attachmentIds" label={t('action.photos')} extra={t('photo.upTo9')}>
            <PhotoUpload />
          </Form.Item>
        </>
      );
    case 'accept':
    case 'approve_return':
    case 'reject_return':
    case 'urge':
    case 'supervise':
    case 'approve_reply':
    case 'close':
      return <NoteField />;
  }
}

/** Turns form values into the action's body (dates to ISO, empty notes dropped). */
function toBody(action: Action, version: number, v: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = { version };
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined || val === null || (typeof val === 'string' && val.trim() === '')) continue;
    if (Array.isArray(val) && val.length === 0) continue;
    body[k] = dayjs.isDayjs(val) ? val.toISOString() : typeof val === 'string' ? val.trim() : val;
  }
  if (action === 'comment' && body.public === undefined) body.public = false;
  return body;
}

const DANGER: readonly Action[] = ['cancel', 'reject_reply', 'reject_return', 'reject_extension', 'redo'];

export function ActionDialog(props: { action: Action | null; order: ActionTarget; onClose: () => void; onDone: (o: OrderDetailDto) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The unit suggestion the dialog showed (dispatch, transfer): what was chosen is recorded against it. */
  const routeRef = useRef<number | null>(null);
  const { action, order } = props;

  useEffect(() => {
    if (action) {
      form.resetFields();
      setError(null);
    }
  }, [action, form]);

  const submit = async () => {
    if (!action) return;
    let values: Record<string, unknown>;
    try {
      values = (await form.validateFields()) as Record<string, unknown>;
    } catch {
      return; // the form shows what is missing
    }
    setBusy(true);
    setError(null);
    try {
      const updated = await postAction(order.id, action, toBody(action, order.version, values) as never);
      const routeId = routeRef.current;
      if (routeId && typeof values.leadUnitId === 'number') {
        // The unit chosen against the suggestion shown: an override is learned by the next suggestion.
        void api.post(`/api/intake/routes/${routeId}/outcome`, { unitId: values.leadUnitId, orderId: order.id }).catch(() => undefined);
      }
      void message.success(t('action.done', { action: actionName(action, lang) }));
      props.onDone(updated);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'version_conflict') setError(e.text(lang));
      else setError(applyFormError(form, e, lang, { until: 'until', text: 'text', note: 'note' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={action !== null}
      title={
        action ? (
          <Space>
            {actionName(action, lang)}
            <Tag>{order.number}</Tag>
          </Space>
        ) : null
      }
      okText={action ? actionName(action, lang) : t('common.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, danger: action ? DANGER.includes(action) : false }}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
      width={560}
    >
      <Typography.Paragraph ellipsis style={{ marginBottom: 12 }}>
        {order.title}
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      {action ? (
        <Form form={form} layout="vertical" name={`action-${action}`} onFinish={() => void submit()}>
          <ActionFields action={action} order={order} routeRef={routeRef} />
        </Form>
      ) : null}
    </Modal>
  );
}
