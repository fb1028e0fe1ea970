/** The merchant's first screen: one input for the code the resident shows, a big answer, and the history of verified codes. */
import { useRef, useState } from 'react';
import { Button, Card, Input, Result, Space, Table, Typography, type InputRef } from 'antd';
import { useAsync } from '../../../lib/data';
import { formatTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { cogov, type RedemptionDto } from './api';
import { errorText, LoadError, useT } from './shared';

export default function MerchantVerify() {
  const t = useT();
  const { lang } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true; r: RedemptionDto } | { ok: false; text: string } | null>(null);
  const history = useAsync(() => cogov.verified(), []);
  const input = useRef<InputRef>(null);

  const verify = async () => {
    const c = code.trim();
    if (!c) return;
    setBusy(true);
    try {
      const r = await cogov.verify(c);
      setResult({ ok: true, r });
      setCode('');
      history.reload();
    } catch (err) {
      setResult({ ok: false, text: errorText(err, lang) });
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t('verifyTitle')}</Typography.Title>}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void verify();
          }}
          style={{ display: 'flex', gap: 12, maxWidth: 640 }}
        >
          <Input
            ref={input}
            size="large"
            autoFocus
            aria-label={t('code')}
            placeholder={t('codePlaceholder')}
            value={code}
            maxLength={20}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            style={{ fontSize: 24, letterSpacing: 4, fontFamily: 'monospace' }}
          />
          <Button size="large" type="primary" htmlType="submit" loading={busy} disabled={!code.trim()}>
            {t('verify')}
          </Button>
        </form>
        {result ? (
          <div role="status" aria-live="polite">
            {result.ok ? (
              <Result
                status="success"
                title={t('verifiedOk')}
                subTitle={
                  <span style={{ fontSize: 18 }}>
                    {result.r.rewardName} · {result.r.cost} {t('cost')} · {result.r.honouredBy}
                  </span>
                }
              />
            ) : (
              <Result status="error" title={t('verifyFailed')} subTitle={<span style={{ fontSize: 18 }}>{result.text}</span>} />
            )}
          </div>
        ) : null}
      </Card>
      <Card title={t('history')}>
        <LoadError error={history.error} />
        <Table<RedemptionDto>
          rowKey="id"
          size="small"
          loading={history.loading}
          dataSource={history.data ?? []}
          locale={{ emptyText: t('noHistory') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('usedAt'), dataIndex: 'usedAt', render: (v: string) => formatTime(v) },
            { title: t('reward'), dataIndex: 'rewardName' },
            { title: t('cost'), dataIndex: 'cost', align: 'right' },
            { title: t('code'), dataIndex: 'codeHint', render: (h: string) => `…${h}` },
          ]}
        />
      </Card>
    </Space>
  );
}
