/**
 * Entry: language, Ant Design theme and locale, the session; then the staff console or, under
 * /m/, the resident page. Both faces are separate chunks, so a phone never downloads the console.
 */
import { lazy, StrictMode, Suspense, useSyncExternalStore } from 'react';
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

const TOKENS = { colorPrimary: '#1d4ed8', borderRadius: 6 };
const THEME = { token: TOKENS };
/** For people who asked their system for less motion: dialogs and lists appear at once. */
const STILL_THEME = { token: { ...TOKENS, motion: false } };

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const q = window.matchMedia(REDUCED_MOTION);
      q.addEventListener('change', changed);
      return () => q.removeEventListener('change', changed);
    },
    () => window.matchMedia(REDUCED_MOTION).matches,
  );
}

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
  const still = usePrefersReducedMotion();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={still ? STILL_THEME : THEME} button={{ autoInsertSpace: false }}>
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
