/** Totals for a set of filters (one cheap request each, pageSize 1), for tab badges and charts. */
import { useEffect, useState } from 'react';
import { listOrders } from '../../lib/data';
import type { OrderFilters } from '../../lib/filters';

export interface CountsState<K extends string> {
  /** The total of each set that answered (a failed set is missing). */
  counts: Partial<Record<K, number>>;
  /** Every set has answered or failed. */
  loaded: boolean;
}

/** The totals of each filter set, with whether they have all answered. */
export function useCountsState<K extends string>(sets: Record<K, OrderFilters>, refreshKey = 0): CountsState<K> {
  const [state, setState] = useState<CountsState<K>>({ counts: {}, loaded: false });
  const key = JSON.stringify(sets);
  useEffect(() => {
    let live = true;
    const entries = Object.entries(JSON.parse(key) as Record<K, OrderFilters>) as [K, OrderFilters][];
    Promise.all(entries.map(([k, f]) => listOrders(f, 1, 1).then((r) => [k, r.total] as const, () => [k, undefined] as const)))
      .then((pairs) => {
        if (!live) return;
        const next: Partial<Record<K, number>> = {};
        for (const [k, n] of pairs) if (n !== undefined) next[k] = n;
        setState({ counts: next, loaded: true });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key, refreshKey]);
  return state;
}

/** The totals of each filter set (missing until answered). */
export function useCounts<K extends string>(sets: Record<K, OrderFilters>, refreshKey = 0): Partial<Record<K, number>> {
  return useCountsState(sets, refreshKey).counts;
}
