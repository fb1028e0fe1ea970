/**
 * A work queue: the orders matching fixed filters, with a button per row for the actions that
 * queue exists for, and optional bulk actions on the selected rows.
 */
import { useEffect, useState, type Key, type ReactNode } from 'react';
import { Alert, App, Button, Input, Modal, Space } from 'antd';
import type { Action } from '../../../../common/lifecycle';
import { ApiError } from '../../lib/api';
import { bulkAction } from '../../lib/bulk';
import { getOrder, listOrders, useAsync, type OrderSummaryDto } from '../../lib/data';
import type { OrderFilters } from '../../lib/filters';
import { useI18n } from '../../lib/i18n';
import { actionName } from '../../lib/labels';
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
