import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runSweep } from '../jobs/sweep';
import { startTestServer, type TestServer } from '../test/harness';
import { loadDemoYear } from './demo-year';

let s: TestServer;
let count = 0;
beforeAll(async () => {
  s = await startTestServer({ now: Date.parse('2026-11-30T02:00:00Z') });
  count = await loadDemoYear(s.ctx.db, s.ctx.engine, await s.ctx.calendar.get(), s.clock.now(), { perDay: 4 });
}, 120_000);
afterAll(async () => s?.close());

describe('the demo year', () => {
  it('holds 天香蓝郡’s 106 complaints of the first half year: 96 hardware, 10 service, and no property complaints since July', async () => {
    const rows = await s.ctx.db
      .selectFrom('work_orders as w')
      .innerJoin('categories as c', 'c.id', 'w.category_id')
      .innerJoin('places as p', 'p.id', 'w.compound_id')
      .select(['c.kind', 'c.default_unit_kind', 'w.received_at'])
      .where('p.name', '=', '天香蓝郡')
      .execute();
    const july = Date.parse('2026-06-30T16:00:00Z');
    const h1 = rows.filter((r) => r.received_at < july);
    expect(h1).toHaveLength(106);
    expect(h1.filter((r) => r.kind === 'hardware')).toHaveLength(96);
    expect(h1.filter((r) => r.kind === 'service')).toHaveLength(10);
    expect(rows.filter((r) => r.received_at >= july && r.default_unit_kind === 'property_company')).toHaveLength(0);
  });

  it('has the 36号 shop’s heating leak fixed the next day and the villager’s radiator visited within the hour', async () => {
    const resident = await s.login('resident.shop');
    const list = await resident.get('/api/work-orders?mine=true');
    expect(list.status).toBe(200);
    const leak = list.body.items.find((o: { title: string }) => o.title.includes('36号商铺暖气管道漏水'));
    expect(leak.status).toBe('closed');
    const detail = (await resident.get(`/api/work-orders/${leak.id}`)).body;
    const received = Date.parse(detail.receivedAt);
    const replied = Date.parse(detail.repliedAt);
    expect(new Date(replied + 8 * 3600_000).toISOString().slice(0, 10)).not.toBe(new Date(received + 8 * 3600_000).toISOString().slice(0, 10));
    expect(replied - received).toBeLessThan(2 * 24 * 3600_000);

    const villager = await s.login('resident.haili');
    const mine = (await villager.get('/api/work-orders?mine=true')).body.items;
    const cold = (await villager.get(`/api/work-orders/${mine[0].id}`)).body;
    expect(cold.category.name).toBe('暖气不热');
    expect(Date.parse(cold.contactedAt) - Date.parse(cold.dispatchedAt)).toBeLessThanOrEqual(3600_000);
  });

  it('is consistent with the live rules: every step has an actor, and the sweep finds nothing left to do at load time', async () => {
    const orphan = await s.ctx.db
      .selectFrom('order_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('actor_id', 'is', null)
      .where('action', 'not in', ['auto_urge', 'overdue', 'auto_supervise', 'flag_3x'])
      .executeTakeFirstOrThrow();
    expect(Number(orphan.n)).toBe(0);
    const versions = await s.ctx.db
      .selectFrom('work_orders as w')
      .select(['w.id', 'w.version', sql<number>`(select count(*) from order_events e where e.order_id = w.id and e.actor_id is not null)`.as('steps')])
      .execute();
    expect(versions.length).toBe(count);
    expect(versions.every((v) => v.version === Number(v.steps))).toBe(true);
    const sweep = await runSweep(s.ctx);
    expect(sweep).toMatchObject({ urged: 0, overdue: 0, supervised: 0, flagged: 0 });
  });
});
