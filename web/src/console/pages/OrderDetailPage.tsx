/**
 * 工单详情: what was asked, where, by whom; every deadline; before/after photos; the full timeline
 * of events; exactly the action buttons the API says this user may use now; and, for the desk, the
 * open orders and problems that may be the same issue, merged or attached in one click.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Image, Result, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { EnvironmentOutlined, LockOutlined } from '@ant-design/icons';
import type { Action } from '../../../../common/lifecycle';
import { ApiError } from '../../lib/api';
import { getOrder, getPlace, useAsync, type OrderDetailDto } from '../../lib/data';
import { formatLimit, formatTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { eventDetails } from '../../lib/events';
import {
  actionName,
  CHANNEL_NAMES,
  nameOf,
  PHASE_NAMES,
  PRIORITY_NAMES,
  RESOLUTION_NAMES,
  roleName,
  SATISFACTION_NAMES,
  statusName,
} from '../../lib/labels';
import { navigate } from '../../lib/router';
import { LazyActionDialog } from '../components/LazyActionDialog';
import { attachToProblem, DuplicatesPanel, mergeOrder } from '../components/IntakeForm';
import { useMessages } from '../../lib/local-messages';
import { INTAKE_MESSAGES } from '../../lib/routing';
import { useSession } from '../../lib/session';
import { Countdown } from '../components/Countdown';
import { FlagTags, StatusTag } from '../components/StatusTag';

function Photos({ order }: { order: OrderDetailDto }) {
  const { t, lang } = useI18n();
  const images = order.attachments.filter((a) => a.mime.startsWith('image/'));
  const files = order.attachments.filter((a) => !a.mime.startsWith('image/'));
  if (order.attachments.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noPhotos')} />;
  const phases = ['before', 'after', 'other'].filter((ph) => images.some((a) => a.phase === ph));
  return (
    <Image.PreviewGroup>
      {phases.map((ph) => (
        <div key={ph} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{nameOf(PHASE_NAMES, ph, lang)}</Typography.Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 6 }}>
            {images
              .filter((a) => a.phase === ph)
              .map((a) => (
                <Image key={a.id} src={a.url} width={104} height={104} style={{ objectFit: 'cover', borderRadius: 4 }} alt={`${nameOf(PHASE_NAMES, ph, lang)} ${a.originalName ?? a.id}`} />
              ))}
          </div>
        </div>
      ))}
      {files.map((a) => (
        <div key={a.id}>
          <a href={a.url} target="_blank" rel="noreferrer">
            {a.originalName ?? `#${a.id}`}
          </a>
        </div>
      ))}
    </Image.PreviewGroup>
  );
}

function Location({ order }: { order: OrderDetailDto }) {
  const { t } = useI18n();
  const place = useAsync(() => (order.place ? getPlace(order.place.id) : Promise.resolve(null)), [order.place?.id]);
  const chain = place.data ? place.data.ancestors.map((a) => a.name).join(' / ') : order.placeLabel;
  return (
    <Space orientation="vertical" size={4}>
      <span>
        <EnvironmentOutlined /> {chain}
      </span>
      {order.address ? <span>{order.address}</span> : null}
      {order.lat !== null && order.lng !== null ? (
        <a
          href={`https://uri.amap.com/marker?position=${order.lng},${order.lat}&coordinate=wgs84&name=${encodeURIComponent(order.placeLabel)}`}
          target="_blank"
          rel="noreferrer"
        >
          {order.lat.toFixed(5)}, {order.lng.toFixed(5)} · {t('detail.openMap')}
        </a>
      ) : null}
    </Space>
  );
}

function Attributes({ order }: { order: OrderDetailDto }) {
  const attrs = (order.attributes ?? {}) as Record<string, unknown>;
  const entries = Object.entries(attrs);
  if (!entries.length) return null;
  return (
    <>
      {entries.map(([k, v]) => (
        <Tag key={k}>
          {k}: {Array.isArray(v) ? v.join('、') : String(v)}
        </Tag>
      ))}
    </>
  );
}

/** Roles that take requests and fold duplicates (the API decides in the end). */
const DESK_ROLES = ['dispatcher', 'supervisor', 'admin', 'inspector'];
const OPEN = ['received', 'dispatched', 'handling', 'return_requested'];

/** After saving: open orders and problems that may be the same issue, with merge / attach in one click. */
function OrderDuplicates({ order, onChanged }: { order: OrderDetailDto; onChanged: (o: OrderDetailDto) => void }) {
  const { lang } = useI18n();
  const m = useMessages(INTAKE_MESSAGES);
  const { message } = App.useApp();
  const [key, setKey] = useState(0);
  const act = async (fn: () => Promise<void>) => {
    try {
      await fn();
      setKey((k) => k + 1);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };
  return (
    <DuplicatesPanel
      title={m('detailDuplicates')}
      placeId={order.place?.id}
      text={`${order.title} ${order.description}`}
      excludeId={order.id}
      refreshKey={key}
      {...(order.actions.includes('merge')
        ? {
            onMerge: (o) =>
              act(async () => {
                onChanged(await mergeOrder(order, o));
                void message.success(m('merged', { number: o.number }));
              }),
          }
        : {})}
      onAttach={(pr) =>
        act(async () => {
          await attachToProblem(order, pr);
          void message.success(m('attached', { title: pr.title }));
        })
      }
    />
  );
}

export default function OrderDetailPage({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const [order, setOrder] = useState<OrderDetailDto | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const loaded = useAsync(() => getOrder(id), [id]);
  const { me } = useSession();

  useEffect(() => {
    if (loaded.data) setOrder(loaded.data);
  }, [loaded.data]);

  useEffect(() => {
    if (order) document.title = `${order.number} · ${t('app.name')}`;
  }, [order, t]);

  if (loaded.error && !order) {
    const e = loaded.error;
    if (e instanceof ApiError && (e.code === 'not_found' || e.status === 404)) {
      return (
        <Result
          status="404"
          title={t('detail.notFound')}
          subTitle={t('detail.notFoundSub')}
          extra={<Button onClick={() => navigate('/orders')}>{t('nav.orders')}</Button>}
        />
      );
    }
    return <Result status="error" title={e instanceof ApiError ? e.text(lang) : String(e)} />;
  }
  if (!order) return <Skeleton active />;

  const buttons = order.actions.filter((a) => a !== 'comment') as Action[];
  const d = (label: string, children: ReactNode, span = 1) => ({ label, children, span });

  return (
    <>
      <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 16 }}>
        <Typography.Text type="secondary">
          {t('order.number')} {order.number}
        </Typography.Text>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {order.title}
        </Typography.Title>
        <Space size={[4, 4]} wrap>
          <StatusTag status={order.status} />
          <FlagTags urgeCount={order.urgeCount} supervisionLevel={order.supervisionLevel} overdue={order.overdue} />
          {order.priority !== 'normal' ? <Tag color="red">{nameOf(PRIORITY_NAMES, order.priority, lang)}</Tag> : null}
          {order.flagged3x ? <Tag color="red">{actionName('flag_3x', lang)}</Tag> : null}
          {order.extensionRequestedUntil ? <Tag color="gold">{t('detail.extensionPending', { until: formatTime(order.extensionRequestedUntil) })}</Tag> : null}
        </Space>
      </Space>

      <Card size="small" style={{ marginBottom: 16 }} title={t('detail.actions')}>
        {buttons.length === 0 && !order.actions.includes('comment') ? (
          <Typography.Text type="secondary">{t('detail.noActions')}</Typography.Text>
        ) : (
          <Space wrap>
            {buttons.map((a, i) => (
              <Button key={a} type={i === 0 ? 'primary' : 'default'} onClick={() => setAction(a)}>
                {actionName(a, lang)}
              </Button>
            ))}
            {order.actions.includes('comment') ? <Button onClick={() => setAction('comment')}>{actionName('comment', lang)}</Button> : null}
          </Space>
        )}
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('detail.request')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{order.description || '—'}</Typography.Paragraph>
            <Attributes order={order} />
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              style={{ marginTop: 12 }}
              items={[
                d(t('order.category'), order.category?.name ?? '—'),
                d(t('order.channel'), nameOf(CHANNEL_NAMES, order.channel, lang)),
                d(t('intake.callerName'), order.anonymous ? <Tag icon={<LockOutlined />}>{t('intake.anonymous')}</Tag> : (order.callerName ?? '—')),
                d(t('intake.callerPhone'), order.callerPhone ?? '—'),
                d(t('order.receivedAt'), formatTime(order.receivedAt)),
                d(t('order.priority'), nameOf(PRIORITY_NAMES, order.priority, lang)),
              ]}
            />
          </Card>
          <Card size="small" title={t('detail.location')} style={{ marginBottom: 16 }}>
            <Location order={order} />
          </Card>
          <Card size="small" title={t('detail.photos')} style={{ marginBottom: 16 }}>
            <Photos order={order} />
          </Card>
          <Card size="small" title={t('detail.handling')} style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                d(t('order.leadUnit'), order.leadUnit?.name ?? '—'),
                d(t('dispatch.co'), order.coUnits.length ? order.coUnits.map((u) => u.name).join('、') : '—'),
                d(t('detail.dispatchedAt'), formatTime(order.dispatchedAt)),
                d(t('order.signoffDue'), order.acceptedAt ? formatTime(order.signoffDueAt) : <Countdown due={order.signoffDueAt} />),
                d(t('order.responseDue'), order.contactedAt ? formatTime(order.responseDueAt) : <Countdown due={order.responseDueAt} />),
                d(
                  t('order.resolutionDue'),
                  <Space wrap size={4}>
                    {formatTime(order.resolutionDueAt)}
                    {['dispatched', 'handling', 'return_requested'].includes(String(order.status)) ? <Countdown due={order.resolutionDueAt} /> : null}
                    {order.resolutionLimit ? <Typography.Text type="secondary">({formatLimit(order.resolutionLimit, lang)})</Typography.Text> : null}
                  </Space>,
                ),
                d(t('detail.acceptedAt'), formatTime(order.acceptedAt)),
                d(t('detail.contactedAt'), formatTime(order.contactedAt)),
                d(t('detail.repliedAt'), formatTime(order.repliedAt)),
                d(t('detail.closedAt'), formatTime(order.closedAt)),
                d(
                  t('detail.rating'),
                  order.ratingSatisfaction
                    ? `${nameOf(RESOLUTION_NAMES, order.ratingResolution, lang)} · ${nameOf(SATISFACTION_NAMES, order.ratingSatisfaction, lang)}`
                    : '—',
                ),
                d(
                  t('detail.counters'),
                  t('detail.countersText', { urge: order.urgeCount, ret: order.returnCount, redo: order.redoCount, reopen: order.reopenCount }),
                ),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          {me && DESK_ROLES.includes(me.role) && OPEN.includes(String(order.status)) ? <OrderDuplicates order={order} onChanged={setOrder} /> : null}
          <Card size="small" title={t('detail.timeline')}>
            {order.mergedIntoId ? (
              <Alert style={{ marginBottom: 12 }} type="info" title={<a href={`/orders/${order.mergedIntoId}`}>{t('detail.mergedInto')}</a>} />
            ) : null}
            <Timeline
              items={order.events.map((e) => {
                const lines = eventDetails(e, lang, t);
                return {
                  key: e.id,
                  color: e.action === 'overdue' || e.action.startsWith('reject') || e.action === 'auto_supervise' ? 'red' : e.toStatus === 'closed' ? 'green' : e.public ? 'blue' : 'gray',
                  content: (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatTime(e.at)}
                      </Typography.Text>
                      <br />
                      <Space size={4} wrap>
                        <Typography.Text strong>{actionName(e.action, lang)}</Typography.Text>
                        {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? (
                          <Typography.Text type="secondary">
                            {statusName(e.fromStatus, lang)} → {statusName(e.toStatus, lang)}
                          </Typography.Text>
                        ) : null}
                        {!e.public ? <Tag>{t('detail.internal')}</Tag> : null}
                      </Space>
                      <div>
                        <Typography.Text type="secondary">
                          {e.actor ? `${e.actor.name}${e.actorRole ? ` · ${roleName(e.actorRole, lang)}` : ''}` : t('detail.system')}
                        </Typography.Text>
                      </div>
                      {lines.map((l, i) => (
                        <div key={i} style={{ whiteSpace: 'pre-wrap' }}>
                          {l}
                        </div>
                      ))}
                    </div>
                  ),
                };
              })}
            />
          </Card>
        </Col>
      </Row>
      <LazyActionDialog
        action={action}
        order={order}
        onClose={() => setAction(null)}
        onDone={(o) => {
          setAction(null);
          setOrder(o);
        }}
      />
    </>
  );
}
