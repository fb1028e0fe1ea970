/**
 * Bad input of every kind answers 4xx with the one error shape and a stable code and field — never
 * a 500 — on both engines, through real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type Response, type TestServer } from '../test/harness';

let s: TestServer;
let dispatcher: Client;
let resident: Client;
let handler: Client;
/** A received order (not dispatched) and one dispatched to 华宇物业 (handler.shy). */
let received: { id: number; version: number };
let dispatched: { id: number; version: number };

const cat = (code: string) => s.ids.categories.get(code)!;
const place = (key: string) => s.ids.places.get(key)!;
const unit = (key: string) => s.ids.units.get(key)!;

/** A body POST /api/work-orders accepts, to break one thing at a time. */
const good = () => ({ title: '2号楼楼道灯不亮', description: '晚上楼道很黑', categoryId: cat('property-cleaning'), placeId: place('cp-shanghuayuan-b2') });

/** Asserts the one error shape with exactly this status, code and field (undefined: no field). */
function expectError(r: Response, status: number, code: string, field: string | undefined) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(Object.keys(r.body)).toEqual(['error']);
  const e = r.body.error;
  expect(e.code).toBe(code);
  expect(e.field).toBe(field);
  expect(typeof e.message_zh).toBe('string');
  expect(typeof e.message_en).toBe('string');
  expect(e.message).toBe(`${e.message_zh} / ${e.message_en}`);
  expect(e.message_zh).toMatch(/[\u4e00-\u9fff]/);
  expect(e.message_en).not.toMatch(/[\u4e00-\u9fff]/);
}

beforeAll(async () => {
  s = await startTestServer();
  dispatcher = await s.login('dispatcher');
  resident = await s.login('resident.shy');
  handler = await s.login('handler.shy');
  let r = await dispatcher.post('/api/work-orders', good());
  expect(r.status).toBe(201);
  received = { id: r.body.id, version: r.body.version };
  r = await dispatcher.post('/api/work-orders', good());
  r = await dispatcher.post(`/api/work-orders/${r.body.id}/dispatch`, { version: r.body.version, leadUnitId: unit('pc-huayu') });
  expect(r.status).toBe(200);
  dispatched = { id: r.body.id, version: r.body.version };
});
afterAll(async () => s?.close());

describe('creating an order', () => {
  it('names the first missing required field', async () => {
    expectError(await dispatcher.post('/api/work-orders', {}), 400, 'validation', 'title');
    const { title, ...noTitle } = good();
    expect(title).toBeTruthy();
    expectError(await dispatcher.post('/api/work-orders', noTitle), 400, 'validation', 'title');
    const { placeId: _p, ...noPlace } = good();
    expectError(await dispatcher.post('/api/work-orders', noPlace), 400, 'validation', 'placeId');
  });

  it('refuses wrong types', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 12345 }, 'title'],
      [{ description: ['a'] }, 'description'],
      [{ categoryId: 'abc' }, 'categoryId'],
      [{ categoryId: '12' }, 'categoryId'],
      [{ categoryId: 1.5 }, 'categoryId'],
      [{ placeId: -3 }, 'placeId'],
      [{ placeId: 2 ** 53 }, 'placeId'],
      [{ anonymous: 'yes' }, 'anonymous'],
      [{ lat: 91 }, 'lat'],
      [{ lng: 'east' }, 'lng'],
      [{ callerPhone: 'call me' }, 'callerPhone'],
      [{ attachmentIds: 'x' }, 'attachmentIds'],
      [{ attachmentIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, 'attachmentIds'],
      [{ attributes: 'indoor' }, 'attributes'],
    ];
    for (const [patch, field] of cases) {
      expectError(await dispatcher.post('/api/work-orders', { ...good(), ...patch }), 400, 'validation', field);
    }
  });

  it('refuses numbers JSON cannot hold as integers', async () => {
    const body = JSON.stringify(good()).replace(/"categoryId":\d+/, '"categoryId":1e400');
    expectError(await dispatcher.post('/api/work-orders', body), 400, 'validation', 'categoryId');
  });

  it('answers 422 unknown_reference naming the field for ids that do not exist', async () => {
    expectError(await dispatcher.post('/api/work-orders', { ...good(), categoryId: 999999 }), 422, 'unknown_reference', 'categoryId');
    expectError(await dispatcher.post('/api/work-orders', { ...good(), placeId: 999999 }), 422, 'unknown_reference', 'placeId');
    expectError(await dispatcher.post('/api/work-orders', { ...good(), placeId: 2 ** 53 - 1 }), 422, 'unknown_reference', 'placeId');
    expectError(await dispatcher.post('/api/work-orders', { ...good(), attachmentIds: [999999] }), 422, 'unknown_reference', 'attachmentIds');
  });

  it('refuses oversize and undersize text, and accepts the limits exactly', async () => {
    expectError(await dispatcher.post('/api/work-orders', { ...good(), title: '楼'.repeat(101) }), 400, 'validation', 'title');
    expectError(await dispatcher.post('/api/work-orders', { ...good(), title: '楼' }), 400, 'validation', 'title');
    expectError(await dispatcher.post('/api/work-orders', { ...good(), description: '漏'.repeat(4001) }), 400, 'validation', 'description');
    expectError(await dispatcher.post('/api/work-orders', { ...good(), address: 'a'.repeat(201) }), 400, 'validation', 'address');
    expectError(await dispatcher.post('/api/work-orders', { ...good(), callerName: '名'.repeat(51) }), 400, 'validation', 'callerName');
    const ok = await dispatcher.post('/api/work-orders', { ...good(), title: '楼'.repeat(100), description: '漏'.repeat(4000) });
    expect(ok.status).toBe(201);
    expect(ok.body.title).toBe('楼'.repeat(100));
    expect(ok.body.description).toHaveLength(4000);
  });

  it('refuses text holding a NUL character on both engines', async () => {
    expectError(await dispatcher.post('/api/work-orders', { ...good(), title: '楼道\u0000灯' }), 400, 'validation', 'title');
    expectError(await dispatcher.post('/api/work-orders', { ...good(), attributes: { x: 'a\u0000' } }), 400, 'validation', 'attributes.x');
    expectError(await dispatcher.get('/api/work-orders?q=%00'), 400, 'validation', 'q');
  });

  it('refuses bad enum values and says which values are allowed', async () => {
    let r = await dispatcher.post('/api/work-orders', { ...good(), priority: 'high' });
    expectError(r, 400, 'validation', 'priority');
    expect(r.body.error.message_en).toContain('normal, urgent, emergency');
    r = await dispatcher.post('/api/work-orders', { ...good(), channel: 'fax' });
    expectError(r, 400, 'validation', 'channel');
    expect(r.body.error.message_en).toContain('hotline');
  });

  it('answers malformed JSON, an empty body and a JSON non-object with 400', async () => {
    expectError(await dispatcher.post('/api/work-orders', '{"title": "楼道'), 400, 'malformed_json', 'body');
    expectError(await dispatcher.post('/api/work-orders', '{"title": "a",}'), 400, 'malformed_json', 'body');
    expectError(await dispatcher.post('/api/work-orders', ''), 400, 'malformed_json', 'body');
    expectError(await dispatcher.post('/api/work-orders', 'null'), 400, 'validation', 'body');
    expectError(await dispatcher.post('/api/work-orders', '[1,2]'), 400, 'validation', 'body');
    expectError(await dispatcher.post('/api/work-orders', '"楼道灯"'), 400, 'validation', 'body');
    expectError(await dispatcher.post('/api/work-orders', '{"__proto__": {"admin": true}}'), 400, 'malformed_json', 'body');
    expectError(await dispatcher.request('POST', '/api/work-orders'), 400, 'validation', 'body');
  });

  it('answers a body that is not JSON with 415', async () => {
    const text = JSON.stringify(good());
    expectError(await dispatcher.post('/api/work-orders', text, { 'content-type': 'text/plain' }), 415, 'unsupported_media', 'content-type');
    expectError(await dispatcher.post('/api/work-orders', '<order/>', { 'content-type': 'application/xml' }), 415, 'unsupported_media', 'content-type');
    expectError(await dispatcher.post('/api/work-orders', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media', 'content-type');
  });

  it('answers a body over the 1 MB limit with 413', async () => {
    const big = JSON.stringify({ ...good(), description: 'x'.repeat(1100 * 1024) });
    expectError(await dispatcher.post('/api/work-orders', big), 413, 'payload_too_large', 'body');
  });

  it('refuses an over-long Idempotency-Key', async () => {
    expectError(await dispatcher.post('/api/work-orders', good(), { 'idempotency-key': 'k'.repeat(129) }), 400, 'validation', 'idempotency-key');
  });

  it('wrote no order for any of the refused requests', async () => {
    const n = await s.ctx.db.selectFrom('work_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3); // the two fixtures and the one at the exact limits
  });
});

describe('extra questions of a category', () => {
  const leak = () => ({ ...good(), categoryId: cat('heating-leak'), placeId: place('cp-hailixiyuan-s36') });

  it('requires the required ones', async () => {
    expectError(await dispatcher.post('/api/work-orders', leak()), 400, 'validation', 'attributes.leak_location');
    expectError(await dispatcher.post('/api/work-orders', { ...leak(), attributes: { leak_location: '' } }), 400, 'validation', 'attributes.leak_location');
    expectError(await dispatcher.post('/api/work-orders', { ...leak(), attributes: { leak_location: null } }), 400, 'validation', 'attributes.leak_location');
  });

  it('refuses a value not in the list, a wrong datatype and unknown questions', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['heating-leak', { leak_location: 'roof' }, 'attributes.leak_location'],
      ['heating-leak', { leak_location: ['indoor'] }, 'attributes.leak_location'],
      ['heating-leak', { leak_location: 'indoor', found_at: 'yesterday' }, 'attributes.found_at'],
      ['heating-leak', { leak_location: 'indoor', colour: 'red' }, 'attributes.colour'],
      ['heating-cold', { indoor_temp: '16' }, 'attributes.indoor_temp'],
      ['heating-cold', { indoor_temp: true }, 'attributes.indoor_temp'],
      ['power-trip', { affected_facilities: 'lighting' }, 'attributes.affected_facilities'],
      ['power-trip', { affected_facilities: ['lighting', 'sauna'] }, 'attributes.affected_facilities'],
      ['power-trip', { affected_facilities: [1] }, 'attributes.affected_facilities'],
      ['elevator-fault', { elevator_no: 'E'.repeat(201) }, 'attributes.elevator_no'],
      ['elevator-fault', { elevator_no: 7 }, 'attributes.elevator_no'],
      ['property-office-missing', { details: { text: 'x' } }, 'attributes.details'],
      ['property-cleaning', { anything: 'x' }, 'attributes.anything'],
    ];
    for (const [code, attributes, field] of cases) {
      expectError(await dispatcher.post('/api/work-orders', { ...good(), categoryId: cat(code), attributes }), 400, 'validation', field);
    }
  });

  it('keeps well-typed answers', async () => {
    const r = await dispatcher.post('/api/work-orders', {
      ...leak(),
      attributes: { leak_location: 'pipe_well', affects_business: 'yes', found_at: '2026-11-15T22:30:00+08:00' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.attributes).toEqual({ leak_location: 'pipe_well', affects_business: 'yes', found_at: '2026-11-15T22:30:00+08:00' });
    const t = await dispatcher.post('/api/work-orders', { ...good(), categoryId: cat('power-trip'), attributes: { affected_facilities: ['lighting', 'elevator'] } });
    expect(t.status).toBe(201);
    expect(t.body.attributes).toEqual({ affected_facilities: ['lighting', 'elevator'] });
  });
});

describe('list query parameters', () => {
  it('refuses bad paging, dates, enums and flags with the parameter as field', async () => {
    const cases: [string, string][] = [
      ['page=0', 'page'],
      ['page=-1', 'page'],
      ['page=abc', 'page'],
      ['page=1.5', 'page'],
      ['page=1&page=2', 'page'],
      ['pageSize=1000', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['from=not-a-date', 'from'],
      ['to=2026-13-45T00:00:00Z', 'to'],
      ['from=2026-11-16', 'from'],
      ['from=2026-06-30T23:59:60Z', 'from'],
      ['status=received,flying', 'status'],
      ['status=', 'status'],
      ['status=,', 'status'],
      ['status= , ', 'status'],
      ['channel=fax', 'channel'],
      ['priority=high', 'priority'],
      ['sort=title', 'sort'],
      ['overdue=maybe', 'overdue'],
      ['categoryId=abc', 'categoryId'],
      ['placeId=0', 'placeId'],
      ['unitId=1e400', 'unitId'],
      ['q=', 'q'],
      [`q=${'字'.repeat(101)}`, 'q'],
    ];
    for (const [qs, field] of cases) {
      const r = await dispatcher.get(`/api/work-orders?${encodeURI(qs)}`);
      expect(r.status, qs).toBe(400);
      expectError(r, 400, 'validation', field);
    }
  });

  it('answers an unknown place with 422 and an unknown category with an empty page', async () => {
    expectError(await dispatcher.get('/api/work-orders?placeId=999999'), 422, 'unknown_reference', 'placeId');
    const r = await dispatcher.get('/api/work-orders?categoryId=999999');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ items: [], total: 0, totalCapped: false, page: 1, pageSize: 20 });
  });

  it('accepts the limits exactly', async () => {
    const r = await dispatcher.get('/api/work-orders?page=100000&pageSize=200&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00%2B08:00&overdue=false');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ items: [], page: 100000, pageSize: 200 });
  });
});

describe('path ids', () => {
  it('refuses ids that are not positive safe integers', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '1e3', '0x10', '99999999999999999999', '9007199254740992', '%E4%B8%AD']) {
      expectError(await dispatcher.get(`/api/work-orders/${id}`), 400, 'validation', 'id');
      expectError(await dispatcher.post(`/api/work-orders/${id}/urge`, { version: 1 }), 400, 'validation', 'id');
      expectError(await dispatcher.get(`/api/attachments/${id}`), 400, 'validation', 'id');
    }
  });

  it('answers a badly percent-encoded path with 400 in the error shape', async () => {
    expectError(await dispatcher.get('/api/work-orders/%E4%B8'), 400, 'bad_request', 'url');
    expectError(await dispatcher.get('/api/work-orders/%ZZ/accept'), 400, 'bad_request', 'url');
  });

  it('answers 404 for a well-formed id that does not exist', async () => {
    for (const id of ['999999', '9007199254740991']) {
      expectError(await dispatcher.get(`/api/work-orders/${id}`), 404, 'not_found', 'id');
      expectError(await dispatcher.post(`/api/work-orders/${id}/urge`, { version: 1 }), 404, 'not_found', 'id');
      expectError(await dispatcher.get(`/api/attachments/${id}`), 404, 'not_found', 'id');
    }
  });

  it('accepts a leading-zero-free decimal id', async () => {
    const r = await dispatcher.get(`/api/work-orders/${received.id}`);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(received.id);
  });
});

describe('action bodies', () => {
  it('refuses missing, wrong-typed and out-of-range fields', async () => {
    const id = dispatched.id;
    const cases: [string, unknown, string][] = [
      ['accept', {}, 'version'],
      ['accept', { version: '1' }, 'version'],
      ['accept', { version: 0 }, 'version'],
      ['accept', { version: 2, note: 'n'.repeat(2001) }, 'note'],
      ['request-return', { version: 2, reason: 'bored', note: '不是我们的' }, 'reason'],
      ['request-return', { version: 2, reason: 'wrong_place' }, 'note'],
      ['request-extension', { version: 2, until: 'tomorrow', reason: '材料' }, 'until'],
      ['request-extension', { version: 2, until: '2026-12-31T23:59:60Z', reason: '材料' }, 'until'],
      ['reply', { version: 2, text: '' }, 'text'],
      ['reply', { version: 2, text: '好', attachmentIds: [0] }, 'attachmentIds.0'],
      ['rate', { version: 2, resolution: 'meh', satisfaction: 'satisfied' }, 'resolution'],
      ['transfer', { version: 2, leadUnitId: 'pc', note: '转' }, 'leadUnitId'],
      ['merge', { version: 2 }, 'targetId'],
      ['comment', { text: '好', public: 'yes' }, 'public'],
    ];
    for (const [action, body, field] of cases) {
      const r = await dispatcher.post(`/api/work-orders/${id}/${action}`, body);
      expectError(r, 400, 'validation', field);
    }
  });

  it('answers unknown units and orders with 422 naming the field', async () => {
    const r0 = await dispatcher.post('/api/work-orders', good());
    const o = r0.body;
    expectError(await dispatcher.post(`/api/work-orders/${o.id}/dispatch`, { version: o.version, leadUnitId: 999999 }), 422, 'unknown_reference', 'leadUnitId');
    expectError(
      await dispatcher.post(`/api/work-orders/${o.id}/dispatch`, { version: o.version, leadUnitId: unit('pc-huayu'), coUnitIds: [999999] }),
      422,
      'unknown_reference',
      'coUnitIds',
    );
    expectError(
      await dispatcher.post(`/api/work-orders/${o.id}/dispatch`, { version: o.version, leadUnitId: unit('pc-huayu'), coUnitIds: [unit('pc-huayu')] }),
      400,
      'validation',
      'coUnitIds',
    );
    expectError(await dispatcher.post(`/api/work-orders/${o.id}/merge`, { version: o.version, targetId: 999999 }), 422, 'unknown_reference', 'targetId');
    expectError(await dispatcher.post(`/api/work-orders/${o.id}/merge`, { version: o.version, targetId: o.id }), 400, 'validation', 'targetId');
    const row = await s.ctx.db.selectFrom('work_orders').select(['status', 'version']).where('id', '=', o.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'received', version: 1 });
  });
});

describe('the lifecycle', () => {
  it('answers an illegal transition with 409 illegal_transition', async () => {
    expectError(await dispatcher.post(`/api/work-orders/${received.id}/close`, { version: received.version }), 409, 'illegal_transition', undefined);
    expectError(await dispatcher.post(`/api/work-orders/${dispatched.id}/dispatch`, { version: dispatched.version, leadUnitId: unit('pc-huayu') }), 409, 'illegal_transition', undefined);
    expectError(await handler.post(`/api/work-orders/${dispatched.id}/reply`, { version: dispatched.version, text: '已处理' }), 409, 'illegal_transition', undefined);
  });

  it('answers a stale version with 409 version_conflict on the version field', async () => {
    expectError(await handler.post(`/api/work-orders/${dispatched.id}/accept`, { version: dispatched.version - 1 }), 409, 'version_conflict', 'version');
    expectError(await handler.post(`/api/work-orders/${dispatched.id}/accept`, { version: 2 ** 40 }), 409, 'version_conflict', 'version');
  });

  it('answers an action the role may not take with 403', async () => {
    const own = await resident.post('/api/work-orders', { ...good(), placeId: place('cp-shanghuayuan-b2') });
    expect(own.status).toBe(201);
    expectError(await resident.post(`/api/work-orders/${own.body.id}/dispatch`, { version: 1, leadUnitId: unit('pc-huayu') }), 403, 'forbidden', undefined);
  });
});

describe('routes and sign-in', () => {
  it('answers unknown routes and methods with 404 route_not_found', async () => {
    expectError(await dispatcher.get('/api/nope'), 404, 'route_not_found', undefined);
    expectError(await dispatcher.post(`/api/work-orders/${received.id}/fly`, { version: 1 }), 404, 'route_not_found', undefined);
    expectError(await dispatcher.request('DELETE', `/api/work-orders/${received.id}`), 404, 'route_not_found', undefined);
    expectError(await s.anonymous().get('/api/nope'), 404, 'route_not_found', undefined);
  });

  it('answers an anonymous caller with 401', async () => {
    expectError(await s.anonymous().get('/api/work-orders'), 401, 'unauthenticated', undefined);
    expectError(await s.anonymous().get(`/api/work-orders/${received.id}`), 401, 'unauthenticated', undefined);
    expectError(await s.anonymous().post('/api/work-orders', good()), 401, 'unauthenticated', undefined);
  });
});
