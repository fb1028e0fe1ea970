/** Shared checks for the administrator's API tests: error answers, audit rows, table snapshots. */
import { expect } from 'vitest';
import type { Response, TestServer } from '../test/harness';

/** The answer is the given error, naming `field` when one is given. */
export function expectError(res: Response, status: number, code: string, field?: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  if (field !== undefined) expect(res.body.error.field).toBe(field);
}

export async function auditCount(s: TestServer): Promise<number> {
  const r = await s.ctx.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The newest audit row for a record, with its JSON parsed. */
export async function lastAudit(s: TestServer, entity: string, entityId: string | number) {
  const r = await s.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', String(entityId))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!r) return undefined;
  return { ...r, before: r.before_json ? JSON.parse(r.before_json) : null, after: r.after_json ? JSON.parse(r.after_json) : null };
}

type Table =
  | 'places'
  | 'unit_kinds'
  | 'units'
  | 'unit_places'
  | 'categories'
  | 'category_sla'
  | 'category_fields'
  | 'calendar_days'
  | 'users'
  | 'settings'
  | 'sessions';

/** Every row of a table in a stable order, to show that a refused request changed nothing. */
export async function snapshot(s: TestServer, table: Table): Promise<unknown[]> {
  const rows = (await s.ctx.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
  return rows.map((r) => JSON.stringify(r)).sort();
}

/** A request made by a stranger or a non-administrator: refused before validation, nothing written. */
export interface GuardedCall {
  method: string;
  url: string;
  body?: unknown;
  table: Table;
}

export async function expectRefused(s: TestServer, call: GuardedCall, asUser: string | null, status: 401 | 403) {
  const client = asUser ? await s.login(asUser) : s.anonymous();
  const [tableBefore, auditBefore] = [await snapshot(s, call.table), await auditCount(s)];
  const res = await client.request(call.method, call.url, call.body);
  expectError(res, status, status === 401 ? 'unauthenticated' : 'forbidden');
  expect(await snapshot(s, call.table)).toEqual(tableBefore);
  expect(await auditCount(s)).toBe(auditBefore);
}
