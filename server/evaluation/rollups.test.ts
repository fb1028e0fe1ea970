/**
 * Rollups stay equal to a recomputation from the orders: generated orders (the demo writer), then
 * random walks through the real HTTP API (dispatch, return, cancel, merge, redo, re-verify with
 * reopen, urge, supervise) and deadline sweeps at later times, then `checkRollups` must find no
 * difference. A tampered cell must be found, so the check can fail. A unit's co-handled orders
 * (scope 'co') follow transfers and released returns, and migration 0075's rebuild restores them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrders } from '../demo/demo-year';
import { runSweep } from '../jobs/sweep';
import { startTestServer, type TestServer } from '../test/harness';
import { randomWalks, signIn, Walker, type Cast } from '../test/walk';
import { statusCells } from './rollup-queries';
import { checkRollups, rebuildCoHandledCells, rebuildRollups, storedRollups, VECTOR_KEYS, type Vector } from './rollups';

const DAY = 24 * 3600_000;
let s: TestServer;
let c: Cast;
let w: Walker;

beforeAll(async () => {
  s = await startTestServer();
  c = await signIn(s);
  w = new Walker(s, c);
}, 60_000);
afterAll(async () => s?.close());

describe('rollups', () => {
  it('match the orders after generated history, random transitions and sweeps', async () => {
    await generateOrders(s.ctx.db, s.ctx.engine, await s.ctx.calendar.get(), s.clock.now(), { count: 300, days: 60, seed: 3 });
    expect(await checkRollups(s.ctx.db)).toEqual([]);

    await randomWalks(w, 24, 11, (i) => {
      if (i % 6 === 5) s.clock.set(s.clock.now() + [2, 5, 9][i % 3]! * DAY);
    });

    // Deadlines pass: the sweep urges, marks overdue and supervises (rollup_status and rollup_day move).
    s.clock.set(s.clock.now() + 12 * DAY);
    const sweep = await runSweep(s.ctx);
    expect(sweep!.overdue).toBeGreaterThan(0);
    expect(await checkRollups(s.ctx.db)).toEqual([]);
  }, 180_000);

  it('finds a tampered cell', async () => {
    await s.ctx.db.updateTable('rollup_day').set((eb) => ({ closed: eb('closed', '+', 1) })).where('scope', '=', 'all').execute();
    const diffs = await checkRollups(s.ctx.db);
    expect(diffs.length).toBeGreaterThan(0);
    expect(diffs.every((d) => d.table === 'rollup_day' && d.key.startsWith('all|0|'))).toBe(true);
    await s.ctx.db.updateTable('rollup_day').set((eb) => ({ closed: eb('closed', '-', 1) })).where('scope', '=', 'all').execute();
    expect(await checkRollups(s.ctx.db)).toEqual([]);
  });
  it("checks and rebuilds a window of received days at a time, cells outside the orders' days included", async () => {
    const db = s.ctx.db;
    const before = await storedRollups(db);
    expect(await checkRollups(db, { windowDays: 7 })).toEqual([]);
    // A stray cell before the first order, one after the last, and a tampered cell mid-history.
    const zero = Object.fromEntries(VECTOR_KEYS.map((k) => [k, 0])) as Vector;
    await db
      .insertInto('rollup_day')
      .values({ scope: 'all', scope_id: 0, day: '2000-01-01', ...zero, volume: 1 })
      .execute();
    const uc = await db.selectFrom('rollup_unit_compound').selectAll().orderBy('day', 'desc').limit(1).executeTakeFirstOrThrow();
    await db
      .insertInto('rollup_unit_compound')
      .values({ ...uc, day: '2099-12-31', n: 2 })
      .execute();
    const cells = await db.selectFrom('rollup_category').selectAll().where('scope', '=', 'street').orderBy('day').execute();
    const mid = cells[Math.floor(cells.length / 2)]!;
    await db
      .updateTable('rollup_category')
      .set({ n: Number(mid.n) + 1 })
      .where('scope', '=', mid.scope)
      .where('scope_id', '=', mid.scope_id)
      .where('day', '=', mid.day)
      .where('category_id', '=', mid.category_id)
      .execute();

    const diffs = await checkRollups(db, { windowDays: 7 });
    expect(diffs.map((d) => `${d.table} ${d.key} ${JSON.stringify(d.stored)}`).sort()).toEqual(
      [
        `rollup_category ${mid.scope}|${mid.scope_id}|${mid.day}|${mid.category_id} ${Number(mid.n) + 1}`,
        `rollup_day all|0|2000-01-01 ${JSON.stringify({ ...zero, volume: 1 })}`,
        `rollup_unit_compound ${uc.unit_id}|2099-12-31|${uc.compound_id} 2`,
      ].sort(),
    );
    // One window or one day per window: the same answer.
    expect(await checkRollups(db, { windowDays: 1 })).toEqual(diffs);
    expect((await checkRollups(db)).length).toBe(3);

    await rebuildRollups(db, { windowDays: 3 });
    expect(await checkRollups(db, { windowDays: 5 })).toEqual([]);
    expect(await storedRollups(db)).toEqual(before);
  });

  it("keeps a unit's co-handled orders under scope 'co' through transfers and released returns", async () => {
    const db = s.ctx.db;
    const [lead, co] = [w.unit('pc-huayu'), w.unit('cc-hexin')];
    const coCount = async () => (await statusCells(db, 'co', co)).reduce((n, c) => n + Number(c.n), 0);
    const start = await coCount();
    expect(start).toBeGreaterThan(0); // the generated history and the walks co-handle orders

    let o = await w.dispatch(await w.create()); // lead 华宇物业, co 和信社区
    expect(await coCount()).toBe(start + 1);
    o = await w.act(c.dispatcher, o, 'transfer', { leadUnitId: co, coUnitIds: [lead], note: '由社区牵头' });
    expect(await coCount()).toBe(start); // 和信社区 leads it now: scope 'unit', not 'co'
    expect((await statusCells(db, 'co', lead)).some((cell) => cell.status === 'dispatched')).toBe(true);
    o = await w.act(c.dispatcher, o, 'transfer', { leadUnitId: lead, coUnitIds: [co], note: '物业牵头' });
    o = await w.act(c.handler, o, 'accept');
    expect(await coCount()).toBe(start + 1);
    expect(await checkRollups(db)).toEqual([]);
    o = await w.act(c.handler, o, 'request_return', { reason: 'wrong_place', note: '不在我司管辖范围' });
    await w.act(c.supervisor, o, 'approve_return', { note: '同意' }); // both units released
    expect(await coCount()).toBe(start);
    expect(await checkRollups(db)).toEqual([]);

    // A wrong 'co' cell is found; migration 0075's rebuild writes them all again from order_units.
    const before = await storedRollups(db);
    await db.updateTable('rollup_status').set((eb) => ({ n: eb('n', '+', 1) })).where('scope', '=', 'co').where('scope_id', '=', co).execute();
    const diffs = await checkRollups(db);
    expect(diffs.length).toBeGreaterThan(0);
    expect(diffs.every((d) => d.table === 'rollup_status' && d.key.startsWith(`co|${co}|`))).toBe(true);
    await db.deleteFrom('rollup_status').where('scope', '=', 'co').execute();
    await rebuildCoHandledCells(db);
    expect(await storedRollups(db)).toEqual(before);
  });
});
