/**
 * Open311 arguments: form bodies (with `attribute[code][]` lists), query strings where a key may
 * repeat, comma lists and W3C datetimes. "An empty optional argument means the same as an absent
 * one", so empty values are dropped here.
 */
import { badRequest } from './format';

/** Every argument by name, each with all its values in the order given. */
export type Params = Map<string, string[]>;

function add(p: Params, name: string, value: unknown) {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) add(p, name, v);
    return;
  }
  if (typeof value === 'object') return; // nested JSON is not an Open311 argument
  const v = String(value);
  // PostgreSQL cannot store U+0000 in text; refuse it on both engines alike.
  if (v.includes('\u0000') || name.includes('\u0000')) throw badRequest(`${name.replace(/\u0000/g, '')} contains a NUL character`);
  const list = p.get(name) ?? [];
  list.push(v);
  p.set(name, list);
}

/** Parses an application/x-www-form-urlencoded body (UTF-8). */
export function parseForm(body: string): Params {
  const p: Params = new Map();
  for (const [k, v] of new URLSearchParams(body)) add(p, k, v);
  return p;
}

/** Merges query string and body arguments (body first: it is where POST arguments belong). */
export function mergeParams(...sources: unknown[]): Params {
  const p: Params = new Map();
  for (const src of sources) {
    if (src instanceof Map) {
      for (const [k, vs] of src as Params) add(p, k, vs);
    } else if (src && typeof src === 'object') {
      for (const [k, v] of Object.entries(src as Record<string, unknown>)) add(p, k, v);
    }
  }
  return p;
}

/** The first non-empty value of an argument, trimmed; undefined when absent or empty. */
export function one(p: Params, name: string): string | undefined {
  for (const v of p.get(name) ?? []) {
    const t = v.trim();
    if (t !== '') return t;
  }
  return undefined;
}

/** The first value untrimmed (for free text), undefined when absent or blank. */
export function text(p: Params, name: string): string | undefined {
  for (const v of p.get(name) ?? []) if (v.trim() !== '') return v;
  return undefined;
}

/** All values of a comma-delimited argument that may also be declared several times. */
export function commaList(p: Params, name: string): string[] {
  return (p.get(name) ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** `attribute[code]=v` and `attribute[code][]=v` arguments, by code. */
export function attributeParams(p: Params): Map<string, { values: string[]; list: boolean }> {
  const out = new Map<string, { values: string[]; list: boolean }>();
  for (const [k, vs] of p) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (!m) continue;
    const code = m[1]!;
    const entry = out.get(code) ?? { values: [], list: false };
    entry.values.push(...vs.filter((v) => v.trim() !== ''));
    entry.list ||= m[2] !== undefined;
    out.set(code, entry);
  }
  return out;
}

const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * A W3C-DTF datetime (2010-01-01T00:00:00Z, …+08:00; a bare date means its UTC midnight) as epoch
 * ms, or a 400 naming the argument. A '+' the client forgot to escape arrives as a space: accepted.
 */
export function parseW3c(value: string, name: string): number {
  const s = value.trim().replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/, '$1+$2');
  const m = W3C.exec(s);
  const bad = () => badRequest(`${name} must be a W3C datetime with a time zone, e.g. 2026-11-16T09:00:00+08:00 (got "${value.slice(0, 40)}")`);
  if (!m) throw bad();
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone = 'Z'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Math.floor(Number(`0${frac || '.0'}`) * 1000));
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) throw bad();
  if (zone === 'Z') return ms;
  const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const offset = (Number(zm[2]) * 60 + Number(zm[3])) * 60_000;
  if (Number(zm[2]) > 14 || Number(zm[3]) > 59) throw bad();
  return zm[1] === '+' ? ms - offset : ms + offset;
}

/** A positive integer argument, or a 400. */
export function positiveInt(value: string, name: string, max: number): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1 || Number(value) > max) throw badRequest(`${name} must be an integer from 1 to ${max}`);
  return Number(value);
}

/** Length as a reader counts it (code points), which is what "4,000 characters" means. */
export function charCount(s: string): number {
  return [...s].length;
}
