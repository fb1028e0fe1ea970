/**
 * Bulk actions (e.g. 批量催办): POST /api/work-orders/bulk/:action with {items:[{id,version}], …}.
 * Where that endpoint is not deployed, falls back to one request per order, so the button works
 * either way; the caller gets how many succeeded and the errors of the rest.
 */
import type { Action } from '../../../common/lifecycle';
import { api, ApiError } from './api';

export interface BulkOutcome {
  ok: number;
  failed: { id: number; error: string }[];
}

interface BulkResultItem {
  id: number;
  ok?: boolean;
  status?: number;
  error?: { code?: string; message_zh?: string; message_en?: string; message?: string } | string | null;
}

function readBulk(res: unknown, ids: number[], lang: 'zh' | 'en'): BulkOutcome {
  const list: BulkResultItem[] | undefined = Array.isArray(res)
    ? (res as BulkResultItem[])
    : ((res as { results?: BulkResultItem[]; items?: BulkResultItem[] } | null)?.results ?? (res as { items?: BulkResultItem[] } | null)?.items);
  if (!list) return { ok: ids.length, failed: [] };
  const failed = list
    .filter((r) => r.ok === false || (r.error !== undefined && r.error !== null) || (typeof r.status === 'number' && r.status >= 400))
    .map((r) => ({
      id: r.id,
      error: typeof r.error === 'string' ? r.error : ((lang === 'en' ? r.error?.message_en : r.error?.message_zh) ?? r.error?.message ?? r.error?.code ?? 'error'),
    }));
  return { ok: list.length - failed.length, failed };
}

export async function bulkAction(action: Action, items: { id: number; version: number }[], extra: Record<string, unknown>, lang: 'zh' | 'en'): Promise<BulkOutcome> {
  const slug = action.replaceAll('_', '-');
  try {
    const res = await api.post<unknown>(`/api/work-orders/bulk/${slug}`, { items, ...extra });
    return readBulk(res, items.map((i) => i.id), lang);
  } catch (e) {
    // Not deployed: either no route at all, or the path fell onto /api/work-orders/:id/<action> with id "bulk".
    const absent = e instanceof ApiError && (e.missingRoute || (e.code === 'validation' && e.field === 'id'));
    if (!absent) throw e;
  }
  // Fallback: one by one.
  const out: BulkOutcome = { ok: 0, failed: [] };
  for (const it of items) {
    try {
      await api.post(`/api/work-orders/${it.id}/${slug}`, { version: it.version, ...extra });
      out.ok++;
    } catch (e) {
      out.failed.push({ id: it.id, error: e instanceof ApiError ? e.text(lang) : String(e) });
    }
  }
  return out;
}
