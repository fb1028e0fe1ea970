/**
 * The shape of the supervision list pages (facilities, campaigns, projects, visits,
 * consultations, boards): a title with the create button for those who may, scope filters, one
 * request's rows in a table, the create dialog and a per-row dialog; both reload the list when done.
 */
import { useState, type ReactNode } from 'react';
import { Card, Checkbox, Form, type TableProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../../../lib/api';
import { useAsync } from '../../../lib/data';
import { useSearchParam } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { CompoundSelect } from '../../components/PlacePicker';
import { AsyncTable, PageHead } from './fields';
import { canWriteLedger, useT } from './shared';

/** What a dialog opened from the list is told: close it, or close it and reload the list. */
export interface ListDialogProps {
  onClose: () => void;
  onDone: () => void;
}

export function ListWithCreate<T extends object>({
  title,
  url,
  createLabel,
  canCreate,
  filters,
  extra,
  columns,
  create,
  rowDialog,
  ...table
}: {
  title: string;
  /** The list request (path and query); a new value loads again. */
  url: string;
  createLabel?: string;
  /** Who sees the create button; ledger writers unless given. */
  canCreate?: boolean;
  /** Inline filter fields, in a card above the table. */
  filters?: ReactNode;
  /** Beside the create button. */
  extra?: ReactNode;
  /** The columns; `open` opens the row dialog for a row. */
  columns: (open: (row: T) => void) => ColumnsType<T>;
  create?: (p: ListDialogProps & { open: boolean }) => ReactNode;
  rowDialog?: (row: T, p: ListDialogProps) => ReactNode;
} & Omit<TableProps<T>, 'dataSource' | 'loading' | 'columns' | 'title'>) {
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const [row, setRow] = useState<T | null>(null);
  const list = useAsync(() => api.get<T[]>(url), [url]);
  const done = () => {
    setCreating(false);
    setRow(null);
    list.reload();
  };
  const allowed = create !== undefined && (canCreate ?? canWriteLedger(me.role));
  return (
    <>
      <PageHead title={title} createLabel={createLabel} onCreate={allowed ? () => setCreating(true) : undefined} extra={extra} />
      {filters ? (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Form layout="inline" style={{ rowGap: 8 }}>
            {filters}
          </Form>
        </Card>
      ) : null}
      <AsyncTable<T> state={list} label={title} columns={columns(setRow)} {...table} />
      {create?.({ open: creating, onClose: () => setCreating(false), onDone: done })}
      {row && rowDialog ? rowDialog(row, { onClose: () => setRow(null), onDone: done }) : null}
    </>
  );
}

/** A compound filter kept in the address (`placeId`); `id` labels the field. */
export function CompoundFilter({ id, param = 'placeId' }: { id: string; param?: string }) {
  const t = useT();
  const [place, setPlace] = useSearchParam(param, '');
  return (
    <Form.Item label={t('c.compound')} htmlFor={id} style={{ minWidth: 260 }}>
      <CompoundSelect id={id} value={place ? Number(place) : undefined} allowClear onChange={(v) => setPlace(v ? String(v) : '')} />
    </Form.Item>
  );
}

/** A yes-only filter kept in the address as `param=true`. */
export function FlagFilter({ param, label }: { param: string; label: string }) {
  const [on, setOn] = useSearchParam(param, '');
  return (
    <Form.Item>
      <Checkbox checked={on === 'true'} onChange={(e) => setOn(e.target.checked ? 'true' : '')}>
        {label}
      </Checkbox>
    </Form.Item>
  );
}
