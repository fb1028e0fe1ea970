/**
 * Test support for the Open311 tests: JSON Schemas written from the GeoReport v2 and FixMyStreet
 * specifications (independent of what the server uses to build its answers), a real XML parser,
 * and helpers to issue keys and post forms.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Type, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { expect } from 'vitest';
import type { Response, TestServer } from '../test/harness';

// ── JSON Schemas from the spec ─────────────────────────────────────────

/** W3C datetime in UTC with Z (OPEN311.md: "emit UTC with Z"). */
const UtcTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' });
const IdString = Type.String({ pattern: '^\\S+$' });
const Str = Type.String();
const Closed = { additionalProperties: false } as const;

export const SPEC = {
  discovery: Type.Object(
    {
      changeset: UtcTime,
      contact: Str,
      key_service: Str,
      endpoints: Type.Array(
        Type.Object(
          {
            specification: Type.Literal('http://wiki.open311.org/GeoReport_v2'),
            url: Type.String({ pattern: '^https?://' }),
            changeset: UtcTime,
            type: Type.Union([Type.Literal('production'), Type.Literal('test')]),
            formats: Type.Array(Str, { minItems: 1 }),
          },
          Closed,
        ),
        { minItems: 1 },
      ),
    },
    Closed,
  ),
  services: Type.Array(
    Type.Object(
      {
        service_code: IdString,
        service_name: Str,
        description: Str,
        metadata: Type.Boolean(),
        type: Type.Union([Type.Literal('realtime'), Type.Literal('batch'), Type.Literal('blackbox')]),
        keywords: Str,
        group: Str,
      },
      Closed,
    ),
  ),
  serviceDefinition: Type.Object(
    {
      service_code: IdString,
      attributes: Type.Array(
        Type.Object(
          {
            variable: Type.Boolean(),
            code: IdString,
            datatype: Type.Union(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'].map((d) => Type.Literal(d))),
            required: Type.Boolean(),
            datatype_description: Str,
            order: Type.Integer({ minimum: 1 }),
            description: Str,
            values: Type.Array(Type.Object({ key: Str, name: Str }, Closed)),
          },
          Closed,
        ),
      ),
    },
    Closed,
  ),
  /** POST requests: one request with service_request_id and never a token. */
  postRequest: Type.Array(Type.Object({ service_request_id: IdString, service_notice: Str, account_id: Str }, Closed), { minItems: 1, maxItems: 1 }),
  token: Type.Array(Type.Object({ service_request_id: IdString, token: IdString }, Closed), { minItems: 1, maxItems: 1 }),
  requests: Type.Array(
    Type.Object(
      {
        service_request_id: IdString,
        status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
        status_notes: Str,
        service_name: Str,
        service_code: IdString,
        description: Str,
        agency_responsible: Str,
        service_notice: Str,
        requested_datetime: UtcTime,
        updated_datetime: UtcTime,
        expected_datetime: Type.Union([UtcTime, Type.Literal('')]),
        address: Str,
        address_id: Str,
        zipcode: Str,
        lat: Type.Number({ minimum: -90, maximum: 90 }),
        long: Type.Number({ minimum: -180, maximum: 180 }),
        media_url: Str,
      },
      Closed,
    ),
  ),
  updates: Type.Array(
    Type.Object(
      {
        update_id: IdString,
        service_request_id: IdString,
        status: Type.Union(
          ['open', 'closed', 'fixed', 'in_progress', 'action_scheduled', 'investigating', 'duplicate', 'not_councils_responsibility', 'no_further_action', 'internal_referral', 'reopen', 'for_triage'].map((s) =>
            Type.Literal(s),
          ),
        ),
        updated_datetime: UtcTime,
        description: Str,
        media_url: Str,
        external_status_code: Type.Optional(Str),
      },
      Closed,
    ),
  ),
  postUpdate: Type.Array(Type.Object({ update_id: IdString }, Closed), { minItems: 1, maxItems: 1 }),
  errors: Type.Array(Type.Object({ code: Type.Integer(), description: Type.String({ minLength: 1 }) }, Closed), { minItems: 1 }),
} satisfies Record<string, TSchema>;

/** Asserts the value matches the schema, showing the first problems when not. */
export function expectSchema(schema: TSchema, value: unknown) {
  const check = Compile(schema);
  const ok = check.Check(value);
  expect(ok ? [] : [...check.Errors(value)].slice(0, 5), JSON.stringify(value).slice(0, 400)).toEqual([]);
}

// ── XML ─────────────────────────────────────────────────────────────────

const LIST_ITEMS = new Set(['service', 'attribute', 'value', 'endpoint', 'format', 'request', 'request_update', 'error']);
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, isArray: (name) => LIST_ITEMS.has(name) });

/** Parses one of our XML answers after checking it is well-formed, UTF-8 declared and namespace-free. */
export function parseXml(res: Response): Record<string, any> {
  expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
  const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : String(res.body);
  expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  expect(XMLValidator.validate(text)).toBe(true);
  expect(text).not.toContain('xmlns');
  const doc = parser.parse(text) as Record<string, any>;
  delete doc['?xml'];
  return doc;
}

/** A JSON answer, after checking its content type. */
export function json(res: Response): any {
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return res.body;
}

const ITEM_OF: Record<string, string> = { services: 'service', attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format', service_requests: 'request', service_request_updates: 'request_update', errors: 'error' };

/** What our XML must parse to, given the JSON answer (the Spark convention: XML and JSON mirror each other). */
export function mirror(name: string, v: unknown): unknown {
  if (v === null || v === '' || v === undefined) return '';
  if (Array.isArray(v)) return v.length ? { [ITEM_OF[name]!]: v.map((x) => mirror(ITEM_OF[name]!, x)) } : '';
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mirror(k, x)]));
  return String(v);
}

/** Expects the standard Open311 error in both formats: status, code and a description. */
export async function expectError(s: TestServer, method: 'GET' | 'POST', path: string, status: number, body?: string, contentType = 'application/x-www-form-urlencoded') {
  for (const f of ['xml', 'json'] as const) {
    const url = path.replace('{fmt}', f);
    const res = await s.anonymous().request(method, url, body, body === undefined ? {} : { 'content-type': contentType });
    expect(res.status, `${method} ${url}`).toBe(status);
    if (f === 'json') {
      const j = json(res);
      expectSchema(SPEC.errors, j);
      expect(j[0].code).toBe(status);
    } else {
      const x = parseXml(res);
      expect(x.errors.error[0].code).toBe(String(status));
      expect(x.errors.error[0].description.length).toBeGreaterThan(0);
    }
  }
}

/** A form body, urlencoded; arrays become repeated keys. */
export function form(fields: Record<string, string | number | string[] | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
  }
  return p.toString();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

/** Issues an API key as the admin; returns the key and its row. */
export async function issueKey(s: TestServer, body: { name: string; channel?: string; rateLimitPerMinute?: number } = { name: 'FixMyStreet 测试' }) {
  const admin = await s.login('admin');
  const res = await admin.post('/api/admin/api-keys', body);
  expect(res.status).toBe(201);
  return res.body as { id: number; key: string; userId: number; channel: string };
}

/** A 1×1 PNG. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
