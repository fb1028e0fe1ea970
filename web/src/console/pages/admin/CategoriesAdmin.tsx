/** 分类与时限: the category tree, each category's deadlines per priority, routing kind and keywords. */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { PRIORITIES } from '../../../../../common/lifecycle';
import { api, ApiError } from '../../../lib/api';
import { invalidate, useAsync } from '../../../lib/data';
import { applyFormError } from '../../../lib/form-errors';
import { formatLimit } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { nameOf, PRIORITY_NAMES } from '../../../lib/labels';

type Limits = { signoff: string; response: string; resolution: string };
interface AdminCategory {
  id: number;
  code: string;
  parentId: number | null;
  name: string;
  nameEn: string;
  kind: string;
  defaultUnitKind: string | null;
  keywords: string[];
  sort: number;
  active: boolean;
  sla: Partial<Record<string, Limits>>;
  fields: { code: string; label: string; labelEn: string; datatype: string; required: boolean }[];
  children?: AdminCategory[];
}
interface UnitKind {
  code: string;
  nameZh: string;
  nameEn: string;
}

const LIMIT = /^\d{1,4}(m|h|wd)$/;
const KINDS = ['hardware', 'service', 'other'] as const;

interface FormValues {
  code: string;
  parentId?: number | null;
  name: string;
  nameEn: string;
  kind: string;
  defaultUnitKind?: string | null;
  keywords?: string[];
  sort?: number;
  sla: Record<string, Partial<Limits>>;
}

export default function CategoriesAdmin() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const list = useAsync(() => api.get<AdminCategory[]>('/api/admin/categories'), []);
  const kinds = useAsync(() => api.get<UnitKind[]>('/api/admin/unit-kinds'), []);
  const [editing, setEditing] = useState<AdminCategory | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);

  const tree = useMemo(() => {
    const all = list.data ?? [];
    return all
      .filter((c) => c.parentId === null)
      .map((top) => {
        const kids = all.filter((c) => c.parentId === top.id);
        return kids.length ? { ...top, children: kids } : top;
      });
  }, [list.data]);

  useEffect(() => {
    setError(null);
    if (editing === 'new') form.resetFields();
    else if (editing)
      form.setFieldsValue({
        code: editing.code,
        parentId: editing.parentId,
        name: editing.name,
        nameEn: editing.nameEn,
        kind: editing.kind,
        defaultUnitKind: editing.defaultUnitKind,
        keywords: editing.keywords,
        sort: editing.sort,
        sla: Object.fromEntries(PRIORITIES.map((p) => [p, editing.sla[p] ?? {}])),
      });
  }, [editing, form]);

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const sla: Record<string, Limits> = {};
    for (const p of PRIORITIES) {
      const l = v.sla?.[p];
      if (l?.signoff && l.response && l.resolution) sla[p] = { signoff: l.signoff.trim(), response: l.response.trim(), resolution: l.resolution.trim() };
    }
    const body = {
      code: v.code.trim(),
      parentId: v.parentId ?? null,
      name: v.name.trim(),
      nameEn: v.nameEn.trim(),
      kind: v.kind,
      defaultUnitKind: v.defaultUnitKind ?? null,
      keywords: v.keywords ?? [],
      sort: v.sort ?? 0,
      sla,
    };
    try {
      if (editing === 'new') await api.post('/api/admin/categories', body);
      else if (editing) await api.patch(`/api/admin/categories/${editing.id}`, body);
      void message.success(t('common.saved'));
      setEditing(null);
      invalidate('/api/categories');
      list.reload();
    } catch (e) {
      setError(applyFormError(form, e, lang, { 'sla.normal': ['sla', 'normal', 'resolution'] }));
    }
  };

  const toggle = async (c: AdminCategory) => {
    try {
      if (c.active) await api.post(`/api/admin/categories/${c.id}/deactivate`);
      else await api.patch(`/api/admin/categories/${c.id}`, { active: true });
      invalidate('/api/categories');
      list.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };

  const limitRule = { pattern: LIMIT, message: t('admin.limitFormat') };

  return (
    <>
      {list.error ? <Alert type="error" showIcon title={list.error instanceof ApiError ? list.error.text(lang) : String(list.error)} style={{ marginBottom: 12 }} /> : null}
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('admin.newCategory')}
        </Button>
        <Typography.Text type="secondary">{t('admin.limitHelp')}</Typography.Text>
      </Space>
      <Table<AdminCategory>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={tree}
        pagination={false}
        columns={[
          {
            title: t('admin.name'),
            key: 'name',
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                {c.active ? (lang === 'en' ? c.nameEn : c.name) : <Typography.Text delete>{lang === 'en' ? c.nameEn : c.name}</Typography.Text>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.code}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('admin.routeTo'), dataIndex: 'defaultUnitKind', render: (k: string | null) => (k ? (kinds.data?.find((x) => x.code === k)?.[lang === 'en' ? 'nameEn' : 'nameZh'] ?? k) : '—') },
          ...PRIORITIES.map((p) => ({
            title: `${nameOf(PRIORITY_NAMES, p, lang)} ${t('admin.slaCols')}`,
            key: p,
            render: (_: unknown, c: AdminCategory) => {
              const l = c.sla[p];
              return l ? `${formatLimit(l.signoff, lang)} / ${formatLimit(l.response, lang)} / ${formatLimit(l.resolution, lang)}` : '—';
            },
          })),
          { title: t('admin.fields'), key: 'fields', render: (_, c) => c.fields.map((f) => <Tag key={f.code}>{lang === 'en' ? f.labelEn : f.label}</Tag>) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, c) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing(c)}>
                  {t('common.edit')}
                </Button>
                <Button size="small" danger={c.active} onClick={() => void toggle(c)}>
                  {c.active ? t('admin.deactivate') : t('admin.activate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('admin.newCategory') : t('common.edit')}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        width={760}
        destroyOnHidden
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form<FormValues> form={form} layout="vertical" name="category" initialValues={{ kind: 'service', sort: 0, sla: {} }}>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="name" label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, message: t('admin.nameRequired') }, { max: 100 }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, message: t('admin.nameRequired') }, { max: 100 }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="code" label={t('admin.code')} rules={[{ required: true, pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, message: t('admin.codeFormat') }]}>
                <Input maxLength={64} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="parentId" label={t('admin.parent')}>
                <Select allowClear options={(list.data ?? []).filter((c) => c.parentId === null).map((c) => ({ value: c.id, label: c.name }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="kind" label={t('admin.categoryKind')} rules={[{ required: true }]}>
                <Select options={KINDS.map((k) => ({ value: k, label: t(`admin.kind.${k}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="defaultUnitKind" label={t('admin.routeTo')}>
                <Select allowClear options={kinds.data?.map((k) => ({ value: k.code, label: lang === 'en' ? k.nameEn : k.nameZh }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="sort" label={t('admin.sort')}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="keywords" label={t('admin.keywords')} extra={t('admin.keywordsHelp')}>
                <Select mode="tags" tokenSeparators={[' ', ',', '，']} open={false} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('admin.deadlines')}</Typography.Title>
          {PRIORITIES.map((p) => (
            <Row gutter={12} key={p}>
              <Col span={6} style={{ paddingTop: 30 }}>
                <Typography.Text strong>{nameOf(PRIORITY_NAMES, p, lang)}</Typography.Text>
              </Col>
              {(['signoff', 'response', 'resolution'] as const).map((k) => (
                <Col span={6} key={k}>
                  <Form.Item name={['sla', p, k]} label={t(`admin.sla.${k}`)} rules={[limitRule]}>
                    <Input placeholder={k === 'resolution' ? '7wd' : '1wd'} maxLength={10} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          ))}
        </Form>
      </Modal>
    </>
  );
}
