/**
 * The resident page (H5, 375 px wide — what a WeChat mini-program would wrap): sign in with phone
 * and password, report a problem, follow my requests, rate, read messages and notices, and join
 * in (参与: activities, check-in, points, the points shop).
 */
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Badge, Button, Result, Spin } from 'antd';
import { BellOutlined, EditOutlined, FileTextOutlined, HeartOutlined, NotificationOutlined } from '@ant-design/icons';
import { useI18n } from '../lib/i18n';
import { useMessages } from '../lib/local-messages';
import { matchPath, navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import type { MessageKey } from '../lib/messages';
import { MobileLogin } from './MobileLogin';
import { MobileShell } from './Shell';
import { useUnread } from './useUnread';
import './mobile.css';

const SubmitPage = lazy(() => import('./SubmitPage'));
const MyRequests = lazy(() => import('./MyRequests'));
const RequestDetail = lazy(() => import('./RequestDetail'));
const Inbox = lazy(() => import('./Inbox'));
const Notices = lazy(() => import('./Notices'));
const CogovPage = lazy(() => import('./cogov/CogovPage'));

/** Tab labels that are not in the shared catalogue (lib/messages.ts). */
const LOCAL = { 'tab.cogov': ['参与', 'Join in'] } as const;

const TABS: { path: string; label: MessageKey | { local: keyof typeof LOCAL }; icon: ReactNode }[] = [
  { path: '/m/', label: 'm.tab.report', icon: <EditOutlined /> },
  { path: '/m/mine', label: 'm.tab.mine', icon: <FileTextOutlined /> },
  { path: '/m/cogov', label: { local: 'tab.cogov' }, icon: <HeartOutlined /> },
  { path: '/m/inbox', label: 'm.tab.inbox', icon: <BellOutlined /> },
  { path: '/m/notices', label: 'm.tab.notices', icon: <NotificationOutlined /> },
];

function TabBar() {
  const { path } = useLocation();
  const { t } = useI18n();
  const local = useMessages(LOCAL);
  const unread = useUnread();
  const current = path === '/m' ? '/m/' : path;
  return (
    <nav className="gz-m-tabs" aria-label={t('nav.label')}>
      {TABS.map((tab) => {
        const active = tab.path === '/m/' ? current === '/m/' : current.startsWith(tab.path);
        return (
          <a
            key={tab.path}
            href={tab.path}
            aria-current={active ? 'page' : undefined}
            className={active ? 'active' : ''}
            onClick={(e) => {
              e.preventDefault();
              navigate(tab.path);
            }}
          >
            {tab.path === '/m/inbox' ? (
              <Badge count={unread} size="small" offset={[6, 0]}>
                <span className="gz-m-tab-icon">{tab.icon}</span>
              </Badge>
            ) : (
              <span className="gz-m-tab-icon">{tab.icon}</span>
            )}
            <span>{typeof tab.label === 'string' ? t(tab.label) : local(tab.label.local)}</span>
          </a>
        );
      })}
    </nav>
  );
}

function Route() {
  const { path } = useLocation();
  const detail = matchPath('/m/orders/:id', path);
  if (detail && /^\d+$/.test(detail.id!)) return <RequestDetail id={Number(detail.id)} />;
  if (path.startsWith('/m/mine')) return <MyRequests />;
  if (path.startsWith('/m/inbox')) return <Inbox />;
  if (path.startsWith('/m/notices')) return <Notices />;
  if (path === '/m/cogov' || path.startsWith('/m/cogov/')) return <CogovPage />;
  return <SubmitPage />;
}

export default function MobileApp() {
  const { me, logout } = useSession();
  const { t } = useI18n();

  useEffect(() => {
    document.title = t('m.title');
    const meta = document.querySelector('meta[name="viewport"]');
    meta?.setAttribute('content', 'width=device-width, initial-scale=1, viewport-fit=cover');
  }, [t]);

  if (me === undefined) return <Spin style={{ display: 'block', margin: '40vh auto' }} />;
  if (me === null) return <MobileLogin />;
  if (me.role !== 'resident') {
    return (
      <MobileShell title={t('m.title')}>
        <Result
          status="info"
          title={t('m.staffHere')}
          extra={[
            <Button key="c" type="primary" href="/">
              {t('m.toConsole')}
            </Button>,
            <Button key="o" onClick={() => void logout()}>
              {t('auth.logout')}
            </Button>,
          ]}
        />
      </MobileShell>
    );
  }
  return (
    <>
      <Suspense fallback={<Spin style={{ display: 'block', margin: '40vh auto' }} />}>
        <Route />
      </Suspense>
      <TabBar />
    </>
  );
}
