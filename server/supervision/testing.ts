/** Shared pieces of the supervision tests: clients, uploads, orders, error checks. */
import { expect } from 'vitest';
import type { Client, Response, TestServer } from '../test/harness';
import { fileForm, tinyPng } from '../test/images';

let photoSeed = 100;

/** Uploads a fresh photo as the client and returns its id. */
export async function uploadPhoto(c: Client): Promise<number> {
  const res = await c.post('/api/attachments', fileForm(tinyPng(photoSeed++, 2, 2), 'photo.png', 'image/png'));
  expect(res.status).toBe(201);
  return res.body.id as number;
}

/** The answer is the given error (and names `field` when given). */
export function expectError(res: Response, status: number, code: string, field?: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  if (field !== undefined) expect(res.body.error.field).toBe(field);
}

/** An order taken by the dispatcher at a place; returns its id. */
export async function makeOrder(
  s: TestServer,
  dispatcher: Client,
  placeKey: string,
  categoryCode: string,
  title: string,
  description = title,
): Promise<number> {
  const res = await dispatcher.post('/api/work-orders', {
    title,
    description,
    categoryId: s.ids.categories.get(categoryCode),
    placeId: s.ids.places.get(placeKey),
  });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

export async function count(
  s: TestServer,
  table: 'ledger_entries' | 'ledger_events' | 'problems' | 'problem_orders' | 'inspection_plans' | 'inspections' | 'inspection_checks',
) {
  const r = await s.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
