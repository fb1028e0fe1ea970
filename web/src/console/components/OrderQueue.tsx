/**
 * A work queue: the orders matching fixed filters, with a button per row for the actions that
 * queue exists for, and optional bulk actions on the selected rows. The triage queue also shows
 * each received order's suggested unit (and the model's category) with a one-click accept that
 * dispatches; each suggestion shown and its outcome are logged on the server.
 */
import { useEffect, useState, type Key, type ReactNode } from 'react';
import { Alert, App, Button, Input, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { Action } from '../../../../common/lifecycle';
import { api, ApiError } from '../../lib/api';
import { bulkAction } from '../../lib/bulk';
import { getOrder, listOrders, useAsync, type OrderSummaryDto } from '../../lib/data';
import type { OrderFilters } from '../../lib/filters';
import { useI18n } from '../../lib/i18n';
import { actionName } from '../../lib/labels';
import { useMessages } from '../../lib/local-messages';
import { fetchAcceptance, fetchQueueSuggestions, INTAKE_MESSAGES, percent, unitReason, type Acceptance, type QueueSuggestion } from '../../lib/routing';
import { LazyActionDialog, type ActionTarget } from './LazyActionDialog';
import { OrderTable } from './OrderTable';

export interface OrderQueueProps {
  filters: OrderFilters;
  rowActions?: Action[];
  bulkActions?: Action[];
  /** keep only rows passing this test (for what the list API cannot filter yet) */
  keep?: (o: OrderSummaryDto) => Promise<boolean>;
  onTotal?: (n: number) => void;
  /** bump to reload from outside */
  refreshKey?: number;
  caption: string;
  extra?: ReactNode;
  compact?: boolean;
  /** show the intake suggestion of each received order with a one-click accept */
  suggestions?: boolean;
}

/** The suggested unit of a received order, its reason, and the one click that dispatches to it. */
function QueueSuggestionCell({ o, s, onDone }: { o: OrderSummaryDto; s: QueueSuggestion; onDone: () => void }) {
  const { lang } = useI18n();
  const { message } = App.useApp();
  const m = useMessages(INTAKE_MESSAGES);
  const [busy, setBusy] = useState(false);
  if (!s.unit) return null;
  const unit = s.unit;
  const accept = async () => {
    setBusy(true);
    try {
      await api.post(`/api/intake/queue/${s.routeId}/accept`, { version: o.version });
      void message.success(m('queueAccepted', { unit: unit.name }));
      onDone();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const top = s.categories[0];
  return (
    <div role="group" aria-label={`${m('queueSuggestion')} ${o.number}`} style={{ marginBottom: 4 }}>
      <Tooltip title={unitReason(unit, lang)}>
        <Tag color={unit.learned ? 'purple' : 'blue'} style={{ whiteSpace: 'normal' }}>
          {m('queueSuggestion')}：{unit.name}
        </Tag>
      </Tooltip>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {unitReason(unit, lang)}
      </Typography.Text>
      {top && !s.categoryAgrees ? (
        <Typography.Text type="warning" style={{ display: 'block', fontSize: 12 }}>
          {m('queueCategoryDiffers', { name: top.name })} {Math.round(top.score * 100)}%
        </Typography.Text>
      ) : null}
      <Button size="small" type="primary" loading={busy} onClick={() => void accept()} aria-label={`${m('queueAccept')} ${o.number}`} style={{ marginTop: 2 }}>
        {m('queueAccept')}
      </Button>
    </div>
  );
}

/** 智能建议采纳率: category, lead-unit and queue suggestions accepted per month (dispatchers, supervisors). */
export function AcceptanceStats() {
  const m = useMessages(INTAKE_MESSAGES);
  const data = useAsync(fetchAcceptance, []);
  const cell = (a: Acceptance) => m('rateCell', { rate: percent(a.acceptanceRate), accepted: a.accepted, decided: a.decided, shown: a.shown });
  return (
    <Table
      size="small"
      rowKey="month"
      loading={data.loading}
      title={() => <Typography.Text strong>{m('acceptanceTitle')}</Typography.Text>}
      dataSource={[...(data.data ?? [])].reverse()}
      pagination={false}
      locale={{ emptyText: m('noStats') }}
      columns={[
        { title: m('month'), dataIndex: 'month', key: 'month' },
        { title: m('categoryRate'), key: 'category', render: (_: unknown, r) => cell(r) },
        { title: m('unitRate'), key: 'unit', render: (_: unknown, r) => cell(r.units) },
        { title: m('queueRate'), key: 'queue', render: (_: unknown, r) => cell(r.queue) },
      ]}
    />
  );
}

export function OrderQueue(p: OrderQueueProps) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [tick, setTick] = useState(0);
  const [selected, setSelected] = useState<Key[]>([]);
  const [dialog, setDialog] = useState<{ action: Action; order: ActionTarget } | null>(null);
  const [bulk, setBulk] = useState<Action | null>(null);
  const [bulkNote, setBulkNote] = useState('');
  const [bulkBusy, setBulkBusy] = useState(false);
  const key = JSON.stringify(p.filters);

  const data = useAsync(async () => {
    const res = await listOrders(p.filters, page, pageSize);
    if (!p.keep) return res;
    const flags = await Promise.all(res.items.map((o) => p.keep!(o)));
    const items = res.items.filter((_, i) => flags[i]);
    return { ...res, items, total: items.length };
  }, [key, page, pageSize, tick, p.refreshKey]);

  const { onTotal } = p;
  useEffect(() => {
    if (data.data) onTotal?.(data.data.total);
  }, [data.data, onTotal]);

  const items = data.data?.items;
  const received = p.suggestions ? (items ?? []).filter((o) => o.status === 'received').map((o) => o.id) : [];
  const advice = useAsync(() => (received.length ? fetchQueueSuggestions(received) : Promise.resolve([])), [received.join(',')]);
  const adviceOf = (id: number) => advice.data?.find((x) => x.orderId === id);

  const openAction = async (o: OrderSummaryDto, action: Action) => {
    // The dialog needs fields the list row lacks (e.g. the requested extension), so it reads the detail.
    if (action === 'approve_extension' || action === 'reject_extension' || action === 'request_extension') {
      try {
        const d = await getOrder(o.id);
        setDialog({ action, order: d });
        return;
      } catch {
        // fall back to the row
      }
    }
    setDialog({ action, order: o });
  };

  const runBulk = async () => {
    if (!bulk || !items) return;
    const chosen = items.filter((o) => selected.includes(o.id)).map((o) => ({ id: o.id, version: o.version }));
    setBulkBusy(true);
    try {
      const r = await bulkAction(bulk, chosen, bulkNote.trim() ? { note: bulkNote.trim() } : {}, lang);
      if (r.failed.length === 0) void message.success(t('bulk.done', { action: actionName(bulk, lang), n: r.ok }));
      else void message.warning(t('bulk.partial', { action: actionName(bulk, lang), ok: r.ok, failed: r.failed.length, first: r.failed[0]!.error }));
      setBulk(null);
      setBulkNote('');
      setSelected([]);
      setTick((x) => x + 1);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setBulkBusy(false);
    }
  };

  return (
    <>
      {data.error ? <Alert type="error" showIcon title={data.error instanceof ApiError ? data.error.text(lang) : String(data.error)} style={{ marginBottom: 12 }} /> : null}
      {p.bulkActions?.length || p.extra ? (
        <Space style={{ marginBottom: 12 }} wrap>
          {p.bulkActions?.map((a) => (
            <Button key={a} disabled={selected.length === 0} onClick={() => setBulk(a)}>
              {t('bulk.button', { action: actionName(a, lang), n: selected.length })}
            </Button>
          ))}
          {p.extra}
        </Space>
      ) : null}
      <OrderTable
        caption={p.caption}
        items={items}
        loading={data.loading}
        total={data.data?.total}
        page={page}
        pageSize={pageSize}
        compact={p.compact}
        onPage={(pg, size) => {
          setPage(pg);
          setPageSize(size);
        }}
        selectable={!!p.bulkActions?.length}
        selected={selected}
        onSelect={(keys) => setSelected(keys)}
        actions={
          p.rowActions?.length
            ? (o) => (
                <Space size={4} wrap>
                  {adviceOf(o.id) ? <QueueSuggestionCell o={o} s={adviceOf(o.id)!} onDone={() => setTick((x) => x + 1)} /> : null}
                  {p.rowActions!.map((a, i) => (
                    <Button key={a} size="small" type={i === 0 ? 'primary' : 'default'} onClick={() => void openAction(o, a)} aria-label={`${actionName(a, lang)} ${o.number}`}>
                      {actionName(a, lang)}
                    </Button>
                  ))}
                </Space>
              )
            : undefined
        }
      />
      {dialog ? (
        <LazyActionDialog
          action={dialog.action}
          order={dialog.order}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setTick((x) => x + 1);
          }}
        />
      ) : null}
      <Modal
        open={bulk !== null}
        title={bulk ? t('bulk.title', { action: actionName(bulk, lang), n: selected.length }) : ''}
        okText={bulk ? actionName(bulk, lang) : ''}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: bulkBusy }}
        onOk={() => void runBulk()}
        onCancel={() => setBulk(null)}
        destroyOnHidden
      >
        <label htmlFor="bulk-note" style={{ display: 'block', marginBottom: 8 }}>
          {t('action.note')}
        </label>
        <Input.TextArea id="bulk-note" rows={3} maxLength={2000} value={bulkNote} onChange={(e) => setBulkNote(e.target.value)} />
      </Modal>
    </>
  );
}
