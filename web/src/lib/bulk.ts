/**
 * Bulk actions (e.g. 批量催办): POST /api/work-orders/bulk/:action with {items:[{id,version}], …}.
 * Each item runs in its own transaction on the server; the caller gets how many succeeded and the
 * errors of the rest, in the user's language.
 */
import type { Action } from '../../../common/lifecycle';
import { api } from './api';

export interface BulkOutcome {
  ok: number;
  failed: { id: number; error: string }[];
}

interface BulkResult {
  results: { id: number; ok: boolean; error?: { code: string; message_zh: string; message_en: string } }[];
}

export async function bulkAction(action: Action, items: { id: number; version: number }[], extra: Record<string, unknown>, lang: 'zh' | 'en'): Promise<BulkOutcome> {
  const res = await api.post<BulkResult>(`/api/work-orders/bulk/${action.replaceAll('_', '-')}`, { items, ...extra });
  const failed = res.results
    .filter((r) => !r.ok)
    .map((r) => ({ id: r.id, error: (lang === 'en' ? r.error?.message_en : r.error?.message_zh) ?? r.error?.code ?? 'error' }));
  return { ok: res.results.length - failed.length, failed };
}
