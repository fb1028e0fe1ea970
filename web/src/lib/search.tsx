/**
 * Typing into a select that asks the server: every remote picker (places, compounds, staff,
 * orders) goes through `useRemoteSearch`, so they all behave the same way:
 *
 * - what is typed is asked after a short pause, and only the latest question's answer is shown
 *   (an earlier answer that arrives late is dropped);
 * - while the answer to what is typed now is on its way, no options are offered and a spinner
 *   shows: an option is never the answer to an earlier text, so a click cannot land on a list
 *   that is about to be replaced;
 * - clearing the text keeps the last answer (the label of what was picked stays at hand), unless
 *   the picker also asks for the empty text (a default list).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Spin } from 'antd';
import { api, qs } from './api';
import type { Place } from './data';

export interface RemoteSearch<T> {
  /** the answer to what is typed now; empty while it is on its way */
  items: T[];
  /** what is typed, trimmed */
  text: string;
  /** the answer to what is typed is on its way */
  loading: boolean;
  /** give to Select's `showSearch.onSearch` */
  search: (q: string) => void;
  /** give to Select's `notFoundContent`: a spinner while loading, else `idle` */
  notFound: (idle: ReactNode) => ReactNode;
}

export function useRemoteSearch<T>(
  ask: (text: string) => Promise<T[]>,
  { delay = 250, askEmpty = false }: { delay?: number; askEmpty?: boolean } = {},
): RemoteSearch<T> {
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<{ text: string | null; items: T[] }>({ text: askEmpty ? null : '', items: [] });
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const askRef = useRef(ask);
  askRef.current = ask;

  const run = (q: string) => {
    const n = ++seq.current;
    askRef.current(q).then(
      (items) => n === seq.current && setAnswer({ text: q, items }),
      () => n === seq.current && setAnswer({ text: q, items: [] }),
    );
  };
  const search = (q: string) => {
    const t = q.trim();
    setText(t);
    if (timer.current) clearTimeout(timer.current);
    if (!t && !askEmpty) {
      seq.current++; // an answer still on its way is no longer wanted
      return;
    }
    timer.current = setTimeout(() => run(t), t ? delay : 0);
  };
  useEffect(() => {
    if (askEmpty) run('');
    return () => {
      seq.current++;
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  const loading = (text !== '' || askEmpty) && answer.text !== text;
  return {
    items: loading ? [] : answer.items,
    text,
    loading,
    search,
    notFound: (idle) => (loading ? <Spin size="small" /> : idle),
  };
}

/** GET /api/places?q=… (optionally one level): the places whose name holds the text. */
export const findPlaces = (text: string, level?: string) => api.get<Place[]>(`/api/places${qs({ q: text, level })}`);
