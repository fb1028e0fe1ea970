/** Totals for a set of filters (one cheap request each, pageSize 1), for tab badges. */
import { useEffect, useState } from 'react';
import { listOrders } from '../../lib/data';
import type { OrderFilters } from '../../lib/filters';

export function useCounts<K extends string>(sets: Record<K, OrderFilters>, refreshKey = 0): Partial<Record<K, number>> {
  const [counts, setCounts] = useState<Partial<Record<K, number>>>({});
  const key = JSON.stringify(sets);
  useEffect(() => {
    let live = true;
    const entries = Object.entries(JSON.parse(key) as Record<K, OrderFilters>) as [K, OrderFilters][];
    Promise.all(entries.map(([k, f]) => listOrders(f, 1, 1).then((r) => [k, r.total] as const, () => [k, undefined] as const)))
      .then((pairs) => {
        if (!live) return;
        const next: Partial<Record<K, number>> = {};
        for (const [k, n] of pairs) if (n !== undefined) next[k] = n;
        setCounts(next);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key, refreshKey]);
  return counts;
}
