/**
 * A compound's disclosure board for a phone: the 五亮 items (each with its last update and a flag
 * when stale), 亮结果 from the compound's own orders, facility maintenance dates, and notices.
 */
import { Tag } from 'antd';
import { formatTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useMessages } from '../../lib/local-messages';
import { NM } from './messages';
import { pct, type Board, type Notice } from './board';

const row = { display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'baseline' } as const;
const meta = { color: '#888', fontSize: 12 } as const;

export function NoticeList({ notices }: { notices: Notice[] }) {
  const t = useMessages(NM);
  if (!notices.length) return <p style={meta}>{t('noNotices')}</p>;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('notices')}>
      {notices.map((n) => (
        <li key={n.id} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
          <strong>{n.title}</strong>
          <div style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{n.body}</div>
          <div style={meta}>
            {formatTime(n.publishedAt)} · {t('from', { p: n.placeName })}
            {n.expiresAt ? ` · ${t('until', { t: formatTime(n.expiresAt) })}` : ''}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function BoardView({ board }: { board: Board }) {
  const t = useMessages(NM);
  const { pick } = useI18n();
  const r = board.results;
  return (
    <>
      <section className="gz-m-card" aria-label={t('board')}>
        <div style={row}>
          <h2 style={{ fontSize: 16, margin: 0 }}>{t('board')}</h2>
          {board.staleCount ? <Tag color="orange">{t('staleCount', { n: board.staleCount })}</Tag> : null}
        </div>
        <ul style={{ listStyle: 'none', margin: '8px 0 0', padding: 0 }}>
          {board.items.map((i) => (
            <li key={i.item} aria-label={pick(i.name, i.nameEn)} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
              <div style={row}>
                <strong>{pick(i.name, i.nameEn)}</strong>
                {i.stale ? <Tag color="orange">{i.content === null ? t('notPublished') : t('stale', { d: board.staleDays })}</Tag> : null}
              </div>
              {i.content ? <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{i.content}</div> : null}
              {i.updatedAt ? <div style={meta}>{t('updated', { t: formatTime(i.updatedAt) })}</div> : null}
            </li>
          ))}
          <li aria-label={pick(r.name, r.nameEn)} style={{ padding: '10px 0' }}>
            <strong>{pick(r.name, r.nameEn)}</strong>
            <div style={meta}>{t('results', { d: r.days })}</div>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 4, marginTop: 6, textAlign: 'center' }}>
              {[
                [t('received'), String(r.received)],
                [t('closed'), String(r.closed)],
                [t('onTime'), pct(r.onTimePercent)],
                [t('satisfaction'), pct(r.satisfactionPercent)],
              ].map(([k, v]) => (
                <div key={k} style={{ background: '#fafafa', borderRadius: 6, padding: '6px 2px' }}>
                  <div style={{ fontSize: 17, fontWeight: 600 }}>{v}</div>
                  <div style={meta}>{k}</div>
                </div>
              ))}
            </div>
            <div style={meta}>{t('updated', { t: formatTime(r.updatedAt) })}</div>
          </li>
        </ul>
      </section>
      <section className="gz-m-card" aria-label={t('facilities')}>
        <h2 style={{ fontSize: 16, margin: 0 }}>{t('facilities')}</h2>
        {board.facilities.length === 0 ? <p style={meta}>{t('noFacilities')}</p> : null}
        <ul style={{ listStyle: 'none', margin: '8px 0 0', padding: 0 }}>
          {board.facilities.map((f) => (
            <li key={f.id} aria-label={f.name} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
              <div style={row}>
                <strong>{f.name}</strong>
                <span>
                  <Tag>{pick(f.kindName, f.kindNameEn)}</Tag>
                  {f.overdue ? <Tag color="red">{t('overdue')}</Tag> : null}
                </span>
              </div>
              <div style={meta}>
                {t('lastMaintenance')}: {formatTime(f.lastMaintenanceAt)}
                {f.nextMaintenanceDue ? ` · ${t('nextMaintenance')}: ${formatTime(f.nextMaintenanceDue).slice(0, 10)}` : ''}
              </div>
              {f.lastCheckAt ? (
                <div style={meta}>
                  {t('lastCheck')}: {formatTime(f.lastCheckAt)}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
