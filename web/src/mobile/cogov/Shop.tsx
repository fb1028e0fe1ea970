/** 积分超市 and 兑换码: rewards with price and stock, redeeming (the code shown once, large), and my codes — show again (a new one), or give back. */
import { useState } from 'react';
import { App, Button, Empty, Modal, Popconfirm, Skeleton, Space, Tag } from 'antd';
import { cogov, type RedemptionDto, type RewardDto } from '../../console/pages/cogov/api';
import { useAsync } from '../../lib/data';
import { formatTime } from '../../lib/format';
import { ErrorAlert, useErrorText, useT } from './shared';

/** The one-time code, large, in a dialog. */
function CodeDialog({ shown, onClose }: { shown: { code: string; r: RedemptionDto } | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal open={!!shown} title={t('yourCode')} onCancel={onClose} footer={<Button onClick={onClose}>{t('close')}</Button>} centered width={340}>
      {shown ? (
        <div style={{ textAlign: 'center' }}>
          <div style={{ fontWeight: 600 }}>{shown.r.rewardName}</div>
          <div role="status" aria-label={t('yourCode')} style={{ fontSize: 30, fontWeight: 700, letterSpacing: 3, fontFamily: 'monospace', margin: '16px 0', wordBreak: 'break-all' }}>
            {shown.code}
          </div>
          <div style={{ color: '#666', fontSize: 12 }}>{t('validUntil', { t: formatTime(shown.r.expiresAt) })}</div>
          <p style={{ color: '#666', fontSize: 12, marginTop: 8 }}>{t('codeOnce')}</p>
        </div>
      ) : null}
    </Modal>
  );
}

export function Shop() {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const rewards = useAsync(() => cogov.rewards(), []);
  const points = useAsync(() => cogov.myPoints(), []);
  const [shown, setShown] = useState<{ code: string; r: RedemptionDto } | null>(null);
  const balance = points.data?.balance ?? 0;
  const redeem = async (r: RewardDto) => {
    try {
      const res = await cogov.redeem(r.id);
      setShown({ code: res.code, r: res.redemption });
      rewards.reload();
      points.reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  return (
    <>
      <div className="gz-m-card" style={{ display: 'flex', justifyContent: 'space-between' }}>
        <span>{t('balance')}</span>
        <strong style={{ color: '#b71c1c', fontSize: 18 }}>{points.data ? balance : '—'}</strong>
      </div>
      <ErrorAlert error={rewards.error ?? points.error} />
      {rewards.loading && !rewards.data ? <Skeleton active /> : null}
      {rewards.data?.length === 0 ? <Empty /> : null}
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('navShop')}>
        {rewards.data?.map((r) => (
          <li key={r.id} className="gz-m-list-item">
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <strong style={{ flex: 1 }}>{r.name}</strong>
              <span style={{ color: '#b71c1c', fontWeight: 600 }}>{t('price', { n: r.price })}</span>
            </div>
            {r.description ? <div className="meta">{r.description}</div> : null}
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 6 }}>
              <span className="meta" style={{ marginTop: 0 }}>
                {t('stock', { n: r.stock })} · {t('honouredBy', { n: r.honouredBy })}
              </span>
              {r.stock < 1 || (points.data && balance < r.price) ? (
                <Button size="small" disabled>
                  {r.stock < 1 ? t('soldOut') : t('notEnough')}
                </Button>
              ) : (
                <Popconfirm title={t('redeemConfirm', { n: r.price, r: r.name })} onConfirm={() => void redeem(r)}>
                  <Button size="small" type="primary" aria-label={`${t('redeem')} ${r.name}`}>
                    {t('redeem')}
                  </Button>
                </Popconfirm>
              )}
            </div>
          </li>
        ))}
      </ul>
      <CodeDialog shown={shown} onClose={() => setShown(null)} />
    </>
  );
}

const STATUS_COLOR: Record<string, string> = { issued: 'red', used: 'green', cancelled: 'default', expired: 'default' };

export function Codes() {
  const t = useT();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const list = useAsync(() => cogov.myRedemptions(), []);
  const [shown, setShown] = useState<{ code: string; r: RedemptionDto } | null>(null);
  const act = async (fn: () => Promise<void>) => {
    try {
      await fn();
      list.reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  return (
    <>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Skeleton active /> : null}
      {list.data?.length === 0 ? <div className="gz-m-card">{t('noCodes')}</div> : null}
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('navCodes')}>
        {list.data?.map((r) => (
          <li key={r.id} className="gz-m-list-item">
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <strong style={{ flex: 1 }}>{r.rewardName}</strong>
              <Tag color={STATUS_COLOR[r.status]}>{t(`status.${r.status}`)}</Tag>
            </div>
            <div className="meta">
              {t('price', { n: r.cost })} · {t('endsWith', { h: r.codeHint })} · {r.status === 'used' ? formatTime(r.usedAt) : t('validUntil', { t: formatTime(r.expiresAt) })}
            </div>
            {r.status === 'issued' ? (
              <Space style={{ marginTop: 8 }}>
                <Popconfirm
                  title={t('reissueConfirm')}
                  onConfirm={() =>
                    void act(async () => {
                      const res = await cogov.reissueCode(r.id);
                      setShown({ code: res.code, r: res.redemption });
                    })
                  }
                >
                  <Button size="small" type="primary">
                    {t('showCode')}
                  </Button>
                </Popconfirm>
                <Popconfirm
                  title={t('cancelRedemptionConfirm')}
                  onConfirm={() =>
                    void act(async () => {
                      await cogov.cancelRedemption(r.id);
                      message.success(t('cancelledRedemption'));
                    })
                  }
                >
                  <Button size="small">{t('cancelRedemption')}</Button>
                </Popconfirm>
              </Space>
            ) : null}
          </li>
        ))}
      </ul>
      <CodeDialog shown={shown} onClose={() => setShown(null)} />
    </>
  );
}
