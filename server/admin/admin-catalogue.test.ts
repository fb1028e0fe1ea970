/** The administrator's API, part 2: categories, the holiday calendar and the sweep settings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../common/calendar';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { expectError, expectRefused, lastAudit, snapshot, type GuardedCall } from './testing';

let s: TestServer;
let admin: Client;
const category = (code: string) => s.ids.categories.get(code)!;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login('admin');
});
afterAll(async () => s?.close());

describe('strangers and non-administrators are refused, and nothing is written', () => {
  const calls = (): GuardedCall[] => [
    { method: 'GET', url: '/api/admin/categories', table: 'categories' },
    {
      method: 'POST',
      url: '/api/admin/categories',
      body: { code: 'guard-cat', name: '守卫', nameEn: 'Guard', kind: 'other' },
      table: 'categories',
    },
    { method: 'PATCH', url: `/api/admin/categories/${category('heating')}`, body: { name: '改名' }, table: 'categories' },
    { method: 'POST', url: `/api/admin/categories/${category('heating')}/deactivate`, table: 'categories' },
    { method: 'PUT', url: '/api/admin/calendar/days/2027-01-04', body: { kind: 'holiday', name: '守卫' }, table: 'calendar_days' },
    { method: 'DELETE', url: '/api/admin/calendar/days/2026-10-01', table: 'calendar_days' },
    { method: 'PUT', url: '/api/admin/calendar/years/2026', body: [], table: 'calendar_days' },
    { method: 'GET', url: '/api/admin/settings/sweep', table: 'settings' },
    {
      method: 'PUT',
      url: '/api/admin/settings/sweep',
      body: { urgeWhenLeft: 0.5, superviseAfterWorkdays: 1, flagMultiple: 2 },
      table: 'settings',
    },
  ];
  const names = [
    'list categories',
    'create category',
    'update category',
    'deactivate category',
    'put calendar day',
    'delete calendar day',
    'replace calendar year',
    'get sweep rules',
    'put sweep rules',
  ];

  it.each(names.map((n, i) => [n, i] as const))('%s: 401 without a session', async (_n, i) => {
    await expectRefused(s, calls()[i]!, null, 401);
  });

  it.each(names.map((n, i) => [n, i] as const))('%s: 403 for a dispatcher', async (_n, i) => {
    await expectRefused(s, calls()[i]!, 'dispatcher', 403);
  });
});

describe('categories', () => {
  const gas = {
    code: 'gas-leak',
    parentId: null,
    name: '燃气泄漏',
    nameEn: 'Gas leak',
    kind: 'hardware',
    defaultUnitKind: 'district_department',
    keywords: ['燃气', '煤气味'],
    sort: 50,
    // Not ordered sign-off ≤ response ≤ resolution on purpose: only each string's form is checked.
    sla: {
      emergency: { signoff: '10m', response: '30m', resolution: '2h' },
      normal: { signoff: '2wd', response: '24h', resolution: '1h' },
    },
    fields: [
      {
        code: 'smell',
        label: '气味程度',
        labelEn: 'Smell',
        datatype: 'singlevaluelist',
        required: true,
        values: [
          { key: 'faint', name: '轻微' },
          { key: 'strong', name: '浓烈' },
        ],
      },
      {
        code: 'floors',
        label: '涉及楼层',
        labelEn: 'Floors',
        datatype: 'multivaluelist',
        values: [
          { key: 'low', name: '低层' },
          { key: 'high', name: '高层' },
        ],
      },
      { code: 'people', label: '在场人数', labelEn: 'People present', datatype: 'number' },
      { code: 'noticed', label: '发现时间', labelEn: 'Noticed at', datatype: 'datetime' },
      { code: 'where', label: '位置', labelEn: 'Where', datatype: 'string', description: '如厨房' },
      { code: 'details', label: '详情', labelEn: 'Details', datatype: 'text' },
    ],
  };
  let gasId = 0;

  it('POST adds a category with deadlines and all six question types, audited; the directory and intake use it', async () => {
    const res = await admin.post('/api/admin/categories', gas);
    expect(res.status).toBe(201);
    gasId = res.body.id;
    expect(res.body).toMatchObject({
      code: 'gas-leak',
      parentId: null,
      kind: 'hardware',
      keywords: ['燃气', '煤气味'],
      active: true,
      sla: gas.sla,
    });
    expect(res.body.fields.map((f: { datatype: string }) => f.datatype)).toEqual([
      'singlevaluelist',
      'multivaluelist',
      'number',
      'datetime',
      'string',
      'text',
    ]);

    const row = await s.ctx.db.selectFrom('categories').selectAll().where('id', '=', gasId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      code: 'gas-leak',
      name: '燃气泄漏',
      name_en: 'Gas leak',
      default_unit_kind: 'district_department',
      keywords: '燃气 煤气味',
      active: 1,
      sort: 50,
    });
    const sla = await s.ctx.db.selectFrom('category_sla').selectAll().where('category_id', '=', gasId).orderBy('priority').execute();
    expect(sla).toEqual([
      { category_id: gasId, priority: 'emergency', signoff: '10m', response: '30m', resolution: '2h' },
      { category_id: gasId, priority: 'normal', signoff: '2wd', response: '24h', resolution: '1h' },
    ]);
    const fields = await s.ctx.db.selectFrom('category_fields').selectAll().where('category_id', '=', gasId).orderBy('sort').execute();
    expect(fields.map((f) => [f.code, f.datatype, f.required, f.sort])).toEqual([
      ['smell', 'singlevaluelist', 1, 0],
      ['floors', 'multivaluelist', 0, 1],
      ['people', 'number', 0, 2],
      ['noticed', 'datetime', 0, 3],
      ['where', 'string', 0, 4],
      ['details', 'text', 0, 5],
    ]);
    expect(JSON.parse(fields[0]!.values_json!)).toEqual(gas.fields[0]!.values);
    expect(fields[2]!.values_json).toBeNull();
    const audit = (await lastAudit(s, 'category', gasId))!;
    expect(audit).toMatchObject({ action: 'category.create', before: null });
    expect(audit.after).toMatchObject({ code: 'gas-leak', sla: gas.sla });

    expect((await admin.get('/api/categories')).body.find((c: { id: number }) => c.id === gasId)).toMatchObject({ code: 'gas-leak' });
    // Intake checks answers against the new questions: a required list question must be answered from its choices.
    const dispatcher = await s.login('dispatcher');
    const order = { title: '楼道有煤气味', description: '三楼', categoryId: gasId, placeId: s.ids.places.get('cp-lvdi-b1') };
    expectError(
      await dispatcher.post('/api/work-orders', { ...order, attributes: { smell: 'unbearable' } }),
      400,
      'validation',
      'attributes.smell',
    );
    expect(
      (await dispatcher.post('/api/work-orders', { ...order, attributes: { smell: 'strong', floors: ['high'], people: 3 } })).status,
    ).toBe(201);
  });

  it('POST: 400 for a bad code, limit, datatype, missing choices or twice-used question code; nothing stored', async () => {
    const before = await snapshot(s, 'categories');
    const fieldsBefore = await snapshot(s, 'category_fields');
    const base = { code: 'water-smell', name: '水有异味', nameEn: 'Water smells', kind: 'service' };
    expectError(await admin.post('/api/admin/categories', { ...base, code: 'Water Smell' }), 400, 'validation', 'code');
    expectError(await admin.post('/api/admin/categories', { ...base, code: 'water--smell' }), 400, 'validation', 'code');
    expectError(await admin.post('/api/admin/categories', { ...base, kind: 'misc' }), 400, 'validation', 'kind');
    const badLimit = await admin.post('/api/admin/categories', {
      ...base,
      sla: { urgent: { signoff: '1h', response: '2d', resolution: '3wd' } },
    });
    expectError(badLimit, 400, 'validation', 'sla.urgent.response');
    expect(badLimit.body.error.message_en).toContain('2d');
    expectError(
      await admin.post('/api/admin/categories', { ...base, sla: { normal: { signoff: '0h', response: '1h', resolution: '1h' } } }),
      400,
      'validation',
      'sla.normal.signoff',
    );
    expectError(
      await admin.post('/api/admin/categories', { ...base, sla: { normal: { signoff: '1h', response: '1h', resolution: '366wd' } } }),
      400,
      'validation',
      'sla.normal.resolution',
    );
    expectError(
      await admin.post('/api/admin/categories', { ...base, sla: { whenever: { signoff: '1h', response: '1h', resolution: '1h' } } }),
      400,
      'validation',
      'sla.whenever',
    );
    expectError(
      await admin.post('/api/admin/categories', { ...base, fields: [{ code: 'x', label: 'x', labelEn: 'x', datatype: 'date' }] }),
      400,
      'validation',
      'fields.0.datatype',
    );
    expectError(
      await admin.post('/api/admin/categories', {
        ...base,
        fields: [{ code: 'x', label: 'x', labelEn: 'x', datatype: 'singlevaluelist' }],
      }),
      400,
      'validation',
      'fields.0.values',
    );
    expectError(
      await admin.post('/api/admin/categories', {
        ...base,
        fields: [{ code: 'x', label: 'x', labelEn: 'x', datatype: 'multivaluelist', values: [] }],
      }),
      400,
      'validation',
      'fields.0.values',
    );
    expectError(
      await admin.post('/api/admin/categories', {
        ...base,
        fields: [{ code: 'x', label: 'x', labelEn: 'x', datatype: 'number', values: [{ key: 'a', name: 'a' }] }],
      }),
      400,
      'validation',
      'fields.0.values',
    );
    const twice = [
      { code: 'x', label: 'x', labelEn: 'x', datatype: 'text' },
      { code: 'x', label: 'y', labelEn: 'y', datatype: 'text' },
    ];
    expectError(await admin.post('/api/admin/categories', { ...base, fields: twice }), 400, 'validation', 'fields.1.code');
    expect(await snapshot(s, 'categories')).toEqual(before);
    expect(await snapshot(s, 'category_fields')).toEqual(fieldsBefore);
  });

  it('POST: 409 for a taken code, 422 for an unknown parent or unit kind', async () => {
    const before = await snapshot(s, 'categories');
    expectError(
      await admin.post('/api/admin/categories', { code: 'heating', name: '供暖2', nameEn: 'Heating 2', kind: 'hardware' }),
      409,
      'duplicate',
      'code',
    );
    expectError(
      await admin.post('/api/admin/categories', { code: 'orphan', parentId: 987654, name: '孤儿', nameEn: 'Orphan', kind: 'other' }),
      422,
      'unknown_reference',
      'parentId',
    );
    expectError(
      await admin.post('/api/admin/categories', { code: 'orphan', name: '孤儿', nameEn: 'Orphan', kind: 'other', defaultUnitKind: 'nope' }),
      422,
      'unknown_reference',
      'defaultUnitKind',
    );
    expect(await snapshot(s, 'categories')).toEqual(before);
  });

  it('PATCH changes what is given; sla and fields replace the whole set; audited', async () => {
    const id = category('heating-cold');
    const before = await s.ctx.db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const res = await admin.request('PATCH', `/api/admin/categories/${id}`, {
      name: '暖气不热（室温低于18℃）',
      sla: { urgent: { signoff: '30m', response: '1h', resolution: '12h' } },
      fields: [{ code: 'room_temp', label: '室温', labelEn: 'Room temperature', datatype: 'number', required: true }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      code: before.code,
      name: '暖气不热（室温低于18℃）',
      sla: { urgent: { signoff: '30m', response: '1h', resolution: '12h' } },
    });
    expect(Object.keys(res.body.sla)).toEqual(['urgent']);
    expect(await s.ctx.db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toEqual({
      ...before,
      name: '暖气不热（室温低于18℃）',
    });
    expect(await s.ctx.db.selectFrom('category_sla').select(['priority', 'resolution']).where('category_id', '=', id).execute()).toEqual([
      { priority: 'urgent', resolution: '12h' },
    ]);
    expect(await s.ctx.db.selectFrom('category_fields').select(['code', 'required']).where('category_id', '=', id).execute()).toEqual([
      { code: 'room_temp', required: 1 },
    ]);
    const audit = (await lastAudit(s, 'category', id))!;
    expect(audit.action).toBe('category.update');
    expect(audit.before.name).toBe(before.name);
    expect(audit.after.fields).toHaveLength(1);

    // Moving under a parent: allowed, but never under itself or its own child.
    const moved = await admin.request('PATCH', `/api/admin/categories/${id}`, { parentId: category('property') });
    expect(moved.body.parentId).toBe(category('property'));
  });

  it('PATCH: 404 for no such category, 400 for a loop or bad limit, 409 for a taken code; nothing changes', async () => {
    const heating = category('heating');
    const before = await snapshot(s, 'categories');
    expectError(await admin.request('PATCH', '/api/admin/categories/987654', { name: 'x' }), 404, 'not_found', 'id');
    expectError(await admin.request('PATCH', `/api/admin/categories/${heating}`, { parentId: heating }), 400, 'validation', 'parentId');
    expectError(
      await admin.request('PATCH', `/api/admin/categories/${heating}`, { parentId: category('heating-leak') }),
      400,
      'validation',
      'parentId',
    );
    expectError(
      await admin.request('PATCH', `/api/admin/categories/${heating}`, {
        sla: { normal: { signoff: '1 h', response: '1h', resolution: '1h' } },
      }),
      400,
      'validation',
      'sla.normal.signoff',
    );
    expectError(await admin.request('PATCH', `/api/admin/categories/${heating}`, { code: 'heating-leak' }), 409, 'duplicate', 'code');
    expectError(await admin.request('PATCH', `/api/admin/categories/${heating}`, { active: 'no' }), 400, 'validation', 'active');
    expect(await snapshot(s, 'categories')).toEqual(before);
  });

  it('deactivate stops new orders in the category; GET /api/admin/categories still lists it', async () => {
    const id = category('heating-valve');
    const res = await admin.post(`/api/admin/categories/${id}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await s.ctx.db.selectFrom('categories').select('active').where('id', '=', id).executeTakeFirstOrThrow()).active).toBe(0);
    expect((await lastAudit(s, 'category', id))!.action).toBe('category.deactivate');
    expect((await admin.get('/api/categories')).body.map((c: { id: number }) => c.id)).not.toContain(id);
    const all = await admin.get('/api/admin/categories');
    expect(all.status).toBe(200);
    expect(all.body.find((c: { id: number }) => c.id === id)).toMatchObject({ active: false });
    expect(all.body).toHaveLength((await snapshot(s, 'categories')).length);
    const dispatcher = await s.login('dispatcher');
    expectError(
      await dispatcher.post('/api/work-orders', {
        title: '阀门坏了',
        description: '',
        categoryId: id,
        placeId: s.ids.places.get('cp-lvdi-b1'),
      }),
      422,
      'unknown_reference',
      'categoryId',
    );
    expectError(await admin.post('/api/admin/categories/987654/deactivate'), 404, 'not_found', 'id');
  });
});

describe('holiday calendar', () => {
  const day = (date: string) => s.ctx.db.selectFrom('calendar_days').selectAll().where('date', '=', date).executeTakeFirst();

  it('PUT a day stores it, audits it, and the cached calendar sees it at once', async () => {
    // 2027-01-04 is a Monday: a working day until it is declared a holiday.
    expect(isWorkingDay('2027-01-04', await s.ctx.calendar.get())).toBe(true);
    const res = await admin.request('PUT', '/api/admin/calendar/days/2027-01-04', { kind: 'holiday', name: '元旦调休' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ date: '2027-01-04', kind: 'holiday', name: '元旦调休' });
    expect(await day('2027-01-04')).toEqual({ date: '2027-01-04', kind: 'holiday', name: '元旦调休' });
    expect(isWorkingDay('2027-01-04', await s.ctx.calendar.get())).toBe(false);
    expect((await admin.get('/api/calendar?year=2027')).body).toContainEqual({ date: '2027-01-04', kind: 'holiday', name: '元旦调休' });
    expect(await lastAudit(s, 'calendar_day', '2027-01-04')).toMatchObject({
      action: 'calendar.put_day',
      before: null,
      after: { kind: 'holiday' },
    });

    // Putting again replaces it; the audit keeps what it was.
    await admin.request('PUT', '/api/admin/calendar/days/2027-01-04', { kind: 'workday', name: '补班' });
    expect(await day('2027-01-04')).toEqual({ date: '2027-01-04', kind: 'workday', name: '补班' });
    expect(await lastAudit(s, 'calendar_day', '2027-01-04')).toMatchObject({
      before: { kind: 'holiday', name: '元旦调休' },
      after: { kind: 'workday', name: '补班' },
    });
  });

  it('PUT a day: 400 for a date that does not exist, an unknown kind or no name', async () => {
    const before = await snapshot(s, 'calendar_days');
    expectError(
      await admin.request('PUT', '/api/admin/calendar/days/2027-02-30', { kind: 'holiday', name: 'x' }),
      400,
      'validation',
      'date',
    );
    expectError(await admin.request('PUT', '/api/admin/calendar/days/27-2-3', { kind: 'holiday', name: 'x' }), 400, 'validation', 'date');
    expectError(
      await admin.request('PUT', '/api/admin/calendar/days/2027-02-03', { kind: 'weekend', name: 'x' }),
      400,
      'validation',
      'kind',
    );
    expectError(await admin.request('PUT', '/api/admin/calendar/days/2027-02-03', { kind: 'holiday' }), 400, 'validation', 'name');
    expect(await snapshot(s, 'calendar_days')).toEqual(before);
  });

  it('DELETE a day removes it (the date falls back to Monday–Friday); 404 when there is none; 400 for a bad date', async () => {
    // 2026-10-01 (National Day, a Thursday) is a seeded holiday.
    expect(isWorkingDay('2026-10-01', await s.ctx.calendar.get())).toBe(false);
    const res = await admin.request('DELETE', '/api/admin/calendar/days/2026-10-01');
    expect(res.status).toBe(204);
    expect(await day('2026-10-01')).toBeUndefined();
    expect(isWorkingDay('2026-10-01', await s.ctx.calendar.get())).toBe(true);
    expect(await lastAudit(s, 'calendar_day', '2026-10-01')).toMatchObject({
      action: 'calendar.delete_day',
      after: null,
      before: { kind: 'holiday' },
    });

    const before = await snapshot(s, 'calendar_days');
    expectError(await admin.request('DELETE', '/api/admin/calendar/days/2026-10-01'), 404, 'not_found', 'date');
    expectError(await admin.request('DELETE', '/api/admin/calendar/days/2026-13-01'), 400, 'validation', 'date');
    expect(await snapshot(s, 'calendar_days')).toEqual(before);
  });

  it('PUT a year replaces that year only, from a JSON array', async () => {
    const year2025 = await s.ctx.db.selectFrom('calendar_days').selectAll().where('date', 'like', '2025-%').orderBy('date').execute();
    expect(year2025.length).toBeGreaterThan(0);
    const days = [
      { date: '2028-10-09', kind: 'workday', name: '国庆节补班' },
      { date: '2028-01-01', kind: 'holiday', name: '元旦' },
      { date: '2028-10-02', kind: 'holiday', name: '国庆节' },
    ];
    await admin.request('PUT', '/api/admin/calendar/days/2028-05-05', { kind: 'holiday', name: '将被替换' });
    const res = await admin.request('PUT', '/api/admin/calendar/years/2028', days);
    expect(res.status).toBe(200);
    expect(res.body.map((d: { date: string }) => d.date)).toEqual(['2028-01-01', '2028-10-02', '2028-10-09']);
    expect(await s.ctx.db.selectFrom('calendar_days').selectAll().where('date', 'like', '2028-%').orderBy('date').execute()).toEqual([
      days[1],
      days[2],
      days[0],
    ]);
    expect(await s.ctx.db.selectFrom('calendar_days').selectAll().where('date', 'like', '2025-%').orderBy('date').execute()).toEqual(
      year2025,
    );
    expect(isWorkingDay('2028-10-02', await s.ctx.calendar.get())).toBe(false);
    const audit = (await lastAudit(s, 'calendar_year', 2028))!;
    expect(audit.action).toBe('calendar.replace_year');
    expect(audit.before).toEqual([{ date: '2028-05-05', kind: 'holiday', name: '将被替换' }]);
    expect(audit.after).toHaveLength(3);
  });

  it('PUT a year: 400 for a date of another year, a date twice, a bad entry or not an array', async () => {
    const before = await snapshot(s, 'calendar_days');
    expectError(
      await admin.request('PUT', '/api/admin/calendar/years/2026', [
        { date: '2026-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      ]),
      400,
      'validation',
      '1.date',
    );
    expectError(
      await admin.request('PUT', '/api/admin/calendar/years/2026', [
        { date: '2026-01-01', kind: 'holiday', name: '元旦' },
        { date: '2026-01-01', kind: 'workday', name: '元旦' },
      ]),
      400,
      'validation',
      '1.date',
    );
    expectError(
      await admin.request('PUT', '/api/admin/calendar/years/2026', [{ date: '2026-02-29', kind: 'holiday', name: 'x' }]),
      400,
      'validation',
      '0.date',
    );
    expectError(
      await admin.request('PUT', '/api/admin/calendar/years/2026', [{ date: '2026-03-01', kind: 'rest', name: 'x' }]),
      400,
      'validation',
      '0.kind',
    );
    expectError(await admin.request('PUT', '/api/admin/calendar/years/2026', { date: '2026-03-01' }), 400, 'validation');
    expectError(await admin.request('PUT', '/api/admin/calendar/years/1999', []), 400, 'validation', 'year');
    expect(await snapshot(s, 'calendar_days')).toEqual(before);
  });
});

describe('sweep settings', () => {
  it('GET answers the defaults until set; PUT stores them, audits, and the cached rules change at once', async () => {
    const res = await admin.get('/api/admin/settings/sweep');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ urgeWhenLeft: 0.2, superviseAfterWorkdays: 3, flagMultiple: 3 });
    expect(await s.ctx.settings.sweepRules()).toEqual(res.body);

    const rules = { urgeWhenLeft: 0.25, superviseAfterWorkdays: 5, flagMultiple: 2.5 };
    const put = await admin.request('PUT', '/api/admin/settings/sweep', rules);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(rules);
    const row = await s.ctx.db.selectFrom('settings').selectAll().where('key', '=', 'sla.sweep').executeTakeFirstOrThrow();
    expect(JSON.parse(row.value_json)).toEqual(rules);
    expect(await s.ctx.settings.sweepRules()).toEqual(rules);
    expect((await admin.get('/api/admin/settings/sweep')).body).toEqual(rules);
    expect(await lastAudit(s, 'setting', 'sla.sweep')).toMatchObject({
      action: 'settings.put',
      before: { urgeWhenLeft: 0.2 },
      after: rules,
    });

    // The bounds themselves are allowed.
    expect(
      (await admin.request('PUT', '/api/admin/settings/sweep', { urgeWhenLeft: 0, superviseAfterWorkdays: 30, flagMultiple: 10 })).status,
    ).toBe(200);
    expect(
      (await admin.request('PUT', '/api/admin/settings/sweep', { urgeWhenLeft: 1, superviseAfterWorkdays: 0, flagMultiple: 1 })).status,
    ).toBe(200);
  });

  it('PUT: 400 outside the ranges or with a field missing; nothing stored', async () => {
    const before = await snapshot(s, 'settings');
    const ok = { urgeWhenLeft: 0.2, superviseAfterWorkdays: 3, flagMultiple: 3 };
    expectError(await admin.request('PUT', '/api/admin/settings/sweep', { ...ok, urgeWhenLeft: 1.5 }), 400, 'validation', 'urgeWhenLeft');
    expectError(await admin.request('PUT', '/api/admin/settings/sweep', { ...ok, urgeWhenLeft: -0.1 }), 400, 'validation', 'urgeWhenLeft');
    expectError(
      await admin.request('PUT', '/api/admin/settings/sweep', { ...ok, superviseAfterWorkdays: 31 }),
      400,
      'validation',
      'superviseAfterWorkdays',
    );
    expectError(
      await admin.request('PUT', '/api/admin/settings/sweep', { ...ok, superviseAfterWorkdays: 2.5 }),
      400,
      'validation',
      'superviseAfterWorkdays',
    );
    expectError(await admin.request('PUT', '/api/admin/settings/sweep', { ...ok, flagMultiple: 0.5 }), 400, 'validation', 'flagMultiple');
    expectError(await admin.request('PUT', '/api/admin/settings/sweep', { ...ok, flagMultiple: 11 }), 400, 'validation', 'flagMultiple');
    expectError(
      await admin.request('PUT', '/api/admin/settings/sweep', { urgeWhenLeft: 0.2, superviseAfterWorkdays: 3 }),
      400,
      'validation',
      'flagMultiple',
    );
    expectError(await admin.request('PUT', '/api/admin/settings/sweep', '{"urgeWhenLeft":'), 400, 'malformed_json');
    expect(await snapshot(s, 'settings')).toEqual(before);
  });
});
