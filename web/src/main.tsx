/**
 * Entry: language, Ant Design theme and locale, the session; then the staff console or, under
 * /m/, the resident page. Both faces are separate chunks, so a phone never downloads the console.
 */
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { LangProvider, useI18n } from './lib/i18n';
import { SessionProvider } from './lib/session';
import { useLocation } from './lib/router';

const ConsoleApp = lazy(() => import('./console/ConsoleApp'));
const MobileApp = lazy(() => import('./mobile/MobileApp'));

const THEME = { token: { colorPrimary: '#1d4ed8', borderRadius: 6 } };

function Faces() {
  const { path } = useLocation();
  const mobile = path === '/m' || path.startsWith('/m/');
  return (
    <Suspense
      fallback={
        <div style={{ display: 'flex', height: '100vh', alignItems: 'center', justifyContent: 'center' }}>
          <Spin />
        </div>
      }
    >
      {mobile ? <MobileApp /> : <ConsoleApp />}
    </Suspense>
  );
}

function Root() {
  const { lang } = useI18n();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <SessionProvider>
          <Faces />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LangProvider>
      <Root />
    </LangProvider>
  </StrictMode>,
);
