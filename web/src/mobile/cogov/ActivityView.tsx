/**
 * One activity on the phone: what, where, when, the points; enroll (with consent to appear on the
 * volunteer board) or cancel; and, when a session is on, check in — and out, for points per
 * hour — by typing the code the organiser shows.
 */
import { useState } from 'react';
import { App, Button, Checkbox, Input, Popconfirm, Skeleton, Space, Tag } from 'antd';
import { cogov, currentSession, type ActivityDto } from '../../console/pages/cogov/api';
import { useAsync } from '../../lib/data';
import { formatTime } from '../../lib/format';
import { useLocation } from '../../lib/router';
import { ErrorAlert, useErrorText, useT } from './shared';

function CodeForm({ label, button, onSubmit, initial = '' }: { label: string; button: string; onSubmit: (code: string) => Promise<void>; initial?: string }) {
  const t = useT();
  const [code, setCode] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `code-${button}`;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        onSubmit(code)
          .catch((err: unknown) => setError(err))
          .finally(() => setBusy(false));
      }}
    >
      <label htmlFor={id} style={{ display: 'block', marginBottom: 6, fontWeight: 600 }}>
        {label}
      </label>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          id={id}
          size="large"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          placeholder={t('codeHint')}
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
          style={{ letterSpacing: 6, fontSize: 20 }}
        />
        <Button size="large" type="primary" htmlType="submit" loading={busy} disabled={code.length !== 6}>
          {button}
        </Button>
      </Space.Compact>
      <div style={{ marginTop: 8 }}>
        <ErrorAlert error={error} />
      </div>
    </form>
  );
}

function CheckInCard({ a, reload }: { a: ActivityDto; reload: () => void }) {
  const t = useT();
  // Scanning the organiser's QR code opens this page with the code filled in (?code=…, &out=1 to check out).
  const { search } = useLocation();
  const scanned = /^\d{6}$/.test(search.get('code') ?? '') ? search.get('code')! : '';
  const scannedOut = search.get('out') === '1';
  const { message } = App.useApp();
  const cur = currentSession(a.sessions, Date.now());
  if (!cur) return <div className="gz-m-card">{t('noSession')}</div>;
  if (!cur.open) return <div className="gz-m-card">{t('nextSession', { t: formatTime(cur.session.startsAt) })}</div>;
  const mine = a.myAttendance.find((r) => r.sessionId === cur.session.id);
  const earned = mine?.points ? (
    <Tag color={mine.review === 'pending' ? 'gold' : 'red'} style={{ marginLeft: 8 }}>
      {t('pointsEarned', { n: mine.points })}
      {mine.review === 'pending' ? ` · ${t('pendingReview')}` : ''}
    </Tag>
  ) : null;
  return (
    <section className="gz-m-card" aria-label={t('checkin')}>
      {!mine ? (
        <CodeForm
          label={t('checkinCode')}
          button={t('checkin')}
          initial={scannedOut ? '' : scanned}
          onSubmit={async (code) => {
            await cogov.checkIn(cur.session.id, code);
            message.success(t('checkedInOk'));
            reload();
          }}
        />
      ) : (
        <div role="status">
          <strong>{t('checkedInAt', { t: formatTime(mine.checkedInAt).slice(11) })}</strong>
          {mine.checkedOutAt ? <strong> · {t('checkedOutAt', { t: formatTime(mine.checkedOutAt).slice(11) })}</strong> : null}
          {earned}
        </div>
      )}
      {mine && !mine.checkedOutAt && a.pointsMode === 'per_hour' ? (
        <div style={{ marginTop: 12 }}>
          <CodeForm
            label={t('checkoutCode')}
            button={t('checkout')}
            initial={scannedOut ? scanned : ''}
            onSubmit={async (code) => {
              await cogov.checkOut(cur.session.id, code);
              message.success(t('checkedOutOk'));
              reload();
            }}
          />
        </div>
      ) : null}
    </section>
  );
}

export default function ActivityView({ id }: { id: number }) {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const activity = useAsync(() => cogov.activity(id), [id]);
  const [consent, setConsent] = useState(true);
  const [busy, setBusy] = useState(false);
  const a = activity.data;
  if (!a) return activity.error ? <ErrorAlert error={activity.error} /> : <Skeleton active />;
  const enrolled = a.myEnrollment?.status === 'enrolled';
  const run = (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    fn()
      .then(() => {
        message.success(ok);
        activity.reload();
      })
      .catch((err: unknown) => message.error(errorText(err)))
      .finally(() => setBusy(false));
  };
  const now = Date.now();
  return (
    <>
      <div className="gz-m-card">
        <h2 style={{ fontSize: 18, margin: '0 0 6px' }}>{a.title}</h2>
        <div className="meta" style={{ color: '#666' }}>
          <Tag>{t(`kind.${a.kind}`)}</Tag>
          {a.placeName} · {t('places', { n: a.enrolledCount, c: a.capacity })}
        </div>
        {a.description ? <p style={{ margin: '8px 0' }}>{a.description}</p> : null}
        <p style={{ margin: '8px 0', color: '#b71c1c' }}>
          {a.pointsMode === 'per_hour' ? t('perHour', { n: a.pointsRate }) : t('perAttendance', { n: a.pointsRate })} · {t('cap', { n: a.pointsCap })}
          <br />
          <span style={{ color: '#666', fontSize: 12 }}>{a.reviewRequired ? t('review', { d: a.noticeDays }) : t('notice', { d: a.noticeDays })}</span>
        </p>
        <div style={{ fontWeight: 600, marginTop: 8 }}>{t('sessions')}</div>
        <ul style={{ paddingLeft: 18, margin: '4px 0 0', maxHeight: 160, overflowY: 'auto' }}>
          {a.sessions.map((s) => (
            <li key={s.id} style={{ color: Date.parse(s.endsAt) < now ? '#aaa' : undefined }}>
              {formatTime(s.startsAt)}–{formatTime(s.endsAt).slice(11)}
              {a.myAttendance.some((r) => r.sessionId === s.id) ? ' ✓' : ''}
            </li>
          ))}
        </ul>
      </div>
      {enrolled ? <CheckInCard a={a} reload={activity.reload} /> : null}
      <div className="gz-m-card">
        {a.actions.includes('enroll') ? (
          <>
            <Checkbox checked={consent} onChange={(e) => setConsent(e.target.checked)} style={{ marginBottom: 12 }}>
              {t('showPublicly')}
            </Checkbox>
            <Button type="primary" block size="large" loading={busy} onClick={() => run(() => cogov.enroll(a.id, consent), t('enrolledOk'))}>
              {t('enroll')}
            </Button>
          </>
        ) : enrolled && a.actions.includes('cancel_enrollment') ? (
          <Popconfirm title={t('cancelConfirm')} onConfirm={() => run(() => cogov.cancelEnrollment(a.id), t('cancelledOk'))}>
            <Button block size="large" loading={busy}>
              {t('cancelEnroll')}
            </Button>
          </Popconfirm>
        ) : (
          <Button block size="large" disabled>
            {a.status === 'cancelled' ? t('cancelledActivity') : enrolled ? t('enrolled') : a.enrolledCount >= a.capacity ? t('full') : t('over')}
          </Button>
        )}
      </div>
    </>
  );
}
