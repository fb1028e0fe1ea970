/** 责任单位与辖区: units, their kinds and phones, and which places each covers (routing uses it). */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError } from '../../../lib/api';
import { getPlace, invalidate, useAsync } from '../../../lib/data';
import { applyFormError } from '../../../lib/form-errors';
import { isPhone } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { PlaceSearch } from '../../components/PlaceSearch';

interface AdminUnit {
  id: number;
  name: string;
  kind: string;
  phone: string | null;
  active: boolean;
  placeIds: number[];
}
interface UnitKind {
  code: string;
  nameZh: string;
  nameEn: string;
}

function PlaceName({ id }: { id: number }) {
  const p = useAsync(() => getPlace(id), [id]);
  return <Tag>{p.data?.place.name ?? `#${id}`}</Tag>;
}


export default function UnitsAdmin() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const units = useAsync(() => api.get<AdminUnit[]>('/api/admin/units'), []);
  const kinds = useAsync(() => api.get<UnitKind[]>('/api/admin/unit-kinds'), []);
  const [editing, setEditing] = useState<AdminUnit | 'new' | null>(null);
  const [covering, setCovering] = useState<AdminUnit | null>(null);
  const [form] = Form.useForm<{ name: string; kind: string; phone?: string }>();
  const [coverForm] = Form.useForm<{ placeIds: number[] }>();
  const [error, setError] = useState<string | null>(null);
  const kindName = (code: string) => {
    const k = kinds.data?.find((x) => x.code === code);
    return k ? (lang === 'en' ? k.nameEn : k.nameZh) : code;
  };

  useEffect(() => {
    setError(null);
    if (editing === 'new') form.resetFields();
    else if (editing) form.setFieldsValue({ name: editing.name, kind: editing.kind, phone: editing.phone ?? undefined });
  }, [editing, form]);
  useEffect(() => {
    setError(null);
    if (covering) coverForm.setFieldsValue({ placeIds: covering.placeIds });
  }, [covering, coverForm]);

  const done = () => {
    invalidate('/api/units');
    units.reload();
  };

  const saveUnit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = { name: v.name.trim(), kind: v.kind, phone: v.phone?.trim() || null };
    try {
      if (editing === 'new') await api.post('/api/admin/units', body);
      else if (editing) await api.patch(`/api/admin/units/${editing.id}`, body);
      void message.success(t('common.saved'));
      setEditing(null);
      done();
    } catch (e) {
      setError(applyFormError(form, e, lang));
    }
  };

  const saveCoverage = async () => {
    const v = await coverForm.validateFields().catch(() => null);
    if (!v || !covering) return;
    try {
      await api.put(`/api/admin/units/${covering.id}/places`, { placeIds: v.placeIds ?? [] });
      void message.success(t('common.saved'));
      setCovering(null);
      done();
    } catch (e) {
      setError(applyFormError(coverForm, e, lang));
    }
  };

  const toggleActive = async (u: AdminUnit) => {
    try {
      if (u.active) await api.post(`/api/admin/units/${u.id}/deactivate`);
      else await api.patch(`/api/admin/units/${u.id}`, { active: true });
      done();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };

  return (
    <>
      {units.error ? <Alert type="error" showIcon title={units.error instanceof ApiError ? units.error.text(lang) : String(units.error)} style={{ marginBottom: 12 }} /> : null}
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('admin.newUnit')}
        </Button>
        <Typography.Text type="secondary">{t('admin.coverageHint')}</Typography.Text>
      </Space>
      <Table<AdminUnit>
        rowKey="id"
        size="small"
        loading={units.loading}
        dataSource={units.data}
        pagination={{ defaultPageSize: 50, showSizeChanger: true }}
        columns={[
          { title: t('admin.name'), dataIndex: 'name', render: (n: string, u) => (u.active ? n : <Typography.Text delete>{n}</Typography.Text>) },
          { title: t('admin.unitKind'), dataIndex: 'kind', render: (k: string) => kindName(k), filters: kinds.data?.map((k) => ({ text: lang === 'en' ? k.nameEn : k.nameZh, value: k.code })), onFilter: (v, u) => u.kind === v },
          { title: t('admin.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
          { title: t('admin.coverage'), key: 'cover', render: (_, u) => (u.placeIds.length ? u.placeIds.slice(0, 6).map((id) => <PlaceName key={id} id={id} />) : '—') },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, u) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing(u)}>
                  {t('common.edit')}
                </Button>
                <Button size="small" onClick={() => setCovering(u)}>
                  {t('admin.coverage')}
                </Button>
                <Button size="small" danger={u.active} onClick={() => void toggleActive(u)}>
                  {u.active ? t('admin.deactivate') : t('admin.activate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('admin.newUnit') : t('common.edit')}
        onOk={() => void saveUnit()}
        onCancel={() => setEditing(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" name="unit">
          <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, message: t('admin.nameRequired') }, { max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="kind" label={t('admin.unitKind')} rules={[{ required: true, message: t('admin.kindRequired') }]}>
            <Select options={kinds.data?.map((k) => ({ value: k.code, label: lang === 'en' ? k.nameEn : k.nameZh }))} />
          </Form.Item>
          <Form.Item name="phone" label={t('admin.phone')} rules={[{ validator: (_, v: string | undefined) => (!v || isPhone(v) || /^\d{5}$/.test(v) ? Promise.resolve() : Promise.reject(new Error(t('intake.phoneInvalid')))) }]}>
            <Input maxLength={20} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={covering !== null}
        title={covering ? `${t('admin.coverage')} · ${covering.name}` : ''}
        onOk={() => void saveCoverage()}
        onCancel={() => setCovering(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
        width={640}
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Typography.Paragraph type="secondary">{t('admin.coverageExplain')}</Typography.Paragraph>
        <Form form={coverForm} layout="vertical" name="coverage">
          <Form.Item name="placeIds" label={t('admin.coveredPlaces')}>
            <PlaceSearch multiple withLevel />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
