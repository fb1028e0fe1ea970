/** Resident sign-in with phone number and password (no SMS code in this deployment). */
import { useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { LockOutlined, MobileOutlined } from '@ant-design/icons';
import { applyFormError } from '../lib/form-errors';
import { isPhone } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useSession } from '../lib/session';
import { MobileShell } from './Shell';

export function MobileLogin() {
  const { t, lang } = useI18n();
  const { login } = useSession();
  const [form] = Form.useForm<{ phone: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: { phone: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.phone.replace(/\s+/g, ''), v.password);
    } catch (e) {
      setError(applyFormError(form, e, lang, { username: 'phone' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <MobileShell title={t('m.title')}>
      <div className="gz-m-card" style={{ marginTop: 24 }}>
        <Typography.Title level={3} style={{ marginTop: 0, textAlign: 'center' }}>
          {t('m.welcome')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('m.welcomeSub')}
        </Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        <Form form={form} layout="vertical" name="m-login" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item
            name="phone"
            label={t('m.phone')}
            rules={[
              { required: true, message: t('m.phoneRequired') },
              { validator: (_, v: string | undefined) => (!v || isPhone(v) ? Promise.resolve() : Promise.reject(new Error(t('intake.phoneInvalid')))) },
            ]}
          >
            <Input size="large" inputMode="tel" autoComplete="tel" prefix={<MobileOutlined />} maxLength={20} />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password size="large" autoComplete="current-password" prefix={<LockOutlined />} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            {t('auth.login')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('m.demoHint')}
        </Typography.Paragraph>
      </div>
    </MobileShell>
  );
}
