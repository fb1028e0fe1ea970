/** Staff sign-in: username and password; a wrong password shows under the password field. */
import { useState } from 'react';
import { Alert, Button, Card, Collapse, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useI18n } from '../lib/i18n';
import { applyFormError } from '../lib/form-errors';
import { useSession } from '../lib/session';
import { roleName } from '../lib/labels';

/** Demo accounts (server/demo/district.ts); all use the password demo1234. */
const DEMO = [
  ['dispatcher', 'dispatcher'],
  ['handler.shy', 'handler'],
  ['handler.txlj', 'handler'],
  ['supervisor', 'supervisor'],
  ['admin', 'admin'],
] as const;

export default function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { login } = useSession();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
    } catch (e) {
      setError(applyFormError(form, e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg,#1e3a8a,#b71c1c)' }}>
      <main style={{ width: 380 }}>
        <Card>
          <div style={{ textAlign: 'center', marginBottom: 16 }}>
            <Typography.Title level={2} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.consoleTitle')}</Typography.Text>
          </div>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} name="login">
            <Form.Item label={t('auth.username')} name="username" rules={[{ required: true, message: t('auth.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('auth.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('auth.login')}
            </Button>
          </Form>
          <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 12 }}>
            <Button type="link" href="/m/" style={{ padding: 0 }}>
              {t('auth.residentEntry')}
            </Button>
            <Button type="link" style={{ padding: 0 }} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
              {lang === 'zh' ? 'English' : '中文'}
            </Button>
          </div>
          <Collapse
            ghost
            size="small"
            items={[
              {
                key: 'demo',
                label: t('auth.demoAccounts'),
                children: (
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {DEMO.map(([u, r]) => (
                      <li key={u}>
                        <Typography.Text code>{u}</Typography.Text> {roleName(r, lang)}
                      </li>
                    ))}
                    <li>{t('auth.demoPassword')}</li>
                  </ul>
                ),
              },
            ]}
          />
        </Card>
      </main>
    </div>
  );
}
