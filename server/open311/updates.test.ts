/**
 * The round trip an Open311 client sees, and FixMyStreet's update extension: GET and POST
 * servicerequestupdates with the extended statuses mapped both ways onto our lifecycle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { expectError, expectSchema, FORM, form, issueKey, json, mirror, parseXml, SPEC } from './test-support';
import { extendedStatusOf, extendedStatusOfEvent, openClosedOf, parsePostedStatus } from './status-map';
import { STATUSES } from '../../common/lifecycle';

let s: TestServer;
let key: string;
beforeAll(async () => {
  s = await startTestServer();
  key = (await issueKey(s, { name: 'FixMyStreet' })).key;
});
afterAll(async () => s?.close());

async function file(fields: Record<string, string>) {
  const r = await s.anonymous().post('/open311/v2/requests.json', form({ api_key: key, ...fields }), FORM);
  expect(r.status).toBe(200);
  return r.body[0].service_request_id as string;
}

async function updates(query: string) {
  const res = await s.anonymous().get(`/open311/v2/servicerequestupdates.json${query}`);
  expect(res.status, query).toBe(200);
  const body = json(res);
  expectSchema(SPEC.updates, body);
  return body as any[];
}

const postUpdate = (fmt: 'xml' | 'json', fields: Record<string, string | undefined>) => s.anonymous().post(`/open311/v2/servicerequestupdates.${fmt}`, form({ api_key: key, ...fields }), FORM);
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

describe('status mapping', () => {
  it('maps every lifecycle status out, and reads posted statuses case-insensitively', () => {
    const out = Object.fromEntries(STATUSES.map((st) => [st, [openClosedOf(st), extendedStatusOf(st, false)]]));
    expect(out).toEqual({
      received: ['open', 'for_triage'],
      dispatched: ['open', 'action_scheduled'],
      return_requested: ['open', 'internal_referral'],
      handling: ['open', 'in_progress'],
      replied: ['open', 'in_progress'],
      callback: ['open', 'in_progress'],
      judging: ['open', 'investigating'],
      closed: ['closed', 'closed'],
      cancelled: ['closed', 'no_further_action'],
      merged: ['closed', 'duplicate'],
    });
    expect(extendedStatusOf('closed', true)).toBe('fixed');
    expect(extendedStatusOfEvent({ action: 'redo', payload: {} }, 'handling')).toBe('reopen');
    expect(extendedStatusOfEvent({ action: 'reverify', payload: { reopened: true } }, 'handling')).toBe('reopen');
    expect(extendedStatusOfEvent({ action: 'rate', payload: { resolution: 'resolved' } }, 'closed')).toBe('fixed');
    expect(extendedStatusOfEvent({ action: 'rate', payload: { resolution: 'partly' } }, 'closed')).toBe('closed');
    expect(parsePostedStatus('FIXED')).toBe('FIXED');
    expect(parsePostedStatus('not_councils_responsibility')).toBe('NOT_COUNCILS_RESPONSIBILITY');
    expect(parsePostedStatus('DONE')).toBeNull();
  });
});

describe('round trip: filed by Open311, worked and closed in Gongzhi', () => {
  it('shows the closing and every public step through GET requests and servicerequestupdates', async () => {
    const t0 = s.clock.now();
    const id = await file({ service_code: 'heating-leak', lat: '40.1106', long: '113.3235', description: '36号商铺暖气管漏水', 'attribute[leak_location]': 'indoor', 'attribute[affects_business]': 'yes' });
    const dispatcher = await s.login('dispatcher');
    const handler = await s.login('handler.heat');
    const supervisor = await s.login('supervisor');

    const [opened] = json(await s.anonymous().get(`/open311/v2/requests/${id}.json`));
    expect(opened).toMatchObject({ status: 'open', expected_datetime: '', agency_responsible: '' });

    s.clock.advance(60_000);
    let o = (await dispatcher.get(`/api/work-orders/${id}`)).body;
    let r = await dispatcher.post(`/api/work-orders/${id}/dispatch`, { version: o.version, leadUnitId: s.ids.units.get('heat-datong') });
    expect(r.status).toBe(200);
    const due = r.body.resolutionDueAt as string;
    s.clock.advance(60_000);
    r = await handler.post(`/api/work-orders/${id}/accept`, { version: r.body.version });
    expect(r.status).toBe(200);
    r = await handler.post(`/api/work-orders/${id}/reply`, { version: r.body.version, text: '已更换漏水管段并恢复供暖' });
    expect(r.status).toBe(200);
    s.clock.advance(60_000);
    r = await supervisor.post(`/api/work-orders/${id}/approve-reply`, { version: r.body.version });
    expect(r.body.status).toBe('callback');
    s.clock.advance(60_000);
    o = (await dispatcher.get(`/api/work-orders/${id}`)).body;
    r = await dispatcher.post(`/api/work-orders/${id}/rate`, { version: o.version, resolution: 'resolved', satisfaction: 'satisfied' });
    expect(r.body.status).toBe('closed');

    const [closed] = json(await s.anonymous().get(`/open311/v2/requests.json?service_request_id=${id}`));
    expect(closed).toMatchObject({ service_request_id: id, status: 'closed', expected_datetime: iso(Date.parse(due)), updated_datetime: iso(s.clock.now()) });
    const unit = await s.ctx.db.selectFrom('units').select('name').where('id', '=', s.ids.units.get('heat-datong')!).executeTakeFirstOrThrow();
    expect(closed.agency_responsible).toBe(unit.name);
    expect(closed.status_notes).toContain('resolved');
    expect(json(await s.anonymous().get(`/open311/v2/requests.json?status=closed&service_code=heating-leak`)).map((x: any) => x.service_request_id)).toContain(id);

    const ups = await updates(`?start_date=${iso(t0)}&end_date=${iso(s.clock.now())}&service_request_id=${id}`);
    expect(ups.map((u) => u.status)).toEqual(['for_triage', 'action_scheduled', 'in_progress', 'in_progress', 'fixed']);
    expect(ups.map((u) => u.external_status_code)).toEqual(['received', 'dispatched', 'handling', 'callback', 'closed']);
    expect(ups[1].description).toContain(unit.name);
    expect(ups[3].description).toContain('已更换漏水管段'); // the approved reply, as the resident reads it
    const events = await s.ctx.db.selectFrom('order_events').select(['id', 'action']).where('order_id', '=', Number(id)).where('public', '=', 1).orderBy('id').execute();
    expect(ups.map((u) => u.update_id)).toEqual(events.map((e) => String(e.id)));
    expect(events.map((e) => e.action)).toEqual(['create', 'dispatch', 'accept', 'approve_reply', 'rate']); // the unreviewed reply is internal
    expect(ups.every((u) => u.service_request_id === id)).toBe(true);
    expect(new Set(ups.map((u) => u.updated_datetime)).size).toBe(5);

    // FixMyStreet polls with start/end only, in XML.
    const x = parseXml(await s.anonymous().get(`/open311/v2/servicerequestupdates.xml?start_date=${iso(t0)}&end_date=${iso(s.clock.now())}`));
    const mine = x.service_request_updates.request_update.filter((u: any) => u.service_request_id === id);
    expect(mine).toEqual((mirror('service_request_updates', ups) as { request_update: unknown[] }).request_update);
  });
});

describe('POST servicerequestupdates', () => {
  it('stores the same update_id once, as one public comment, and answers the same update_id', async () => {
    const id = await file({ service_code: 'noise-business', address_string: '东方罗马城', description: '商铺喇叭太吵' });
    const fields = { service_request_id: id, update_id: 'fms-1001', status: 'OPEN', updated_datetime: '2026-11-16T09:05:00+08:00', description: '晚上还在放', media_url: 'https://fms.example/photo/1.jpg' };
    const first = await postUpdate('xml', fields);
    expect(first.status).toBe(200);
    const x = parseXml(first);
    expect(Object.keys(x.service_request_updates.request_update[0])).toEqual(['update_id']);
    const answered = x.service_request_updates.request_update[0].update_id;
    const again = await postUpdate('json', fields);
    expect(again.status).toBe(200);
    expectSchema(SPEC.postUpdate, json(again));
    expect(again.body).toEqual([{ update_id: answered }]);

    const stored = await s.ctx.db.selectFrom('open311_updates').selectAll().where('update_id', '=', 'fms-1001').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'OPEN', outcome: 'comment', event_id: Number(answered), updated_datetime: Date.parse('2026-11-16T01:05:00Z') });
    const comments = await s.ctx.db.selectFrom('order_events').selectAll().where('order_id', '=', Number(id)).where('action', '=', 'comment').execute();
    expect(comments).toHaveLength(1);
    expect(comments[0]!.public).toBe(1);
    expect(JSON.parse(comments[0]!.payload_json!).text).toContain('晚上还在放');
    const o = await s.ctx.db.selectFrom('work_orders').select('status').where('id', '=', Number(id)).executeTakeFirstOrThrow();
    expect(o.status).toBe('received');

    // It is listed back under the id we answered, so FixMyStreet recognises its own update.
    const ups = await updates(`?service_request_id=${id}`);
    expect(ups.find((u) => u.update_id === answered)).toMatchObject({ status: 'for_triage', media_url: 'https://fms.example/photo/1.jpg' });

    // Two posts racing with the same update_id still store one.
    const race = { ...fields, update_id: 'fms-1002' };
    const both = await Promise.all([postUpdate('json', race), postUpdate('json', race)]);
    expect(both.map((b) => b.status)).toEqual([200, 200]);
    expect(both[0]!.body).toEqual(both[1]!.body);
    expect(await s.ctx.db.selectFrom('open311_updates').select('id').where('update_id', '=', 'fms-1002').execute()).toHaveLength(1);
    expect(await s.ctx.db.selectFrom('order_events').select('id').where('order_id', '=', Number(id)).where('action', '=', 'comment').execute()).toHaveLength(2);
  });

  it('maps FIXED onto closing when legal, DUPLICATE onto cancelling, and keeps the rest as comments', async () => {
    const dispatcher = await s.login('dispatcher');
    const supervisor = await s.login('supervisor');
    const handler = await s.login('handler.lvdi');
    // An order waiting for the callback: FIXED closes it.
    const id = await file({ service_code: 'elevator-fault', address_string: '绿地璀璨天城 一期2号楼', description: '电梯停运' });
    let r = await dispatcher.post(`/api/work-orders/${id}/dispatch`, { version: 1, leadUnitId: s.ids.units.get('pc-lvdi') });
    r = await handler.post(`/api/work-orders/${id}/accept`, { version: r.body.version });
    r = await handler.post(`/api/work-orders/${id}/reply`, { version: r.body.version, text: '已维修' });
    r = await supervisor.post(`/api/work-orders/${id}/approve-reply`, { version: r.body.version });
    expect(r.body.status).toBe('callback');
    // IN_PROGRESS has no action of ours: a comment; the order stays where it is.
    expect((await postUpdate('json', { service_request_id: id, update_id: 'u-a', status: 'IN_PROGRESS', updated_datetime: iso(s.clock.now()), description: '' })).status).toBe(200);
    expect((await s.ctx.db.selectFrom('work_orders').select('status').where('id', '=', Number(id)).executeTakeFirstOrThrow()).status).toBe('callback');
    const fixed = await postUpdate('json', { service_request_id: id, update_id: 'u-b', status: 'FIXED', updated_datetime: iso(s.clock.now()), description: '居民确认已修好' });
    expect(fixed.status).toBe(200);
    const row = await s.ctx.db.selectFrom('work_orders').select(['status', 'closed_at']).where('id', '=', Number(id)).executeTakeFirstOrThrow();
    expect(row.status).toBe('closed');
    const ev = await s.ctx.db.selectFrom('order_events').selectAll().where('id', '=', Number(fixed.body[0].update_id)).executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ action: 'close', to_status: 'closed', public: 1 });
    expect((await s.ctx.db.selectFrom('open311_updates').select('outcome').where('update_id', '=', 'u-b').executeTakeFirstOrThrow()).outcome).toBe('close');
    // FIXED again on a closed order is not a legal step: stored as a comment.
    const late = await postUpdate('json', { service_request_id: id, update_id: 'u-c', status: 'FIXED', updated_datetime: iso(s.clock.now()), description: '' });
    expect(late.status).toBe(200);
    expect((await s.ctx.db.selectFrom('open311_updates').select('outcome').where('update_id', '=', 'u-c').executeTakeFirstOrThrow()).outcome).toBe('comment');
    expect((await updates(`?service_request_id=${id}`)).at(-1)).toMatchObject({ update_id: late.body[0].update_id, status: 'closed', external_status_code: 'closed' });

    // A waiting order reported as a duplicate is cancelled.
    const dup = await file({ service_code: 'elevator-fault', address_string: '绿地璀璨天城 一期2号楼', description: '电梯又停了' });
    expect((await postUpdate('xml', { service_request_id: dup, update_id: 'u-d', status: 'DUPLICATE', updated_datetime: iso(s.clock.now()), description: '与另一报告重复' })).status).toBe(200);
    expect((await s.ctx.db.selectFrom('work_orders').select('status').where('id', '=', Number(dup)).executeTakeFirstOrThrow()).status).toBe('cancelled');
    const [gone] = json(await s.anonymous().get(`/open311/v2/requests/${dup}.json`));
    expect(gone.status).toBe('closed');
    expect((await updates(`?service_request_id=${dup}`)).at(-1).status).toBe('no_further_action');
  });

  it('answers the spec’s errors for bad input, never 500', async () => {
    const id = await file({ service_code: 'noise-neighbour', address_string: '迎宾花园' });
    const good = { api_key: key, service_request_id: id, update_id: 'e-1', status: 'OPEN', updated_datetime: '2026-11-16T09:00:00Z', description: 'x' };
    const p = '/open311/v2/servicerequestupdates.{fmt}';
    await expectError(s, 'POST', p, 403, form({ ...good, api_key: undefined }));
    await expectError(s, 'POST', p, 403, form({ ...good, api_key: 'wrong' }));
    await expectError(s, 'POST', p, 400, form({ ...good, update_id: undefined }));
    await expectError(s, 'POST', p, 400, form({ ...good, service_request_id: undefined }));
    await expectError(s, 'POST', p, 404, form({ ...good, service_request_id: '99999999' }));
    await expectError(s, 'POST', p, 400, form({ ...good, status: 'DONE' }));
    await expectError(s, 'POST', p, 400, form({ ...good, status: undefined }));
    await expectError(s, 'POST', p, 400, form({ ...good, updated_datetime: 'now' }));
    await expectError(s, 'POST', p, 400, form({ ...good, description: undefined }));
    await expectError(s, 'POST', p, 400, form({ ...good, description: '长'.repeat(4001) }));
    expect(await s.ctx.db.selectFrom('open311_updates').select('id').where('update_id', '=', 'e-1').execute()).toHaveLength(0);
    // GET: bad dates and a range over 90 days.
    await expectError(s, 'GET', `${p}?start_date=last-week`, 400);
    await expectError(s, 'GET', `${p}?start_date=2026-01-01T00:00:00Z&end_date=2026-05-01T00:00:00Z`, 400);
    await expectError(s, 'GET', `${p}?start_date=2026-05-01T00:00:00Z&end_date=2026-01-01T00:00:00Z`, 400);
  });
});
