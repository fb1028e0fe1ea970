/**
 * The sweep keeps the rollups with one set of upserts per batch of 500 orders: after sweeping
 * more than a batch of due orders (generated history whose deadlines have passed, plus a reopened
 * order whose 回访核实 must stay counted), `checkRollups` finds no difference, the rollups did
 * move, and the statements that wrote rollup_day number a few per batch, not one per order (the
 * per-order hook wrote one for every order whose overdue mark changed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableWrites } from '../db';
import { generateOrders } from '../demo/demo-year';
import { checkRollups, storedRollups } from '../evaluation/rollups';
import { startTestServer, type TestServer } from '../test/harness';
import { signIn, Walker } from '../test/walk';
import { runSweep } from './sweep';

const DAY = 24 * 3600_000;
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
}, 60_000);
afterAll(async () => s?.close());

describe('the sweep and the rollups', () => {
  it('a sweep of many due orders leaves the rollups consistent, with a few rollup statements per batch', async () => {
    const c = await signIn(s);
    const w = new Walker(s, c);
    // A reopened order (re-verified, not resolved): its rollup counts the re-verification.
    await w.act(c.dispatcher, await w.sampled(), 'reverify', { outcome: 'not_resolved', note: '问题复现' });
    // ~2,000 orders over 8 days: the recent ones are still open when the clock jumps ahead.
    await generateOrders(s.ctx.db, s.ctx.engine, await s.ctx.calendar.get(), s.clock.now(), { count: 2000, days: 8, seed: 5 });
    expect(await checkRollups(s.ctx.db)).toEqual([]);
    const before = await storedRollups(s.ctx.db);

    let dayStatements = 0;
    const off = tableWrites(s.ctx.db)!.on(['rollup_day'], () => dayStatements++);
    s.clock.set(s.clock.now() + 30 * DAY);
    const sweep = await runSweep(s.ctx);
    off();
    expect(sweep!.examined).toBeGreaterThan(500); // more than one batch
    expect(sweep!.overdue).toBeGreaterThan(0);
    expect(sweep!.supervised).toBeGreaterThan(0);
    // Per batch (2 here): one upsert per chunk of ~94 day cells, and the transaction's end; the
    // per-order hook wrote ~750.
    expect(dayStatements).toBeGreaterThan(0);
    expect(dayStatements).toBeLessThan(40);

    expect(await checkRollups(s.ctx.db)).toEqual([]);
    const after = await storedRollups(s.ctx.db);
    expect([...after.status]).not.toEqual([...before.status]);
  }, 240_000);
});
