/**
 * Who sees what (DOMAIN.md §2): scope is applied in the SQL of every read, so an order outside
 * your scope is 404 on its detail, every action, its photos, and absent from your list. Whole phone
 * numbers go only to the roles that need them; residents read the public timeline only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../common/lifecycle';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { fileForm, tinyPng } from '../test/images';

let s: TestServer;
const as: Record<string, Client> = {};
/** A: 天香蓝郡 (鹿苑街道), reported by resident.txlj, led by 蓝郡物业 with 热力公司 as co-unit. */
let orderA: { id: number; photoId: number };
/** B: 上华苑 (清远街道), reported by resident.shy, not dispatched. */
let orderB: number;
/** C: 海力西苑 (白登山街道), a hotline call taken by the dispatcher, anonymous. */
let orderC: number;

const cat = (code: string) => s.ids.categories.get(code)!;
const place = (key: string) => s.ids.places.get(key)!;
const unit = (key: string) => s.ids.units.get(key)!;

async function ids(c: Client): Promise<number[]> {
  const r = await c.get('/api/work-orders?pageSize=200');
  expect(r.status).toBe(200);
  return (r.body.items as { id: number }[]).map((i) => i.id).sort((a, b) => a - b);
}

const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b);

beforeAll(async () => {
  s = await startTestServer();
  for (const u of [
    'admin',
    'supervisor',
    'supervisor.bds',
    'dispatcher',
    'handler.shy',
    'handler.txlj',
    'handler.heat',
    'handler.bdwy',
    'inspector',
    'inspector.zj',
    'organiser',
    'merchant',
    'resident.txlj',
    'resident.shy',
  ]) {
    as[u] = await s.login(u);
  }

  const photo = await as['resident.txlj']!.post('/api/attachments', fileForm(tinyPng(7), 'corridor.png', 'image/png'));
  expect(photo.status).toBe(201);
  const a = await as['resident.txlj']!.post('/api/work-orders', {
    title: '3号楼楼道堆满杂物',
    description: '楼道里堆了很多纸箱，物业一直没人清理',
    categoryId: cat('property-cleaning'),
    placeId: place('cp-tianxianglanjun-b3'),
    attachmentIds: [photo.body.id],
  });
  expect(a.status).toBe(201);
  const d = await as.dispatcher!.post(`/api/work-orders/${a.body.id}/dispatch`, {
    version: a.body.version,
    leadUnitId: unit('pc-lanjun'),
    coUnitIds: [unit('heat-datong')],
  });
  expect(d.status).toBe(200);
  orderA = { id: a.body.id, photoId: photo.body.id };

  const b = await as['resident.shy']!.post('/api/work-orders', {
    title: '2号楼电梯异响',
    description: '电梯运行时有很大的异响',
    categoryId: cat('elevator-fault'),
    placeId: place('cp-shanghuayuan-b2'),
  });
  expect(b.status).toBe(201);
  orderB = b.body.id;

  const c = await as.dispatcher!.post('/api/work-orders', {
    title: '36号商铺暖气管道漏水',
    description: '商铺内暖气管道接口漏水',
    categoryId: cat('heating-leak'),
    placeId: place('cp-hailixiyuan-s36'),
    callerName: '贾志勇',
    callerPhone: '13812341234',
    anonymous: true,
    attributes: { leak_location: 'indoor' },
  });
  expect(c.status).toBe(201);
  orderC = c.body.id;
});
afterAll(async () => s?.close());

/** A body each action would accept, so that only scope can refuse it. */
function validBody(action: Action, version: number): Record<string, unknown> {
  switch (action) {
    case 'dispatch':
      return { version, leadUnitId: unit('pc-huayu') };
    case 'transfer':
      return { version, leadUnitId: unit('pc-huayu'), note: '转给华宇' };
    case 'answer_directly':
      return { version, reply: '已答复' };
    case 'request_return':
      return { version, reason: 'wrong_place', note: '不是我们的小区' };
    case 'request_extension':
      return { version, until: '2026-12-31T00:00:00Z', reason: '需要采购材料' };
    case 'reply':
      return { version, text: '已处理' };
    case 'reject_reply':
    case 'redo':
      return { version, note: '重新处理' };
    case 'rate':
      return { version, resolution: 'resolved', satisfaction: 'satisfied' };
    case 'cancel':
      return { version, reason: '撤销' };
    case 'merge':
      return { version, targetId: orderB };
    case 'reverify':
      return { version, outcome: 'confirmed' };
    case 'comment':
      return { text: '看一眼' };
    case 'contact':
    case 'accept':
    case 'approve_return':
    case 'reject_return':
    case 'approve_extension':
    case 'reject_extension':
    case 'urge':
    case 'supervise':
    case 'approve_reply':
    case 'close':
      return { version };
  }
}

async function eventCount(orderId: number) {
  const r = await s.ctx.db.selectFrom('order_events').select((eb) => eb.fn.countAll<number>().as('n')).where('order_id', '=', orderId).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('a handler of one property company and another company’s order', () => {
  it('gets 404 on the detail, the routing suggestion and the photo', async () => {
    const shy = as['handler.shy']!;
    for (const url of [`/api/work-orders/${orderA.id}`, `/api/work-orders/${orderA.id}/unit-suggestions`, `/api/attachments/${orderA.photoId}`]) {
      const r = await shy.get(url);
      expect(r.status, url).toBe(404);
      expect(r.body.error.code).toBe('not_found');
      expect(r.body.error.field).toBe('id');
    }
  });

  it('gets 404 on every action endpoint and changes nothing', async () => {
    const before = await s.ctx.db.selectFrom('work_orders').select(['version', 'status', 'lead_unit_id']).where('id', '=', orderA.id).executeTakeFirstOrThrow();
    const events = await eventCount(orderA.id);
    for (const action of ACTIONS) {
      const r = await as['handler.shy']!.post(`/api/work-orders/${orderA.id}/${action.replaceAll('_', '-')}`, validBody(action, before.version));
      expect(r.status, action).toBe(404);
      expect(r.body.error).toMatchObject({ code: 'not_found', field: 'id' });
    }
    const after = await s.ctx.db.selectFrom('work_orders').select(['version', 'status', 'lead_unit_id']).where('id', '=', orderA.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(await eventCount(orderA.id)).toBe(events);
  });

  it('does not find it in the list, nor by filtering for it', async () => {
    expect(await ids(as['handler.shy']!)).not.toContain(orderA.id);
    const r = await as['handler.shy']!.get(`/api/work-orders?unitId=${unit('pc-lanjun')}`);
    expect(r.body.total).toBe(0);
    const q = await as['handler.shy']!.get(`/api/work-orders?q=${encodeURIComponent('楼道堆满杂物')}`);
    expect(q.body.items).toEqual([]);
  });

  it('the lead unit and the co-unit see the order and its photo', async () => {
    for (const u of ['handler.txlj', 'handler.heat']) {
      const r = await as[u]!.get(`/api/work-orders/${orderA.id}`);
      expect(r.status, u).toBe(200);
      expect(r.body.id).toBe(orderA.id);
      expect(r.body.attachments.map((a: { id: number }) => a.id)).toEqual([orderA.photoId]);
      expect(await ids(as[u]!)).toEqual([orderA.id]);
      const photo = await as[u]!.get(`/api/attachments/${orderA.photoId}`);
      expect(photo.status).toBe(200);
      expect(Buffer.compare(photo.body, tinyPng(7))).toBe(0);
    }
    // Only the lead unit may accept; the co-unit only sees.
    const lead = await as['handler.txlj']!.get(`/api/work-orders/${orderA.id}`);
    expect(lead.body.actions).toEqual(['accept', 'request_return', 'comment']);
    const co = await as['handler.heat']!.get(`/api/work-orders/${orderA.id}`);
    expect(co.body.actions).toEqual(['comment']);
  });
});

describe('a resident', () => {
  it('gets 404 on another resident’s order, its actions and its photo', async () => {
    const shy = as['resident.shy']!;
    let r = await shy.get(`/api/work-orders/${orderA.id}`);
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'not_found', field: 'id' });
    r = await shy.post(`/api/work-orders/${orderA.id}/comment`, { text: '我也遇到了' });
    expect(r.status).toBe(404);
    r = await shy.post(`/api/work-orders/${orderA.id}/cancel`, { version: 2, reason: '不需要了' });
    expect(r.status).toBe(404);
    r = await shy.get(`/api/attachments/${orderA.photoId}`);
    expect(r.status).toBe(404);
  });

  it('lists only their own requests', async () => {
    expect(await ids(as['resident.shy']!)).toEqual([orderB]);
    expect(await ids(as['resident.txlj']!)).toEqual([orderA.id]);
    const r = await as['resident.shy']!.get(`/api/work-orders?placeId=${place('cp-tianxianglanjun')}`);
    expect(r.body).toMatchObject({ items: [], total: 0 });
  });
});

describe('place-scoped staff', () => {
  it('a street supervisor (白登山街道) sees orders in the street and 404 outside it', async () => {
    const bds = as['supervisor.bds']!;
    expect(await ids(bds)).toEqual([orderC]);
    expect((await bds.get(`/api/work-orders/${orderC}`)).status).toBe(200);
    for (const id of [orderA.id, orderB]) {
      const r = await bds.get(`/api/work-orders/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
    const r = await bds.post(`/api/work-orders/${orderA.id}/supervise`, { version: 2 });
    expect(r.status).toBe(404);
    expect((await bds.get(`/api/attachments/${orderA.photoId}`)).status).toBe(404);
  });

  it('a community grid worker sees nothing outside 御河东社区', async () => {
    expect(await ids(as.inspector!)).toEqual([]);
    expect((await as.inspector!.get(`/api/work-orders/${orderA.id}`)).status).toBe(404);
  });

  it('district dispatcher, supervisor, inspector and admin see all three', async () => {
    for (const u of ['dispatcher', 'supervisor', 'inspector.zj', 'admin']) {
      expect(await ids(as[u]!), u).toEqual(sorted(orderA.id, orderB, orderC));
      for (const id of [orderA.id, orderB, orderC]) expect((await as[u]!.get(`/api/work-orders/${id}`)).status, `${u} ${id}`).toBe(200);
      expect((await as[u]!.get(`/api/attachments/${orderA.photoId}`)).status, u).toBe(200);
    }
  });

  it('an organiser and a merchant see no orders at all', async () => {
    for (const u of ['organiser', 'merchant']) {
      const list = await as[u]!.get('/api/work-orders');
      expect(list.status, u).toBe(403);
      expect(list.body.error.code).toBe('forbidden');
      for (const id of [orderA.id, orderB, orderC]) {
        const r = await as[u]!.get(`/api/work-orders/${id}`);
        expect(r.status, `${u} ${id}`).toBe(404);
      }
      expect((await as[u]!.get(`/api/attachments/${orderA.photoId}`)).status).toBe(404);
    }
  });
});

describe('phone numbers', () => {
  it('lists show 185****0019 to everyone, whoever they are', async () => {
    for (const u of ['admin', 'dispatcher', 'supervisor', 'inspector.zj', 'handler.txlj', 'handler.heat', 'resident.txlj']) {
      const r = await as[u]!.get('/api/work-orders?pageSize=200');
      const a = r.body.items.find((i: { id: number }) => i.id === orderA.id);
      expect(a.callerPhone, u).toBe('185****0019');
      expect(a.callerName, u).toBe('李建华');
    }
    const c = (await as.dispatcher!.get('/api/work-orders?pageSize=200')).body.items.find((i: { id: number }) => i.id === orderC);
    expect(c.callerPhone).toBe('138****1234');
    expect(c.callerName).toBeNull(); // anonymous caller: no name in lists
  });

  it('the detail shows the whole number to the desk, supervisors, the order’s handlers and the reporter', async () => {
    for (const u of ['dispatcher', 'supervisor', 'handler.txlj', 'handler.heat', 'resident.txlj']) {
      const r = await as[u]!.get(`/api/work-orders/${orderA.id}`);
      expect(r.body.callerPhone, u).toBe('18503520019');
    }
    const c = await as['supervisor.bds']!.get(`/api/work-orders/${orderC}`);
    expect(c.body.callerPhone).toBe('13812341234');
    expect(c.body.callerName).toBe('贾志勇');
  });

  it('the detail masks it for admin and inspectors', async () => {
    for (const u of ['admin', 'inspector.zj']) {
      const r = await as[u]!.get(`/api/work-orders/${orderA.id}`);
      expect(r.body.callerPhone, u).toBe('185****0019');
      const c = await as[u]!.get(`/api/work-orders/${orderC}`);
      expect(c.body.callerPhone, u).toBe('138****1234');
      expect(c.body.callerName, u).toBeNull();
    }
  });
});

describe('the resident’s timeline', () => {
  it('never shows internal events, internal notes or their photos', async () => {
    const photo = await as['handler.txlj']!.post('/api/attachments', fileForm(tinyPng(99), 'inside.png', 'image/png'));
    expect(photo.status).toBe(201);
    let r = await as['handler.txlj']!.post(`/api/work-orders/${orderA.id}/comment`, { text: '内部备注：业主脾气急', attachmentIds: [photo.body.id] });
    expect(r.status).toBe(200);
    r = await as['handler.txlj']!.post(`/api/work-orders/${orderA.id}/comment`, { text: '已安排保洁今天清理', public: true });
    expect(r.status).toBe(200);

    const staff = await as.dispatcher!.get(`/api/work-orders/${orderA.id}`);
    expect(staff.body.events.map((e: { action: string; public: boolean }) => [e.action, e.public])).toEqual([
      ['create', true],
      ['dispatch', true],
      ['comment', false],
      ['comment', true],
    ]);
    expect(staff.body.attachments.map((a: { id: number }) => a.id)).toEqual([orderA.photoId, photo.body.id]);

    const mine = await as['resident.txlj']!.get(`/api/work-orders/${orderA.id}`);
    expect(mine.body.events.map((e: { action: string; public: boolean }) => [e.action, e.public])).toEqual([
      ['create', true],
      ['dispatch', true],
      ['comment', true],
    ]);
    expect(JSON.stringify(mine.body)).not.toContain('业主脾气急');
    expect(mine.body.attachments.map((a: { id: number }) => a.id)).toEqual([orderA.photoId]);
    const hidden = await as['resident.txlj']!.get(`/api/attachments/${photo.body.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('not_found');
  });
});

describe('after a transfer', () => {
  it('the old units lose the order and the new one gains it', async () => {
    const cur = await as.dispatcher!.get(`/api/work-orders/${orderA.id}`);
    const r = await as.dispatcher!.post(`/api/work-orders/${orderA.id}/transfer`, { version: cur.body.version, leadUnitId: unit('pc-huayu'), note: '经核实属华宇物业' });
    expect(r.status).toBe(200);
    expect(r.body.leadUnit).toEqual({ id: unit('pc-huayu'), name: '大同华宇物业服务有限公司' });
    expect(r.body.coUnits).toEqual([]);

    for (const u of ['handler.txlj', 'handler.heat']) {
      expect((await as[u]!.get(`/api/work-orders/${orderA.id}`)).status, u).toBe(404);
      expect((await as[u]!.get(`/api/attachments/${orderA.photoId}`)).status, u).toBe(404);
      expect(await ids(as[u]!), u).toEqual([]);
      const accept = await as[u]!.post(`/api/work-orders/${orderA.id}/accept`, { version: r.body.version });
      expect(accept.status, u).toBe(404);
    }
    const shy = as['handler.shy']!;
    const seen = await shy.get(`/api/work-orders/${orderA.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.callerPhone).toBe('18503520019');
    expect(await ids(shy)).toEqual([orderA.id]);
    const accept = await shy.post(`/api/work-orders/${orderA.id}/accept`, { version: seen.body.version });
    expect(accept.status).toBe(200);
    expect(accept.body.status).toBe('handling');
  });
});
