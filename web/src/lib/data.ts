/**
 * Loading data in components: `useAsync` for one request with loading/error/reload, and cached
 * directory lists (categories, units) that every page shares.
 */
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import type { OrderDetailDto, OrderSummaryDto } from '../../../common/api';
import { api, qs } from './api';
import { toQuery, type OrderFilters } from './filters';

export type { OrderDetailDto, OrderSummaryDto };

export interface Place {
  id: number;
  parentId: number | null;
  level: string;
  name: string;
  households: number | null;
  lat: number | null;
  lng: number | null;
  hasChildren: boolean;
}

export interface Unit {
  id: number;
  name: string;
  kind: string;
  kindName: string;
  kindNameEn: string;
  phone: string | null;
  placeIds: number[];
}

export interface CategoryField {
  code: string;
  label: string;
  labelEn: string;
  datatype: string;
  required: boolean;
  values: { key: string; name: string }[];
  description: string | null;
}

export interface Category {
  id: number;
  code: string;
  parentId: number | null;
  name: string;
  nameEn: string;
  kind: string;
  defaultUnitKind: string | null;
  keywords: string;
  sla: { priority: string; signoff: string; response: string; resolution: string }[];
  fields: CategoryField[];
}

export interface OrderList {
  items: OrderSummaryDto[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `fn` when deps change; stale answers of earlier runs are dropped. */
export function useAsync<T>(fn: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  useEffect(() => {
    const id = ++run.current;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (data) => id === run.current && setState({ data, error: null, loading: false }),
      (error: unknown) => id === run.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

const cache = new Map<string, Promise<unknown>>();

/** A GET shared by every caller until invalidated (directory lists change rarely). */
export function cached<T>(url: string): Promise<T> {
  let p = cache.get(url) as Promise<T> | undefined;
  if (!p) {
    p = api.get<T>(url);
    cache.set(url, p);
    p.catch(() => cache.delete(url));
  }
  return p;
}

/** Forgets cached lists whose URL starts with the prefix (after an admin edit). */
export function invalidate(prefix: string) {
  for (const k of [...cache.keys()]) if (k.startsWith(prefix)) cache.delete(k);
}

export const getCategories = () => cached<Category[]>('/api/categories');
export const getUnits = () => cached<Unit[]>('/api/units');
export const getPlaceChildren = (parentId?: number) => cached<Place[]>(`/api/places${qs({ parentId })}`);
export const getPlace = (id: number) =>
  cached<{ place: Place; ancestors: { id: number; name: string; level: string }[] }>(`/api/places/${id}`);

export const listOrders = (f: OrderFilters, page = 1, pageSize = 20) => api.get<OrderList>(`/api/work-orders${qs(toQuery(f, page, pageSize))}`);
export const getOrder = (id: number) => api.get<OrderDetailDto>(`/api/work-orders/${id}`);
