/**
 * Totals for tab badges and the status charts. One request to the rollup-backed counts endpoint
 * (GET /api/dashboard/counts, the caller's own scope) answers every set it can express — statuses,
 * the overdue and supervised queues — and the page's hooks share that one answer. A set it cannot
 * express, or a failed summary, falls back to one cheap list request (pageSize 1).
 */
import { useEffect, useState } from 'react';
import type { CountsResponseT } from '../../../../common/dashboard';
import { api } from '../../lib/api';
import { listOrders } from '../../lib/data';
import { cleanFilters, type OrderFilters } from '../../lib/filters';

export type CountsSummary = CountsResponseT;

const WITH_UNIT = ['dispatched', 'handling', 'return_requested'];
const SUPERVISED = [...WITH_UNIT, 'replied'];
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The total of a filter set read off the counts summary, or undefined when the summary cannot
 * say it (other filters than status, overdue and supervised as the queues use them). Sort order
 * does not change a count.
 */
export function countFromSummary(filters: OrderFilters, s: CountsSummary): number | undefined {
  const { sort: _sort, status, overdue, supervised, ...rest } = cleanFilters(filters);
  if (Object.keys(rest).length) return undefined;
  if (overdue === true && supervised === undefined) return status && sameSet(status, WITH_UNIT) ? s.overdue : undefined;
  if (supervised === true && overdue === undefined) return status && sameSet(status, SUPERVISED) ? s.supervised : undefined;
  if (overdue !== undefined || supervised !== undefined) return undefined;
  if (!status) return s.total;
  const by = new Map(s.byStatus.map((x) => [x.status, x.count]));
  if (!status.every((x) => by.has(x))) return undefined;
  return status.reduce((n, x) => n + by.get(x)!, 0);
}

let shared: { at: number; p: Promise<CountsSummary | null> } | null = null;
const FRESH_MS = 2000;

/** The counts summary, shared by the hooks of one screen (re-asked when older than 2 s or on `force`); null when it failed. */
export function fetchSummary(force = false): Promise<CountsSummary | null> {
  const now = Date.now();
  if (!force && shared && now - shared.at < FRESH_MS) return shared.p;
  const p = api.get<CountsSummary>('/api/dashboard/counts').catch(() => null);
  shared = { at: now, p };
  return p;
}

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
    fetchSummary(refreshKey > 0)
      .then((summary) =>
        Promise.all(
          entries.map(([k, f]) => {
            const n = summary ? countFromSummary(f, summary) : undefined;
            if (n !== undefined) return Promise.resolve([k, n] as const);
            return listOrders(f, 1, 1).then((r) => [k, r.total] as const, () => [k, undefined] as const);
          }),
        ),
      )
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
