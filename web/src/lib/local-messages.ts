/**
 * Messages that belong to one section of the app (supervision, evaluation, co-governance) live
 * beside its pages as a table of [中文, English] pairs, so sections do not all edit messages.ts.
 * A missing key is still a type error.
 */
import { useCallback } from 'react';
import { format, useI18n } from './i18n';

export type MessageTable = Record<string, readonly [string, string]>;

/** A translator for one section's table, following the app's language switch. */
export function useMessages<M extends MessageTable>(table: M): (key: keyof M & string, vars?: Record<string, string | number>) => string {
  const { lang } = useI18n();
  return useCallback(
    (key: keyof M & string, vars?: Record<string, string | number>) => {
      const pair = table[key]!;
      return format(lang === 'en' ? pair[1] : pair[0], vars);
    },
    [lang, table],
  );
}
