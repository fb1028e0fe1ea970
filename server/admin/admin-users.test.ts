/** The administrator's API, part 3: accounts (supervisors may read within their reach) and the audit trail. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../auth/actor';
import { verifyPassword } from '../auth/password';
import { Client, startTestServer, type TestServer } from '../test/harness';
import { createUnit } from './commands/units';
import { auditCount, expectError, expectRefused, lastAudit, snapshot, type GuardedCall } from './testing';

let s: TestServer;
let admin: Client;
const user = (username: string) => s.ids.users.get(username)!;
const place = (key: string) => s.ids.places.get(key)!;
const unit = (key: string) => s.ids.units.get(key)!;
const userRow = (id: number) => s.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

async function signIn(username: string, password: string): Promise<{ status: number; client: Client }> {
  const client = new Client(s.url);
  const res = await client.post('/api/auth/login', { username, password });
  return { status: res.status, client };
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login('admin');
});
afterAll(async () => s?.close());

describe('strangers and non-administrators are refused, and nothing is written', () => {
  const calls = (): GuardedCall[] => [
    { method: 'GET', url: '/api/admin/users', table: 'users' },
    { method: 'GET', url: `/api/admin/users/${user('resident')}`, table: 'users' },
    {
      method: 'POST',
      url: '/api/admin/users',
      body: { username: 'guard.user', name: '守卫', role: 'resident', password: 'longenough' },
      table: 'users',
    },
    { method: 'PATCH', url: `/api/admin/users/${user('resident')}`, body: { name: '改名' }, table: 'users' },
    { method: 'POST', url: `/api/admin/users/${user('resident')}/password`, body: { password: 'longenough' }, table: 'users' },
    { method: 'GET', url: '/api/admin/audit', table: 'users' },
  ];
  const names = ['list users', 'get user', 'create user', 'update user', 'reset password', 'read audit'];

  it.each(names.map((n, i) => [n, i] as const))('%s: 401 without a session', async (_n, i) => {
    await expectRefused(s, calls()[i]!, null, 401);
  });

  it.each(names.map((n, i) => [n, i] as const))('%s: 403 for a unit handler', async (_n, i) => {
    await expectRefused(s, calls()[i]!, 'handler.shy', 403);
  });

  it.each([2, 3, 4, 5].map((i) => [names[i]!, i] as const))('%s: 403 for a supervisor too (they may only read accounts)', async (_n, i) => {
    await expectRefused(s, calls()[i]!, 'supervisor', 403);
  });
});

describe('GET /api/admin/users', () => {
  it('lists every account for an admin, phones masked, paged', async () => {
    const res = await admin.get('/api/admin/users?pageSize=200');
    expect(res.status).toBe(200);
    const all = await s.ctx.db.selectFrom('users').select(['id', 'phone']).orderBy('id').execute();
    expect(res.body.total).toBe(all.length);
    expect(res.body.items.map((u: { id: number }) => u.id)).toEqual(all.map((u) => u.id));
    const resident = res.body.items.find((u: { id: number }) => u.id === user('resident'));
    expect(resident).toMatchObject({
      username: 'resident',
      phone: '134****0018',
      role: 'resident',
      placeId: place('cp-lvdi-b5'),
      placeName: '三期5号楼',
      active: true,
    });
    for (const u of res.body.items) expect(u.phone).toMatch(/^\d{3}\*{4}\d{4}$/);

    const page2 = await admin.get('/api/admin/users?pageSize=5&page=2');
    expect(page2.body).toMatchObject({ page: 2, pageSize: 5, total: all.length });
    expect(page2.body.items.map((u: { id: number }) => u.id)).toEqual(all.slice(5, 10).map((u) => u.id));
  });

  it('filters by role, unit, place subtree and name', async () => {
    const handlers = await admin.get('/api/admin/users?role=handler');
    const dbHandlers = await s.ctx.db.selectFrom('users').select('id').where('role', '=', 'handler').orderBy('id').execute();
    expect(handlers.body.items.map((u: { id: number }) => u.id)).toEqual(dbHandlers.map((u) => u.id));

    const ofUnit = await admin.get(`/api/admin/users?unitId=${unit('pc-huayu')}`);
    expect(ofUnit.body.items.map((u: { username: string }) => u.username)).toEqual(['handler.shy']);
    expect(ofUnit.body.items[0]).toMatchObject({ unitId: unit('pc-huayu'), unitName: '大同华宇物业服务有限公司' });

    // 白登山街道's subtree holds its street supervisor and the residents of 海力村.
    const street = await s.ctx.db.selectFrom('places').select('path').where('id', '=', place('st-baidengshan')).executeTakeFirstOrThrow();
    const inStreet = await admin.get(`/api/admin/users?placeId=${place('st-baidengshan')}`);
    const expected = await s.ctx.db
      .selectFrom('users as u')
      .innerJoin('places as p', 'p.id', 'u.place_id')
      .select('u.username')
      .where('p.path', 'like', `${street.path}%`)
      .orderBy('u.id')
      .execute();
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(inStreet.body.items.map((u: { username: string }) => u.username)).toEqual(expected.map((u) => u.username));
    expect(inStreet.body.items.map((u: { username: string }) => u.username)).toContain('supervisor.bds');

    const byName = await admin.get(`/api/admin/users?q=${encodeURIComponent('王大')}`);
    expect(byName.body.items.map((u: { username: string }) => u.username)).toEqual(['resident']);
    expect((await admin.get('/api/admin/users?placeId=987654')).body.total).toBe(0);
  });

  it('a street supervisor sees only their reach: accounts placed in their street and handlers of units serving it', async () => {
    const bds = await s.login('supervisor.bds');
    const res = await bds.get('/api/admin/users?pageSize=200');
    expect(res.status).toBe(200);
    const names = res.body.items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['supervisor.bds', 'resident.haili', 'resident.shop', 'handler.haili', 'handler.heat']));
    // Other streets' residents and the district-level staff are out of reach.
    for (const other of ['resident', 'resident.txlj', 'admin', 'dispatcher', 'handler.txlj']) expect(names).not.toContain(other);
    for (const u of res.body.items) expect(u.phone).toMatch(/^\d{3}\*{4}\d{4}$/);

    // A district supervisor sees everyone.
    const district = await s.login('supervisor');
    const total = (
      await s.ctx.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    expect((await district.get('/api/admin/users')).body.total).toBe(Number(total));
  });

  it('400 for an unknown role, a bad page size or a malformed id filter', async () => {
    expectError(await admin.get('/api/admin/users?role=wizard'), 400, 'validation', 'role');
    expectError(await admin.get('/api/admin/users?pageSize=0'), 400, 'validation', 'pageSize');
    expectError(await admin.get('/api/admin/users?unitId=1.5'), 400, 'validation', 'unitId');
  });
});

describe('GET /api/admin/users/:id', () => {
  it('shows the whole phone to an admin, a masked one to a supervisor in reach, 404 out of reach', async () => {
    const res = await admin.get(`/api/admin/users/${user('resident.haili')}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'resident.haili', phone: '18203520022', role: 'resident' });
    const bds = await s.login('supervisor.bds');
    expect((await bds.get(`/api/admin/users/${user('resident.haili')}`)).body.phone).toBe('182****0022');
    expectError(await bds.get(`/api/admin/users/${user('resident')}`), 404, 'not_found', 'id');
    expectError(await admin.get('/api/admin/users/987654'), 404, 'not_found', 'id');
    expectError(await admin.get('/api/admin/users/x'), 400, 'validation', 'id');
  });
});

describe('POST /api/admin/users', () => {
  it('opens a handler account with a hashed password the new user can sign in with; audited without the hash', async () => {
    const res = await admin.post('/api/admin/users', {
      username: 'handler.new',
      name: '新经办',
      phone: '13900001111',
      role: 'handler',
      unitId: unit('pc-lanjun'),
      password: 'Secret-2026',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: 'handler.new',
      name: '新经办',
      phone: '13900001111',
      role: 'handler',
      unitId: unit('pc-lanjun'),
      placeId: null,
      active: true,
    });
    const row = (await userRow(res.body.id))!;
    expect(row).toMatchObject({ username: 'handler.new', role: 'handler', unit_id: unit('pc-lanjun'), active: 1 });
    expect(row.password_hash).not.toContain('Secret-2026');
    expect(await verifyPassword('Secret-2026', row.password_hash)).toBe(true);
    expect((await signIn('handler.new', 'Secret-2026')).status).toBe(200);

    const audit = (await lastAudit(s, 'user', res.body.id))!;
    expect(audit).toMatchObject({ action: 'user.create', before: null });
    expect(audit.after).toMatchObject({ username: 'handler.new', role: 'handler' });
    expect(audit.after_json).not.toContain('scrypt');
  });

  it('opens a supervisor account with a place', async () => {
    const res = await admin.post('/api/admin/users', {
      username: 'supervisor.ly',
      name: '鹿苑督办',
      role: 'supervisor',
      placeId: place('st-luyuan'),
      password: 'abcdefgh',
    });
    expect(res.status).toBe(201);
    expect(await userRow(res.body.id)).toMatchObject({ role: 'supervisor', place_id: place('st-luyuan'), unit_id: null });
  });

  it('400 for a short password, a missing unit or place for the role, an unknown role; 422 unknown unit or place; 409 taken username', async () => {
    const before = await snapshot(s, 'users');
    const base = { username: 'someone.new', name: '某人', role: 'resident', password: 'longenough' };
    expectError(await admin.post('/api/admin/users', { ...base, password: 'short7!' }), 400, 'validation', 'password');
    expectError(await admin.post('/api/admin/users', { ...base, role: 'handler' }), 400, 'validation', 'unitId');
    for (const role of ['supervisor', 'dispatcher', 'inspector'])
      expectError(await admin.post('/api/admin/users', { ...base, role }), 400, 'validation', 'placeId');
    expectError(await admin.post('/api/admin/users', { ...base, role: 'king' }), 400, 'validation', 'role');
    expectError(await admin.post('/api/admin/users', { ...base, username: 'a b' }), 400, 'validation', 'username');
    expectError(await admin.post('/api/admin/users', { ...base, phone: 'x' }), 400, 'validation', 'phone');
    expectError(await admin.post('/api/admin/users', { ...base, role: 'handler', unitId: 987654 }), 422, 'unknown_reference', 'unitId');
    expectError(await admin.post('/api/admin/users', { ...base, placeId: 987654 }), 422, 'unknown_reference', 'placeId');
    expectError(await admin.post('/api/admin/users', { ...base, username: 'admin' }), 409, 'duplicate', 'username');
    // Residents sign in by phone: a second resident account with 王大姐's number would be ambiguous.
    expectError(await admin.post('/api/admin/users', { ...base, phone: '13403520018' }), 409, 'duplicate', 'phone');
    expect(await snapshot(s, 'users')).toEqual(before);
  });

  it('422 for a handler of a deactivated unit', async () => {
    const unitId = (await admin.post('/api/admin/units', { name: '已停用物业', kind: 'property_company' })).body.id as number;
    await admin.post(`/api/admin/units/${unitId}/deactivate`);
    const before = await snapshot(s, 'users');
    expectError(
      await admin.post('/api/admin/users', { username: 'handler.gone', name: '某人', role: 'handler', unitId, password: 'longenough' }),
      422,
      'rule_violation',
      'unitId',
    );
    expect(await snapshot(s, 'users')).toEqual(before);
  });
});

describe('PATCH /api/admin/users/:id', () => {
  it('changes name, phone, role and place; audited with before and after', async () => {
    const id = user('resident.dfl');
    const res = await admin.request('PATCH', `/api/admin/users/${id}`, {
      name: '程丽萍（网格员）',
      phone: '15500009999',
      role: 'inspector',
      placeId: place('c-dongfang'),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, name: '程丽萍（网格员）', phone: '15500009999', role: 'inspector', placeId: place('c-dongfang') });
    expect(await userRow(id)).toMatchObject({
      name: '程丽萍（网格员）',
      phone: '15500009999',
      role: 'inspector',
      place_id: place('c-dongfang'),
    });
    const audit = (await lastAudit(s, 'user', id))!;
    expect(audit).toMatchObject({
      action: 'user.update',
      before: { role: 'resident', phone: '15503520023' },
      after: { role: 'inspector' },
    });
  });

  it('deactivating a user signs them out at once', async () => {
    const victim = await s.login('handler.lvdi');
    expect((await victim.get('/api/auth/me')).status).toBe(200);
    const res = await admin.request('PATCH', `/api/admin/users/${user('handler.lvdi')}`, { active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await userRow(user('handler.lvdi')))!.active).toBe(0);
    expect(await s.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', user('handler.lvdi')).execute()).toEqual([]);
    expectError(await victim.get('/api/auth/me'), 401, 'unauthenticated');
    expect((await signIn('handler.lvdi', 'demo1234')).status).toBe(401);
    const inactive = await admin.get('/api/admin/users?active=false');
    expect(inactive.body.items.map((u: { username: string }) => u.username)).toEqual(['handler.lvdi']);
  });

  it('an admin cannot deactivate themself or drop their own role (422), nothing changes', async () => {
    const me = user('admin');
    const before = await snapshot(s, 'users');
    const auditBefore = await auditCount(s);
    expectError(await admin.request('PATCH', `/api/admin/users/${me}`, { active: false }), 422, 'rule_violation', 'active');
    expectError(await admin.request('PATCH', `/api/admin/users/${me}`, { role: 'resident' }), 422, 'rule_violation', 'role');
    expect(await snapshot(s, 'users')).toEqual(before);
    expect(await auditCount(s)).toBe(auditBefore);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    // Other changes to oneself are fine.
    expect((await admin.request('PATCH', `/api/admin/users/${me}`, { name: '赵建国' })).status).toBe(200);
  });

  it('400 when the new role lacks its unit or place, or for a bad value; 422 unknown references; 404 no such user', async () => {
    const id = user('resident.txlj');
    const before = await snapshot(s, 'users');
    expectError(await admin.request('PATCH', `/api/admin/users/${id}`, { role: 'handler' }), 400, 'validation', 'unitId');
    expectError(await admin.request('PATCH', `/api/admin/users/${user('handler.txlj')}`, { unitId: null }), 400, 'validation', 'unitId');
    expectError(
      await admin.request('PATCH', `/api/admin/users/${user('supervisor.bds')}`, { placeId: null }),
      400,
      'validation',
      'placeId',
    );
    expectError(await admin.request('PATCH', `/api/admin/users/${id}`, { name: '' }), 400, 'validation', 'name');
    expectError(await admin.request('PATCH', `/api/admin/users/${id}`, { username: 'renamed' }), 400, 'validation', 'username');
    expectError(
      await admin.request('PATCH', `/api/admin/users/${id}`, { role: 'handler', unitId: 987654 }),
      422,
      'unknown_reference',
      'unitId',
    );
    expectError(await admin.request('PATCH', `/api/admin/users/${id}`, { phone: '13403520018' }), 409, 'duplicate', 'phone');
    expectError(await admin.request('PATCH', '/api/admin/users/987654', { name: 'x' }), 404, 'not_found', 'id');
    expect(await snapshot(s, 'users')).toEqual(before);
  });
});

describe('POST /api/admin/users/:id/password', () => {
  it('sets a new password and ends the user’s sessions; the old password stops working; audited without the password', async () => {
    const victim = await s.login('resident.shop');
    const id = user('resident.shop');
    const oldHash = (await userRow(id))!.password_hash;
    const res = await admin.post(`/api/admin/users/${id}/password`, { password: 'brand-new-pass' });
    expect(res.status).toBe(204);
    const row = (await userRow(id))!;
    expect(row.password_hash).not.toBe(oldHash);
    expect(await verifyPassword('brand-new-pass', row.password_hash)).toBe(true);
    expectError(await victim.get('/api/auth/me'), 401, 'unauthenticated');
    expect((await signIn('resident.shop', 'demo1234')).status).toBe(401);
    expect((await signIn('resident.shop', 'brand-new-pass')).status).toBe(200);
    const audit = (await lastAudit(s, 'user', id))!;
    expect(audit).toMatchObject({ action: 'user.reset_password', after: { passwordReset: true, sessionsEnded: 1 } });
    expect(audit.after_json).not.toContain('brand-new-pass');
  });

  it('400 for a short password, 404 for no such user; nothing changes', async () => {
    const before = await snapshot(s, 'users');
    expectError(
      await admin.post(`/api/admin/users/${user('resident.txlj')}/password`, { password: '1234567' }),
      400,
      'validation',
      'password',
    );
    expectError(await admin.post(`/api/admin/users/${user('resident.txlj')}/password`, {}), 400, 'validation', 'password');
    expectError(await admin.post('/api/admin/users/987654/password', { password: 'longenough' }), 404, 'not_found', 'id');
    expect(await snapshot(s, 'users')).toEqual(before);
  });
});

describe('GET /api/admin/audit', () => {
  it('reads the trail newest first, filtered by record or actor, paged with beforeId', async () => {
    const created = await admin.post('/api/admin/units', { name: '审计测试单位', kind: 'water_company' });
    await admin.request('PATCH', `/api/admin/units/${created.body.id}`, { phone: '0352-7654321' });
    await admin.post(`/api/admin/units/${created.body.id}/deactivate`);

    const res = await admin.get(`/api/admin/audit?entity=unit&entityId=${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['unit.deactivate', 'unit.update', 'unit.create']);
    expect(res.body.items[0]).toMatchObject({
      entity: 'unit',
      entityId: String(created.body.id),
      actor: { id: user('admin'), name: '赵建国', role: 'admin' },
      before: { active: true },
      after: { active: false },
    });
    expect(res.body.items[0].at).toBe(new Date(s.clock.now()).toISOString());
    expect(res.body.nextBeforeId).toBeNull();

    const first = await admin.get(`/api/admin/audit?entity=unit&entityId=${created.body.id}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextBeforeId).toBe(first.body.items[1].id);
    const rest = await admin.get(`/api/admin/audit?entity=unit&entityId=${created.body.id}&limit=2&beforeId=${first.body.nextBeforeId}`);
    expect(rest.body.items.map((e: { action: string }) => e.action)).toEqual(['unit.create']);
    expect(rest.body.nextBeforeId).toBeNull();

    const byAdmin = await admin.get(`/api/admin/audit?actorId=${user('admin')}&limit=200`);
    const dbCount = (
      await s.ctx.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('actor_id', '=', user('admin'))
        .executeTakeFirstOrThrow()
    ).n;
    expect(byAdmin.body.items).toHaveLength(Math.min(200, Number(dbCount)));
    const ids = byAdmin.body.items.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
  });

  it('400 for a bad limit or cursor', async () => {
    expectError(await admin.get('/api/admin/audit?limit=0'), 400, 'validation', 'limit');
    expectError(await admin.get('/api/admin/audit?limit=201'), 400, 'validation', 'limit');
    expectError(await admin.get('/api/admin/audit?beforeId=abc'), 400, 'validation', 'beforeId');
  });

  it('the audit row is written in the change’s transaction: both commit or neither does', async () => {
    const actor = (await loadActor(s.ctx, user('admin')))!;
    const before = await auditCount(s);
    const attempt = s.ctx.db.transaction().execute(async (tx) => {
      const row = await createUnit(s.ctx, tx, actor, { name: '回滚单位', kind: 'water_company' });
      // Inside the transaction the audit row is already there…
      expect(
        await tx.selectFrom('audit_log').select('action').where('entity', '=', 'unit').where('entity_id', '=', String(row.id)).execute(),
      ).toEqual([{ action: 'unit.create' }]);
      throw new Error('abort after the change');
    });
    await expect(attempt).rejects.toThrow('abort after the change');
    // …and the rollback takes it away with the unit.
    expect(await s.ctx.db.selectFrom('units').select('id').where('name', '=', '回滚单位').execute()).toEqual([]);
    expect(await auditCount(s)).toBe(before);
  });
});
