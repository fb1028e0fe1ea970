/** The frame of every resident screen: a red header with back or logo, title and language switch. */
import type { ReactNode } from 'react';
import { Button } from 'antd';
import { useI18n } from '../lib/i18n';
import { navigate } from '../lib/router';

export function MobileShell({ title, children, back }: { title: string; children: ReactNode; back?: string }) {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="gz-m">
      <header className="gz-m-header">
        {back ? (
          <Button type="text" onClick={() => navigate(back)} aria-label={t('m.back')} className="gz-m-back">
            ‹
          </Button>
        ) : (
          <span className="gz-m-logo" aria-hidden>
            共
          </span>
        )}
        <h1>{title}</h1>
        <Button type="text" size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} aria-label={lang === 'zh' ? 'Switch to English' : '切换到中文'}>
          {lang === 'zh' ? 'EN' : '中'}
        </Button>
      </header>
      <main className="gz-m-main">{children}</main>
    </div>
  );
}
