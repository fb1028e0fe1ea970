/**
 * Order-list filters: the same object drives the form, the URL, the API query, the Excel export and
 * the saved filters (kept per user in localStorage).
 */
import type { ListOrdersInput } from '../../../common/api';

/** Filters as the list page holds them: statuses as an array, flags as booleans. */
export interface OrderFilters {
  status?: string[];
  categoryId?: number;
  placeId?: number;
  unitId?: number;
  channel?: string;
  priority?: string;
  overdue?: boolean;
  supervised?: boolean;
  extensionRequested?: boolean;
  from?: string;
  to?: string;
  q?: string;
  sort?: string;
}

const NUMBER_KEYS = ['categoryId', 'placeId', 'unitId'] as const;
const STRING_KEYS = ['channel', 'priority', 'from', 'to', 'q', 'sort'] as const;
const BOOL_KEYS = ['overdue', 'supervised', 'extensionRequested'] as const;

/** Drops empty values so that equal filters serialise equally. */
export function cleanFilters(f: OrderFilters): OrderFilters {
  const out: OrderFilters = {};
  if (f.status && f.status.length) out.status = [...f.status];
  for (const k of NUMBER_KEYS) if (typeof f[k] === 'number' && Number.isFinite(f[k])) out[k] = f[k];
  for (const k of STRING_KEYS) {
    const v = f[k]?.trim();
    if (v) out[k] = v;
  }
  for (const k of BOOL_KEYS) if (typeof f[k] === 'boolean') out[k] = f[k];
  return out;
}

/** The API query (status as a comma list), with paging. */
export function toQuery(f: OrderFilters, page?: number, pageSize?: number): ListOrdersInput {
  const c = cleanFilters(f);
  const { status, ...rest } = c;
  const q: Record<string, unknown> = { ...rest };
  if (status) q.status = status.join(',');
  if (page) q.page = page;
  if (pageSize) q.pageSize = pageSize;
  return q as ListOrdersInput;
}

/** Filters to a URL search string (for links and the export). */
export function toSearch(f: OrderFilters): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(toQuery(f))) sp.set(k, String(v));
  return sp.toString();
}

/** Filters from a URL search string; unknown or malformed values are ignored. */
export function fromSearch(search: string | URLSearchParams): OrderFilters {
  const sp = typeof search === 'string' ? new URLSearchParams(search) : search;
  const f: OrderFilters = {};
  const status = sp.get('status');
  if (status) f.status = status.split(',').filter(Boolean);
  for (const k of NUMBER_KEYS) {
    const v = Number(sp.get(k));
    if (sp.has(k) && Number.isInteger(v) && v > 0) f[k] = v;
  }
  for (const k of STRING_KEYS) {
    const v = sp.get(k);
    if (v) f[k] = v;
  }
  for (const k of BOOL_KEYS) {
    const v = sp.get(k);
    if (v === 'true' || v === 'false') f[k] = v === 'true';
  }
  return cleanFilters(f);
}

export interface SavedFilter {
  name: string;
  filters: OrderFilters;
}

/** A minimal Storage, so the functions are testable without a browser. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const key = (userId: number) => `gz.savedFilters.${userId}`;

export function loadSaved(store: KeyValueStore, userId: number): SavedFilter[] {
  try {
    const raw = store.getItem(key(userId));
    const list: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(list)) return [];
    return list
      .filter((x): x is SavedFilter => !!x && typeof (x as SavedFilter).name === 'string' && typeof (x as SavedFilter).filters === 'object')
      .map((x) => ({ name: x.name, filters: cleanFilters(x.filters) }));
  } catch {
    return [];
  }
}

/** Saves (or replaces, by name) a filter; returns the new list. */
export function saveFilter(store: KeyValueStore, userId: number, name: string, filters: OrderFilters): SavedFilter[] {
  const list = loadSaved(store, userId).filter((s) => s.name !== name);
  list.push({ name, filters: cleanFilters(filters) });
  store.setItem(key(userId), JSON.stringify(list));
  return list;
}

export function deleteSaved(store: KeyValueStore, userId: number, name: string): SavedFilter[] {
  const list = loadSaved(store, userId).filter((s) => s.name !== name);
  store.setItem(key(userId), JSON.stringify(list));
  return list;
}
