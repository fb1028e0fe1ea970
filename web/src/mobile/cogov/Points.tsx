/** 我的积分: the settled balance, what is still in its public notice, and every entry (credits, debits, reversals). */
import { Skeleton, Statistic } from 'antd';
import { cogov } from '../../console/pages/cogov/api';
import { useAsync } from '../../lib/data';
import { formatTime } from '../../lib/format';
import { ErrorAlert, useT } from './shared';

export default function Points() {
  const t = useT();
  const pts = useAsync(() => cogov.myPoints(), []);
  const p = pts.data;
  return (
    <>
      <ErrorAlert error={pts.error} />
      {!p ? (
        pts.loading ? <Skeleton active /> : null
      ) : (
        <>
          <div className="gz-m-card" style={{ display: 'flex', gap: 24 }}>
            <Statistic title={t('balance')} value={p.balance} valueStyle={{ color: '#b71c1c', fontWeight: 700 }} />
            <Statistic title={t('pending')} value={p.pending} />
          </div>
          <h2 style={{ fontSize: 15, margin: '4px 2px 8px' }}>{t('history')}</h2>
          {p.entries.length === 0 ? <div className="gz-m-card">{t('noHistory')}</div> : null}
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('history')}>
            {p.entries.map((e) => (
              <li key={e.id} className="gz-m-list-item" style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <div style={{ flex: 1 }}>
                  <div>{e.reason}</div>
                  <div className="meta">
                    {formatTime(e.createdAt)}
                    {!e.settled ? ` · ${t('settlesAt', { t: formatTime(e.settlesAt) })}` : ''}
                  </div>
                </div>
                <strong style={{ color: e.delta > 0 ? '#b71c1c' : '#333', whiteSpace: 'nowrap' }}>
                  {e.delta > 0 ? `+${e.delta}` : e.delta}
                </strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
