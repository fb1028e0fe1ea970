import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runSweep } from '../jobs/sweep';
import { startTestServer, type TestServer } from '../test/harness';
import { checkRollups } from '../evaluation/rollups';
import { loadDemoYear } from './demo-year';
import { loadWorld, OrderWriter, PgCopyConnection, playOrder, rng } from './generate';

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

describe('the bulk writer', () => {
  it('writes the same rows through COPY (PostgreSQL) as through INSERT, text with tabs, newlines and backslashes intact, rollups exact', async () => {
    const db = s.ctx.db;
    const w = await loadWorld(db, await s.ctx.calendar.get());
    const building = w.places.find((p) => p.level === 'building')!;
    const url = s.ctx.config.databaseUrl;
    const copy = url ? await PgCopyConnection.open(url) : undefined;
    const first = Number((await db.selectFrom('work_orders').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m) + 1;
    const r = rng(9);
    const title = '暖气\t不热\n二楼\\三楼 "引号" \\N';
    try {
      // Events off: orders, units and rollups only (the dashboard benchmark's --no-events).
      for (const events of [true, false]) {
        const writer = new OrderWriter(db, s.ctx.engine, 7, { copy, events });
        for (let i = 0; i < 20; i++) {
          const id = first + i + (events ? 0 : 20);
          const plan = { categoryCode: 'heating-cold', placeId: building.id, receivedAt: s.clock.now() - (30 - i) * 86_400_000, title, description: `第${i}单` };
          await writer.add(playOrder(w, plan, s.clock.now(), r, { order: id, number: `T${id}` }));
        }
        await writer.finish();
      }
    } finally {
      await copy?.close();
    }
    const rows = await db.selectFrom('work_orders').selectAll().where('id', '>=', first).orderBy('id').execute();
    expect(rows).toHaveLength(40);
    expect(rows.every((o) => o.title === title && o.status !== 'received' && o.lead_unit_id !== null)).toBe(true);
    const events = await db.selectFrom('order_events').select(['order_id', 'action']).where('order_id', '>=', first).execute();
    expect(new Set(events.map((e) => Number(e.order_id))).size).toBe(20);
    expect(events.every((e) => Number(e.order_id) < first + 20)).toBe(true);
    const units = await db.selectFrom('order_units').select('order_id').where('order_id', '>=', first).execute();
    expect(units).toHaveLength(40);
    expect(await checkRollups(db)).toEqual([]);
    // New orders after the bulk ids get the next id (sequences moved past them on PostgreSQL).
    const created = await (await s.login('dispatcher')).post('/api/work-orders', {
      title: '测试',
      description: '测试',
      categoryId: w.categories.find((c) => c.code === 'property-cleaning')!.id,
      placeId: building.id,
      channel: 'hotline',
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toBeGreaterThan(first + 39);
  });
});
