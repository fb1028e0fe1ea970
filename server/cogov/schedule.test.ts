/** The co-governance sweep as scheduled background work: a tick settles credits after their notice period and expires codes, under a lease. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeLease, dropLease } from '../jobs/lease';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { runCogovSweep, scheduleCogovSweep } from './schedule';
import { DAY, balanceRow, makeActivity } from './testing';

let s: TestServer;
let organiser: Client;
let resident: Client;

beforeAll(async () => {
  s = await startTestServer();
  organiser = await s.login('organiser');
  resident = await s.login('resident.txlj');
});
afterAll(async () => s?.close());

const settledCount = async (entryId: number) =>
  (await s.ctx.db.selectFrom('points_settlements').select('entry_id').where('entry_id', '=', entryId).execute()).length;

describe('scheduled co-governance sweep', () => {
  it('a tick settles credits whose notice period ended, once, without anyone reading their points', async () => {
    const userId = s.ids.users.get('resident.txlj')!;
    const a = await makeActivity(s, organiser, { pointsMode: 'per_attendance', pointsRate: 30, pointsCap: 30, noticeDays: 3 });
    expect((await resident.post(`/api/cogov/activities/${a.id}/enroll`, {})).status).toBe(200);
    const mark = await organiser.post(`/api/cogov/sessions/${a.sessions[0]!.id}/attendance`, { userId, action: 'in' });
    expect(mark.status).toBe(200);
    const entry = await s.ctx.db
      .selectFrom('points_ledger')
      .select(['id', 'settles_at'])
      .where('ref_type', '=', 'attendance')
      .where('ref_id', '=', mark.body.id)
      .executeTakeFirstOrThrow();
    const before = await balanceRow(s, userId);

    // Still in its notice period: a tick leaves it alone.
    let stop = scheduleCogovSweep(s.ctx, 20);
    await new Promise((r) => setTimeout(r, 150));
    stop();
    expect(await settledCount(entry.id)).toBe(0);
    expect(await balanceRow(s, userId)).toBe(before);

    // The notice period ends; the next scheduled ticks settle it exactly once.
    s.clock.advance(3 * DAY + 1);
    stop = scheduleCogovSweep(s.ctx, 20);
    await expect.poll(() => settledCount(entry.id), { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    stop();
    expect(await balanceRow(s, userId)).toBe(before + 30);
    expect(await settledCount(entry.id)).toBe(1);
  });

  it('a tick expires unused reward codes, returning points and stock', async () => {
    const userId = s.ids.users.get('resident.txlj')!;
    const reward = await (await s.login('admin')).post('/api/cogov/rewards', {
      name: '调度测试券',
      kind: 'goods',
      price: 10,
      stock: 5,
      merchantUserId: s.ids.users.get('merchant')!,
      honouredBy: '测试商户',
      validDays: 1,
    });
    expect(reward.status).toBe(201);
    resident = await s.login('resident.txlj'); // the clock moved past the last session's life
    const r = await resident.post(`/api/cogov/rewards/${reward.body.id}/redeem`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const balance = await balanceRow(s, userId);
    s.clock.advance(DAY + 1);
    const res = await runCogovSweep(s.ctx);
    expect(res?.expired).toBe(1);
    const row = await s.ctx.db.selectFrom('redemptions').select('status').where('id', '=', r.body.redemption.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    expect(await balanceRow(s, userId)).toBe(balance + 10);
    const stock = await s.ctx.db.selectFrom('rewards').select('stock').where('id', '=', reward.body.id).executeTakeFirstOrThrow();
    expect(stock.stock).toBe(5);
  });

  it('skips the run while another server holds the lease', async () => {
    const lease = await takeLease(s.ctx.db, 'cogov-sweep', s.clock.now(), 60_000);
    expect(lease).not.toBeNull();
    expect(await runCogovSweep(s.ctx)).toBeNull();
    await dropLease(s.ctx.db, lease!);
    expect(await runCogovSweep(s.ctx)).toEqual({ settled: 0, expired: 0 });
  });
});
