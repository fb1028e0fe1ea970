import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { seedDutyRosters } from './seed';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer(); // Monday 2026-11-16 09:00 Shanghai
  await seedDutyRosters(s.ctx.db, s.clock.now(), 2);
});
afterAll(async () => s?.close());

describe('hotlines and duty rosters (值班表)', () => {
  it('tells who is on duty now and keeps the roster', async () => {
    const dispatcher = await s.login('dispatcher');
    const lines = (await dispatcher.get('/api/hotlines')).body;
    const heating = lines.find((l: { code: string }) => l.code === 'heating');
    expect(heating.onDuty.map((u: { name: string }) => u.name)).toEqual(['王芳']);
    s.clock.advance(12 * 3600_000); // 21:00: the night seat has the heating line
    const night = (await dispatcher.get('/api/hotlines')).body.find((l: { code: string }) => l.code === 'heating');
    expect(night.onDuty.map((u: { name: string }) => u.name)).toEqual(['李娜']);
    s.clock.advance(-12 * 3600_000);
    const roster = await dispatcher.get('/api/duty-shifts?hotline=heating&from=2026-11-16T00:00:00Z&to=2026-11-17T00:00:00Z');
    expect(roster.status).toBe(200);
    expect(roster.body.map((r: { startsAt: string }) => r.startsAt)).toEqual(['2026-11-16T00:00:00.000Z', '2026-11-16T12:00:00.000Z']); // the night shift before ends exactly at 'from'
  });

  it('records the line and whether the taker was on duty when a call becomes an order', async () => {
    const seat = await s.login('dispatcher.heating');
    const body = {
      title: '暖气不热',
      description: '室内14度',
      categoryId: s.ids.categories.get('heating-cold'),
      placeId: s.ids.places.get('cp-shanghuayuan-b2'),
      attributes: { indoor_temp: 14 },
      callerPhone: '13812345678',
    };
    const r = await seat.post('/api/work-orders', { ...body, hotline: 'heating' });
    expect(r.status).toBe(201);
    const row = await s.ctx.db
      .selectFrom('work_orders')
      .select(['hotline', 'received_by'])
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ hotline: 'heating', received_by: s.ids.users.get('dispatcher.heating') });
    const create = r.body.events.find((e: { action: string }) => e.action === 'create');
    expect(create.payload).toMatchObject({ hotline: 'heating', answeredBy: '王芳', onDuty: true });
    const off = await (await s.login('dispatcher')).post('/api/work-orders', { ...body, hotline: 'heating' });
    expect(off.body.events[0].payload.onDuty).toBe(false);
    expect((await seat.post('/api/work-orders', { ...body, hotline: 'nope' })).body.error).toMatchObject({
      code: 'unknown_reference',
      field: 'hotline',
    });
  });

  it('lets supervisors manage shifts, with clear refusals', async () => {
    const supervisor = await s.login('supervisor');
    const seat = s.ids.users.get('dispatcher.heating')!;
    const shift = { hotline: '12345', userId: seat, startsAt: '2026-11-20T00:00:00Z', endsAt: '2026-11-20T08:00:00Z' };
    const created = await supervisor.post('/api/duty-shifts', shift);
    expect(created.status).toBe(201);
    expect(
      (await supervisor.post('/api/duty-shifts', { ...shift, startsAt: '2026-11-20T04:00:00Z', endsAt: '2026-11-20T10:00:00Z' })).body
        .error,
    ).toMatchObject({ code: 'conflict', field: 'startsAt' });
    expect((await supervisor.post('/api/duty-shifts', { ...shift, endsAt: '2026-11-19T00:00:00Z' })).body.error).toMatchObject({
      code: 'validation',
      field: 'endsAt',
    });
    expect((await supervisor.post('/api/duty-shifts', { ...shift, userId: s.ids.users.get('handler.shy') })).body.error).toMatchObject({
      code: 'rule_violation',
      field: 'userId',
    });
    expect((await supervisor.post('/api/duty-shifts', { ...shift, hotline: 'x' })).body.error).toMatchObject({
      code: 'unknown_reference',
      field: 'hotline',
    });
    expect((await (await s.login('dispatcher')).post('/api/duty-shifts', shift)).status).toBe(403);
    expect((await s.anonymous().post('/api/duty-shifts', shift)).status).toBe(401);
    expect((await supervisor.request('DELETE', `/api/duty-shifts/${created.body.id}`)).status).toBe(200);
    expect((await supervisor.request('DELETE', `/api/duty-shifts/${created.body.id}`)).status).toBe(404);
  });
});
