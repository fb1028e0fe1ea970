/** 我的诉求: what I reported, newest first, with where each stands. */
import { Alert, Button, Empty, Skeleton } from 'antd';
import { ApiError } from '../lib/api';
import { listOrders, useAsync } from '../lib/data';
import { formatTime } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { navigate } from '../lib/router';
import { StatusTag } from '../console/components/StatusTag';
import { MobileShell } from './Shell';

export default function MyRequests() {
  const { t, lang } = useI18n();
  const list = useAsync(() => listOrders({ sort: '-received_at' }, 1, 50), []);
  return (
    <MobileShell title={t('m.mine')}>
      {list.error ? <Alert type="error" title={list.error instanceof ApiError ? list.error.text(lang) : String(list.error)} /> : null}
      {list.loading && !list.data ? <Skeleton active /> : null}
      {list.data && list.data.items.length === 0 ? (
        <div className="gz-m-card">
          <Empty description={t('m.noRequests')}>
            <Button type="primary" onClick={() => navigate('/m/')}>
              {t('m.report')}
            </Button>
          </Empty>
        </div>
      ) : null}
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('m.mine')}>
        {list.data?.items.map((o) => (
          <li key={o.id}>
            <a
              className="gz-m-list-item"
              href={`/m/orders/${o.id}`}
              onClick={(e) => {
                e.preventDefault();
                navigate(`/m/orders/${o.id}`);
              }}
            >
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <strong style={{ flex: 1 }}>{o.title}</strong>
                <StatusTag status={o.status} />
              </div>
              <div className="meta">
                {o.category?.name} · {o.placeLabel}
              </div>
              <div className="meta">
                {o.number} · {formatTime(o.receivedAt)}
              </div>
            </a>
          </li>
        ))}
      </ul>
    </MobileShell>
  );
}
