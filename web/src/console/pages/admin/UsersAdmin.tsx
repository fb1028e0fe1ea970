/** 用户与角色: accounts, their one role, and the unit (handlers) or place scope (supervisors, seats…). */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Switch, Table, Typography } from 'antd';
import { ROLES, type Role } from '../../../../../common/roles';
import { api, ApiError, qs } from '../../../lib/api';
import { getUnits, useAsync } from '../../../lib/data';
import { applyFormError } from '../../../lib/form-errors';
import { isPhone } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { roleName } from '../../../lib/labels';
import { PlaceSearch } from '../../components/PlaceSearch';

interface AdminUser {
  id: number;
  username: string;
  name: string;
  phone: string | null;
  role: Role;
  unitId: number | null;
  unitName: string | null;
  placeId: number | null;
  placeName: string | null;
  active: boolean;
}

interface FormValues {
  username?: string;
  name: string;
  phone?: string;
  role: Role;
  unitId?: number | null;
  placeId?: number | null;
  password?: string;
}

const PLACE_ROLES: readonly Role[] = ['supervisor', 'dispatcher', 'inspector', 'resident', 'organiser', 'merchant'];


export default function UsersAdmin() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [role, setRole] = useState<Role | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const users = useAsync(() => api.get<{ items: AdminUser[]; total: number }>(`/api/admin/users${qs({ role, q: q.trim() || undefined, page, pageSize: 20 })}`), [role, q, page]);
  const units = useAsync(getUnits, []);
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [form] = Form.useForm<FormValues>();
  const [pwForm] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<string | null>(null);
  const formRole = Form.useWatch('role', form);

  useEffect(() => {
    setError(null);
    if (editing === 'new') form.resetFields();
    else if (editing) form.setFieldsValue({ name: editing.name, phone: editing.phone ?? undefined, role: editing.role, unitId: editing.unitId, placeId: editing.placeId });
  }, [editing, form]);

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: Record<string, unknown> = {
      name: v.name.trim(),
      phone: v.phone?.trim() || null,
      role: v.role,
      unitId: v.role === 'handler' ? (v.unitId ?? null) : null,
      placeId: PLACE_ROLES.includes(v.role) ? (v.placeId ?? null) : null,
    };
    try {
      if (editing === 'new') await api.post('/api/admin/users', { ...body, username: v.username?.trim(), password: v.password });
      else if (editing) await api.patch(`/api/admin/users/${editing.id}`, body);
      void message.success(t('common.saved'));
      setEditing(null);
      users.reload();
    } catch (e) {
      setError(applyFormError(form, e, lang));
    }
  };

  const setActive = async (u: AdminUser, active: boolean) => {
    try {
      await api.patch(`/api/admin/users/${u.id}`, { active });
      users.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.text(lang) : String(e));
    }
  };

  const resetPassword = async () => {
    const v = await pwForm.validateFields().catch(() => null);
    if (!v || !resetting) return;
    try {
      await api.post(`/api/admin/users/${resetting.id}/password`, { password: v.password });
      void message.success(t('admin.passwordReset'));
      setResetting(null);
      pwForm.resetFields();
    } catch (e) {
      const text = applyFormError(pwForm, e, lang);
      if (text) void message.error(text);
    }
  };

  return (
    <>
      {users.error ? <Alert type="error" showIcon title={users.error instanceof ApiError ? users.error.text(lang) : String(users.error)} style={{ marginBottom: 12 }} /> : null}
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('admin.newUser')}
        </Button>
        <Select<Role>
          aria-label={t('admin.role')}
          placeholder={t('admin.role')}
          allowClear
          style={{ width: 160 }}
          value={role}
          onChange={(r) => {
            setRole(r);
            setPage(1);
          }}
          options={ROLES.map((r) => ({ value: r, label: roleName(r, lang) }))}
        />
        <Input.Search
          aria-label={t('admin.searchUsers')}
          placeholder={t('admin.searchUsers')}
          allowClear
          style={{ width: 240 }}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
      </Space>
      <Table<AdminUser>
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={users.data?.items}
        pagination={{ current: page, pageSize: 20, total: users.data?.total, onChange: setPage }}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('admin.name'), dataIndex: 'name' },
          { title: t('admin.role'), dataIndex: 'role', render: (r: Role) => roleName(r, lang) },
          { title: t('admin.scope'), key: 'scope', render: (_, u) => u.unitName ?? u.placeName ?? '—' },
          { title: t('admin.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
          {
            title: t('admin.active'),
            key: 'active',
            render: (_, u) => <Switch size="small" checked={u.active} aria-label={`${t('admin.active')} ${u.username}`} onChange={(c) => void setActive(u, c)} />,
          },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, u) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing(u)}>
                  {t('common.edit')}
                </Button>
                <Button size="small" onClick={() => setResetting(u)}>
                  {t('admin.resetPassword')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('admin.newUser') : t('common.edit')}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form<FormValues> form={form} layout="vertical" name="user" initialValues={{ role: 'handler' }}>
          {editing === 'new' ? (
            <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, pattern: /^[A-Za-z0-9._@-]{3,64}$/, message: t('admin.usernameFormat') }]}>
              <Input maxLength={64} autoComplete="off" />
            </Form.Item>
          ) : (
            <Typography.Paragraph>
              {t('auth.username')}: <Typography.Text code>{editing?.username}</Typography.Text>
            </Typography.Paragraph>
          )}
          <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, whitespace: true, message: t('admin.nameRequired') }, { max: 50 }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="phone" label={t('admin.phone')} rules={[{ validator: (_, v: string | undefined) => (!v || isPhone(v) ? Promise.resolve() : Promise.reject(new Error(t('intake.phoneInvalid')))) }]}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="role" label={t('admin.role')} rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: roleName(r, lang) }))} />
          </Form.Item>
          {formRole === 'handler' ? (
            <Form.Item name="unitId" label={t('admin.unit')} rules={[{ required: true, message: t('admin.unitRequired') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={units.data?.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          ) : null}
          {formRole && PLACE_ROLES.includes(formRole) ? (
            <Form.Item name="placeId" label={t('admin.placeScope')} rules={[{ required: formRole !== 'resident', message: t('admin.placeRequired') }]}>
              <PlaceSearch withLevel allowClear />
            </Form.Item>
          ) : null}
          {editing === 'new' ? (
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: 8, message: t('admin.passwordMin') }]}>
              <Input.Password maxLength={128} autoComplete="new-password" />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <Modal
        open={resetting !== null}
        title={`${t('admin.resetPassword')} · ${resetting?.username ?? ''}`}
        onOk={() => void resetPassword()}
        onCancel={() => setResetting(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={pwForm} layout="vertical" name="reset-password">
          <Form.Item name="password" label={t('admin.newPassword')} rules={[{ required: true, min: 8, message: t('admin.passwordMin') }]}>
            <Input.Password maxLength={128} autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
