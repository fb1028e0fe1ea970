/** 消息: what happened to my requests (dispatched, replied, closed…), unread first marked. */
import { Alert, Empty, Skeleton } from 'antd';
import { api, ApiError } from '../lib/api';
import { useAsync } from '../lib/data';
import { formatTime } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { navigate } from '../lib/router';
import { MobileShell } from './Shell';
import type { InboxMessage } from './useUnread';

export default function Inbox() {
  const { t, lang } = useI18n();
  const inbox = useAsync(() => api.get<{ items: InboxMessage[]; unread: number }>('/api/me/messages?limit=100'), []);
  const open = async (m: InboxMessage) => {
    if (!m.readAt) await api.post(`/api/me/messages/${m.id}/read`).catch(() => undefined);
    if (m.orderId) navigate(`/m/orders/${m.orderId}`);
    else inbox.reload();
  };
  return (
    <MobileShell title={t('m.inbox')}>
      {inbox.error ? (
        <Alert type="error" title={inbox.error instanceof ApiError ? inbox.error.text(lang) : String(inbox.error)} />
      ) : null}
      {inbox.loading && !inbox.data ? <Skeleton active /> : null}
      {inbox.data && inbox.data.items.length === 0 ? (
        <div className="gz-m-card">
          <Empty description={t('m.noMessages')} />
        </div>
      ) : null}
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('m.inbox')}>
        {inbox.data?.items.map((m) => (
          <li key={m.id}>
            <a
              className={`gz-m-list-item${m.readAt ? '' : ' gz-m-unread'}`}
              href={m.orderId ? `/m/orders/${m.orderId}` : '#'}
              onClick={(e) => {
                e.preventDefault();
                void open(m);
              }}
            >
              <strong>{m.title}</strong>
              {m.readAt ? null : <span className="gz-sr-only">{t('m.unread')}</span>}
              <div style={{ marginTop: 4, whiteSpace: 'pre-wrap' }}>{m.body}</div>
              <div className="meta">{formatTime(m.createdAt)}</div>
            </a>
          </li>
        ))}
      </ul>
    </MobileShell>
  );
}
