/** Who is signed in: loaded once from /api/auth/me, replaced on sign-in and sign-out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Role } from '../../../common/roles';
import { api, ApiError, setUnauthenticatedHandler } from './api';

export interface Me {
  id: number;
  username: string;
  name: string;
  role: Role;
  unitId: number | null;
  unitName: string | null;
  placeId: number | null;
  placeName: string | null;
  phone: string | null;
}

interface Session {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
}

const Ctx = createContext<Session | null>(null);

// The session cookie is HTTP-only; this flag only says "this browser signed in", to avoid a 401 on every first visit.
const HINT = 'gz.signedIn';
function hasHint() {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true;
  }
}
function rememberHint() {
  try {
    localStorage.setItem(HINT, '1');
  } catch {
    // ignore
  }
}
function forgetHint() {
  try {
    localStorage.removeItem(HINT);
  } catch {
    // ignore
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    setUnauthenticatedHandler(() => {
      forgetHint();
      setMe(null);
    });
    // Without the hint this browser has not signed in: skip the request that would only answer 401.
    if (!hasHint()) {
      setMe(null);
      return () => {
        live = false;
        setUnauthenticatedHandler(null);
      };
    }
    api
      .get<{ user: Me }>('/api/auth/me')
      .then((r) => live && setMe(r.user))
      .catch((e: unknown) => {
        if (!live) return;
        // 401 means signed out; anything else we also treat as signed out, the login page says more.
        if (!(e instanceof ApiError) || e.status !== 401) console.warn('session check failed', e);
        setMe(null);
      });
    return () => {
      live = false;
      setUnauthenticatedHandler(null);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const r = await api.post<{ user: Me }>('/api/auth/login', { username, password });
    rememberHint();
    setMe(r.user);
    return r.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      forgetHint();
      setMe(null);
    }
  }, []);

  const value = useMemo(() => ({ me, login, logout }), [me, login, logout]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in user (only inside pages that require one). */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
