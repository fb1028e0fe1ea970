/**
 * Open311 output: one response tree, written as XML (required) or JSON (its Spark-convention
 * mirror), with the exact content types and the standard error shape. XML has no namespace and no
 * foreign elements; a JSON list response is a bare array.
 */
import type { FastifyReply } from 'fastify';

export type Format = 'xml' | 'json';

export const CONTENT_TYPES: Record<Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** The format named by a resource's extension, or null for anything else (answered 404). */
export function formatOf(ext: string | undefined): Format | null {
  return ext === 'xml' || ext === 'json' ? ext : null;
}

/** Element name of the items of each list element (services → service, …). */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
};

/** A value the tree may hold: text, number, boolean, empty, a list, or a record of child elements. */
export type Node = string | number | boolean | null | Node[] | { [name: string]: Node };

// Characters XML 1.0 cannot carry at all (C0 controls but tab/newline/return, U+FFFE/U+FFFF, lone surrogates).
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeXml(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: Node, out: string[]): void {
  if (value === null || value === '') {
    out.push(`<${name}/>`);
    return;
  }
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name];
    if (!item) throw new Error(`no item element name for list <${name}>`);
    if (!value.length) {
      out.push(`<${name}/>`);
      return;
    }
    out.push(`<${name}>`);
    for (const v of value) element(item, v, out);
    out.push(`</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) element(k, v, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
}

/** The XML document for a response whose root element is `root`. */
export function toXml(root: string, value: Node): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  element(root, value, out);
  return out.join('');
}

/** Sends `value` in the requested format: `<root>…</root>` in XML, the bare value in JSON. */
export function sendOpen311(reply: FastifyReply, format: Format, root: string, value: Node, status = 200) {
  reply.code(status).header('content-type', CONTENT_TYPES[format]);
  return reply.send(format === 'xml' ? toXml(root, value) : JSON.stringify(value));
}

/** The statuses Open311 errors use: 400 for everything but these (and 429 for a spent rate limit). */
export type Open311Status = 400 | 403 | 404 | 429;

/** An error answered in the Open311 shape: `<errors><error><code/><description/></error></errors>`. */
export class Open311Error extends Error {
  constructor(
    readonly status: Open311Status,
    readonly description: string,
  ) {
    super(description);
  }
}

export const badRequest = (description: string) => new Open311Error(400, description);
export const notFound311 = (description: string) => new Open311Error(404, description);

export function sendError(reply: FastifyReply, format: Format, status: Open311Status, description: string) {
  return sendOpen311(reply, format, 'errors', [{ code: status, description }], status);
}

/** W3C-DTF in UTC, whole seconds, with Z (some validators reject offsets and fractions). */
export function w3c(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
