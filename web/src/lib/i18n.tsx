/**
 * A small i18n module: Chinese by default, English on request. Messages live in one table of
 * [zh, en] pairs so a missing translation is a type error, not a blank on screen.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { MESSAGES, type MessageKey } from './messages';

export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'gz.lang';

/** The language saved in this browser, or Chinese. */
export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // storage disabled: fall through
  }
  return 'zh';
}

/** Fills {name} placeholders in a message. */
export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Translates a key in a language (pure, for code outside React). */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const pair = MESSAGES[key];
  return format(lang === 'en' ? pair[1] : pair[0], vars);
}

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: T;
  /** Picks the Chinese or English one of a pair that came from the API or common/. */
  pick: (zh: string | null | undefined, en: string | null | undefined) => string;
}

const Ctx = createContext<I18n | null>(null);

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // ignore
    }
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      pick: (zh, en) => (lang === 'en' ? en || zh || '' : zh || en || ''),
    }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The current language, its translator and setter. */
export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside LangProvider');
  return v;
}
