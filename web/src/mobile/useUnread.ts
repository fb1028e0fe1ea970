/** Unread inbox messages for the tab badge; refreshed on each navigation. */
import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import { useLocation } from '../lib/router';

export interface InboxMessage {
  id: number;
  orderId: number | null;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export function useUnread(): number {
  const { path } = useLocation();
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    api
      .get<{ items: InboxMessage[]; unread: number }>('/api/me/messages?limit=1')
      .then((r) => live && setN(r.unread))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [path]);
  return n;
}
