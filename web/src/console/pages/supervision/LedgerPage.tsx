/**
 * 整改台账: the entries the user sees, filtered by status, compound, unit, category and problem
 * (kept in the URL); open an entry, pull the historical 不满意 orders in bulk, import a sheet with
 * its row-by-row error report, export what is shown.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { CloudDownloadOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, download, qs, request } from '../../../lib/api';
import { getCategories, useAsync } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';
import { Link, navigate, useLocation } from '../../../lib/router';
import { useMe } from '../../../lib/session';
import { CategorySelect } from '../../components/CategorySelect';
import { CompoundSelect } from '../../components/PlacePicker';
import { EntryForm } from './EntryForm';
import { FormModal, useFormSubmit } from './fields';
import type { SupervisionKey } from './messages';
import { canWriteLedger, Deadline, errorText, LedgerStatusTag, LoadError, UnitSelect, useT, type LedgerEntry } from './shared';

const STATUSES = ['open', 'rectifying', 'awaiting_recheck', 'closed'] as const;
const PAGE = 20;

interface ImportReport {
  total: number;
  imported: number;
  skipped: number;
  errors: { row: number; column: string; message_zh: string; message_en: string }[];
}

function filtersOf(search: URLSearchParams) {
  const num = (k: string) => (search.get(k) && /^\d+$/.test(search.get(k)!) ? Number(search.get(k)) : undefined);
  const status = search.get('status') ?? undefined;
  return {
    status: STATUSES.includes(status as (typeof STATUSES)[number]) ? status : undefined,
    placeId: num('placeId'),
    unitId: num('unitId'),
    categoryId: num('categoryId'),
    problemId: num('problemId'),
    page: num('page') ?? 1,
  };
}

function ImportDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (file: File) => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const fd = new FormData();
      fd.append('file', file, file.name);
      const r = await request<ImportReport>('POST', '/api/ledger/import', fd);
      setReport(r);
      if (r.imported) onDone();
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const badRows = report ? new Set(report.errors.map((e) => e.row)).size : 0;
  return (
    <Modal
      open={open}
      title={t('l.import')}
      onCancel={() => {
        setReport(null);
        setError(null);
        onClose();
      }}
      footer={null}
      width={760}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text id="ledger-import-label">{t('l.importFile')}</Typography.Text>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            void send(f);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} aria-describedby="ledger-import-label">
            {busy ? t('l.importing') : t('l.import')}
          </Button>
        </Upload>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        {report ? (
          <>
            <Alert
              type={report.errors.length ? 'warning' : 'success'}
              showIcon
              title={t('l.importReport')}
              description={t('l.importSummary', { total: report.total, imported: report.imported, skipped: report.skipped, bad: badRows })}
            />
            {report.errors.length ? (
              <Table
                size="small"
                rowKey={(r) => `${r.row}:${r.column}:${r.message_zh}`}
                pagination={false}
                dataSource={report.errors}
                aria-label={t('l.importReport')}
                columns={[
                  { title: t('l.row'), dataIndex: 'row', width: 70 },
                  { title: t('l.column'), dataIndex: 'column', width: 110 },
                  { title: t('l.error'), render: (_, r) => (lang === 'en' ? r.message_en : r.message_zh) },
                ]}
              />
            ) : null}
          </>
        ) : null}
      </Space>
    </Modal>
  );
}

function PullDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, submit } = useFormSubmit<{ range: [Dayjs, Dayjs] }>(form, async (v) => {
    const r = await api.post<{ orders: number; problemsCreated: number; entriesCreated: number; ordersLinked: number }>(
      '/api/problems/pull-unsatisfied',
      {
        from: v.range[0].startOf('day').toISOString(),
        to: v.range[1].add(1, 'day').startOf('day').toISOString(),
      },
    );
    void message.success(t('l.pullDone', { orders: r.orders, p: r.problemsCreated, e: r.entriesCreated, l: r.ordersLinked }));
    onDone();
  });
  return (
    <FormModal
      open={open}
      title={t('l.pull')}
      okText={t('l.pull')}
      form={form}
      busy={busy}
      onClose={onClose}
      onFinish={submit}
      initialValues={{ range: [dayjs().subtract(1, 'year').startOf('month'), dayjs()] }}
    >
      <Typography.Paragraph type="secondary">{t('l.pullHint')}</Typography.Paragraph>
      <Form.Item name="range" label={t('l.pullRange')} rules={[{ required: true }]}>
        <DatePicker.RangePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

export default function LedgerPage() {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { search } = useLocation();
  const f = filtersOf(search);
  const categories = useAsync(getCategories, []);
  const [dialog, setDialog] = useState<'new' | 'import' | 'pull' | null>(null);
  const writer = canWriteLedger(me.role);
  const { page, ...filters } = f;
  const list = useAsync(
    () => api.get<{ total: number; rows: LedgerEntry[] }>(`/api/ledger${qs({ ...filters, limit: PAGE, offset: (page - 1) * PAGE })}`),
    [search.toString()],
  );

  const setFilter = (patch: Record<string, string | number | undefined>) => {
    const sp = new URLSearchParams(search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') sp.delete(k);
      else sp.set(k, String(v));
    }
    if (!('page' in patch)) sp.delete('page');
    const s = sp.toString();
    navigate(s ? `/supervision/ledger?${s}` : '/supervision/ledger', { replace: true });
  };

  const exportXlsx = async () => {
    try {
      await download(`/api/ledger/export.xlsx${qs(filters)}`, `${t('l.exportName')}-${dayjs().format('YYYYMMDD-HHmm')}.xlsx`);
    } catch (e) {
      void message.error(errorText(e, lang));
    }
  };

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('l.title')}
        </Typography.Title>
        <Space wrap>
          {writer ? (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('new')}>
                {t('l.new')}
              </Button>
              <Button icon={<CloudDownloadOutlined />} onClick={() => setDialog('pull')}>
                {t('l.pull')}
              </Button>
              <Button icon={<UploadOutlined />} onClick={() => setDialog('import')}>
                {t('l.import')}
              </Button>
            </>
          ) : null}
          <Button icon={<DownloadOutlined />} onClick={() => void exportXlsx()}>
            {t('l.export')}
          </Button>
        </Space>
      </Space>

      <Card size="small" style={{ marginBottom: 12 }}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('l.status')} htmlFor="ledger-status">
            <Select
              id="ledger-status"
              style={{ width: 140 }}
              value={f.status ?? ''}
              onChange={(v) => setFilter({ status: v })}
              options={[
                { value: '', label: t('l.allStatus') },
                ...STATUSES.map((s) => ({ value: s, label: t(`st.${s}` as SupervisionKey) })),
              ]}
            />
          </Form.Item>
          <Form.Item label={t('c.compound')} htmlFor="ledger-place" style={{ minWidth: 240 }}>
            <CompoundSelect id="ledger-place" value={f.placeId} allowClear onChange={(v) => setFilter({ placeId: v })} />
          </Form.Item>
          <Form.Item label={t('c.unit')} htmlFor="ledger-unit" style={{ minWidth: 260 }}>
            <UnitSelect id="ledger-unit" value={f.unitId} allowClear onChange={(v) => setFilter({ unitId: v })} />
          </Form.Item>
          <Form.Item label={t('c.category')} htmlFor="ledger-category" style={{ minWidth: 220 }}>
            <CategorySelect
              id="ledger-category"
              categories={categories.data}
              value={f.categoryId}
              allowClear
              withParents
              onChange={(v) => setFilter({ categoryId: v })}
            />
          </Form.Item>
          {f.problemId ? (
            <Form.Item label={t('l.problem')}>
              <Tag closable onClose={() => setFilter({ problemId: undefined })}>
                #{f.problemId}
              </Tag>
            </Form.Item>
          ) : null}
        </Form>
      </Card>

      {list.error ? (
        <LoadError error={list.error} />
      ) : (
        <Table<LedgerEntry>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.rows ?? []}
          aria-label={t('l.title')}
          scroll={{ x: 1000 }}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => t('c.total', { n }),
            onChange: (p) => setFilter({ page: p === 1 ? undefined : p }),
          }}
          columns={[
            { title: '#', dataIndex: 'id', width: 70 },
            { title: t('l.entryTitle'), render: (_, r) => <Link to={`/supervision/ledger/${r.id}`}>{r.title}</Link> },
            { title: t('c.place'), dataIndex: 'placeName', width: 140 },
            { title: t('c.category'), dataIndex: 'categoryName', width: 120, render: (v: string | null) => v ?? '—' },
            { title: t('c.unit'), dataIndex: 'unitName', width: 200, render: (v: string | null) => v ?? '—' },
            { title: t('l.person'), dataIndex: 'responsiblePerson', width: 90, render: (v: string | null) => v ?? '—' },
            { title: t('c.deadline'), width: 190, render: (_, r) => <Deadline at={r.deadline} overdue={r.overdue} /> },
            { title: t('l.status'), width: 100, render: (_, r) => <LedgerStatusTag status={r.status} /> },
            { title: t('l.source'), width: 110, render: (_, r) => t(`src.${r.source}` as SupervisionKey) },
          ]}
        />
      )}

      <EntryForm
        open={dialog === 'new'}
        onClose={() => setDialog(null)}
        onCreated={(e) => {
          setDialog(null);
          navigate(`/supervision/ledger/${e.id}`);
        }}
      />
      <ImportDialog open={dialog === 'import'} onClose={() => setDialog(null)} onDone={list.reload} />
      <PullDialog
        open={dialog === 'pull'}
        onClose={() => setDialog(null)}
        onDone={() => {
          setDialog(null);
          list.reload();
        }}
      />
    </>
  );
}
