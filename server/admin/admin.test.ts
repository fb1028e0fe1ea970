/** The administrator's API, part 1: places, unit kinds, units and their coverage. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { auditCount, expectError, expectRefused, lastAudit, snapshot, type GuardedCall } from './testing';

let s: TestServer;
let admin: Client;
const place = (key: string) => s.ids.places.get(key)!;
const unit = (key: string) => s.ids.units.get(key)!;
const placeRow = (id: number) => s.ctx.db.selectFrom('places').selectAll().where('id', '=', id).executeTakeFirst();

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login('admin');
});
afterAll(async () => s?.close());

describe('strangers and non-administrators are refused, and nothing is written', () => {
  const calls = (): GuardedCall[] => [
    { method: 'POST', url: '/api/admin/places', body: { parentId: place('cp-lvdi'), level: 'building', name: '守卫楼' }, table: 'places' },
    { method: 'PATCH', url: `/api/admin/places/${place('cp-lvdi-b1')}`, body: { name: '改名' }, table: 'places' },
    { method: 'DELETE', url: `/api/admin/places/${place('cp-lvdi-b1')}`, table: 'places' },
    { method: 'GET', url: '/api/admin/unit-kinds', table: 'unit_kinds' },
    { method: 'POST', url: '/api/admin/unit-kinds', body: { code: 'guard_kind', nameZh: '守卫', nameEn: 'Guard' }, table: 'unit_kinds' },
    { method: 'GET', url: '/api/admin/units', table: 'units' },
    { method: 'POST', url: '/api/admin/units', body: { name: '守卫单位', kind: 'water_company' }, table: 'units' },
    { method: 'PATCH', url: `/api/admin/units/${unit('pc-huayu')}`, body: { name: '改名' }, table: 'units' },
    { method: 'POST', url: `/api/admin/units/${unit('pc-huayu')}/deactivate`, table: 'units' },
    { method: 'PUT', url: `/api/admin/units/${unit('pc-huayu')}/places`, body: { placeIds: [] }, table: 'unit_places' },
  ];
  const names = [
    'create place',
    'update place',
    'delete place',
    'list unit kinds',
    'create unit kind',
    'list units',
    'create unit',
    'update unit',
    'deactivate unit',
    'replace coverage',
  ];

  it.each(names.map((n, i) => [n, i] as const))('%s: 401 without a session', async (_n, i) => {
    await expectRefused(s, calls()[i]!, null, 401);
  });

  it.each(names.map((n, i) => [n, i] as const))('%s: 403 for a supervisor', async (_n, i) => {
    await expectRefused(s, calls()[i]!, 'supervisor', 403);
  });

  it('403 comes before validation: a handler with a nonsense body learns nothing about the schema', async () => {
    const handler = await s.login('handler.shy');
    const res = await handler.post('/api/admin/places', { nonsense: true });
    expectError(res, 403, 'forbidden');
  });
});

describe('the OpenAPI document', () => {
  it('lists the administrator’s endpoints under the admin tag', async () => {
    const res = await s.anonymous().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.paths['/api/admin/places'].post.tags).toEqual(['admin']);
    const ops = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([p, m]) =>
      Object.keys(m).map((verb) => `${verb.toUpperCase()} ${p}`),
    );
    const ours = [
      'POST /api/admin/places',
      'PATCH /api/admin/places/{id}',
      'DELETE /api/admin/places/{id}',
      'GET /api/admin/unit-kinds',
      'POST /api/admin/unit-kinds',
      'GET /api/admin/units',
      'POST /api/admin/units',
      'PATCH /api/admin/units/{id}',
      'POST /api/admin/units/{id}/deactivate',
      'PUT /api/admin/units/{id}/places',
      'GET /api/admin/categories',
      'POST /api/admin/categories',
      'PATCH /api/admin/categories/{id}',
      'POST /api/admin/categories/{id}/deactivate',
      'PUT /api/admin/calendar/days/{date}',
      'DELETE /api/admin/calendar/days/{date}',
      'PUT /api/admin/calendar/years/{year}',
      'GET /api/admin/users',
      'GET /api/admin/users/{id}',
      'POST /api/admin/users',
      'PATCH /api/admin/users/{id}',
      'POST /api/admin/users/{id}/password',
      'GET /api/admin/settings/sweep',
      'PUT /api/admin/settings/sweep',
      'GET /api/admin/audit',
    ];
    expect(ops).toEqual(expect.arrayContaining(ours));
  });
});

describe('POST /api/admin/places', () => {
  it('adds a building under a compound with its path and ancestor ids, audited', async () => {
    const compound = (await placeRow(place('cp-shanghuayuan')))!;
    const before = await auditCount(s);
    const res = await admin.post('/api/admin/places', {
      parentId: compound.id,
      level: 'building',
      name: '新建9号楼',
      households: 48,
      lat: 40.1,
      lng: 113.3,
    });
    expect(res.status).toBe(201);
    const id = res.body.id as number;
    expect(res.body).toMatchObject({
      parentId: compound.id,
      level: 'building',
      name: '新建9号楼',
      households: 48,
      path: `${compound.path}${id}/`,
      streetId: compound.street_id,
      communityId: compound.community_id,
      compoundId: compound.id,
      buildingId: id,
    });

    const row = (await placeRow(id))!;
    expect(row).toMatchObject({
      parent_id: compound.id,
      level: 'building',
      path: `${compound.path}${id}/`,
      street_id: compound.street_id,
      community_id: compound.community_id,
      compound_id: compound.id,
      building_id: id,
      households: 48,
    });
    expect(await auditCount(s)).toBe(before + 1);
    const audit = (await lastAudit(s, 'place', id))!;
    expect(audit).toMatchObject({ action: 'place.create', actor_id: s.ids.users.get('admin'), before: null });
    expect(audit.after).toMatchObject({ id, name: '新建9号楼', path: row.path });

    // A shop (level unit) under the new building inherits every ancestor id.
    const shop = await admin.post('/api/admin/places', { parentId: id, level: 'unit', name: '新建9号楼底商1' });
    expect(shop.status).toBe(201);
    expect(await placeRow(shop.body.id)).toMatchObject({
      path: `${row.path}${shop.body.id}/`,
      street_id: compound.street_id,
      compound_id: compound.id,
      building_id: id,
      households: null,
    });
  });

  it('adds a street directly under the district: its own street id, nothing below', async () => {
    const district = (await placeRow(place('pingcheng')))!;
    const res = await admin.post('/api/admin/places', { parentId: district.id, level: 'street', name: '新建街道' });
    expect(res.status).toBe(201);
    expect(await placeRow(res.body.id)).toMatchObject({
      path: `${district.path}${res.body.id}/`,
      street_id: res.body.id,
      community_id: null,
      compound_id: null,
      building_id: null,
    });
  });

  it('400 when the level is not the one below the parent’s, and nothing is stored', async () => {
    const before = await snapshot(s, 'places');
    const res = await admin.post('/api/admin/places', { parentId: place('cp-lvdi'), level: 'community', name: '错层' });
    expectError(res, 400, 'validation', 'level');
    expect(res.body.error.message_en).toContain('building');
    expectError(await admin.post('/api/admin/places', { parentId: null, level: 'street', name: '无上级街道' }), 400, 'validation', 'level');
    expectError(
      await admin.post('/api/admin/places', { parentId: place('cp-hailixiyuan-s36'), level: 'unit', name: '户下' }),
      400,
      'validation',
      'level',
    );
    expect(await snapshot(s, 'places')).toEqual(before);
  });

  it('400 for malformed fields, naming the field', async () => {
    const before = await snapshot(s, 'places');
    expectError(await admin.post('/api/admin/places', { parentId: place('cp-lvdi'), level: 'building' }), 400, 'validation', 'name');
    expectError(
      await admin.post('/api/admin/places', { parentId: place('cp-lvdi'), level: 'building', name: '' }),
      400,
      'validation',
      'name',
    );
    expectError(
      await admin.post('/api/admin/places', { parentId: place('cp-lvdi'), level: 'tower', name: 'x' }),
      400,
      'validation',
      'level',
    );
    expectError(
      await admin.post('/api/admin/places', { parentId: place('cp-lvdi'), level: 'building', name: 'x', lat: 91 }),
      400,
      'validation',
      'lat',
    );
    expectError(
      await admin.post('/api/admin/places', { parentId: place('cp-lvdi'), level: 'building', name: 'x', households: -1 }),
      400,
      'validation',
      'households',
    );
    expectError(
      await admin.post('/api/admin/places', { parentId: place('cp-lvdi'), level: 'building', name: 'x', path: '/1/' }),
      400,
      'validation',
      'path',
    );
    expect(await snapshot(s, 'places')).toEqual(before);
  });

  it('422 for an unknown parent, 409 for a sibling of the same name', async () => {
    const before = await snapshot(s, 'places');
    expectError(
      await admin.post('/api/admin/places', { parentId: 987654, level: 'building', name: 'x' }),
      422,
      'unknown_reference',
      'parentId',
    );
    expectError(
      await admin.post('/api/admin/places', { parentId: place('cp-lvdi'), level: 'building', name: '一期1号楼' }),
      409,
      'duplicate',
      'name',
    );
    expect(await snapshot(s, 'places')).toEqual(before);
  });
});

describe('PATCH /api/admin/places/:id', () => {
  it('corrects name, households and coordinates; path and ancestors stay; audited with before and after', async () => {
    const id = place('cp-lvdi-b2');
    const old = (await placeRow(id))!;
    const res = await admin.request('PATCH', `/api/admin/places/${id}`, {
      name: '一期2号楼（东）',
      households: 180,
      lat: 40.09,
      lng: null,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, name: '一期2号楼（东）', households: 180, lat: 40.09, lng: null, path: old.path });
    expect(await placeRow(id)).toEqual({ ...old, name: '一期2号楼（东）', households: 180, lat: 40.09, lng: null });
    const audit = (await lastAudit(s, 'place', id))!;
    expect(audit.action).toBe('place.update');
    expect(audit.before).toMatchObject({ name: old.name, households: old.households });
    expect(audit.after).toMatchObject({ name: '一期2号楼（东）', households: 180 });
  });

  it('400 for a move to another parent (orders carry ancestor ids) or a bad value; 409 for a sibling’s name; 404 for no such place', async () => {
    const id = place('cp-lvdi-b3');
    const before = await snapshot(s, 'places');
    expectError(
      await admin.request('PATCH', `/api/admin/places/${id}`, { parentId: place('cp-shanghuayuan') }),
      400,
      'validation',
      'parentId',
    );
    expectError(await admin.request('PATCH', `/api/admin/places/${id}`, { level: 'compound' }), 400, 'validation', 'level');
    expectError(await admin.request('PATCH', `/api/admin/places/${id}`, { lng: 'east' }), 400, 'validation', 'lng');
    expectError(await admin.request('PATCH', `/api/admin/places/${id}`, { name: '一期1号楼' }), 409, 'duplicate', 'name');
    expectError(await admin.request('PATCH', '/api/admin/places/987654', { name: 'x' }), 404, 'not_found', 'id');
    expectError(await admin.request('PATCH', '/api/admin/places/abc', { name: 'x' }), 400, 'validation', 'id');
    expect(await snapshot(s, 'places')).toEqual(before);
  });
});

describe('DELETE /api/admin/places/:id', () => {
  it('deletes an unused place, audited with what it was', async () => {
    const created = await admin.post('/api/admin/places', { parentId: place('cp-lvdi'), level: 'building', name: '待删楼' });
    const id = created.body.id as number;
    const res = await admin.request('DELETE', `/api/admin/places/${id}`);
    expect(res.status).toBe(204);
    expect(await placeRow(id)).toBeUndefined();
    const audit = (await lastAudit(s, 'place', id))!;
    expect(audit).toMatchObject({ action: 'place.delete', after: null });
    expect(audit.before).toMatchObject({ id, name: '待删楼' });
  });

  it('409 while children, accounts, covering units or orders refer to it; the place stays', async () => {
    // Children (a compound with buildings) and an account (a resident's home building).
    expectError(await admin.request('DELETE', `/api/admin/places/${place('cp-lvdi')}`), 409, 'conflict', 'id');
    const home = await admin.request('DELETE', `/api/admin/places/${place('cp-lvdi-b5')}`);
    expectError(home, 409, 'conflict', 'id');
    expect(home.body.error.message_en).toContain('users: 1');

    // A unit covering it.
    const covered = (await admin.post('/api/admin/places', { parentId: place('cp-lvdi'), level: 'building', name: '覆盖楼' })).body
      .id as number;
    await s.ctx.db
      .insertInto('unit_places')
      .values({ unit_id: unit('pc-lvdi'), place_id: covered })
      .execute();
    const byUnit = await admin.request('DELETE', `/api/admin/places/${covered}`);
    expectError(byUnit, 409, 'conflict', 'id');
    expect(byUnit.body.error.message_en).toContain('units: 1');

    // An order placed there.
    const withOrder = (await admin.post('/api/admin/places', { parentId: place('cp-lvdi'), level: 'building', name: '有单楼' })).body
      .id as number;
    const dispatcher = await s.login('dispatcher');
    const order = await dispatcher.post('/api/work-orders', {
      title: '楼道灯不亮',
      description: '三层灯坏',
      categoryId: s.ids.categories.get('property-cleaning'),
      placeId: withOrder,
    });
    expect(order.status).toBe(201);
    const byOrder = await admin.request('DELETE', `/api/admin/places/${withOrder}`);
    expectError(byOrder, 409, 'conflict', 'id');
    expect(byOrder.body.error.message_en).toContain('orders: 1');

    for (const id of [place('cp-lvdi'), place('cp-lvdi-b5'), covered, withOrder]) expect(await placeRow(id)).toBeDefined();
  });

  it('404 for no such place, 400 for a malformed id', async () => {
    expectError(await admin.request('DELETE', '/api/admin/places/987654'), 404, 'not_found', 'id');
    expectError(await admin.request('DELETE', '/api/admin/places/0'), 400, 'validation', 'id');
  });
});

describe('unit kinds', () => {
  it('GET lists the kinds', async () => {
    const res = await admin.get('/api/admin/unit-kinds');
    expect(res.status).toBe(200);
    expect(res.body).toContainEqual({ code: 'property_company', nameZh: '物业服务企业', nameEn: 'Property-service company' });
    expect(res.body).toHaveLength((await snapshot(s, 'unit_kinds')).length);
  });

  it('POST adds a kind, audited; a taken code is 409; a bad code 400', async () => {
    const res = await admin.post('/api/admin/unit-kinds', { code: 'gas_company', nameZh: '燃气公司', nameEn: 'Gas company' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ code: 'gas_company', nameZh: '燃气公司', nameEn: 'Gas company' });
    expect(await s.ctx.db.selectFrom('unit_kinds').selectAll().where('code', '=', 'gas_company').executeTakeFirst()).toEqual({
      code: 'gas_company',
      name_zh: '燃气公司',
      name_en: 'Gas company',
    });
    expect((await lastAudit(s, 'unit_kind', 'gas_company'))!.action).toBe('unit_kind.create');

    const before = await snapshot(s, 'unit_kinds');
    expectError(
      await admin.post('/api/admin/unit-kinds', { code: 'gas_company', nameZh: '燃气', nameEn: 'Gas' }),
      409,
      'duplicate',
      'code',
    );
    expectError(
      await admin.post('/api/admin/unit-kinds', { code: 'Gas Company', nameZh: '燃气', nameEn: 'Gas' }),
      400,
      'validation',
      'code',
    );
    expectError(await admin.post('/api/admin/unit-kinds', { code: 'gas2', nameZh: '燃气' }), 400, 'validation', 'nameEn');
    expect(await snapshot(s, 'unit_kinds')).toEqual(before);
  });
});

describe('units', () => {
  const unitRow = (id: number) => s.ctx.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  const coverage = async (id: number) =>
    (await s.ctx.db.selectFrom('unit_places').select('place_id').where('unit_id', '=', id).orderBy('place_id').execute()).map(
      (r) => r.place_id,
    );

  it('POST adds an active unit covering nothing, audited', async () => {
    const res = await admin.post('/api/admin/units', { name: '大同市自来水公司平城营业所', kind: 'water_company', phone: '0352-1234567' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: '大同市自来水公司平城营业所',
      kind: 'water_company',
      phone: '0352-1234567',
      active: true,
      placeIds: [],
    });
    expect(await unitRow(res.body.id)).toMatchObject({ name: '大同市自来水公司平城营业所', kind: 'water_company', active: 1 });
    expect((await lastAudit(s, 'unit', res.body.id))!.action).toBe('unit.create');
  });

  it('POST: 422 for an unknown kind, 409 for a taken name, 400 for a missing name or bad phone', async () => {
    const before = await snapshot(s, 'units');
    expectError(await admin.post('/api/admin/units', { name: '某单位', kind: 'no_such_kind' }), 422, 'unknown_reference', 'kind');
    expectError(
      await admin.post('/api/admin/units', { name: '大同华宇物业服务有限公司', kind: 'property_company' }),
      409,
      'duplicate',
      'name',
    );
    expectError(await admin.post('/api/admin/units', { kind: 'property_company' }), 400, 'validation', 'name');
    expectError(
      await admin.post('/api/admin/units', { name: '某单位', kind: 'property_company', phone: 'call me' }),
      400,
      'validation',
      'phone',
    );
    expect(await snapshot(s, 'units')).toEqual(before);
  });

  it('PATCH renames and changes phone; 404 / 409 / 422 / 400 leave it alone', async () => {
    const id = unit('pc-baideng');
    const res = await admin.request('PATCH', `/api/admin/units/${id}`, { name: '白登物业（新）', phone: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, name: '白登物业（新）', phone: null, active: true });
    expect(res.body.placeIds).toEqual(await coverage(id));
    expect(await unitRow(id)).toMatchObject({ name: '白登物业（新）', phone: null });
    const audit = (await lastAudit(s, 'unit', id))!;
    expect(audit.before.name).not.toBe('白登物业（新）');
    expect(audit.after.name).toBe('白登物业（新）');

    const before = await snapshot(s, 'units');
    expectError(await admin.request('PATCH', '/api/admin/units/987654', { name: 'x' }), 404, 'not_found', 'id');
    expectError(await admin.request('PATCH', `/api/admin/units/${id}`, { name: '大同华宇物业服务有限公司' }), 409, 'duplicate', 'name');
    expectError(await admin.request('PATCH', `/api/admin/units/${id}`, { kind: 'nope' }), 422, 'unknown_reference', 'kind');
    expectError(await admin.request('PATCH', `/api/admin/units/${id}`, { active: 'yes' }), 400, 'validation', 'active');
    expect(await snapshot(s, 'units')).toEqual(before);
  });

  it('deactivate takes the unit out of the directory; GET /api/admin/units still shows it; PATCH active brings it back', async () => {
    const id = unit('power-datong');
    const res = await admin.post(`/api/admin/units/${id}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, active: false });
    expect((await unitRow(id))!.active).toBe(0);
    expect((await lastAudit(s, 'unit', id))!.action).toBe('unit.deactivate');

    const directory = await admin.get('/api/units');
    expect(directory.body.map((u: { id: number }) => u.id)).not.toContain(id);
    const all = await admin.get('/api/admin/units');
    expect(all.status).toBe(200);
    expect(all.body.find((u: { id: number }) => u.id === id)).toMatchObject({ active: false });
    expect(all.body).toHaveLength((await snapshot(s, 'units')).length);

    const back = await admin.request('PATCH', `/api/admin/units/${id}`, { active: true });
    expect(back.body.active).toBe(true);
    expect((await unitRow(id))!.active).toBe(1);

    expectError(await admin.post('/api/admin/units/987654/deactivate'), 404, 'not_found', 'id');
  });

  it('PUT places replaces the coverage exactly, audited with both sets', async () => {
    const id = unit('pc-huayu');
    const old = await coverage(id);
    const wanted = [place('cp-lvdi'), place('cp-shanghuayuan'), place('cp-lvdi')];
    const res = await admin.request('PUT', `/api/admin/units/${id}/places`, { placeIds: wanted });
    expect(res.status).toBe(200);
    const expected = [place('cp-lvdi'), place('cp-shanghuayuan')].sort((a, b) => a - b);
    expect(res.body.placeIds).toEqual(expected);
    expect(await coverage(id)).toEqual(expected);
    const audit = (await lastAudit(s, 'unit', id))!;
    expect(audit).toMatchObject({ action: 'unit.coverage', before: { placeIds: old }, after: { placeIds: expected } });

    const empty = await admin.request('PUT', `/api/admin/units/${id}/places`, { placeIds: [] });
    expect(empty.body.placeIds).toEqual([]);
    expect(await coverage(id)).toEqual([]);
  });

  it('PUT places: 422 for an unknown place (nothing changes), 400 for a bad list, 404 for no such unit', async () => {
    const id = unit('pc-lanjun');
    const before = await snapshot(s, 'unit_places');
    const res = await admin.request('PUT', `/api/admin/units/${id}/places`, { placeIds: [place('cp-lvdi'), 987654] });
    expectError(res, 422, 'unknown_reference', 'placeIds');
    expect(res.body.error.message_en).toContain('987654');
    expectError(await admin.request('PUT', `/api/admin/units/${id}/places`, { placeIds: ['x'] }), 400, 'validation', 'placeIds.0');
    expectError(await admin.request('PUT', `/api/admin/units/${id}/places`, {}), 400, 'validation', 'placeIds');
    expectError(await admin.request('PUT', '/api/admin/units/987654/places', { placeIds: [] }), 404, 'not_found', 'id');
    expect(await snapshot(s, 'unit_places')).toEqual(before);
  });
});
