/**
 * The intake baseline writes what the application writes: after orders created through each,
 * the rollups still equal a recomputation from the orders (so the baseline added the same cells),
 * and its order rows equal the application's in every column but id, number and times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/test/harness';
import { checkRollups, ROLLUP_COLUMNS, type RollupOrder } from '../server/evaluation/rollups';
import { ORDER_COLUMNS, startBaseline, type OrderTemplate } from './baseline';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ now: Date.now() });
}, 60_000);
afterAll(async () => s?.close());

describe('the intake baseline', () => {
  it('writes the rows and rollup cells the application writes', async () => {
    const api = await s.login('dispatcher');
    const building = await s.ctx.db.selectFrom('places').select('id').where('level', '=', 'building').orderBy('id').executeTakeFirstOrThrow();
    const category = await s.ctx.db.selectFrom('categories').select('id').where('parent_id', 'is not', null).where('active', '=', 1).orderBy('id').executeTakeFirstOrThrow();
    const res = await api.post('/api/work-orders', { title: '暖气不热', description: '室内只有15度', categoryId: category.id, placeId: building.id, channel: 'hotline', callerName: '王女士', callerPhone: '13903520001' });
    expect(res.status).toBe(201);
    const row = await s.ctx.db.selectFrom('work_orders').selectAll().where('id', '=', (res.body as { id: number }).id).executeTakeFirstOrThrow();
    const event = await s.ctx.db.selectFrom('order_events').select(['actor_id', 'actor_role']).where('order_id', '=', row.id).executeTakeFirstOrThrow();
    const template: OrderTemplate = {
      row: Object.fromEntries(ORDER_COLUMNS.map((c) => [c, row[c]])) as OrderTemplate['row'],
      rollup: Object.fromEntries(ROLLUP_COLUMNS.map((c) => [c, row[c as keyof typeof row]])) as unknown as RollupOrder,
      actorId: event.actor_id!,
      actorRole: event.actor_role!,
    };
    const baseline = await startBaseline(s.ctx.config.databaseUrl, s.ctx.config.dataDir, template);
    try {
      const made: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`http://127.0.0.1:${baseline.port}/orders`, { method: 'POST', body: '{}' });
        expect(r.status).toBe(201);
        made.push(((await r.json()) as { id: number }).id);
      }
      expect(await checkRollups(s.ctx.db)).toEqual([]);
      const theirs = await s.ctx.db.selectFrom('work_orders').selectAll().where('id', 'in', made).execute();
      const same = (o: typeof row) => Object.fromEntries(ORDER_COLUMNS.filter((c) => !['number', 'received_at', 'updated_at'].includes(c)).map((c) => [c, o[c]]));
      for (const o of theirs) expect(same(o)).toEqual(same(row));
      const all = await s.ctx.db.selectFrom('rollup_status').select((eb) => eb.fn.sum<number>('n').as('n')).where('scope', '=', 'all').executeTakeFirstOrThrow();
      const orders = await s.ctx.db.selectFrom('work_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(all.n)).toBe(Number(orders.n));
    } finally {
      await baseline.close();
    }
  });
});
