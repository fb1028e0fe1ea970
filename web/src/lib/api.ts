/**
 * The HTTP client of the web app: JSON in and out, the session cookie, and the API's one error
 * shape turned into an ApiError that knows its code, field and both messages.
 */
import type { ErrorBody } from '../../../common/errors';
import type { Lang } from './i18n';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly field?: string,
  ) {
    super(messageEn || messageZh || code);
  }
  /** The message in the user's language. */
  text(lang: Lang): string {
    return (lang === 'en' ? this.messageEn : this.messageZh) || this.message;
  }
}

/** Called when any request answers 401, so the app can show the sign-in page. */
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: (() => void) | null) {
  onUnauthenticated = fn;
}

function toApiError(status: number, body: unknown): ApiError {
  const e = (body as Partial<ErrorBody> | null)?.error;
  if (e && typeof e.code === 'string') return new ApiError(status, e.code, e.message_zh ?? e.message, e.message_en ?? e.message, e.field);
  return new ApiError(status, status === 404 ? 'route_not_found' : 'internal', `请求失败（${status}）`, `Request failed (${status})`);
}

/** Query string from an object, skipping empty values. */
export function qs(params: object): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    sp.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(method: string, url: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...(init.headers as Record<string, string> | undefined) };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(url, { ...init, method, headers, body: payload ?? null, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试', 'Network error; check your connection and retry');
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const err = toApiError(res.status, data);
    if (res.status === 401 && err.code === 'unauthenticated') onUnauthenticated?.();
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(url: string, init?: RequestInit) => request<T>('GET', url, undefined, init),
  post: <T>(url: string, body?: unknown, init?: RequestInit) => request<T>('POST', url, body ?? {}, init),
  put: <T>(url: string, body?: unknown) => request<T>('PUT', url, body ?? {}),
  patch: <T>(url: string, body?: unknown) => request<T>('PATCH', url, body ?? {}),
  del: <T>(url: string) => request<T>('DELETE', url),
};

/** Uploads one file; the id goes into attachmentIds of the create or reply request. */
export async function uploadFile(file: File): Promise<{ id: number; url: string }> {
  const fd = new FormData();
  fd.append('file', file, file.name);
  return request<{ id: number; url: string }>('POST', '/api/attachments', fd);
}

/** Downloads a binary response (e.g. the Excel export) and saves it under a name. */
export async function download(url: string, filename: string): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) {
    const data: unknown = (res.headers.get('content-type') ?? '').includes('json') ? await res.json().catch(() => null) : null;
    throw toApiError(res.status, data);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
