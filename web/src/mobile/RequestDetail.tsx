/**
 * One of my requests: where it stands on the road from 受理 to 办结, the public timeline, the
 * photos, and — when it is my turn — the rating form (or cancel while nobody has taken it yet).
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Image, Input, Radio, Result, Skeleton, Steps, Timeline, Typography } from 'antd';
import { RESOLUTIONS, SATISFACTIONS, type Status } from '../../../common/lifecycle';
import { ApiError } from '../lib/api';
import { getOrder, useAsync, type OrderDetailDto } from '../lib/data';
import { applyFormError } from '../lib/form-errors';
import { formatTime } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { actionName, nameOf, PHASE_NAMES, RESOLUTION_NAMES, SATISFACTION_NAMES, statusName } from '../lib/labels';
import { postAction } from '../lib/actions';
import { eventDetails } from '../lib/events';
import { StatusTag } from '../console/components/StatusTag';
import { MobileShell } from './Shell';

/** The resident's five steps; every status maps onto one. */
function stepOf(s: Status): number {
  switch (s) {
    case 'received':
      return 0;
    case 'dispatched':
    case 'return_requested':
      return 1;
    case 'handling':
    case 'replied':
      return 2;
    case 'callback':
    case 'judging':
      return 3;
    case 'closed':
    case 'cancelled':
    case 'merged':
      return 4;
  }
}

function RateForm({ order, onDone }: { order: OrderDetailDto; onDone: (o: OrderDetailDto) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ resolution: string; satisfaction: string; comment?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { resolution: string; satisfaction: string; comment?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const o = await postAction(order.id, 'rate', { version: order.version, resolution: v.resolution, satisfaction: v.satisfaction, comment: v.comment?.trim() || undefined });
      void message.success(t('m.thanks'));
      onDone(o);
    } catch (e) {
      setError(applyFormError(form, e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="gz-m-card" style={{ border: '1px solid #b71c1c' }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('m.rateTitle')}
      </Typography.Title>
      {error ? <Alert type="error" title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" name="m-rate" onFinish={(v) => void submit(v)}>
        <Form.Item name="resolution" label={t('rate.resolution')} rules={[{ required: true, message: t('rate.resolutionRequired') }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={RESOLUTIONS.map((r) => ({ value: r, label: nameOf(RESOLUTION_NAMES, r, lang) }))} />
        </Form.Item>
        <Form.Item name="satisfaction" label={t('rate.satisfaction')} rules={[{ required: true, message: t('rate.satisfactionRequired') }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={SATISFACTIONS.map((r) => ({ value: r, label: nameOf(SATISFACTION_NAMES, r, lang) }))} />
        </Form.Item>
        <Form.Item name="comment" label={t('rate.comment')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          {t('m.rateSubmit')}
        </Button>
      </Form>
    </div>
  );
}

function CancelForm({ order, onDone }: { order: OrderDetailDto; onDone: (o: OrderDetailDto) => void }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <Button block danger onClick={() => setOpen(true)} style={{ marginBottom: 12 }}>
        {actionName('cancel', lang)}
      </Button>
    );
  return (
    <div className="gz-m-card">
      {error ? <Alert type="error" title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        name="m-cancel"
        onFinish={(v) =>
          void postAction(order.id, 'cancel', { version: order.version, reason: v.reason.trim() }).then(onDone, (e: unknown) => setError(applyFormError(form, e, lang)))
        }
      >
        <Form.Item name="reason" label={t('action.cancelReason')} rules={[{ required: true, whitespace: true, message: t('action.noteRequired') }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Button danger htmlType="submit" block>
          {actionName('cancel', lang)}
        </Button>
      </Form>
    </div>
  );
}

export default function RequestDetail({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const loaded = useAsync(() => getOrder(id), [id]);
  const [order, setOrder] = useState<OrderDetailDto | null>(null);
  useEffect(() => {
    if (loaded.data) setOrder(loaded.data);
  }, [loaded.data]);

  if (loaded.error && !order) {
    const nf = loaded.error instanceof ApiError && loaded.error.code === 'not_found';
    return (
      <MobileShell title={t('m.detail')} back="/m/mine">
        <Result status={nf ? '404' : 'error'} title={nf ? t('detail.notFound') : loaded.error instanceof ApiError ? loaded.error.text(lang) : String(loaded.error)} />
      </MobileShell>
    );
  }
  if (!order) {
    return (
      <MobileShell title={t('m.detail')} back="/m/mine">
        <Skeleton active />
      </MobileShell>
    );
  }
  const status = order.status as Status;
  const step = stepOf(status);
  const ended = status === 'cancelled' || status === 'merged';
  const images = order.attachments.filter((a) => a.mime.startsWith('image/'));

  return (
    <MobileShell title={t('m.detail')} back="/m/mine">
      <div className="gz-m-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {order.title}
          </Typography.Title>
          <StatusTag status={order.status} />
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {order.number} · {formatTime(order.receivedAt)}
        </Typography.Text>
        <Steps
          size="small"
          current={step}
          status={ended ? 'error' : status === 'closed' ? 'finish' : 'process'}
          style={{ marginTop: 14 }}
          items={[
            { title: t('m.step.received') },
            { title: t('m.step.dispatched') },
            { title: t('m.step.handling') },
            { title: t('m.step.rating') },
            { title: ended ? statusName(status, lang) : t('m.step.closed') },
          ]}
          responsive={false}
          titlePlacement="vertical"
        />
      </div>
      {order.actions.includes('rate') ? <RateForm order={order} onDone={setOrder} /> : null}
      <div className="gz-m-card">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{order.description}</Typography.Paragraph>
        <Typography.Text type="secondary">
          {order.category?.name} · {order.placeLabel}
          {order.anonymous ? ` · ${t('intake.anonymous')}` : ''}
        </Typography.Text>
        {order.leadUnit ? (
          <div style={{ marginTop: 6 }}>
            <Typography.Text type="secondary">
              {t('order.leadUnit')}: {order.leadUnit.name}
            </Typography.Text>
          </div>
        ) : null}
        {images.length ? (
          <Image.PreviewGroup>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 10 }}>
              {images.map((a) => (
                <Image key={a.id} src={a.url} width={76} height={76} style={{ objectFit: 'cover', borderRadius: 4 }} alt={nameOf(PHASE_NAMES, a.phase, lang)} />
              ))}
            </div>
          </Image.PreviewGroup>
        ) : null}
      </div>
      <div className="gz-m-card">
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('m.progress')}
        </Typography.Title>
        <Timeline
          items={[...order.events].reverse().map((e) => ({
            key: e.id,
            color: e.toStatus === 'closed' ? 'green' : 'blue',
            content: (
              <div>
                <div style={{ color: '#888', fontSize: 12 }}>{formatTime(e.at)}</div>
                <strong>{actionName(e.action, lang)}</strong>
                {eventDetails(e, lang, t).map((l, i) => (
                  <div key={i} style={{ whiteSpace: 'pre-wrap', color: '#555' }}>
                    {l}
                  </div>
                ))}
              </div>
            ),
          }))}
        />
      </div>
      {order.actions.includes('cancel') ? <CancelForm order={order} onDone={setOrder} /> : null}
    </MobileShell>
  );
}
