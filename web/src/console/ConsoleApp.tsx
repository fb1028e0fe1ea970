/**
 * The staff console: a sign-in gate, then a desktop layout (side menu by role, header with the
 * user, language switch and sign-out) around lazily loaded pages.
 */
import { lazy, Suspense, useEffect, useMemo, type ReactNode } from 'react';
import { Button, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import {
  BarChartOutlined,
  DatabaseOutlined,
  FileSearchOutlined,
  FormOutlined,
  HomeOutlined,
  LogoutOutlined,
  TranslationOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Role } from '../../../common/roles';
import { useI18n } from '../lib/i18n';
import { roleName } from '../lib/labels';
import { matchPath, navigate, useLocation } from '../lib/router';
import { useSession, type Me } from '../lib/session';
import type { MessageKey } from '../lib/messages';
import LoginPage from './LoginPage';
import { ErrorBoundary } from './components/ErrorBoundary';
import { SECTIONS } from './sections';

const DispatcherHome = lazy(() => import('./pages/DispatcherHome'));
const HandlerHome = lazy(() => import('./pages/HandlerHome'));
const SupervisorHome = lazy(() => import('./pages/SupervisorHome'));
const IntakePage = lazy(() => import('./pages/IntakePage'));
const OrdersPage = lazy(() => import('./pages/OrdersPage'));
const OrderDetailPage = lazy(() => import('./pages/OrderDetailPage'));
const StatsPage = lazy(() => import('./pages/StatsPage'));
const AdminPage = lazy(() => import('./pages/admin/AdminPage'));

const ADMIN_TABS = ['places', 'units', 'categories', 'calendar', 'users'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

interface NavItem {
  key: string;
  label: MessageKey;
  icon: ReactNode;
  roles: readonly Role[];
}

const CAN_INTAKE: readonly Role[] = ['dispatcher', 'supervisor', 'admin', 'inspector'];

const NAV: NavItem[] = [
  { key: '/', label: 'nav.home', icon: <HomeOutlined />, roles: ['dispatcher', 'handler', 'supervisor', 'inspector', 'organiser', 'merchant'] },
  { key: '/intake', label: 'nav.intake', icon: <FormOutlined />, roles: CAN_INTAKE },
  { key: '/orders', label: 'nav.orders', icon: <FileSearchOutlined />, roles: ['dispatcher', 'handler', 'supervisor', 'admin', 'inspector'] },
  { key: '/stats', label: 'nav.stats', icon: <BarChartOutlined />, roles: ['supervisor', 'admin', 'dispatcher'] },
];

const ADMIN_NAV: { tab: AdminTab; label: MessageKey }[] = [
  { tab: 'places', label: 'admin.places' },
  { tab: 'units', label: 'admin.units' },
  { tab: 'categories', label: 'admin.categories' },
  { tab: 'calendar', label: 'admin.calendar' },
  { tab: 'users', label: 'admin.users' },
];

function Home({ me }: { me: Me }) {
  const { t } = useI18n();
  for (const section of SECTIONS) {
    const home = section.home?.[me.role];
    if (home) return home(me);
  }
  switch (me.role) {
    case 'dispatcher':
      return <DispatcherHome />;
    case 'handler':
      return <HandlerHome />;
    case 'supervisor':
      return <SupervisorHome />;
    case 'admin':
      return <AdminPage tab="places" />;
    case 'inspector':
      return <OrdersPage />;
    case 'resident':
      return (
        <Result
          status="info"
          title={t('console.residentHere')}
          extra={
            <Button type="primary" href="/m/">
              {t('console.goResident')}
            </Button>
          }
        />
      );
    case 'organiser':
    case 'merchant':
      return <Result status="info" title={t('console.notYet')} subTitle={t('console.notYetSub')} />;
  }
}

function Page({ me }: { me: Me }) {
  const { path } = useLocation();
  const { t } = useI18n();
  if (path === '/' || path === '') return <Home me={me} />;
  if (path === '/intake' && CAN_INTAKE.includes(me.role)) return <IntakePage />;
  if (path === '/orders') return <OrdersPage />;
  const detail = matchPath('/orders/:id', path);
  if (detail && /^\d+$/.test(detail.id!)) return <OrderDetailPage id={Number(detail.id)} />;
  if (path === '/stats') return <StatsPage />;
  const admin = matchPath('/admin/:tab', path);
  if (admin && me.role === 'admin' && (ADMIN_TABS as readonly string[]).includes(admin.tab!)) return <AdminPage tab={admin.tab as AdminTab} />;
  for (const section of SECTIONS) {
    if (!section.roles.includes(me.role)) continue;
    const page = section.route(path, me);
    if (page) return page;
  }
  return <Result status="404" title="404" subTitle={t('console.noPage')} extra={<Button onClick={() => navigate('/')}>{t('console.backHome')}</Button>} />;
}

export default function ConsoleApp() {
  const { me, logout } = useSession();
  const { t, lang, setLang, pick } = useI18n();
  const { path } = useLocation();

  useEffect(() => {
    document.title = t('app.consoleTitle');
  }, [t]);

  const items = useMemo(() => {
    if (!me) return [];
    const list: NonNullable<Parameters<typeof Menu>[0]['items']> = NAV.filter((n) => n.roles.includes(me.role)).map((n) => ({
      key: n.key,
      icon: n.icon,
      label: n.key === '/' ? t(homeLabel(me.role)) : t(n.label),
    }));
    for (const section of SECTIONS) {
      if (!section.roles.includes(me.role)) continue;
      const children = section.items.filter((i) => (i.roles ?? section.roles).includes(me.role)).map((i) => ({ key: i.path, label: pick(i.label[0], i.label[1]) }));
      if (children.length) list.push({ key: section.key, icon: section.icon, label: pick(section.label[0], section.label[1]), children });
    }
    if (me.role === 'admin') {
      list.unshift({
        key: 'admin',
        icon: <DatabaseOutlined />,
        label: t('nav.admin'),
        children: ADMIN_NAV.map((a) => ({ key: `/admin/${a.tab}`, label: t(a.label) })),
      });
    }
    return list;
  }, [me, t, pick]);

  if (me === undefined) {
    return (
      <div style={{ display: 'flex', height: '100vh', alignItems: 'center', justifyContent: 'center' }}>
        <Spin />
      </div>
    );
  }
  if (me === null) return <LoginPage />;

  const sectionItem = SECTIONS.flatMap((x) => x.items).find((i) => path === i.path || path.startsWith(`${i.path}/`));
  const selected = path.startsWith('/orders') ? '/orders' : me.role === 'admin' && path === '/' ? '/admin/places' : (sectionItem?.path ?? path);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="dark" breakpoint="lg" collapsedWidth={0}>
        <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 8, padding: '0 20px', color: '#fff' }}>
          <span
            aria-hidden
            style={{ background: '#b71c1c', borderRadius: 6, width: 28, height: 28, display: 'inline-flex', alignItems: 'center', justifyContent: 'center', fontWeight: 700 }}
          >
            共
          </span>
          <span style={{ fontWeight: 600, fontSize: 16 }}>{t('app.name')}</span>
        </div>
        <nav aria-label={t('nav.label')}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[selected]}
            defaultOpenKeys={['admin', ...SECTIONS.map((x) => x.key)]}
            items={items}
            onClick={(e) => navigate(e.key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}
        >
          <Typography.Text type="secondary">{t('app.district')}</Typography.Text>
          <Space size="middle">
            <Button
              type="text"
              icon={<TranslationOutlined />}
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
              aria-label={lang === 'zh' ? 'Switch to English' : '切换到中文'}
            >
              {lang === 'zh' ? 'English' : '中文'}
            </Button>
            <span>
              <UserOutlined /> {me.name} · {roleName(me.role, lang)}
              {me.unitName ? ` · ${me.unitName}` : me.placeName ? ` · ${me.placeName}` : ''}
            </span>
            <Button icon={<LogoutOutlined />} onClick={() => void logout().then(() => navigate('/'))}>
              {t('auth.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <main>
            <ErrorBoundary key={path}>
              <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
                <Page me={me} />
              </Suspense>
            </ErrorBoundary>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function homeLabel(role: Role): MessageKey {
  switch (role) {
    case 'dispatcher':
      return 'nav.homeDispatcher';
    case 'handler':
      return 'nav.homeHandler';
    case 'supervisor':
      return 'nav.homeSupervisor';
    default:
      return 'nav.home';
  }
}

