/**
 * 工单查询: every filter of the list API, full-text search, saved filters (per user, in this
 * browser), bulk actions on the selection and export of the filtered list to Excel.
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, SaveOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { Role } from '../../../../common/roles';
import { CHANNELS, PRIORITIES, STATUSES, type Action } from '../../../../common/lifecycle';
import { ApiError, download } from '../../lib/api';
import { getCategories, getUnits, useAsync } from '../../lib/data';
import { cleanFilters, deleteSaved, fromSearch, loadSaved, saveFilter, toSearch, type OrderFilters, type SavedFilter } from '../../lib/filters';
import { useI18n } from '../../lib/i18n';
import { CHANNEL_NAMES, nameOf, PRIORITY_NAMES, statusName } from '../../lib/labels';
import { navigate, useLocation } from '../../lib/router';
import { useMe } from '../../lib/session';
import { CategorySelect } from '../components/CategorySelect';
import { OrderQueue } from '../components/OrderQueue';
import { CompoundSelect } from '../components/PlacePicker';

interface FormValues {
  q?: string;
  status?: string[];
  categoryId?: number;
  placeId?: number;
  unitId?: number;
  channel?: string;
  priority?: string;
  flags?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  sort?: string;
}

const SORTS = ['-received_at', 'received_at', 'resolution_due_at', '-updated_at'] as const;

function toForm(f: OrderFilters): FormValues {
  return {
    q: f.q,
    status: f.status,
    categoryId: f.categoryId,
    placeId: f.placeId,
    unitId: f.unitId,
    channel: f.channel,
    priority: f.priority,
    flags: f.overdue ? 'overdue' : f.supervised ? 'supervised' : f.extensionRequested ? 'extension' : f.overdue === false ? 'ontime' : undefined,
    range: f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to).subtract(1, 'day') : null] : null,
    sort: f.sort,
  };
}

function fromForm(v: FormValues): OrderFilters {
  const [from, to] = v.range ?? [null, null];
  return cleanFilters({
    q: v.q,
    status: v.status,
    categoryId: v.categoryId,
    placeId: v.placeId,
    unitId: v.unitId,
    channel: v.channel,
    priority: v.priority,
    overdue: v.flags === 'overdue' ? true : v.flags === 'ontime' ? false : undefined,
    supervised: v.flags === 'supervised' ? true : undefined,
    extensionRequested: v.flags === 'extension' ? true : undefined,
    from: from ? from.startOf('day').toISOString() : undefined,
    to: to ? to.add(1, 'day').startOf('day').toISOString() : undefined,
    sort: v.sort,
  });
}

function bulkFor(role: Role): Action[] {
  switch (role) {
    case 'dispatcher':
      return ['urge'];
    case 'supervisor':
    case 'admin':
      return ['urge', 'supervise'];
    default:
      return [];
  }
}

export default function OrdersPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { search } = useLocation();
  const filters = useMemo(() => fromSearch(search), [search]);
  const [form] = Form.useForm<FormValues>();
  const categories = useAsync(getCategories, []);
  const staffWide = me.role !== 'handler';
  const units = useAsync(() => (staffWide ? getUnits() : Promise.resolve([])), [staffWide]);
  const [saved, setSaved] = useState<SavedFilter[]>(() => loadSaved(localStorage, me.id));
  const [saving, setSaving] = useState(false);
  const [saveName, setSaveName] = useState('');
  const [exporting, setExporting] = useState(false);
  const [formKey, setFormKey] = useState(0);

  const apply = (f: OrderFilters) => {
    const s = toSearch(f);
    navigate(s ? `/orders?${s}` : '/orders');
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      const s = toSearch(filters);
      await download(`/api/work-orders/export.xlsx${s ? `?${s}` : ''}`, `${t('orders.exportName')}-${dayjs().format('YYYYMMDD-HHmm')}.xlsx`);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    } finally {
      setExporting(false);
    }
  };

  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('nav.orders')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<FormValues>
          key={formKey}
          form={form}
          name="filters"
          layout="vertical"
          initialValues={toForm(filters)}
          onFinish={(v) => apply(fromForm(v))}
          role="search"
          aria-label={t('orders.filters')}
        >
          <Row gutter={12}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="q" label={t('orders.search')}>
                <Input allowClear placeholder={t('orders.searchHint')} prefix={<SearchOutlined />} maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="status" label={t('order.status')}>
                <Select mode="multiple" allowClear options={STATUSES.map((s) => ({ value: s, label: statusName(s, lang) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="categoryId" label={t('order.category')}>
                <CategorySelect categories={categories.data} allowClear withParents placeholder={t('common.any')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="placeId" label={t('place.compound')}>
                <CompoundSelect allowClear placeholder={t('common.any')} />
              </Form.Item>
            </Col>
            {staffWide ? (
              <Col xs={24} md={12} xl={6}>
                <Form.Item name="unitId" label={t('orders.unit')}>
                  <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} placeholder={t('common.any')} />
                </Form.Item>
              </Col>
            ) : null}
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="channel" label={t('order.channel')}>
                <Select allowClear options={CHANNELS.map((c) => ({ value: c, label: nameOf(CHANNEL_NAMES, c, lang) }))} placeholder={t('common.any')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="priority" label={t('order.priority')}>
                <Select allowClear options={PRIORITIES.map((p) => ({ value: p, label: nameOf(PRIORITY_NAMES, p, lang) }))} placeholder={t('common.any')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="flags" label={t('orders.deadlineFlag')}>
                <Select
                  allowClear
                  placeholder={t('common.any')}
                  options={[
                    { value: 'overdue', label: t('order.overdue') },
                    { value: 'ontime', label: t('orders.notOverdue') },
                    { value: 'supervised', label: t('supervisor.supervised') },
                    { value: 'extension', label: t('supervisor.extensions') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="range" label={t('orders.receivedBetween')}>
                <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="sort" label={t('orders.sort')}>
                <Select allowClear placeholder={t('orders.sortNewest')} options={SORTS.map((s) => ({ value: s, label: t(`orders.sort.${s}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('orders.query')}
            </Button>
            <Button
              htmlType="button"
              onClick={() => {
                apply({});
                setFormKey((k) => k + 1);
              }}
            >
              {t('common.reset')}
            </Button>
            <Button htmlType="button" icon={<SaveOutlined />} onClick={() => setSaving(true)}>
              {t('orders.saveFilter')}
            </Button>
            {saved.length ? (
              <Select
                aria-label={t('orders.savedFilters')}
                placeholder={t('orders.savedFilters')}
                style={{ minWidth: 180 }}
                value={null}
                options={saved.map((s) => ({ value: s.name, label: s.name }))}
                onChange={(name: string) => {
                  const s = saved.find((x) => x.name === name);
                  if (!s) return;
                  apply(s.filters);
                  form.setFieldsValue({ ...toForm({}), ...toForm(s.filters) });
                  setFormKey((k) => k + 1);
                }}
                optionRender={(o) => (
                  <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                    {o.label}
                    <Button
                      size="small"
                      type="text"
                      aria-label={`${t('common.delete')} ${String(o.value)}`}
                      icon={<DeleteOutlined />}
                      onClick={(e) => {
                        e.stopPropagation();
                        setSaved(deleteSaved(localStorage, me.id, String(o.value)));
                      }}
                    />
                  </Space>
                )}
              />
            ) : null}
            <Button htmlType="button" icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
              {t('orders.export')}
            </Button>
          </Space>
        </Form>
      </Card>
      <Card size="small">
        <OrderQueue caption={t('nav.orders')} filters={filters} bulkActions={bulkFor(me.role)} />
      </Card>
      <Modal
        open={saving}
        title={t('orders.saveFilter')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !saveName.trim() }}
        onCancel={() => setSaving(false)}
        onOk={() => {
          setSaved(saveFilter(localStorage, me.id, saveName.trim(), filters));
          setSaving(false);
          setSaveName('');
          void message.success(t('orders.filterSaved'));
        }}
        destroyOnHidden
      >
        <label htmlFor="save-filter-name" style={{ display: 'block', marginBottom: 8 }}>
          {t('orders.filterName')}
        </label>
        <Input id="save-filter-name" value={saveName} maxLength={40} onChange={(e) => setSaveName(e.target.value)} autoFocus />
      </Modal>
    </>
  );
}
