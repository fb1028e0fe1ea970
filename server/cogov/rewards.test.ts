/** The points ledger and the points shop through real HTTP: guards, redeeming, verifying once, cancel and expiry, reversals, and parallel redemptions. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, startTestServer, type Client, type TestServer } from '../test/harness';
import { DAY, addUser, balanceRow, expectError, expectUnchanged, grantPoints, ledgerSum } from './testing';

let s: TestServer;
let admin: Client;
let organiser: Client;
let merchant: Client;
const user = (u: string) => s.ids.users.get(u)!;
let parking: { id: number };
let creditId: number;

async function newReward(o: { price?: number; stock?: number; validDays?: number; name?: string } = {}) {
  const res = await admin.post('/api/cogov/rewards', {
    name: o.name ?? '免费停车券',
    kind: 'parking',
    price: o.price ?? 30,
    stock: o.stock ?? 10,
    merchantUserId: user('merchant'),
    honouredBy: '宋玉梅便民服务店',
    placeId: s.ids.places.get('cp-tianxianglanjun'),
    validDays: o.validDays ?? 30,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; stock: number };
}

const stockOf = async (id: number) =>
  (await s.ctx.db.selectFrom('rewards').select('stock').where('id', '=', id).executeTakeFirstOrThrow()).stock;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login('admin');
  organiser = await s.login('organiser');
  merchant = await s.login('merchant');
  parking = await newReward();
  const a = await grantPoints(s, organiser, await s.login('resident.txlj'), user('resident.txlj'), 100);
  creditId = (await s.ctx.db.selectFrom('points_ledger').select('id').where('activity_id', '=', a.id).executeTakeFirstOrThrow()).id;
});
afterAll(async () => s?.close());
beforeEach(async () => {
  s.clock.set(DEFAULT_NOW);
  [admin, organiser, merchant] = await Promise.all([s.login('admin'), s.login('organiser'), s.login('merchant')]);
});

interface Call {
  name: string;
  method: string;
  url: () => string;
  body?: () => unknown;
  forbidden?: string;
  bad?: { as: string; url?: () => string; body?: () => unknown; field: string };
}

const calls: Call[] = [
  { name: 'list rewards', method: 'GET', url: () => '/api/cogov/rewards' },
  {
    name: 'create reward',
    method: 'POST',
    url: () => '/api/cogov/rewards',
    body: () => ({
      name: '家政服务',
      kind: 'housekeeping',
      price: 100,
      stock: 1,
      merchantUserId: user('merchant'),
      honouredBy: '店',
      validDays: 10,
    }),
    forbidden: 'merchant',
    bad: {
      as: 'admin',
      body: () => ({ name: '家政服务', kind: 'housekeeping', price: 0, stock: 1, honouredBy: '店', validDays: 10 }),
      field: 'price',
    },
  },
  {
    name: 'redeem',
    method: 'POST',
    url: () => `/api/cogov/rewards/${parking.id}/redeem`,
    forbidden: 'merchant',
    bad: { as: 'resident', url: () => '/api/cogov/rewards/x/redeem', field: 'id' },
  },
  { name: 'my redemptions', method: 'GET', url: () => '/api/cogov/me/redemptions', forbidden: 'organiser' },
  {
    name: 'cancel redemption',
    method: 'POST',
    url: () => '/api/cogov/redemptions/1/cancel',
    forbidden: 'merchant',
    bad: { as: 'resident', url: () => '/api/cogov/redemptions/-1/cancel', field: 'id' },
  },
  {
    name: 'verify code',
    method: 'POST',
    url: () => '/api/cogov/redemptions/verify',
    body: () => ({ code: 'ABCDEFGHJK' }),
    forbidden: 'resident',
    bad: { as: 'merchant', body: () => ({ code: 'AB' }), field: 'code' },
  },
  {
    name: 'reissue a code',
    method: 'POST',
    url: () => '/api/cogov/redemptions/1/code',
    forbidden: 'merchant',
    bad: { as: 'resident', url: () => '/api/cogov/redemptions/abc/code', field: 'id' },
  },
  { name: 'my points', method: 'GET', url: () => '/api/cogov/me/points', forbidden: 'merchant' },
  {
    name: 'reverse a credit',
    method: 'POST',
    url: () => `/api/cogov/points/${creditId}/reverse`,
    body: () => ({ reason: '重复登记' }),
    forbidden: 'resident',
    bad: { as: 'organiser', body: () => ({ reason: '' }), field: 'reason' },
  },
  { name: 'sweep', method: 'POST', url: () => '/api/cogov/sweep', forbidden: 'organiser' },
  {
    name: 'participation report',
    method: 'GET',
    url: () => `/api/cogov/reports/participation?compoundId=${s.ids.places.get('cp-tianxianglanjun')}&month=2026-11`,
    forbidden: 'resident',
    bad: {
      as: 'organiser',
      url: () => `/api/cogov/reports/participation?compoundId=${s.ids.places.get('cp-tianxianglanjun')}&month=2026-13`,
      field: 'month',
    },
  },
];

describe('guards and bad input: refused, nothing written', () => {
  it.each(calls.map((c) => [c.name, c] as const))('%s: 401 without a session', async (_n, c) => {
    await expectUnchanged(s, () => s.anonymous().request(c.method, c.url(), c.body?.()), 401, 'unauthenticated');
  });
  it.each(calls.filter((c) => c.forbidden).map((c) => [c.name, c] as const))('%s: 403 for a role without the right', async (_n, c) => {
    const client = await s.login(c.forbidden!);
    await expectUnchanged(s, () => client.request(c.method, c.url(), c.body?.()), 403, 'forbidden');
  });
  it.each(calls.filter((c) => c.bad).map((c) => [c.name, c] as const))('%s: 400 on bad input, naming the field', async (_n, c) => {
    const client = await s.login(c.bad!.as);
    await expectUnchanged(
      s,
      () => client.request(c.method, (c.bad!.url ?? c.url)(), (c.bad!.body ?? c.body)?.()),
      400,
      'validation',
      c.bad!.field,
    );
  });
  it('a reward must be honoured by an existing merchant', async () => {
    const body = { name: '家政服务', kind: 'housekeeping', price: 100, stock: 1, honouredBy: '店', validDays: 10 };
    await expectUnchanged(
      s,
      () => admin.post('/api/cogov/rewards', { ...body, merchantUserId: 987654 }),
      422,
      'unknown_reference',
      'merchantUserId',
    );
    await expectUnchanged(
      s,
      () => admin.post('/api/cogov/rewards', { ...body, merchantUserId: user('resident') }),
      422,
      'rule_violation',
      'merchantUserId',
    );
    await expectUnchanged(s, () => admin.post('/api/cogov/rewards', body), 400, 'validation', 'merchantUserId');
  });
});

describe('redeeming and verifying', () => {
  it('redeem debits points and stock at once and issues a code the merchant verifies exactly once', async () => {
    const resident = await s.login('resident.txlj');
    const before = await balanceRow(s, user('resident.txlj'));
    const res = await resident.post(`/api/cogov/rewards/${parking.id}/redeem`);
    expect(res.status).toBe(201);
    const { code, redemption } = res.body;
    expect(code).toMatch(/^[A-Z2-9]{10}$/);
    expect(redemption).toMatchObject({
      rewardName: '免费停车券',
      cost: 30,
      status: 'issued',
      codeHint: code.slice(-3),
      honouredBy: '宋玉梅便民服务店',
    });
    expect(await balanceRow(s, user('resident.txlj'))).toBe(before - 30);
    expect(await ledgerSum(s, user('resident.txlj'))).toBe(before - 30);
    expect(await stockOf(parking.id)).toBe(9);
    const row = await s.ctx.db.selectFrom('redemptions').selectAll().where('id', '=', redemption.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(code);
    const debit = await s.ctx.db
      .selectFrom('points_ledger')
      .selectAll()
      .where('ref_type', '=', 'redemption')
      .where('ref_id', '=', redemption.id)
      .execute();
    expect(debit).toMatchObject([{ kind: 'debit', delta: -30, user_id: user('resident.txlj') }]);

    // Lower case and a dash, as a merchant may type it, still match.
    const typed = `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase();
    const ok = await merchant.post('/api/cogov/redemptions/verify', { code: typed });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: redemption.id, status: 'used' });
    const used = await s.ctx.db.selectFrom('redemptions').selectAll().where('id', '=', redemption.id).executeTakeFirstOrThrow();
    expect(used).toMatchObject({ status: 'used', used_by: user('merchant'), used_at: s.clock.now() });
    // Reusing the code.
    await expectUnchanged(s, () => merchant.post('/api/cogov/redemptions/verify', { code }), 409, 'conflict', 'code');
    // A used code cannot be cancelled for a refund.
    await expectUnchanged(s, () => resident.post(`/api/cogov/redemptions/${redemption.id}/cancel`), 409, 'conflict', 'id');
    await expectUnchanged(s, () => merchant.post('/api/cogov/redemptions/verify', { code: 'ZZZZZZZZZZ' }), 404, 'not_found', 'code');
    const mine = await resident.get('/api/cogov/me/redemptions');
    expect(mine.body[0]).toMatchObject({ id: redemption.id, status: 'used' });
    expect(JSON.stringify(mine.body)).not.toContain(code);
  });

  it('too few points: 422 and nothing changes', async () => {
    const shy = await s.login('resident.shy');
    await expectUnchanged(s, () => shy.post(`/api/cogov/rewards/${parking.id}/redeem`), 422, 'rule_violation', 'points');
  });

  it('out of stock: 409 and nothing changes', async () => {
    const none = await newReward({ stock: 0, name: '售罄商品' });
    const resident = await s.login('resident.txlj');
    await expectUnchanged(s, () => resident.post(`/api/cogov/rewards/${none.id}/redeem`), 409, 'conflict', 'stock');
    await expectUnchanged(s, () => resident.post('/api/cogov/rewards/987654/redeem'), 404, 'not_found', 'id');
  });

  it('cancelling returns points and stock through a reversal entry; the code is dead afterwards', async () => {
    const resident = await s.login('resident.txlj');
    const before = await balanceRow(s, user('resident.txlj'));
    const stock = await stockOf(parking.id);
    const res = await resident.post(`/api/cogov/rewards/${parking.id}/redeem`);
    expect(res.status).toBe(201);
    // Someone else cannot cancel it.
    await expectUnchanged(
      s,
      () => s.login('resident.shy').then((c) => c.post(`/api/cogov/redemptions/${res.body.redemption.id}/cancel`)),
      404,
      'not_found',
      'id',
    );
    const cancel = await resident.post(`/api/cogov/redemptions/${res.body.redemption.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    expect(await balanceRow(s, user('resident.txlj'))).toBe(before);
    expect(await stockOf(parking.id)).toBe(stock);
    const entries = await s.ctx.db
      .selectFrom('points_ledger')
      .selectAll()
      .where('ref_type', '=', 'redemption')
      .where('ref_id', '=', res.body.redemption.id)
      .orderBy('id')
      .execute();
    expect(entries.map((e) => [e.kind, e.delta])).toEqual([
      ['debit', -30],
      ['reversal', 30],
    ]);
    expect(entries[1]!.reverses_id).toBe(entries[0]!.id);
    await expectUnchanged(s, () => resident.post(`/api/cogov/redemptions/${res.body.redemption.id}/cancel`), 409, 'conflict', 'id');
    await expectUnchanged(s, () => merchant.post('/api/cogov/redemptions/verify', { code: res.body.code }), 409, 'conflict', 'code');
  });

  it('an expired code is refused at the counter; the sweep returns points and stock', async () => {
    const short = await newReward({ validDays: 1, name: '家政服务（2小时）', stock: 3 });
    const resident = await s.login('resident.txlj');
    const before = await balanceRow(s, user('resident.txlj'));
    const res = await resident.post(`/api/cogov/rewards/${short.id}/redeem`);
    expect(res.status).toBe(201);
    s.clock.advance(DAY + 1);
    const m = await s.login('merchant');
    await expectUnchanged(s, () => m.post('/api/cogov/redemptions/verify', { code: res.body.code }), 422, 'rule_violation', 'code');
    const sweep = await (await s.login('admin')).post('/api/cogov/sweep');
    expect(sweep.status).toBe(200);
    expect(sweep.body.expired).toBeGreaterThanOrEqual(1);
    expect(await balanceRow(s, user('resident.txlj'))).toBe(before);
    expect(await stockOf(short.id)).toBe(3);
    const row = await s.ctx.db
      .selectFrom('redemptions')
      .select('status')
      .where('id', '=', res.body.redemption.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    await expectUnchanged(s, () => m.post('/api/cogov/redemptions/verify', { code: res.body.code }), 409, 'conflict', 'code');
  });
});

describe('lost codes and other merchants', () => {
  it('a resident gets a new code for an unused redemption; the old one stops working', async () => {
    const resident = await s.login('resident.txlj');
    const res = await resident.post(`/api/cogov/rewards/${parking.id}/redeem`);
    const id = res.body.redemption.id;
    await expectUnchanged(
      s,
      () => s.login('resident.shy').then((c) => c.post(`/api/cogov/redemptions/${id}/code`)),
      404,
      'not_found',
      'id',
    );
    const again = await resident.post(`/api/cogov/redemptions/${id}/code`);
    expect(again.status).toBe(200);
    expect(again.body.code).not.toBe(res.body.code);
    expect(again.body.redemption).toMatchObject({ id, status: 'issued', codeHint: again.body.code.slice(-3) });
    await expectUnchanged(s, () => merchant.post('/api/cogov/redemptions/verify', { code: res.body.code }), 404, 'not_found', 'code');
    expect((await merchant.post('/api/cogov/redemptions/verify', { code: again.body.code })).status).toBe(200);
    await expectUnchanged(s, () => resident.post(`/api/cogov/redemptions/${id}/code`), 409, 'conflict', 'id');
  });

  it('a merchant cannot verify a code of a reward another merchant honours', async () => {
    await addUser(s, 'merchant.other', 'merchant', 'c-luming');
    const other = await s.login('merchant.other');
    const res = await (await s.login('resident.txlj')).post(`/api/cogov/rewards/${parking.id}/redeem`);
    expect(res.status).toBe(201);
    await expectUnchanged(s, () => other.post('/api/cogov/redemptions/verify', { code: res.body.code }), 404, 'not_found', 'code');
    // An administrator may verify any code.
    expect((await admin.post('/api/cogov/redemptions/verify', { code: res.body.code })).body.status).toBe('used');
  });
});

describe('concurrent redemptions', () => {
  it('parallel redemptions succeed exactly as far as the points go; the balance never goes below zero', async () => {
    const haili = await s.login('resident.haili');
    await grantPoints(s, organiser, haili, user('resident.haili'), 100);
    const reward = await newReward({ price: 30, stock: 50, name: '并发测试券' });
    const clients = await Promise.all(Array.from({ length: 8 }, () => s.login('resident.haili')));
    const results = await Promise.all(clients.map((c) => c.post(`/api/cogov/rewards/${reward.id}/redeem`)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    for (const r of results.filter((x) => x.status !== 201)) expectError(r, 422, 'rule_violation', 'points');
    expect(await balanceRow(s, user('resident.haili'))).toBe(10);
    expect(await ledgerSum(s, user('resident.haili'))).toBe(10);
    expect(await stockOf(reward.id)).toBe(47);
    const issued = await s.ctx.db.selectFrom('redemptions').select('id').where('reward_id', '=', reward.id).execute();
    expect(issued).toHaveLength(3);
    const codes = new Set(results.filter((r) => r.status === 201).map((r) => r.body.code));
    expect(codes.size).toBe(3);
  });

  it('parallel redemptions succeed exactly as far as the stock goes', async () => {
    const dfl = await s.login('resident.dfl');
    await grantPoints(s, organiser, dfl, user('resident.dfl'), 1000);
    const reward = await newReward({ price: 10, stock: 2, name: '限量商品' });
    const clients = await Promise.all(Array.from({ length: 6 }, () => s.login('resident.dfl')));
    const results = await Promise.all(clients.map((c) => c.post(`/api/cogov/rewards/${reward.id}/redeem`)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    for (const r of results.filter((x) => x.status !== 201)) expectError(r, 409, 'conflict', 'stock');
    expect(await stockOf(reward.id)).toBe(0);
    expect(await balanceRow(s, user('resident.dfl'))).toBe(980);
  });
});

describe('the ledger: corrections are reversals, entries are never edited', () => {
  it('an organiser reverses a credit of their activity; a second reversal, a debit, or spent points are refused', async () => {
    const shop = await s.login('resident.shop');
    const ledgerBefore = await s.ctx.db.selectFrom('points_ledger').selectAll().orderBy('id').execute();
    const a = await grantPoints(s, organiser, shop, user('resident.shop'), 40);
    const credit = await s.ctx.db.selectFrom('points_ledger').selectAll().where('activity_id', '=', a.id).executeTakeFirstOrThrow();
    expect(await balanceRow(s, user('resident.shop'))).toBe(40);

    const rev = await organiser.post(`/api/cogov/points/${credit.id}/reverse`, { reason: '登记错误' });
    expect(rev.status).toBe(201);
    expect(rev.body).toMatchObject({ kind: 'reversal', delta: -40, reversesId: credit.id, reason: '登记错误', settled: true });
    expect(await balanceRow(s, user('resident.shop'))).toBe(0);
    await expectUnchanged(
      s,
      () => organiser.post(`/api/cogov/points/${credit.id}/reverse`, { reason: '再次冲正' }),
      409,
      'conflict',
      'entryId',
    );
    const debit = await s.ctx.db.selectFrom('points_ledger').select('id').where('kind', '=', 'debit').executeTakeFirstOrThrow();
    await expectUnchanged(
      s,
      () => admin.post(`/api/cogov/points/${debit.id}/reverse`, { reason: '不应冲正' }),
      422,
      'rule_violation',
      'entryId',
    );
    await expectUnchanged(s, () => admin.post('/api/cogov/points/987654/reverse', { reason: '不存在' }), 404, 'not_found', 'id');

    // Spent points cannot be taken back: the balance would go below zero.
    const b = await grantPoints(s, organiser, shop, user('resident.shop'), 30);
    const reward = await newReward({ price: 30, stock: 1, name: '花光积分' });
    expect((await shop.post(`/api/cogov/rewards/${reward.id}/redeem`)).status).toBe(201);
    const credit2 = await s.ctx.db.selectFrom('points_ledger').select('id').where('activity_id', '=', b.id).executeTakeFirstOrThrow();
    await expectUnchanged(
      s,
      () => organiser.post(`/api/cogov/points/${credit2.id}/reverse`, { reason: '登记错误' }),
      422,
      'rule_violation',
      'points',
    );

    // Rows written before are exactly as they were.
    const ledgerAfter = await s.ctx.db.selectFrom('points_ledger').selectAll().orderBy('id').execute();
    expect(ledgerAfter.slice(0, ledgerBefore.length)).toEqual(ledgerBefore);
    const points = await shop.get('/api/cogov/me/points');
    expect(points.body.balance).toBe(0);
    expect(points.body.entries.map((e: { kind: string; delta: number }) => [e.kind, e.delta])).toEqual([
      ['debit', -30],
      ['credit', 30],
      ['reversal', -40],
      ['credit', 40],
    ]);
  });

  it('a credit still in its notice period is reversed in step with it: both settle together, net zero', async () => {
    const res = await organiser.post('/api/cogov/activities', {
      kind: 'duty',
      title: '公示期冲正',
      placeId: s.ids.places.get('cp-tianxianglanjun'),
      capacity: 5,
      pointsMode: 'per_attendance',
      pointsRate: 25,
      pointsCap: 25,
      noticeDays: 3,
      sessions: [{ startsAt: new Date(s.clock.now()).toISOString(), endsAt: new Date(s.clock.now() + 3600_000).toISOString() }],
    });
    const shy = await s.login('resident.shy');
    await shy.post(`/api/cogov/activities/${res.body.id}/enroll`, {});
    await organiser.post(`/api/cogov/sessions/${res.body.sessions[0].id}/attendance`, { userId: user('resident.shy'), action: 'in' });
    const credit = await s.ctx.db.selectFrom('points_ledger').selectAll().where('activity_id', '=', res.body.id).executeTakeFirstOrThrow();
    const before = await balanceRow(s, user('resident.shy'));
    const rev = await organiser.post(`/api/cogov/points/${credit.id}/reverse`, { reason: '未实际到岗' });
    expect(rev.body).toMatchObject({ settled: false, delta: -25 });
    s.clock.advance(3 * DAY);
    const swept = await (await s.login('admin')).post('/api/cogov/sweep');
    expect(swept.body.settled).toBeGreaterThanOrEqual(2);
    expect(await balanceRow(s, user('resident.shy'))).toBe(before);
  });
});
