/**
 * Open311 service requests: API keys, POST requests (urlencoded and multipart), GET requests with
 * every filter, tokens, the spec's errors for bad input, and the per-key rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { expectError, expectSchema, FORM, form, issueKey, json, mirror, parseXml, PNG, SPEC } from './test-support';

let s: TestServer;
let key: string;
let keyUserId: number;
beforeAll(async () => {
  s = await startTestServer();
  const k = await issueKey(s);
  key = k.key;
  keyUserId = k.userId;
});
afterAll(async () => s?.close());

const LVDI_B5 = { lat: 40.0885, long: 113.3516 }; // 绿地璀璨天城 三期5号楼

async function post(fmt: 'xml' | 'json', fields: Record<string, string | number | string[] | undefined>) {
  return s.anonymous().post(`/open311/v2/requests.${fmt}`, form(fields), FORM);
}

describe('API keys (admin)', () => {
  it('needs a signed-in admin, validates input, shows the key once and revokes it', async () => {
    expect((await s.anonymous().post('/api/admin/api-keys', { name: 'x' })).status).toBe(401);
    const dispatcher = await s.login('dispatcher');
    expect((await dispatcher.post('/api/admin/api-keys', { name: 'x' })).status).toBe(403);
    expect((await dispatcher.get('/api/admin/api-keys')).status).toBe(403);
    const admin = await s.login('admin');
    expect((await admin.post('/api/admin/api-keys', { name: '' })).status).toBe(400);
    expect((await admin.post('/api/admin/api-keys', { name: 'x', channel: 'carrier-pigeon' })).status).toBe(400);

    const made = await admin.post('/api/admin/api-keys', { name: '12345 平台', channel: 'hotline', rateLimitPerMinute: 100 });
    expect(made.status).toBe(201);
    expect(made.body.key).toMatch(/^o311_/);
    expect(made.body).toMatchObject({ channel: 'hotline', rateLimitPerMinute: 100, revokedAt: null });
    const user = await s.ctx.db.selectFrom('users as u').innerJoin('places as p', 'p.id', 'u.place_id').select(['u.role', 'p.level', 'u.active']).where('u.id', '=', made.body.userId).executeTakeFirstOrThrow();
    expect(user).toEqual({ role: 'dispatcher', level: 'district', active: 1 });

    const list = await admin.get('/api/admin/api-keys');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(made.body.key);
    expect(list.body.find((k: any) => k.id === made.body.id).keyPrefix).toBe(made.body.key.slice(0, 9));

    // The key works until revoked; then it is refused with 403.
    const ok = await s.anonymous().post('/open311/v2/requests.json', form({ api_key: made.body.key, service_code: 'power-outage', address_string: '御河嘉园', description: '整栋楼停电' }), FORM);
    expect(ok.status).toBe(200);
    const order = await s.ctx.db.selectFrom('work_orders').select('channel').where('id', '=', Number(ok.body[0].service_request_id)).executeTakeFirstOrThrow();
    expect(order.channel).toBe('hotline');
    const revoked = await admin.request('DELETE', `/api/admin/api-keys/${made.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    await expectError(s, 'POST', '/open311/v2/requests.{fmt}', 403, form({ api_key: made.body.key, service_code: 'power-outage', address_string: '御河嘉园' }));
    expect((await admin.request('DELETE', '/api/admin/api-keys/999999')).status).toBe(404);
  });
});

describe('POST requests', () => {
  it('files a work order on channel open311 through the normal lifecycle, placed by lat/long', async () => {
    const res = await post('json', {
      api_key: key,
      service_code: 'heating-leak',
      ...LVDI_B5,
      description: '三期5号楼楼道暖气管漏水，地面结冰\n请尽快处理',
      email: 'wang@example.cn',
      first_name: '大姐',
      last_name: '王',
      phone: '13400000001',
      device_id: 'dev-1',
      account_id: 'acct-9',
      'attribute[leak_location]': 'stairwell',
      'attribute[found_at]': '2026-11-16T07:30:00+08:00',
      'attribute[door_no]': '5-2-301',
      'attribute[report_url]': 'https://fms.example/report/1', // FixMyStreet's own: ignored
    });
    expect(res.status).toBe(200);
    const body = json(res);
    expectSchema(SPEC.postRequest, body);
    expect(body[0].account_id).toBe('acct-9');
    expect(body[0]).not.toHaveProperty('token');
    const id = Number(body[0].service_request_id);

    const o = await s.ctx.db.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(o).toMatchObject({ channel: 'open311', status: 'received', received_by: keyUserId, reporter_user_id: null, caller_name: '王大姐', caller_phone: '13400000001', lat: LVDI_B5.lat, lng: LVDI_B5.long });
    expect(o.place_id).toBe(s.ids.places.get('cp-lvdi-b5'));
    expect(o.compound_id).toBe(s.ids.places.get('cp-lvdi'));
    expect(o.title).toBe('三期5号楼楼道暖气管漏水，地面结冰');
    expect(JSON.parse(o.attributes_json!)).toEqual({ leak_location: 'stairwell', found_at: '2026-11-16T07:30:00+08:00', door_no: '5-2-301' });
    const events = await s.ctx.db.selectFrom('order_events').select(['action', 'actor_id']).where('order_id', '=', id).execute();
    expect(events).toEqual([{ action: 'create', actor_id: keyUserId }]);
    const outbox = await s.ctx.db.selectFrom('outbox').select('topic').where('order_id', '=', id).execute();
    expect(outbox.map((r) => r.topic)).toEqual(['order.create']);

    // The staff console sees it like any other order, and can dispatch it (deadlines start then).
    const dispatcher = await s.login('dispatcher');
    const detail = await dispatcher.get(`/api/work-orders/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.channel).toBe('open311');
    const d = await dispatcher.post(`/api/work-orders/${id}/dispatch`, { version: detail.body.version, leadUnitId: s.ids.units.get('heat-datong') });
    expect(d.status).toBe(200);
    expect(d.body.resolutionDueAt).toBeTruthy();
  });

  it('answers XML with one request carrying service_request_id, notice and account_id', async () => {
    const res = await post('xml', { api_key: key, service_code: 'power-trip', address_string: '绿地璀璨天城 四期9号楼', 'attribute[affected_facilities][]': ['elevator', 'water_pump'] });
    expect(res.status).toBe(200);
    const x = parseXml(res);
    const r = x.service_requests.request;
    expect(r).toHaveLength(1);
    expect(Object.keys(r[0])).toEqual(['service_request_id', 'service_notice', 'account_id']);
    expect(r[0].account_id).toBe('');
    const o = await s.ctx.db.selectFrom('work_orders').selectAll().where('id', '=', Number(r[0].service_request_id)).executeTakeFirstOrThrow();
    expect(r[0].service_notice).toContain(o.number);
    expect(o.place_id).toBe(s.ids.places.get('cp-lvdi-b9'));
    expect(o.address).toBe('绿地璀璨天城 四期9号楼');
    expect(JSON.parse(o.attributes_json!)).toEqual({ affected_facilities: ['elevator', 'water_pump'] });
  });

  it('accepts multipart/form-data with a media file, served back through media_url', async () => {
    const fd = new FormData();
    fd.set('api_key', key);
    fd.set('service_code', 'parking-ebike-charging');
    fd.set('lat', '40.0885');
    fd.set('long', '113.3522');
    fd.set('description', '充电桩损坏');
    fd.set('attribute[shed_location]', '6号楼北侧');
    fd.set('media', new Blob([PNG], { type: 'image/png' }), 'photo.png');
    const res = await s.anonymous().post('/open311/v2/requests.json', fd);
    expect(res.status).toBe(200);
    const id = res.body[0].service_request_id;
    const att = await s.ctx.db.selectFrom('attachments').selectAll().where('order_id', '=', Number(id)).execute();
    expect(att).toHaveLength(1);
    expect(att[0]).toMatchObject({ mime: 'image/png', uploader_id: keyUserId, phase: 'before', original_name: 'photo.png' });

    const got = json(await s.anonymous().get(`/open311/v2/requests/${id}.json`));
    expect(got[0].media_url).toBe(`${s.url}/open311/v2/media/${att[0]!.id}`);
    const media = await fetch(got[0].media_url);
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await media.arrayBuffer()).equals(PNG)).toBe(true);

    const notImage = new FormData();
    notImage.set('api_key', key);
    notImage.set('service_code', 'power-outage');
    notImage.set('address_string', '御河嘉园');
    notImage.set('media', new Blob([Buffer.from('hello')], { type: 'image/png' }), 'x.png');
    const bad = await s.anonymous().post('/open311/v2/requests.xml', notImage);
    expect(bad.status).toBe(400);
    expect(parseXml(bad).errors.error[0].description).toContain('media');
  });

  it('places by address_string, and sends what it cannot place to the district root', async () => {
    const place = async (fields: Record<string, string | number>) => {
      const r = await post('json', { api_key: key, service_code: 'noise-neighbour', ...fields });
      expect(r.status).toBe(200);
      return (await s.ctx.db.selectFrom('work_orders').select('place_id').where('id', '=', Number(r.body[0].service_request_id)).executeTakeFirstOrThrow()).place_id;
    };
    expect(await place({ address_string: '平城区 天香蓝郡 3号楼 2单元' })).toBe(s.ids.places.get('cp-tianxianglanjun-b3'));
    expect(await place({ address_string: '鹿鸣社区' })).toBe(s.ids.places.get('c-luming'));
    expect(await place({ address_string: '3号楼' })).toBe(s.ids.places.get('pingcheng')); // which compound's?
    expect(await place({ address_string: 'somewhere else entirely' })).toBe(s.ids.places.get('pingcheng'));
    expect(await place({ lat: 31.23, long: 121.47 })).toBe(s.ids.places.get('pingcheng')); // Shanghai
    expect(await place({ address_id: String(s.ids.places.get('cp-jinhuwan-b2')) })).toBe(s.ids.places.get('cp-jinhuwan-b2'));
  });

  it('answers the spec’s errors for bad input, never 500', async () => {
    const p = '/open311/v2/requests.{fmt}';
    await expectError(s, 'POST', p, 403, form({ service_code: 'power-outage', ...LVDI_B5 }));
    await expectError(s, 'POST', p, 403, form({ api_key: 'o311_nope', service_code: 'power-outage', ...LVDI_B5 }));
    await expectError(s, 'POST', p, 403); // no body at all
    await expectError(s, 'POST', p, 400, form({ api_key: key, ...LVDI_B5 })); // missing service_code
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: '', ...LVDI_B5 })); // empty = absent
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: 'power-outage', description: '没有位置' })); // no location
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: 'power-outage', lat: 40.08 })); // lat without long
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: 'power-outage', lat: 'north', long: 113.3 }));
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: 'power-outage', lat: 95, long: 113.3 }));
    await expectError(s, 'POST', p, 404, form({ api_key: key, service_code: 'no-such-service', ...LVDI_B5 })); // unknown service
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: 'power-outage', ...LVDI_B5, description: '长'.repeat(4001) }));
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: 'heating-leak', ...LVDI_B5 })); // required attribute missing
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: 'heating-leak', ...LVDI_B5, 'attribute[leak_location]': 'ceiling' }));
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: 'heating-cold', ...LVDI_B5, 'attribute[indoor_temp]': 'cold' }));
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: 'heating-leak', ...LVDI_B5, 'attribute[leak_location]': 'indoor', 'attribute[found_at]': 'yesterday' }));
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: 'power-outage', ...LVDI_B5, media_url: 'javascript:alert(1)' }));
    await expectError(s, 'POST', p, 400, form({ api_key: key, service_code: 'power-outage', ...LVDI_B5, description: 'a\u0000b' }));
    await expectError(s, 'POST', p, 400, 'api_key=x', 'text/plain');
    // Exactly 4000 characters (code points, not UTF-16 units) is allowed.
    const ok = await post('json', { api_key: key, service_code: 'power-outage', ...LVDI_B5, description: '𠮷'.repeat(4000) });
    expect(ok.status).toBe(200);
    const filed = await s.ctx.db.selectFrom('work_orders').select('description').where('id', '=', Number(ok.body[0].service_request_id)).executeTakeFirstOrThrow();
    expect([...filed.description]).toHaveLength(4000);
  });

  it('rate-limits each key per minute (429), and the limit resets the next minute', async () => {
    const limited = await issueKey(s, { name: 'slow client', rateLimitPerMinute: 3 });
    const fields = { api_key: limited.key, service_code: 'power-outage', ...LVDI_B5 };
    for (let i = 0; i < 3; i++) expect((await post('json', fields)).status).toBe(200);
    const over = await post('xml', fields);
    expect(over.status).toBe(429);
    expect(parseXml(over).errors.error[0].code).toBe('429');
    // Another key is not affected.
    expect((await post('json', { ...fields, api_key: key })).status).toBe(200);
    s.clock.advance(60_000);
    expect((await post('json', fields)).status).toBe(200);
  });
});

describe('GET requests', () => {
  const get = async (query: string) => {
    const res = await s.anonymous().get(`/open311/v2/requests.json${query}`);
    expect(res.status, query).toBe(200);
    const body = json(res);
    expectSchema(SPEC.requests, body);
    return body as any[];
  };

  it('emits every documented field, in JSON and in XML alike', async () => {
    const created = await post('json', { api_key: key, service_code: 'water-quality', address_string: '文瀛苑 7号楼', description: '自来水发黄' });
    const id = created.body[0].service_request_id;
    const [r] = await get(`?service_request_id=${id}`);
    expect(r).toMatchObject({ service_request_id: id, status: 'open', service_code: 'water-quality', service_name: '水质异常', description: '自来水发黄', address: '文瀛苑 7号楼', agency_responsible: '', expected_datetime: '', zipcode: '', media_url: '' });
    expect(r.address_id).toBe(String(s.ids.places.get('cp-wenyingyuan-b7')));
    expect(r.lat).toBeCloseTo(40.0803);
    expect(r.requested_datetime).toBe(new Date(s.clock.now()).toISOString().replace('.000Z', 'Z'));
    const x = parseXml(await s.anonymous().get(`/open311/v2/requests.xml?service_request_id=${id}`));
    expect(x).toEqual({ service_requests: mirror('service_requests', [r]) });
    const one = await s.anonymous().get(`/open311/v2/requests/${id}.xml`);
    expect(parseXml(one)).toEqual(x);
    await expectError(s, 'GET', '/open311/v2/requests/99999999.{fmt}', 404);
    await expectError(s, 'GET', '/open311/v2/requests/abc.{fmt}', 404);
  });

  it('filters by ids, service_code, status, dates, updated_after/before, and pages', async () => {
    // Three orders a day apart, one of them closed by the desk.
    const base = s.clock.now();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      s.clock.set(Date.parse('2026-10-01T02:00:00Z') + i * 24 * 3600_000);
      const r = await post('json', { api_key: key, service_code: i === 2 ? 'greenery-bare' : 'greenery-damage', address_string: '白登佳园', description: `绿化 ${i}` });
      ids.push(r.body[0].service_request_id);
    }
    s.clock.set(Date.parse('2026-10-05T00:00:00Z'));
    const dispatcher = await s.login('dispatcher');
    const o = await dispatcher.get(`/api/work-orders/${ids[0]}`);
    expect((await dispatcher.post(`/api/work-orders/${ids[0]}/answer-directly`, { version: o.body.version, reply: '已补种' })).status).toBe(200);
    s.clock.set(base);

    const window = '&start_date=2026-09-30T00:00:00Z&end_date=2026-10-04T00:00:00%2B08:00';
    expect((await get(`?service_code=greenery-damage,greenery-bare${window}`)).map((r) => r.service_request_id)).toEqual([ids[2], ids[1], ids[0]]);
    expect((await get(`?service_code=greenery-damage${window}`)).map((r) => r.service_request_id)).toEqual([ids[1], ids[0]]);
    expect((await get(`?service_code=greenery-damage&service_code=greenery-bare${window}`)).length).toBe(3);
    expect((await get(`?service_code=greenery-damage,greenery-bare&status=closed${window}`)).map((r) => [r.service_request_id, r.status])).toEqual([[ids[0], 'closed']]);
    expect((await get(`?service_code=greenery-damage,greenery-bare&status=open${window}`)).map((r) => r.service_request_id)).toEqual([ids[2], ids[1]]);
    expect((await get(`?service_code=greenery-damage,greenery-bare&status=open,closed${window}`)).length).toBe(3);
    // start/end on requested time (a space where '+' was not escaped is accepted).
    expect((await get('?service_code=greenery-damage,greenery-bare&start_date=2026-10-02T00:00:00Z&end_date=2026-10-02T23:59:59Z')).map((r) => r.service_request_id)).toEqual([ids[1]]);
    expect((await get('?service_code=greenery-damage,greenery-bare&start_date=2026-10-02T08:00:00 08:00&end_date=2026-10-03T07:59:59 08:00')).map((r) => r.service_request_id)).toEqual([ids[1]]);
    // The default window is the last 90 days: these October orders are within it (now is 16 November).
    expect((await get('?service_code=greenery-damage,greenery-bare')).length).toBe(3);
    // service_request_id overrides every other argument.
    expect((await get(`?service_request_id=${ids[2]},${ids[0]},999999&status=open&service_code=power-outage&start_date=2020-01-01T00:00:00Z&end_date=2020-01-02T00:00:00Z`)).map((r) => r.service_request_id).sort()).toEqual([ids[0], ids[2]].sort());
    // updated_after/updated_before on the last change (the closed one changed on 5 October).
    expect((await get('?service_code=greenery-damage,greenery-bare&updated_after=2026-10-04T00:00:00Z')).map((r) => r.service_request_id)).toEqual([ids[0]]);
    expect((await get('?service_code=greenery-damage,greenery-bare&updated_before=2026-10-04T00:00:00Z')).map((r) => r.service_request_id)).toEqual([ids[2], ids[1]]);
    // Pages.
    const p1 = await get(`?service_code=greenery-damage,greenery-bare&page_size=2${window}`);
    const p2 = await get(`?service_code=greenery-damage,greenery-bare&page_size=2&page=2${window}`);
    expect([...p1, ...p2].map((r) => r.service_request_id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(await get(`?service_code=greenery-damage,greenery-bare&page_size=2&page=3${window}`)).toEqual([]);
  });

  it('answers 400 for bad dates, a range over 90 days and bad arguments; 404 for an unknown service', async () => {
    const p = (q: string) => `/open311/v2/requests.{fmt}?${q}`;
    await expectError(s, 'GET', p('start_date=yesterday'), 400);
    await expectError(s, 'GET', p('end_date=2026-13-01T00:00:00Z'), 400);
    await expectError(s, 'GET', p('start_date=2026-02-30T00:00:00Z'), 400);
    await expectError(s, 'GET', p('start_date=2026-01-01T00:00:00'), 400); // no zone
    await expectError(s, 'GET', p('start_date=2026-01-01T00:00:00Z&end_date=2026-05-01T00:00:00Z'), 400); // 120 days
    await expectError(s, 'GET', p('start_date=2026-05-01T00:00:00Z&end_date=2026-01-01T00:00:00Z'), 400);
    await expectError(s, 'GET', p('updated_after=soon'), 400);
    await expectError(s, 'GET', p('status=pending'), 400);
    await expectError(s, 'GET', p('page=0'), 400);
    await expectError(s, 'GET', p('page_size=5000'), 400);
    await expectError(s, 'GET', p('service_request_id=abc'), 400);
    await expectError(s, 'GET', p('service_code=no-such-service'), 404);
    // 90 days exactly is fine; an empty optional argument is the same as none.
    expect((await s.anonymous().get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:00Z&status=&service_code=')).status).toBe(200);
  });
});

describe('GET tokens/{token}', () => {
  it('gives the request a token stands for; 404 for an unknown token', async () => {
    const r = await post('json', { api_key: key, service_code: 'power-meter', address_string: '锦湖湾' });
    const id = r.body[0].service_request_id;
    const { token } = await s.ctx.db.selectFrom('open311_requests').select('token').where('order_id', '=', Number(id)).executeTakeFirstOrThrow();
    const j = json(await s.anonymous().get(`/open311/v2/tokens/${token}.json`));
    expectSchema(SPEC.token, j);
    expect(j).toEqual([{ service_request_id: id, token }]);
    expect(parseXml(await s.anonymous().get(`/open311/v2/tokens/${token}.xml`))).toEqual({ service_requests: { request: [{ service_request_id: id, token }] } });
    await expectError(s, 'GET', '/open311/v2/tokens/nope.{fmt}', 404);
  });
});
