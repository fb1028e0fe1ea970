/** Problems and the ledger (台账): scoping, the 销号 rules, the bulk pull of 不满意 orders, the Excel sheet. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { fileForm } from '../test/images';
import { count, expectError, makeOrder, uploadPhoto } from './testing';

let s: TestServer;
let supervisor: Client; // district
let supBds: Client; // 白登山街道
let dispatcher: Client;
let handlerShy: Client; // 华宇物业: 上华苑
let handlerBdwy: Client; // 白登物业: 白登佳园
let resident: Client;
const place = (k: string) => s.ids.places.get(k)!;
const unit = (k: string) => s.ids.units.get(k)!;
const category = (k: string) => s.ids.categories.get(k)!;

beforeAll(async () => {
  s = await startTestServer();
  [supervisor, supBds, dispatcher, handlerShy, handlerBdwy, resident] = await Promise.all(
    ['supervisor', 'supervisor.bds', 'dispatcher', 'handler.shy', 'handler.bdwy', 'resident'].map((u) => s.login(u)),
  );
});
afterAll(async () => s?.close());

async function newEntry(c: Client, placeKey: string, unitKey: string, title = '楼道堆物未清理') {
  const res = await c.post('/api/ledger', {
    title,
    placeId: place(placeKey),
    unitId: unit(unitKey),
    categoryId: category('property-cleaning'),
    responsiblePerson: '王经理',
    measures: '三日内清理并张贴告示',
    deadline: '2026-11-20T10:00:00Z',
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('guards on every endpoint', () => {
  const calls = (): [string, string, unknown?][] => [
    ['POST', '/api/problems', { title: 'x', placeId: place('cp-shanghuayuan') }],
    ['GET', '/api/problems'],
    ['GET', '/api/problems/1'],
    ['POST', '/api/problems/1/orders', { orderIds: [1] }],
    ['DELETE', '/api/problems/1/orders/1'],
    ['GET', '/api/problems/1/candidates'],
    ['POST', '/api/problems/pull-unsatisfied', { from: '2026-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }],
    ['POST', '/api/ledger', { title: 'x', placeId: place('cp-shanghuayuan') }],
    ['GET', '/api/ledger'],
    ['GET', '/api/ledger/export.csv'],
    ['GET', '/api/ledger/export.xlsx'],
    ['POST', '/api/ledger/import', fileForm(Buffer.from('编号\r\n'), 'x.csv', 'text/csv')],
    ['GET', '/api/ledger/1'],
    ['PATCH', '/api/ledger/1', { measures: 'x' }],
    ['POST', '/api/ledger/1/notes', { text: 'x' }],
    ['POST', '/api/ledger/1/start', {}],
  ];
  it('401 without a session', async () => {
    for (const [m, u, b] of calls()) expectError(await s.anonymous().request(m, u, b), 401, 'unauthenticated');
  });
  it('403 for a resident, before validation', async () => {
    for (const [m, u, b] of calls()) expectError(await resident.request(m, u, b), 403, 'forbidden');
  });
  it('403 for a handler on writes that are not theirs', async () => {
    expectError(await handlerShy.post('/api/ledger', { title: 'x', placeId: place('cp-shanghuayuan') }), 403, 'forbidden');
    expectError(await handlerShy.post('/api/problems', { title: 'x', placeId: place('cp-shanghuayuan') }), 403, 'forbidden');
    expectError(
      await handlerShy.post('/api/problems/pull-unsatisfied', { from: '2026-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }),
      403,
      'forbidden',
    );
  });
});

describe('ledger entries', () => {
  it('400 for bad input, 422 for references that do not exist or lie outside your area', async () => {
    expectError(await supervisor.post('/api/ledger', {}), 400, 'validation');
    expectError(
      await supervisor.post('/api/ledger', { title: 'x', placeId: place('cp-shanghuayuan'), deadline: 'tomorrow' }),
      400,
      'validation',
      'deadline',
    );
    expectError(await supervisor.post('/api/ledger', { title: 'x', placeId: place('cp-shanghuayuan'), extra: 1 }), 400, 'validation');
    expectError(await supervisor.post('/api/ledger', { title: 'x', placeId: 987654 }), 422, 'unknown_reference', 'placeId');
    expectError(
      await supervisor.post('/api/ledger', { title: 'x', placeId: place('cp-shanghuayuan'), unitId: 987654 }),
      422,
      'unknown_reference',
      'unitId',
    );
    expectError(await supBds.post('/api/ledger', { title: 'x', placeId: place('cp-shanghuayuan') }), 422, 'unknown_reference', 'placeId');
    expectError(await supervisor.get('/api/ledger/abc'), 400, 'validation');
    expectError(await supervisor.get('/api/ledger?status=nonsense'), 400, 'validation');
    expectError(await supervisor.post('/api/ledger/1/explode', {}), 400, 'validation');
  });

  it('is scoped like orders: street by subtree, handler by unit; others get 404', async () => {
    const shy = await newEntry(supervisor, 'cp-shanghuayuan', 'pc-huayu');
    const bdjy = await newEntry(supBds, 'cp-baidengjiayuan', 'pc-baideng', '单元门禁损坏');
    expect(shy.status).toBe('open');
    expect(shy.actions).toEqual(expect.arrayContaining(['start', 'submit', 'note', 'edit']));

    expectError(await supBds.get(`/api/ledger/${shy.id}`), 404, 'not_found');
    expectError(await handlerBdwy.get(`/api/ledger/${shy.id}`), 404, 'not_found');
    expectError(await handlerBdwy.post(`/api/ledger/${shy.id}/start`, {}), 404, 'not_found');
    expect((await handlerShy.get(`/api/ledger/${shy.id}`)).status).toBe(200);
    expect((await supBds.get(`/api/ledger/${bdjy.id}`)).status).toBe(200);
    expect((await handlerBdwy.get(`/api/ledger/${bdjy.id}`)).body.actions).toEqual(['start', 'submit', 'note']);

    const ids = (r: { body: { rows: { id: number }[] } }) => r.body.rows.map((e) => e.id);
    expect(ids(await supBds.get('/api/ledger'))).toContain(bdjy.id);
    expect(ids(await supBds.get('/api/ledger'))).not.toContain(shy.id);
    expect(ids(await handlerShy.get('/api/ledger'))).toContain(shy.id);
    expect(ids(await handlerShy.get('/api/ledger'))).not.toContain(bdjy.id);
    expect(ids(await supervisor.get(`/api/ledger?placeId=${place('st-baidengshan')}`))).toEqual([bdjy.id]);
    // A dispatcher reads but may not write.
    expect((await dispatcher.get(`/api/ledger/${shy.id}`)).status).toBe(200);
    expectError(await dispatcher.request('PATCH', `/api/ledger/${shy.id}`, { measures: 'x' }), 403, 'forbidden');
  });

  it('销号 needs evidence and a reviewer other than the handler; every step is an event', async () => {
    const e = await newEntry(supervisor, 'cp-shanghuayuan', 'pc-huayu', '垃圾清运不及时');
    const eventsBefore = await count(s, 'ledger_events');

    expect((await handlerShy.post(`/api/ledger/${e.id}/start`, {})).body.status).toBe('rectifying');
    expectError(await handlerShy.post(`/api/ledger/${e.id}/close`, {}), 403, 'forbidden');
    expectError(await supervisor.post(`/api/ledger/${e.id}/close`, {}), 409, 'conflict', 'status');
    expect((await handlerShy.post(`/api/ledger/${e.id}/submit`, {})).body.status).toBe('awaiting_recheck');
    // No evidence yet.
    expectError(await supervisor.post(`/api/ledger/${e.id}/close`, {}), 422, 'rule_violation', 'evidence');
    // Back to rectifying needs a reason.
    expectError(await supervisor.post(`/api/ledger/${e.id}/reject`, {}), 400, 'validation', 'comment');
    expect((await supervisor.post(`/api/ledger/${e.id}/reject`, { comment: '请补充整改照片' })).body.status).toBe('rectifying');

    // Someone else's photo, or one already used, is not yours to attach.
    const foreign = await uploadPhoto(supervisor);
    expectError(
      await handlerShy.post(`/api/ledger/${e.id}/notes`, { text: '已清运', attachmentIds: [foreign] }),
      422,
      'unknown_reference',
      'attachmentIds',
    );
    const photo = await uploadPhoto(handlerShy);
    const noted = await handlerShy.post(`/api/ledger/${e.id}/notes`, { text: '已清运，增加每日清运一次', attachmentIds: [photo] });
    expect(noted.status).toBe(201);
    const url = `/api/ledger/${e.id}/attachments/${photo}`;
    expect(noted.body.notes[0].attachments).toEqual([{ id: photo, url }]);
    // Whoever sees the entry sees its photos; others, and photos not linked here, are 404.
    const img = await supervisor.get(url);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expectError(await handlerBdwy.get(url), 404, 'not_found');
    expectError(await supervisor.get(`/api/ledger/${e.id}/attachments/${foreign}`), 404, 'not_found', 'attachmentId');
    expectError(await s.anonymous().get(url), 401, 'unauthenticated');
    expectError(
      await handlerShy.post(`/api/ledger/${e.id}/notes`, { text: '再用一次', attachmentIds: [photo] }),
      422,
      'unknown_reference',
      'attachmentIds',
    );

    expect((await handlerShy.post(`/api/ledger/${e.id}/submit`, {})).body.status).toBe('awaiting_recheck');
    const closed = await supervisor.post(`/api/ledger/${e.id}/close`, { comment: '现场核实' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closedAt).not.toBeNull();
    expect(closed.body.actions).toEqual([]);
    expect(closed.body.events.map((x: { action: string }) => x.action)).toEqual([
      'create',
      'start',
      'submit',
      'reject',
      'note',
      'submit',
      'close',
    ]);
    expect(await count(s, 'ledger_events')).toBe(eventsBefore + 6);
    const row = await s.ctx.db.selectFrom('ledger_entries').selectAll().where('id', '=', e.id).executeTakeFirstOrThrow();
    expect(row.reviewed_by).toBe(s.ids.users.get('supervisor'));
    expect(row.submitted_by).toBe(s.ids.users.get('handler.shy'));
    expectError(await handlerShy.post(`/api/ledger/${e.id}/notes`, { text: '晚了' }), 422, 'rule_violation');
    expectError(await supervisor.request('PATCH', `/api/ledger/${e.id}`, { measures: '改' }), 422, 'rule_violation');
  });

  it('the handler cannot review their own rectification (same person → 422)', async () => {
    const e = await newEntry(supervisor, 'cp-shanghuayuan', 'pc-huayu', '绿化带杂草');
    await supervisor.post(`/api/ledger/${e.id}/submit`, { evidence: '已除草，见现场' });
    const res = await supervisor.post(`/api/ledger/${e.id}/close`, {});
    expectError(res, 422, 'rule_violation', 'reviewer');
    expect((await s.ctx.db.selectFrom('ledger_entries').select('status').where('id', '=', e.id).executeTakeFirstOrThrow()).status).toBe(
      'awaiting_recheck',
    );
    // The evidence text suffices for another reviewer.
    const inspector = await s.login('inspector.zj');
    expect((await inspector.post(`/api/ledger/${e.id}/close`, {})).body.status).toBe('closed');
  });

  it('PATCH corrects the entry with an event; a stale reference is 422', async () => {
    const e = await newEntry(supervisor, 'cp-shanghuayuan', 'pc-huayu', '路灯不亮');
    const res = await supervisor.request('PATCH', `/api/ledger/${e.id}`, {
      measures: '更换灯具',
      deadline: '2026-11-25T02:00:00Z',
      responsiblePerson: '李工',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ measures: '更换灯具', deadline: '2026-11-25T02:00:00.000Z', responsiblePerson: '李工' });
    expect(res.body.events.at(-1).action).toBe('update');
    expectError(await supervisor.request('PATCH', `/api/ledger/${e.id}`, {}), 400, 'validation');
    expectError(await supervisor.request('PATCH', `/api/ledger/${e.id}`, { categoryId: 987654 }), 422, 'unknown_reference', 'categoryId');
    expectError(await supervisor.request('PATCH', `/api/ledger/987654`, { measures: 'x' }), 404, 'not_found');
  });
});

describe('problems', () => {
  it('groups orders with one root cause: create, propose, link, unlink — only orders you can see', async () => {
    const a = await makeOrder(s, dispatcher, 'cp-shanghuayuan-b1', 'property-cleaning', '1号楼楼道垃圾没人打扫');
    const b = await makeOrder(s, dispatcher, 'cp-shanghuayuan-b2', 'property-cleaning', '2号楼楼道垃圾堆积没人打扫');
    const other = await makeOrder(s, dispatcher, 'cp-baidengjiayuan-b1', 'property-cleaning', '楼道垃圾没人打扫');

    expectError(await supervisor.post('/api/problems', { title: '', placeId: place('cp-shanghuayuan') }), 400, 'validation', 'title');
    expectError(
      await supervisor.post('/api/problems', { title: 'x', placeId: place('cp-shanghuayuan'), categoryId: 987654 }),
      422,
      'unknown_reference',
      'categoryId',
    );
    const created = await supervisor.post('/api/problems', {
      title: '上华苑楼道保洁长期不到位',
      description: '楼道垃圾没人打扫',
      placeId: place('cp-shanghuayuan'),
      categoryId: category('property-cleaning'),
    });
    expect(created.status).toBe(201);
    const pid = created.body.id as number;

    const cands = await supervisor.get(`/api/problems/${pid}/candidates`);
    expect(cands.status).toBe(200);
    const cids = cands.body.map((c: { id: number }) => c.id);
    expect(cids).toEqual(expect.arrayContaining([a, b]));
    expect(cids).not.toContain(other);

    const linked = await supervisor.post(`/api/problems/${pid}/orders`, { orderIds: [a, b, a] });
    expect(linked.body.added).toBe(2);
    expect(linked.body.problem.orders.map((o: { id: number }) => o.id)).toEqual([a, b]);
    expect((await supervisor.post(`/api/problems/${pid}/orders`, { orderIds: [a] })).body.added).toBe(0);
    expect((await supervisor.get(`/api/problems/${pid}/candidates`)).body.map((c: { id: number }) => c.id)).not.toContain(a);

    // The 白登山 supervisor neither sees the problem nor may link orders to it.
    expectError(await supBds.get(`/api/problems/${pid}`), 404, 'not_found');
    expectError(await supBds.post(`/api/problems/${pid}/orders`, { orderIds: [other] }), 404, 'not_found');
    expectError(await supervisor.post(`/api/problems/${pid}/orders`, { orderIds: [987654] }), 422, 'unknown_reference', 'orderIds');
    expectError(await supervisor.post(`/api/problems/${pid}/orders`, { orderIds: [] }), 400, 'validation');

    expect((await supervisor.request('DELETE', `/api/problems/${pid}/orders/${a}`)).status).toBe(204);
    expectError(await supervisor.request('DELETE', `/api/problems/${pid}/orders/${a}`), 404, 'not_found');
    expect((await supervisor.get(`/api/problems/${pid}`)).body.orders.map((o: { id: number }) => o.id)).toEqual([b]);
    const events = await s.ctx.db
      .selectFrom('supervision_events')
      .select('action')
      .where('entity', '=', 'problem')
      .where('entity_id', '=', pid)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'link_orders', 'link_orders', 'unlink_order']);

    const list = await supervisor.get(`/api/problems?placeId=${place('cp-shanghuayuan')}`);
    expect(list.body.find((p: { id: number }) => p.id === pid).orderCount).toBe(1);
    expect((await supBds.get('/api/problems')).body.map((p: { id: number }) => p.id)).not.toContain(pid);
  });

  it('pulls the historical 不满意 orders into the ledger by compound × category, idempotently', async () => {
    const o1 = await makeOrder(s, dispatcher, 'cp-shanghuayuan-b1', 'property-fees', '物业乱收费');
    const o2 = await makeOrder(s, dispatcher, 'cp-shanghuayuan-b2', 'property-fees', '物业费收费标准不公示');
    const o3 = await makeOrder(s, dispatcher, 'cp-baidengjiayuan-b2', 'property-fees', '公摊费用不清');
    const o4 = await makeOrder(s, dispatcher, 'cp-baidengjiayuan-b2', 'property-fees', '满意的那一件');
    await s.ctx.db.updateTable('work_orders').set({ rating_satisfaction: 'unsatisfied' }).where('id', 'in', [o1, o2, o3]).execute();
    await s.ctx.db.updateTable('work_orders').set({ rating_satisfaction: 'satisfied' }).where('id', '=', o4).execute();
    const period = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };

    expectError(await supervisor.post('/api/problems/pull-unsatisfied', { from: period.to, to: period.from }), 400, 'validation', 'to');
    expectError(await supervisor.post('/api/problems/pull-unsatisfied', { from: 'x', to: period.to }), 400, 'validation', 'from');

    // The street supervisor pulls only their street's.
    const street = await supBds.post('/api/problems/pull-unsatisfied', period);
    expect(street.body).toEqual({ orders: 1, problemsCreated: 1, entriesCreated: 1, ordersLinked: 1 });
    const first = await supervisor.post('/api/problems/pull-unsatisfied', period);
    expect(first.body).toEqual({ orders: 3, problemsCreated: 1, entriesCreated: 1, ordersLinked: 2 });
    const again = await supervisor.post('/api/problems/pull-unsatisfied', period);
    expect(again.body).toEqual({ orders: 3, problemsCreated: 0, entriesCreated: 0, ordersLinked: 0 });

    const entries = await supervisor.get(`/api/ledger?categoryId=${category('property-fees')}`);
    const shy = entries.body.rows.find((e: { placeId: number }) => e.placeId === place('cp-shanghuayuan'));
    expect(shy).toMatchObject({ source: 'unsatisfied', status: 'open', unitId: unit('pc-huayu') });
    const problem = await supervisor.get(`/api/problems/${shy.problemId}`);
    expect(problem.body.orders.map((o: { id: number }) => o.id)).toEqual([o1, o2]);
    // The handler of the company sees the entry and its problem.
    expect((await handlerShy.get(`/api/problems/${shy.problemId}`)).status).toBe(200);
    expectError(await handlerBdwy.get(`/api/problems/${shy.problemId}`), 404, 'not_found');
  });
});

describe('the ledger sheet (Excel)', () => {
  it('exports what you see; imports good rows and reports bad ones row by row without half-importing', async () => {
    const e = await newEntry(supBds, 'cp-baidengjiayuan', 'pc-baideng', '导出测试：消防通道占用');
    const csv = await supBds.get('/api/ledger/export.csv');
    expect(csv.status).toBe(200);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text).toContain('编号,问题描述,地点,问题编号,问题类别,责任单位,责任人,整改措施,整改时限,状态,销号时间');
    expect(text).toContain('导出测试：消防通道占用');
    expect(text).toContain('白登山街道/白登苑社区/白登佳园');
    expect(text).not.toContain('上华苑');

    const before = await count(s, 'ledger_entries');
    // Re-importing the export changes nothing.
    const same = await supBds.post('/api/ledger/import', fileForm(csv.body as Buffer, 'ledger.csv', 'text/csv'));
    expect(same.body).toMatchObject({ imported: 0, errors: [] });
    expect(same.body.skipped).toBe(same.body.total);

    const sheet =
      '编号,问题描述,地点,问题编号,问题类别,责任单位,责任人,整改措施,整改时限,状态\r\n' +
      ',电动车楼道充电,白登山街道/白登苑社区/白登佳园,,保洁不到位,大同白登物业服务有限公司,孙磊,设置集中充电桩,2026-12-01 18:00,待整改\r\n' +
      ',管辖外的小区,上华苑,,,,,,,\r\n' +
      ',时间错,白登佳园,,,不存在的单位,,,明天,已销号\r\n';
    const res = await supBds.post('/api/ledger/import', fileForm(Buffer.from(sheet, 'utf8'), 'new.csv', 'text/csv'));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.imported).toBe(1);
    expect(res.body.errors.map((x: { row: number; column: string }) => [x.row, x.column])).toEqual([
      [3, '地点'],
      [4, '责任单位'],
      [4, '整改时限'],
      [4, '状态'],
    ]);
    expect(await count(s, 'ledger_entries')).toBe(before + 1);
    const imported = await s.ctx.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('title', '=', '电动车楼道充电')
      .executeTakeFirstOrThrow();
    expect(imported).toMatchObject({
      source: 'import',
      unit_id: unit('pc-baideng'),
      responsible_person: '孙磊',
      deadline_at: Date.parse('2026-12-01T10:00:00Z'),
      status: 'open',
    });
    expect(await s.ctx.db.selectFrom('ledger_entries').select('id').where('title', 'in', ['管辖外的小区', '时间错']).execute()).toEqual([]);

    // xlsx round trip: same layout.
    const xlsx = await supBds.get(`/api/ledger/export.xlsx?placeId=${place('cp-baidengjiayuan')}`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(xlsx.body as Buffer).buffer as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe('编号');
    const titles = wb.worksheets[0]!.getColumn(2).values.slice(2);
    expect(titles).toEqual(expect.arrayContaining([e.title, '电动车楼道充电']));
    const back = await supBds.post('/api/ledger/import', fileForm(xlsx.body as Buffer, 'ledger.xlsx', 'application/octet-stream'));
    expect(back.body).toMatchObject({ imported: 0, errors: [] });

    expectError(await supBds.post('/api/ledger/import', { not: 'multipart' }), 415, 'unsupported_media');
  });
});
