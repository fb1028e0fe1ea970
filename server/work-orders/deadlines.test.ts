/**
 * Deadlines exactly as DOMAIN.md §3 defines the clocks, read back from the API: a unit's clocks
 * start at dispatch; N working days end at the same Shanghai clock time on the Nth working day
 * after (调休 make-up days count, holidays do not); clock hours run through midnight and holidays;
 * extension, return, transfer, redo and reopen each move the right clock.
 *
 * Limits in the demo district: 保洁不到位 normal 1wd / 1wd / 7wd, urgent 2h / 4h / 3wd; 供暖阀门故障
 * normal 30m / 1h / 24h, urgent 30m / 1h / 12h.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { iso, sh, signIn, tokenClient, Walker, type Cast, type CreateOptions, type Order } from '../test/walk';

let s: TestServer;
let c: Cast;
let w: Walker;

beforeAll(async () => {
  s = await startTestServer({ now: sh('2026-11-16 09:00') });
  c = await signIn(s);
  w = new Walker(s, c);
});
afterAll(async () => s?.close());

const HEATING: CreateOptions = { category: 'heating-valve', title: '3号楼管井供暖阀门关不上' };

/** Creates and dispatches an order with the clock at the given Shanghai time. */
async function dispatchedAt(local: string, o: CreateOptions = {}): Promise<Order> {
  s.clock.set(sh(local));
  const received = await w.create(o);
  const body = o.category?.startsWith('heating') ? { leadUnitId: w.unit('heat-datong'), coUnitIds: [] } : {};
  return w.dispatch(received, body);
}

/** The order's three deadlines as the API shows them. */
const clocks = (o: Order) => ({ dispatched: o.dispatchedAt, signoff: o.signoffDueAt, response: o.responseDueAt, resolution: o.resolutionDueAt });
const at = (local: string) => iso(sh(local));

describe('working-day limits', () => {
  it('across a weekend: Friday 15:00 + 1 working day is Monday 15:00; + 7 is the Tuesday after next', async () => {
    const o = await dispatchedAt('2026-11-20 15:00');
    expect(clocks(o)).toEqual({
      dispatched: '2026-11-20T07:00:00.000Z',
      signoff: '2026-11-23T07:00:00.000Z',
      response: '2026-11-23T07:00:00.000Z',
      resolution: '2026-12-01T07:00:00.000Z',
    });
    expect(o.resolutionLimit).toBe('7wd');
  });

  it('from a Saturday or a Sunday: the weekend day itself never counts', async () => {
    const sat = await dispatchedAt('2026-11-21 10:00');
    expect(clocks(sat)).toEqual({ dispatched: at('2026-11-21 10:00'), signoff: at('2026-11-23 10:00'), response: at('2026-11-23 10:00'), resolution: at('2026-12-01 10:00') });
    const sunLate = await dispatchedAt('2026-11-22 23:59');
    expect([sunLate.signoffDueAt, sunLate.resolutionDueAt]).toEqual([at('2026-11-23 23:59'), at('2026-12-01 23:59')]);
    // Monday just after midnight Shanghai is still Sunday in UTC: the calendar day is Shanghai's.
    const monEarly = await dispatchedAt('2026-11-23 00:30');
    expect([monEarly.signoffDueAt, monEarly.dispatchedAt]).toEqual([at('2026-11-24 00:30'), '2026-11-22T16:30:00.000Z']);
  });

  it('across the 2026 Spring Festival: Feb 15–23 off, Saturdays Feb 14 and Feb 28 are workdays', async () => {
    const fri = await dispatchedAt('2026-02-13 10:00');
    expect(clocks(fri)).toEqual({
      dispatched: at('2026-02-13 10:00'),
      signoff: at('2026-02-14 10:00'), // make-up Saturday
      response: at('2026-02-14 10:00'),
      // 14, 24, 25, 26, 27, 28 (make-up Saturday), Mar 2
      resolution: at('2026-03-02 10:00'),
    });
    const makeUpSat = await dispatchedAt('2026-02-14 17:00');
    expect([makeUpSat.signoffDueAt, makeUpSat.resolutionDueAt]).toEqual([at('2026-02-24 17:00'), at('2026-03-03 17:00')]);
    const inHoliday = await dispatchedAt('2026-02-18 11:00');
    expect([inHoliday.signoffDueAt, inHoliday.resolutionDueAt]).toEqual([at('2026-02-24 11:00'), at('2026-03-03 11:00')]);
    const lastMakeUp = await dispatchedAt('2026-02-28 09:30');
    expect(lastMakeUp.signoffDueAt).toBe(at('2026-03-02 09:30'));
  });

  it('an urgent order mixes clock hours (sign-off, response) and working days (resolution)', async () => {
    const o = await dispatchedAt('2026-02-12 16:00', { priority: 'urgent' });
    expect(clocks(o)).toEqual({
      dispatched: at('2026-02-12 16:00'),
      signoff: at('2026-02-12 18:00'),
      response: at('2026-02-12 20:00'),
      resolution: at('2026-02-24 16:00'), // 13, 14 (make-up), 24
    });
    expect(o.resolutionLimit).toBe('3wd');
  });
});

describe('clock-hour limits', () => {
  it('run through midnight: heating dispatched 23:30 signs off by 00:00, responds by 00:30, resolves by 23:30 next day', async () => {
    const o = await dispatchedAt('2026-11-16 23:30', HEATING);
    expect(clocks(o)).toEqual({
      dispatched: '2026-11-16T15:30:00.000Z',
      signoff: '2026-11-16T16:00:00.000Z',
      response: '2026-11-16T16:30:00.000Z',
      resolution: '2026-11-17T15:30:00.000Z',
    });
    expect(o.resolutionLimit).toBe('24h');
  });

  it('ignore weekends and holidays', async () => {
    const festival = await dispatchedAt('2026-02-17 22:00', HEATING);
    expect([festival.responseDueAt, festival.resolutionDueAt]).toEqual([at('2026-02-17 23:00'), at('2026-02-18 22:00')]);
    const saturdayUrgent = await dispatchedAt('2026-11-21 20:15', { ...HEATING, priority: 'urgent' });
    expect([saturdayUrgent.signoffDueAt, saturdayUrgent.resolutionDueAt]).toEqual([at('2026-11-21 20:45'), at('2026-11-22 08:15')]);
  });
});

describe('what moves which clock', () => {
  it('an approved extension moves only the resolution deadline', async () => {
    const o = await dispatchedAt('2026-11-16 09:00');
    s.clock.set(sh('2026-11-17 09:00'));
    let r = await w.act(c.handler, o, 'accept');
    r = await w.act(c.handler, r, 'request_extension', { until: at('2026-12-04 17:30'), reason: '需协调施工队' });
    s.clock.set(sh('2026-11-18 09:00'));
    r = await w.act(c.supervisor, r, 'approve_extension');
    expect(clocks(r)).toEqual({ ...clocks(o), resolution: at('2026-12-04 17:30') });
  });

  it('an approved return stops the clocks; re-dispatch starts new ones; receipt time stays', async () => {
    const o = await dispatchedAt('2026-11-20 15:00');
    s.clock.set(sh('2026-11-20 16:00'));
    let r = await w.act(c.handler, o, 'request_return', { reason: 'unclear_ownership', note: '产权不清' });
    expect(clocks(r)).toEqual(clocks(o)); // still running while the supervisor decides
    s.clock.set(sh('2026-11-23 10:00'));
    r = await w.act(c.supervisor, r, 'approve_return');
    expect(clocks(r)).toEqual({ dispatched: null, signoff: null, response: null, resolution: null });
    s.clock.set(sh('2026-11-24 09:00'));
    r = await w.act(c.dispatcher, r, 'dispatch', { leadUnitId: w.unit('cc-hexin') });
    expect(clocks(r)).toEqual({ dispatched: at('2026-11-24 09:00'), signoff: at('2026-11-25 09:00'), response: at('2026-11-25 09:00'), resolution: at('2026-12-03 09:00') });
    expect(r.receivedAt).toBe(at('2026-11-20 15:00'));
  });

  it('a transfer starts the new unit’s clocks at the transfer', async () => {
    const o = await dispatchedAt('2026-11-16 09:00');
    s.clock.set(sh('2026-11-18 14:00'));
    const r = await w.act(c.dispatcher, o, 'transfer', { leadUnitId: w.unit('cc-hexin'), note: '改由社区办理' });
    expect(clocks(r)).toEqual({ dispatched: at('2026-11-18 14:00'), signoff: at('2026-11-19 14:00'), response: at('2026-11-19 14:00'), resolution: at('2026-11-27 14:00') });
  });

  it('a redo starts a new resolution clock from the ruling; sign-off and response stay', async () => {
    const o = await dispatchedAt('2026-02-05 10:00');
    s.clock.set(sh('2026-02-06 10:00'));
    let r = await w.act(c.handler, o, 'accept');
    r = await w.act(c.handler, r, 'reply', { text: '已处理' });
    r = await w.act(c.supervisor, r, 'approve_reply');
    r = await w.act(c.resident, r, 'rate', { resolution: 'unresolved', satisfaction: 'unsatisfied' });
    s.clock.set(sh('2026-02-13 10:00'));
    r = await w.act(c.supervisor, r, 'redo', { note: '责任在物业' });
    expect(clocks(r)).toEqual({ ...clocks(o), resolution: at('2026-03-02 10:00') });
    // a second redo starts yet another clock
    r = await w.act(c.handler, r, 'reply', { text: '已重新处理' });
    r = await w.act(c.supervisor, r, 'approve_reply');
    r = await w.act(c.resident, r, 'rate', { resolution: 'partly', satisfaction: 'unsatisfied' });
    s.clock.set(sh('2026-03-03 16:00'));
    r = await w.act(c.supervisor, r, 'redo', { note: '仍未解决' });
    expect([r.redoCount, r.resolutionDueAt]).toEqual([2, at('2026-03-12 16:00')]);
  });

  it('a reopen after re-verification starts a new resolution clock with the order’s own limit', async () => {
    const o = await dispatchedAt('2026-11-16 23:30', HEATING);
    const handler = await tokenClient(s, 'handler.heat');
    let r = await w.act(handler, o, 'accept');
    r = await w.act(handler, r, 'reply', { text: '已更换阀门' });
    r = await w.act(c.supervisor, r, 'approve_reply');
    r = await w.act(c.resident, r, 'rate', { resolution: 'resolved', satisfaction: 'satisfied' });
    await c.supervisor.post('/api/work-orders/verification-sample', { ids: [o.id] });
    r = await w.get(r);
    s.clock.set(sh('2026-11-20 22:10'));
    r = await w.act(c.dispatcher, r, 'reverify', { outcome: 'not_resolved' });
    expect([r.status, r.reopenCount, r.resolutionLimit, r.resolutionDueAt, r.signoffDueAt]).toEqual([
      'handling',
      1,
      '24h',
      at('2026-11-21 22:10'),
      o.signoffDueAt,
    ]);
  });
});
