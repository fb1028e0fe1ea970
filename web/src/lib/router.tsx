/**
 * A very small history router: the app has a handful of routes, so a dependency is not worth it.
 * `usePath()` re-renders on navigation; `navigate()` pushes; `<Link>` is a real anchor, so
 * keyboard users and middle-click work as usual.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();

function subscribe(fn: () => void) {
  listeners.add(fn);
  window.addEventListener('popstate', fn);
  return () => {
    listeners.delete(fn);
    window.removeEventListener('popstate', fn);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** Goes to a path inside the app (pushState) and re-renders subscribers. */
export function navigate(to: string, opts: { replace?: boolean } = {}) {
  if (to === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  for (const fn of listeners) fn();
}

/** The current path and query, e.g. "/orders?status=handling". */
export function useLocation(): { path: string; search: URLSearchParams } {
  const loc = useSyncExternalStore(subscribe, snapshot, snapshot);
  const i = loc.indexOf('?');
  return { path: i < 0 ? loc : loc.slice(0, i), search: new URLSearchParams(i < 0 ? '' : loc.slice(i)) };
}

/** Matches "/orders/:id" against a path; returns the params or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(':')) params[p[i]!.slice(1)] = decodeURIComponent(s[i]!);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}

/** A search parameter as state (e.g. the open tab), kept in the URL with replaceState. */
export function useSearchParam(name: string, fallback: string): [string, (v: string) => void] {
  const { path, search } = useLocation();
  const value = search.get(name) ?? fallback;
  const set = (v: string) => {
    const sp = new URLSearchParams(search);
    if (v === fallback) sp.delete(name);
    else sp.set(name, v);
    const s = sp.toString();
    navigate(s ? `${path}?${s}` : path, { replace: true });
  };
  return [value, set];
}
