/**
 * A hostile client walks the whole API as the OpenAPI document describes it: every operation gets
 * unknown, malformed and huge ids, malformed JSON, wrong-typed fields, bodies that pass the schema
 * but name things that do not exist, oversize text, and nonsense query strings — as an
 * administrator, a supervisor, a unit handler and a resident. Whatever it sends, the answer is
 * never a 5xx, and every error is the one shape `{error:{code, message_zh, message_en}}` (Open311
 * keeps its standard's own shape). New routes are walked the moment they appear in the document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from './test/harness';
import { tokenClient } from './test/walk';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  pattern?: string;
};
type Operation = { parameters?: { name: string; in: string; schema?: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } };
type Probe = { label: string; url: string; body?: unknown };

/** Sign-out, password and token routes would end the walker's own session; they have their own tests. */
const SKIP = [/^\/api\/auth\//];

const typeOf = (s: Schema): string | undefined => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);
const firstChoice = (s: Schema): Schema => s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0] ?? s;

/** A value the schema accepts, with every id set to `id` (so the handler must look it up). */
function plausible(s: Schema, id: number, key = ''): unknown {
  s = firstChoice(s);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  switch (typeOf(s)) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, plausible(v, id, k)]));
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => plausible(s.items ?? {}, id, key));
    case 'integer':
    case 'number':
      return /id$/i.test(key) || /Ids$/.test(key) ? id : Math.min(Math.max(s.minimum ?? 1, 1), s.maximum ?? 1e9);
    case 'boolean':
      return true;
    case 'string': {
      if (s.format === 'date-time') return '2026-11-20T02:00:00.000Z';
      if (s.format === 'date' || /^\^\\d\{4\}/.test(s.pattern ?? '')) return '2026-11-20';
      if (s.pattern?.includes('0-9+')) return '13800000000';
      const text = '测试walk';
      return text.repeat(Math.ceil((s.minLength ?? 1) / text.length)).slice(0, Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 8, 8)));
    }
    default:
      return 'x';
  }
}

/** The same shape with every field of the wrong type. */
function wrongTypes(s: Schema): unknown {
  s = firstChoice(s);
  switch (typeOf(s)) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, wrongTypes(v)]));
    case 'array':
      return 'not-a-list';
    case 'integer':
    case 'number':
      return 'twelve';
    case 'boolean':
      return 'yes';
    case 'string':
      return 12345;
    default:
      return null;
  }
}

/** Every string far past any limit, every number past JavaScript's safe integers. */
function oversize(s: Schema): unknown {
  s = firstChoice(s);
  switch (typeOf(s)) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, oversize(v)]));
    case 'array':
      return Array.from({ length: 300 }, () => plausible(s.items ?? {}, 1));
    case 'integer':
    case 'number':
      return 1e300;
    case 'boolean':
      return false;
    default:
      return '长'.repeat(5_000);
  }
}

function fill(path: string, value: string) {
  return path.replace(/\{[^}]+\}/g, (m) => (m === '{format}' ? 'json' : value));
}

function probesFor(path: string, method: string, op: Operation): Probe[] {
  const probes: Probe[] = [];
  const schema = op.requestBody?.content['application/json']?.schema;
  const hasBody = method !== 'get' && method !== 'delete';
  const good = fill(path, '1');
  const body = (id: number) => (schema ? plausible(schema, id) : hasBody ? {} : undefined);
  if (path.includes('{')) {
    for (const id of ['0', '-1', 'abc', '1.5', '99999999999999999999', '2147483648', '%E4%B8%AD'])
      probes.push({ label: `id ${id}`, url: fill(path, id), body: body(1) });
  }
  probes.push({ label: 'plausible, known ids', url: good, body: body(1) });
  probes.push({ label: 'plausible, unknown ids', url: good, body: body(987654) });
  if (hasBody) {
    probes.push({ label: 'malformed JSON', url: good, body: '{"title": "半截' });
    probes.push({ label: 'JSON array', url: good, body: '[1,2]' });
    probes.push({ label: 'JSON null', url: good, body: 'null' });
    probes.push({ label: 'empty object', url: good, body: {} });
    if (schema) {
      probes.push({ label: 'wrong types', url: good, body: wrongTypes(schema) });
      probes.push({ label: 'oversize', url: good, body: oversize(schema) });
    }
  }
  const query = (op.parameters ?? []).filter((p) => p.in === 'query');
  if (query.length) {
    for (const v of ['x', '-1', '99999999999999999999', '2026-13-45', ''])
      probes.push({ label: `query ${JSON.stringify(v)}`, url: `${good}?${query.map((p) => `${p.name}=${encodeURIComponent(v)}`).join('&')}` });
    const ok = query.map((p) => `${p.name}=${encodeURIComponent(String(plausible(p.schema ?? {}, 1, p.name)))}`).join('&');
    probes.push({ label: 'query plausible', url: `${good}?${ok}` });
  }
  return probes;
}

let s: TestServer;
let doc: { paths: Record<string, Record<string, Operation>> };
let clients: Record<string, Client>;

beforeAll(async () => {
  s = await startTestServer();
  doc = (await s.anonymous().get('/api/openapi.json')).body;
  const users = { admin: 'admin', supervisor: 'supervisor', handler: 'handler.shy', resident: 'resident.shy' };
  clients = Object.fromEntries(await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await tokenClient(s, u)] as const)));
});
afterAll(async () => s?.close());

/** The operations grouped by their first path segments, one test each, so a failure names its area. */
function groups() {
  const out = new Map<string, [string, string, Operation][]>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (SKIP.some((r) => r.test(path))) continue;
    const area = path.split('/').slice(0, 3).join('/');
    for (const [method, op] of Object.entries(ops)) {
      if (!out.has(area)) out.set(area, []);
      out.get(area)!.push([path, method, op]);
    }
  }
  return out;
}

describe('a hostile client walking the OpenAPI document', () => {
  it('finds every documented area to walk', () => {
    const areas = [...groups().keys()];
    expect(areas).toEqual(expect.arrayContaining(['/api/work-orders', '/api/admin', '/api/problems', '/api/inspections', '/api/cogov', '/api/evaluation', '/api/dashboard', '/api/intake', '/open311/v2']));
  });

  it('never gets a 5xx, and every error has a code and both messages', { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    const seen = new Map<number, number>();
    for (const [role, client] of Object.entries(clients)) {
      // Everyone gets the ids and bodies that reach the handlers; the administrator gets the rest too.
      for (const [area, ops] of groups()) {
        for (const [path, method, op] of ops) {
          for (const p of probesFor(path, method, op)) {
            if (role !== 'admin' && !p.label.startsWith('plausible') && !p.label.startsWith('query plausible')) continue;
            const where = `${role} ${method.toUpperCase()} ${p.url.slice(0, 120)} (${p.label})`;
            const r = await client.request(method.toUpperCase(), p.url, p.body).catch((e: Error) => e);
            if (r instanceof Error) {
              failures.push(`${where} → no answer: ${r.message} ${String((r.cause as Error | undefined)?.message ?? '')}`);
              continue;
            }
            seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
            if (r.status >= 500) failures.push(`${where} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
            else if (r.status === 401) failures.push(`${where} → 401: the walker's token stopped working`);
            else if (r.status >= 400 && !area.startsWith('/open311') && !Buffer.isBuffer(r.body)) {
              const e = r.body?.error;
              if (typeof e?.code !== 'string' || typeof e?.message_zh !== 'string' || typeof e?.message_en !== 'string')
                failures.push(`${where} → ${r.status} without the error shape: ${JSON.stringify(r.body).slice(0, 200)}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // The walk reached the handlers, not only the validators: some probes succeeded, some found nothing.
    expect(seen.get(200) ?? 0).toBeGreaterThan(50);
    expect(seen.get(404) ?? 0).toBeGreaterThan(50);
    expect(seen.get(400) ?? 0).toBeGreaterThan(100);
  });
});
