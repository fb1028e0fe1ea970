/**
 * A session's check-in screen, meant for a tablet or a projector at the activity: the rotating
 * six-digit code shown large (renewed before its two minutes run out), check-in or check-out,
 * and beside it the enrolled residents, who can also be marked in or out by hand. The list
 * refreshes every few seconds so the organiser sees people arrive.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useAsync } from '../../../lib/data';
import { useI18n } from '../../../lib/i18n';
import { navigate } from '../../../lib/router';
import { cogov } from './api';
import { qrMatrix } from './qr';
import { errorText, LoadError, slotText, useT } from './shared';

type Purpose = 'in' | 'out';

/** The QR code of a link, as SVG squares with the standard four-module quiet zone. */
function QrCode({ text, label, size = 220 }: { text: string; label: string; size?: number }) {
  const m = qrMatrix(text);
  if (!m) return null;
  const n = m.length + 8;
  const path = m.flatMap((row, r) => row.map((dark, c) => (dark ? `M${c + 4} ${r + 4}h1v1h-1z` : ''))).join('');
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${n} ${n}`} width={size} height={size} shapeRendering="crispEdges" style={{ background: '#fff' }}>
      <path d={path} fill="#000" />
    </svg>
  );
}

function useCode(sessionId: number, purpose: Purpose) {
  const { lang } = useI18n();
  const [code, setCode] = useState<{ code: string; expiresAt: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const inFlight = useRef(false);
  const issue = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    setError(null);
    cogov
      .issueCode(sessionId, purpose)
      .then(
        (c) => setCode({ code: c.code, expiresAt: Date.parse(c.expiresAt) }),
        (err: unknown) => {
          setCode(null);
          setError(errorText(err, lang));
        },
      )
      .finally(() => {
        inFlight.current = false;
      });
  }, [sessionId, purpose, lang]);
  useEffect(() => {
    issue();
  }, [issue]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  // Renew ten seconds before the code runs out, so a resident typing it is not cut off.
  const left = code ? Math.max(0, Math.round((code.expiresAt - now) / 1000)) : 0;
  useEffect(() => {
    if (code && left <= 10) issue();
  }, [code, left, issue]);
  return { code, error, left, issue };
}

export default function CheckinScreen({ activityId, sessionId }: { activityId: number; sessionId: number }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [purpose, setPurpose] = useState<Purpose>('in');
  const activity = useAsync(() => cogov.activity(activityId), [activityId]);
  const att = useAsync(() => cogov.attendance(activityId), [activityId]);
  const { code, error, left, issue } = useCode(sessionId, purpose);
  const { reload } = att;
  useEffect(() => {
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [reload]);

  const session = activity.data?.sessions.find((s) => s.id === sessionId);
  const rows = (att.data?.people ?? [])
    .filter((p) => p.enrollment === 'enrolled')
    .map((p) => ({ ...p, record: p.records.find((r) => r.sessionId === sessionId) ?? null }));

  const mark = async (userId: number, name: string, action: Purpose) => {
    try {
      await cogov.mark(sessionId, userId, action);
      message.success(`${t('marked')}：${name}`);
      reload();
    } catch (err) {
      message.error(errorText(err, lang));
    }
  };

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {activity.data?.title ?? ''} {session ? `· ${t('seq', { n: session.seq })} · ${slotText(session.startsAt, session.endsAt)}` : ''}
        </Typography.Title>
      }
      extra={<Button onClick={() => navigate(`/cogov/activities/${activityId}`)}>{t('back')}</Button>}
    >
      <LoadError error={activity.error ?? att.error} />
      <Row gutter={24}>
        <Col xs={24} lg={12}>
          <section aria-label={t('checkinTitle')} style={{ textAlign: 'center', padding: '16px 0' }}>
            <Segmented<Purpose>
              size="large"
              value={purpose}
              onChange={setPurpose}
              options={[
                { value: 'in', label: t('purposeIn') },
                { value: 'out', label: t('purposeOut') },
              ]}
            />
            {error ? <Alert type="warning" showIcon title={error} style={{ marginTop: 24, textAlign: 'left' }} role="alert" /> : null}
            {code ? (
              <>
                <div
                  role="status"
                  aria-label={t('codeLabel')}
                  data-code={code.code}
                  style={{ fontSize: 96, fontWeight: 700, letterSpacing: 16, fontVariantNumeric: 'tabular-nums', margin: '24px 0 8px', color: purpose === 'in' ? '#b71c1c' : '#1d4ed8' }}
                >
                  {code.code}
                </div>
                <QrCode
                  text={`${window.location.origin}/m/cogov/activities/${activityId}?code=${code.code}${purpose === 'out' ? '&out=1' : ''}`}
                  label={t('qrLabel')}
                />
                <Typography.Paragraph type="secondary">{t('codeValid', { s: left })}</Typography.Paragraph>
              </>
            ) : null}
            <Typography.Paragraph>{t('codeHelp')}</Typography.Paragraph>
            <Button icon={<ReloadOutlined />} onClick={issue}>
              {t('newCode')}
            </Button>
          </section>
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{t('byHand')}</Typography.Title>
          <Table<(typeof rows)[number]>
            rowKey="userId"
            size="small"
            pagination={false}
            loading={att.loading && !att.data}
            dataSource={rows}
            locale={{ emptyText: t('noPeople') }}
            columns={[
              { title: t('person'), dataIndex: 'name' },
              {
                title: t('status'),
                key: 'st',
                render: (_, p) =>
                  p.record?.checkedOutAt ? <Tag color="blue">{t('checkedOut')}</Tag> : p.record ? <Tag color="success">{t('checkedIn')}</Tag> : <Tag>{t('notYet')}</Tag>,
              },
              {
                title: '',
                key: 'ops',
                render: (_, p) => (
                  <Space>
                    {!p.record ? (
                      <Button size="small" type="primary" aria-label={`${t('markIn')} ${p.name}`} onClick={() => void mark(p.userId, p.name, 'in')}>
                        {t('markIn')}
                      </Button>
                    ) : null}
                    {p.record && !p.record.checkedOutAt ? (
                      <Button size="small" aria-label={`${t('markOut')} ${p.name}`} onClick={() => void mark(p.userId, p.name, 'out')}>
                        {t('markOut')}
                      </Button>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}

