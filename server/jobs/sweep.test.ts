/**
 * The deadline sweep (DOMAIN.md §3) on a real database: it urges when 20% of the resolution limit
 * is left, marks overdue at the deadline, raises supervision 3 working days after it and flags
 * orders past 3× their limit — each exactly once, only for orders whose clocks run, reading only
 * the orders that have something due, under a lease that one runner holds at a time.
 *
 * Reference order: 保洁不到位 (7 working days) dispatched Monday 2026-11-16 09:00 → due Wednesday
 * 11-25 09:00; span 9 days, so 20% left at 11-23 13:48; supervision at 11-30 09:00 (26, 27, 30);
 * 3× the limit at 12-13 09:00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { iso, sh, signIn, tokenClient, Walker, type Cast, type Order } from '../test/walk';
import { runSweep, type SweepResult } from './sweep';

let s: TestServer;
let c: Cast;
let w: Walker;

beforeAll(async () => {
  s = await startTestServer({ now: sh('2026-11-16 09:00') });
  c = await signIn(s);
  w = new Walker(s, c);
});
afterAll(async () => s?.close());

const NOTHING = { examined: 0, urged: 0, overdue: 0, supervised: 0, flagged: 0 };

/** Runs the sweep with the clock at a Shanghai time; returns its counts (without housekeeping). */
async function sweepAt(local: string): Promise<Omit<SweepResult, 'idempotencyKeysPurged' | 'rescheduled'>> {
  s.clock.set(sh(local));
  const r = await runSweep(s.ctx);
  if (!r) throw new Error('sweep did not get the lease');
  const { examined, urged, overdue, supervised, flagged } = r;
  return { examined, urged, overdue, supervised, flagged };
}

/** The sweep's events on an order: [action, Shanghai time]. */
async function sweepEvents(id: number) {
  const events = await w.events(id);
  return events
    .filter((e) => e.actor_id === null)
    .map((e) => {
      expect([e.actor_role, e.public, e.from_status, e.to_status]).toEqual([null, 0, null, null]);
      return [e.action, iso(Number(e.at))];
    });
}

/** A 7-working-day order dispatched and accepted at the given time. */
async function handlingFrom(local: string): Promise<Order> {
  s.clock.set(sh(local));
  return w.act(c.handler, await w.dispatch(await w.create()), 'accept');
}

/** Takes orders off the sweep (the unit replies) so later tests count only their own. */
async function settle(...orders: Order[]) {
  for (const o of orders) {
    let cur = await w.get(o);
    if (cur.status === 'dispatched') cur = await w.act(c.handler, cur, 'accept');
    if (cur.status === 'handling') await w.act(c.handler, cur, 'reply', { text: '已处理' });
  }
}

describe('thresholds, each acted on exactly once', () => {
  it('urges at 20% left, marks overdue at due, supervises 3 working days later, flags past 3×', async () => {
    await sweepAt('2026-11-16 08:00'); // first run: nothing to do yet
    const o = await handlingFrom('2026-11-16 09:00');
    expect(o.resolutionDueAt).toBe(iso(sh('2026-11-25 09:00')));
    expect(Number((await w.row(o.id)).next_check_at)).toBe(sh('2026-11-23 13:48'));

    expect(await sweepAt('2026-11-23 13:47')).toEqual(NOTHING);
    expect(await sweepAt('2026-11-23 13:48')).toEqual({ ...NOTHING, examined: 1, urged: 1 });
    expect(await sweepAt('2026-11-23 13:48')).toEqual(NOTHING);
    let now = await w.get(o);
    expect([now.urgeCount, now.overdue, now.version]).toEqual([1, false, o.version]);

    expect(await sweepAt('2026-11-25 08:59')).toEqual(NOTHING);
    expect(await sweepAt('2026-11-25 09:00')).toEqual({ ...NOTHING, examined: 1, overdue: 1 });
    expect(await sweepAt('2026-11-25 09:00')).toEqual(NOTHING);
    expect(await sweepAt('2026-11-30 08:59')).toEqual(NOTHING);
    expect(await sweepAt('2026-11-30 09:00')).toEqual({ ...NOTHING, examined: 1, supervised: 1 });
    expect(await sweepAt('2026-11-30 09:00')).toEqual(NOTHING);
    expect(await sweepAt('2026-12-13 08:59')).toEqual(NOTHING);
    expect(await sweepAt('2026-12-13 09:00')).toEqual({ ...NOTHING, examined: 1, flagged: 1 });
    expect(await sweepAt('2027-06-01 09:00')).toEqual(NOTHING);

    now = await w.get(o);
    expect([now.urgeCount, now.overdue, now.supervisionLevel, now.flagged3x, now.version]).toEqual([1, true, 1, true, o.version]);
    expect((await w.row(o.id)).next_check_at).toBeNull();
    expect(await sweepEvents(o.id)).toEqual([
      ['auto_urge', iso(sh('2026-11-23 13:48'))],
      ['overdue', iso(sh('2026-11-25 09:00'))],
      ['auto_supervise', iso(sh('2026-11-30 09:00'))],
      ['flag_3x', iso(sh('2026-12-13 09:00'))],
    ]);
    const overdueList = await c.supervisor.get('/api/work-orders?overdue=true&pageSize=200');
    expect(overdueList.body.items.map((x: Order) => x.id)).toEqual([o.id]);
    // The flags did not bump the version: the handler's reply made against it still applies.
    await settle(o);
  });

  it('a late first run does everything due at once, still once each', async () => {
    const o = await handlingFrom('2026-11-16 09:00');
    expect(await sweepAt('2026-12-20 10:00')).toEqual({ examined: 1, urged: 1, overdue: 1, supervised: 1, flagged: 1 });
    expect(await sweepAt('2026-12-20 10:00')).toEqual(NOTHING);
    expect((await sweepEvents(o.id)).map(([a]) => a)).toEqual(['auto_urge', 'overdue', 'auto_supervise', 'flag_3x']);
    await settle(o);
  });
});

describe('which orders are swept', () => {
  it('not replied orders; a rejected reply puts the order back on its clock', async () => {
    let o = await handlingFrom('2026-11-16 09:00');
    o = await w.act(c.handler, o, 'reply', { text: '已清理' });
    expect((await w.row(o.id)).next_check_at).toBeNull();
    expect(await sweepAt('2026-12-31 09:00')).toEqual(NOTHING);
    o = await w.act(c.supervisor, o, 'reject_reply', { note: '照片不清楚' });
    expect(Number((await w.row(o.id)).next_check_at)).toBe(sh('2026-11-23 13:48'));
    expect(await sweepAt('2026-12-31 09:00')).toEqual({ examined: 1, urged: 1, overdue: 1, supervised: 1, flagged: 1 });
    await settle(o);
  });

  it('not received, closed or returned orders: an approved return stops the clocks', async () => {
    const received = await w.to('received');
    const closed = await w.to('closed');
    s.clock.set(sh('2026-11-16 09:00'));
    let returned = await w.to('return_requested');
    expect(Number((await w.row(returned.id)).next_check_at)).toBe(sh('2026-11-23 13:48'));
    returned = await w.act(c.supervisor, returned, 'approve_return');
    for (const o of [received, closed, returned]) expect((await w.row(o.id)).next_check_at).toBeNull();
    expect(await sweepAt('2027-03-01 09:00')).toEqual(NOTHING);
  });

  it('an approved return clears the sweep’s marks with the clocks; the counters stay as history', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    let o = await w.to('return_requested');
    expect(await sweepAt('2026-11-25 09:00')).toEqual({ ...NOTHING, examined: 1, urged: 1, overdue: 1 });
    o = await w.act(c.supervisor, await w.get(o), 'approve_return');
    expect([o.status, o.overdue, o.flagged3x, o.urgeCount]).toEqual(['received', false, false, 1]);
    const listed = await c.supervisor.get('/api/work-orders?overdue=true&pageSize=200');
    expect(listed.body.items.map((x: Order) => x.id)).not.toContain(o.id);
    s.clock.set(sh('2026-11-26 09:00'));
    o = await w.dispatch(o);
    // the next unit gets a full clock: 7 working days from 11-26 → 12-07, 20% of 11 days left at 12-05 04:12
    expect(o.resolutionDueAt).toBe(iso(sh('2026-12-07 09:00')));
    expect(Number((await w.row(o.id)).next_check_at)).toBe(sh('2026-12-05 04:12'));
    expect(await sweepAt('2026-12-05 04:11')).toEqual(NOTHING);
    expect(await sweepAt('2026-12-05 04:12')).toEqual({ ...NOTHING, examined: 1, urged: 1 });
    expect((await w.get(o)).urgeCount).toBe(2);
    await settle(o);
  });

  it('reads only the orders that have something due, not the others', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    const notDue = [];
    for (let i = 0; i < 30; i++) notDue.push(await w.to('dispatched'));
    const due = [await w.to('handling'), await w.to('dispatched')];
    // due by 11-23 13:48 (urge); the 30 others were dispatched a day later.
    for (const o of notDue) {
      s.clock.set(sh('2026-11-17 09:00'));
      await w.act(c.dispatcher, o, 'transfer', { leadUnitId: w.unit('pc-huayu'), note: '重新派单' });
    }
    expect(await sweepAt('2026-11-23 13:48')).toEqual({ ...NOTHING, examined: 2, urged: 2 });
    expect(await sweepAt('2026-11-23 13:50')).toEqual(NOTHING);
    expect(await sweepAt('2026-11-24 13:47')).toEqual(NOTHING);
    expect(await sweepAt('2026-11-24 13:48')).toEqual({ ...NOTHING, examined: 30, urged: 30 });
    await settle(...notDue, ...due);
  });
});

describe('moved clocks', () => {
  it('after a redo the thresholds follow the new clock, not the first dispatch', async () => {
    let o = await handlingFrom('2026-11-16 09:00');
    o = await w.act(c.handler, o, 'reply', { text: '已处理' });
    o = await w.act(c.supervisor, o, 'approve_reply');
    o = await w.act(c.resident, o, 'rate', { resolution: 'unresolved', satisfaction: 'unsatisfied' });
    s.clock.set(sh('2026-12-02 09:00'));
    o = await w.act(c.supervisor, o, 'redo', { note: '责任在物业' });
    expect(o.resolutionDueAt).toBe(iso(sh('2026-12-11 09:00')));
    // new clock 12-02 09:00 → 12-11 09:00 (9 days): 20% left at 12-09 13:48, 3× at 12-29 09:00
    expect(await sweepAt('2026-12-09 13:47')).toEqual(NOTHING);
    expect(await sweepAt('2026-12-09 13:48')).toEqual({ ...NOTHING, examined: 1, urged: 1 });
    expect(await sweepAt('2026-12-11 09:00')).toEqual({ ...NOTHING, examined: 1, overdue: 1 });
    expect(await sweepAt('2026-12-29 08:59')).toEqual({ ...NOTHING, examined: 1, supervised: 1 }); // due since 12-16 09:00
    expect(await sweepAt('2026-12-29 09:00')).toEqual({ ...NOTHING, examined: 1, flagged: 1 });
    await settle(o);
  });

  it('after a reopen, likewise', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    let o = await w.sampled();
    s.clock.set(sh('2027-01-04 10:00'));
    o = await w.act(c.dispatcher, o, 'reverify', { outcome: 'not_resolved' });
    expect(o.resolutionDueAt).toBe(iso(sh('2027-01-13 10:00')));
    expect(await sweepAt('2027-01-11 14:47')).toEqual(NOTHING);
    expect(await sweepAt('2027-01-11 14:48')).toEqual({ ...NOTHING, examined: 1, urged: 1 });
    await settle(o);
  });

  it('an approved extension re-arms the urge for the new deadline and lifts an overdue mark', async () => {
    let o = await handlingFrom('2026-11-16 09:00');
    s.clock.set(sh('2026-11-24 09:00'));
    o = await w.act(c.handler, o, 'request_extension', { until: iso(sh('2026-12-04 17:30')), reason: '等待配件' });
    // the supervisor rules only after the old deadline has passed
    expect(await sweepAt('2026-11-25 10:00')).toEqual({ ...NOTHING, examined: 1, urged: 1, overdue: 1 });
    o = await w.get(o);
    expect([o.overdue, o.urgeCount]).toEqual([true, 1]);
    s.clock.set(sh('2026-11-25 11:00'));
    o = await w.act(c.supervisor, o, 'approve_extension');
    expect([o.overdue, o.resolutionDueAt]).toEqual([false, iso(sh('2026-12-04 17:30'))]);
    // new deadline 12-04 17:30, 7 working days from 11-25 17:30: 20% left at 12-02 22:18
    expect(await sweepAt('2026-12-02 22:17')).toEqual(NOTHING);
    expect(await sweepAt('2026-12-02 22:18')).toEqual({ ...NOTHING, examined: 1, urged: 1 });
    expect(await sweepAt('2026-12-04 17:30')).toEqual({ ...NOTHING, examined: 1, overdue: 1 });
    expect((await w.get(o)).urgeCount).toBe(2);
    await settle(o);
  });
});

describe('settings (sla.sweep)', () => {
  it('the administrator’s thresholds apply, also to orders dispatched before the change', async () => {
    const o = await handlingFrom('2026-11-16 09:00');
    const admin = await tokenClient(s, 'admin');
    const put = await admin.request('PUT', '/api/admin/settings/sweep', { urgeWhenLeft: 0.5, superviseAfterWorkdays: 1, flagMultiple: 2 });
    expect(put.status).toBe(200);
    try {
      // half of 9 days left at 11-20 21:00; supervision 1 working day after due (11-26 09:00); 2× at 12-04 09:00
      expect(await sweepAt('2026-11-20 20:59')).toEqual(NOTHING);
      expect(await sweepAt('2026-11-20 21:00')).toEqual({ ...NOTHING, examined: 1, urged: 1 });
      expect(await sweepAt('2026-11-25 09:00')).toEqual({ ...NOTHING, examined: 1, overdue: 1 });
      expect(await sweepAt('2026-11-26 08:59')).toEqual(NOTHING);
      expect(await sweepAt('2026-11-26 09:00')).toEqual({ ...NOTHING, examined: 1, supervised: 1 });
      expect(await sweepAt('2026-12-04 08:59')).toEqual(NOTHING);
      expect(await sweepAt('2026-12-04 09:00')).toEqual({ ...NOTHING, examined: 1, flagged: 1 });
      const events = (await w.events(o.id)).filter((e) => e.action === 'auto_supervise' || e.action === 'flag_3x');
      expect(events.map((e) => JSON.parse(e.payload_json!))).toEqual([{ overdueWorkdays: 1 }, { multiple: 2 }]);
    } finally {
      await admin.request('PUT', '/api/admin/settings/sweep', { urgeWhenLeft: 0.2, superviseAfterWorkdays: 3, flagMultiple: 3 });
    }
    await settle(o);
  });
});

describe('the lease', () => {
  it('lets only one of two concurrent runs sweep', async () => {
    const orders = [await handlingFrom('2026-11-16 09:00'), await handlingFrom('2026-11-16 09:00')];
    s.clock.set(sh('2026-11-23 13:48'));
    const results = await Promise.all([runSweep(s.ctx), runSweep(s.ctx)]);
    expect(results.filter((r) => r === null).length).toBe(1);
    const winner = results.find((r) => r !== null)!;
    expect([winner.examined, winner.urged]).toEqual([2, 2]);
    for (const o of orders) expect((await sweepEvents(o.id)).map(([a]) => a)).toEqual(['auto_urge']);
    // released afterwards: the next run gets it
    expect(await runSweep(s.ctx)).not.toBeNull();
    const leases = await s.ctx.db.selectFrom('jobs').select(['locked_by', 'locked_until']).where('kind', '=', 'sweep').execute();
    expect(leases.every((l) => l.locked_by === null && l.locked_until === null)).toBe(true);
    await settle(...orders);
  });

  it('a crashed holder’s lease expires', async () => {
    s.clock.set(sh('2026-11-23 14:00'));
    await s.ctx.db.updateTable('jobs').set({ locked_by: 'crashed-server', locked_until: sh('2026-11-23 14:05') }).where('kind', '=', 'sweep').execute();
    expect(await runSweep(s.ctx)).toBeNull();
    s.clock.set(sh('2026-11-23 14:06'));
    expect(await runSweep(s.ctx)).not.toBeNull();
  });
});
