/** The one table of orders used by every list: number and title, status, place, unit, live deadline. */
import type { Key, ReactNode } from 'react';
import { Table, theme } from 'antd';
import type { TableProps } from 'antd';
import { CLOCK_STATUSES, type Status } from '../../../../common/lifecycle';
import type { OrderSummaryDto } from '../../lib/data';
import { formatShortTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { nameOf, PRIORITY_NAMES } from '../../lib/labels';
import { Link } from '../../lib/router';
import { Countdown } from './Countdown';
import { FlagTags, StatusTag } from './StatusTag';

/** The deadline that matters now: sign-off while waiting for it, resolution while the unit holds the order. */
export function relevantDue(o: OrderSummaryDto): { due: string | null; kind: 'signoff' | 'resolution' } | null {
  const s = o.status as Status;
  if (s === 'dispatched' && o.signoffDueAt) return { due: o.signoffDueAt, kind: 'signoff' };
  if (CLOCK_STATUSES.includes(s)) return { due: o.resolutionDueAt, kind: 'resolution' };
  return null;
}

export interface OrderTableProps {
  items: OrderSummaryDto[] | undefined;
  loading?: boolean;
  total?: number;
  page?: number;
  pageSize?: number;
  onPage?: (page: number, pageSize: number) => void;
  selectable?: boolean;
  selected?: Key[];
  onSelect?: (keys: Key[], rows: OrderSummaryDto[]) => void;
  actions?: (o: OrderSummaryDto) => ReactNode;
  compact?: boolean;
  caption?: string;
}

/**
 * The cells are plain elements styled from the theme's tokens rather than Space/Typography
 * components: a page of 50 rows mounts a few hundred of them, and each antd wrapper brings its own
 * context reads and hooks (the 50-a-page switch is bench/web.ts's first-list figure).
 */
export function OrderTable(p: OrderTableProps) {
  const { t, lang } = useI18n();
  const { token } = theme.useToken();
  const sub = { display: 'block', color: token.colorTextSecondary, fontSize: 12 };
  const muted = { color: token.colorTextSecondary };
  const tags = { display: 'flex', flexWrap: 'wrap', rowGap: 4 } as const;
  const columns: TableProps<OrderSummaryDto>['columns'] = [
    {
      title: t('order.titleCol'),
      key: 'title',
      render: (_, o) => (
        <>
          <Link to={`/orders/${o.id}`}>{o.title}</Link>
          <span style={sub}>
            {o.number}
            {o.priority !== 'normal' ? ` · ${nameOf(PRIORITY_NAMES, o.priority, lang)}` : ''}
          </span>
        </>
      ),
    },
    {
      title: t('order.status'),
      key: 'status',
      width: 150,
      render: (_, o) => (
        <div style={tags}>
          <StatusTag status={o.status} />
          <FlagTags urgeCount={o.urgeCount} supervisionLevel={o.supervisionLevel} overdue={o.overdue} />
        </div>
      ),
    },
    { title: t('order.place'), dataIndex: 'placeLabel', key: 'place', ellipsis: true },
    ...(p.compact
      ? []
      : [
          { title: t('order.category'), key: 'category', ellipsis: true, render: (_: unknown, o: OrderSummaryDto) => o.category?.name ?? '—' },
          { title: t('order.leadUnit'), key: 'unit', ellipsis: true, render: (_: unknown, o: OrderSummaryDto) => o.leadUnit?.name ?? '—' },
        ]),
    { title: t('order.receivedAt'), key: 'received', width: 110, render: (_, o) => formatShortTime(o.receivedAt) },
    {
      title: t('order.deadline'),
      key: 'due',
      width: 150,
      render: (_, o) => {
        const d = relevantDue(o);
        if (!d) return <span style={muted}>—</span>;
        return <Countdown due={d.due} label={d.kind === 'signoff' ? t('order.signoffShort') : undefined} />;
      },
    },
    ...(p.actions ? [{ title: t('common.actions'), key: 'actions', width: 140, render: (_: unknown, o: OrderSummaryDto) => p.actions!(o) }] : []),
  ];
  return (
    <Table<OrderSummaryDto>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={p.items}
      loading={p.loading}
      caption={p.caption ? <span className="gz-sr-only">{p.caption}</span> : undefined}
      rowSelection={
        p.selectable
          ? {
              selectedRowKeys: p.selected,
              onChange: (keys, rows) => p.onSelect?.(keys, rows),
              getCheckboxProps: (o) => ({ 'aria-label': `${t('common.select')} ${o.number}` }),
            }
          : undefined
      }
      pagination={
        p.onPage
          ? {
              current: p.page,
              pageSize: p.pageSize,
              total: p.total,
              // Three options need no virtual list, whose height measuring forced a layout of the freshly rendered rows.
              showSizeChanger: { virtual: false },
              pageSizeOptions: [20, 50, 100],
              showTotal: (n) => t('common.totalN', { n }),
              onChange: p.onPage,
            }
          : false
      }
      locale={{ emptyText: t('common.empty') }}
    />
  );
}
