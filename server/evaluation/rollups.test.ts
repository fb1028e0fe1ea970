/**
 * Rollups stay equal to a recomputation from the orders: generated orders (the demo writer), then
 * random walks through the real HTTP API (dispatch, return, cancel, merge, redo, re-verify with
 * reopen, urge, supervise) and deadline sweeps at later times, then `checkRollups` must find no
 * difference. A tampered cell must be found, so the check can fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrders } from '../demo/demo-year';
import { runSweep } from '../jobs/sweep';
import { rng } from '../demo/generate';
import { startTestServer, type TestServer } from '../test/harness';
import { signIn, Walker, type Cast, type Order } from '../test/walk';
import { checkRollups } from './rollups';

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

    const g = rng(11);
    const r = g.next;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const statuses = ['received', 'dispatched', 'return_requested', 'handling', 'replied', 'callback', 'judging', 'closed', 'cancelled', 'merged'] as const;
    const walked: Order[] = [];
    for (let i = 0; i < 24; i++) {
      walked.push(await w.to(pick(statuses)));
      if (i % 6 === 5) s.clock.set(s.clock.now() + pick([2, 5, 9]) * DAY);
    }
    // Extra moves on some of them: flags, a redo, a reopening re-verification.
    for (const o of walked) {
      const now = await w.get(o);
      if (['dispatched', 'handling'].includes(now.status) && r() < 0.6) await w.try(c.dispatcher, now, 'urge', { note: '请尽快' });
      if (now.status === 'judging') await w.act(c.supervisor, now, 'redo', { note: '单位责任' });
    }
    const sampled = await w.sampled();
    await w.act(c.dispatcher, sampled, 'reverify', { outcome: 'not_resolved', note: '问题复现' });
    const confirmed = await w.sampled();
    await w.act(c.dispatcher, confirmed, 'reverify', { outcome: 'confirmed' });

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
});
