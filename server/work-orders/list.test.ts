/**
 * The order list: every filter, paging and sorting, and the text search that must find Chinese
 * substrings of any length (and take % _ " ' literally) on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, startTestServer, type Client, type TestServer } from '../test/harness';

let s: TestServer;
let dispatcher: Client;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** o1…o6 by creation order; received one after another from DEFAULT_NOW. */
const o: Record<string, number> = {};

const cat = (code: string) => s.ids.categories.get(code)!;
const place = (key: string) => s.ids.places.get(key)!;
const unit = (key: string) => s.ids.units.get(key)!;

const FIXTURES = [
  { key: 'o1', at: 0, title: '楼道灯不亮', description: '三期5号楼的楼道灯坏了一个月，晚上很黑', category: 'property-cleaning', place: 'cp-lvdi-b5', channel: 'hotline' },
  { key: 'o2', at: HOUR, title: '门岗保安不在岗', description: '夜里门岗 100% 没人值班', category: 'property-security', place: 'cp-lvdi-b1', channel: 'visit' },
  { key: 'o3', at: 2 * HOUR, title: '电梯异响', description: '电梯运行时有"咔咔"声，编号 user_name 的那部', category: 'elevator-fault', place: 'cp-yuhejiayuan-b2', channel: 'h5', priority: 'urgent' },
  { key: 'o4', at: DAY, title: '商铺暖气管道漏水', description: "暖气管接口漏水，老板说'很急'", category: 'heating-leak', place: 'cp-hailixiyuan-s36', channel: 'patrol', attributes: { leak_location: 'indoor' } },
  { key: 'o5', at: 2 * DAY, title: '楼上邻居噪音', description: '每天深夜有噪音，影响休息', category: 'noise-neighbour', place: 'cp-wenyingyuan-b1', channel: 'hotline' },
  { key: 'o6', at: 3 * DAY, title: '小广告乱贴', description: '单元门口贴满小广告 C:\\temp', category: 'sanitation-ads', place: 'c-hexin', channel: 'staff' },
] as const;

/** The fixture keys a list query returns, in the order returned. */
async function keys(query: string, c: Client = dispatcher): Promise<string[]> {
  const r = await c.get(`/api/work-orders?pageSize=200&${query}`);
  expect(r.status, `${query} ${JSON.stringify(r.body)}`).toBe(200);
  expect(r.body.total, query).toBe(r.body.items.length);
  const byId = new Map(Object.entries(o).map(([k, id]) => [id, k]));
  return (r.body.items as { id: number }[]).map((i) => byId.get(i.id) ?? `?${i.id}`);
}
const sorted = (xs: string[]) => [...xs].sort();
/** The keys a text search finds, in fixture order. */
const search = async (q: string) => sorted(await keys(`q=${encodeURIComponent(q)}`));

beforeAll(async () => {
  s = await startTestServer();
  for (const f of FIXTURES) {
    s.clock.set(DEFAULT_NOW + f.at);
    dispatcher = await s.login('dispatcher'); // sessions last 12 h of the test clock
    const r = await dispatcher.post('/api/work-orders', {
      title: f.title,
      description: f.description,
      categoryId: cat(f.category),
      placeId: place(f.place),
      channel: f.channel,
      ...('priority' in f ? { priority: f.priority } : {}),
      ...('attributes' in f ? { attributes: f.attributes } : {}),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    o[f.key] = r.body.id;
  }
  s.clock.set(DEFAULT_NOW + 3 * DAY + HOUR);
  dispatcher = await s.login('dispatcher');
  const act = async (c: Client, key: string, action: string, body: Record<string, unknown>) => {
    const cur = await c.get(`/api/work-orders/${o[key]}`);
    const r = await c.post(`/api/work-orders/${o[key]}/${action}`, { version: cur.body.version, ...body });
    expect(r.status, `${key} ${action} ${JSON.stringify(r.body)}`).toBe(200);
  };
  await act(dispatcher, 'o1', 'dispatch', { leadUnitId: unit('pc-lvdi'), coUnitIds: [unit('cc-yuhedong')] });
  s.clock.advance(HOUR);
  await act(dispatcher, 'o3', 'dispatch', { leadUnitId: unit('pc-lvdi') });
  s.clock.advance(HOUR);
  await act(dispatcher, 'o4', 'dispatch', { leadUnitId: unit('heat-datong') });
  await act(await s.login('handler.heat'), 'o4', 'accept', {});
  await act(dispatcher, 'o5', 'cancel', { reason: '来电人撤回' });
  // The deadline sweep is another module's business; mark one order overdue as it would.
  await s.ctx.db.updateTable('work_orders').set({ overdue: 1 }).where('id', '=', o.o3!).execute();
});
afterAll(async () => s?.close());

describe('filters', () => {
  it('status, one or a comma list', async () => {
    expect(sorted(await keys('status=received'))).toEqual(['o2', 'o6']);
    expect(sorted(await keys('status=received,handling'))).toEqual(['o2', 'o4', 'o6']);
    expect(sorted(await keys('status=dispatched, cancelled'))).toEqual(['o1', 'o3', 'o5']);
    expect(await keys('status=closed')).toEqual([]);
  });

  it('category, where a parent category matches its children', async () => {
    expect(sorted(await keys(`categoryId=${cat('property')}`))).toEqual(['o1', 'o2']);
    expect(await keys(`categoryId=${cat('property-cleaning')}`)).toEqual(['o1']);
    expect(sorted(await keys(`categoryId=${cat('heating')}`))).toEqual(['o4']);
    expect(await keys(`categoryId=${cat('water')}`)).toEqual([]);
  });

  it('place subtree at district, street, community, compound, building and shop level', async () => {
    expect(sorted(await keys(`placeId=${place('pingcheng')}`))).toEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'o6']);
    expect(sorted(await keys(`placeId=${place('st-wenyinghu')}`))).toEqual(['o1', 'o2', 'o3', 'o5']);
    expect(sorted(await keys(`placeId=${place('c-yuhedong')}`))).toEqual(['o1', 'o2', 'o3']);
    expect(sorted(await keys(`placeId=${place('cp-lvdi')}`))).toEqual(['o1', 'o2']);
    expect(await keys(`placeId=${place('cp-lvdi-b5')}`)).toEqual(['o1']);
    expect(await keys(`placeId=${place('cp-lvdi-b2')}`)).toEqual([]);
    // An order on a community itself belongs to the community and its street, not to any compound.
    expect(await keys(`placeId=${place('c-hexin')}`)).toEqual(['o6']);
    expect(await keys(`placeId=${place('st-qingyuan')}`)).toEqual(['o6']);
    expect(await keys(`placeId=${place('cp-shanghuayuan')}`)).toEqual([]);
    // A shop is inside its building.
    expect(await keys(`placeId=${place('cp-hailixiyuan-b1')}`)).toEqual(['o4']);
    expect(await keys(`placeId=${place('cp-hailixiyuan-s36')}`)).toEqual(['o4']);
  });

  it('unit: lead or co-unit', async () => {
    expect(sorted(await keys(`unitId=${unit('pc-lvdi')}`))).toEqual(['o1', 'o3']);
    expect(await keys(`unitId=${unit('cc-yuhedong')}`)).toEqual(['o1']);
    expect(await keys(`unitId=${unit('heat-datong')}`)).toEqual(['o4']);
    expect(await keys(`unitId=${unit('pc-huayu')}`)).toEqual([]);
  });

  it('channel, priority and overdue', async () => {
    expect(sorted(await keys('channel=hotline'))).toEqual(['o1', 'o5']);
    expect(await keys('channel=visit')).toEqual(['o2']);
    expect(await keys('channel=open311')).toEqual([]);
    expect(await keys('priority=urgent')).toEqual(['o3']);
    expect(await keys('overdue=true')).toEqual(['o3']);
    expect(sorted(await keys('overdue=false'))).toEqual(['o1', 'o2', 'o4', 'o5', 'o6']);
  });

  it('received date range: from inclusive, to exclusive, in any offset', async () => {
    const iso = (t: number) => new Date(t).toISOString();
    expect(sorted(await keys(`from=${iso(DEFAULT_NOW + HOUR)}&to=${iso(DEFAULT_NOW + 2 * DAY)}`))).toEqual(['o2', 'o3', 'o4']);
    expect(sorted(await keys(`from=${iso(DEFAULT_NOW + 2 * DAY)}`))).toEqual(['o5', 'o6']);
    expect(sorted(await keys(`to=${iso(DEFAULT_NOW + 1)}`))).toEqual(['o1']);
    // 2026-11-17 00:00 in Shanghai is 2026-11-16T16:00Z: the first day holds o1–o3.
    expect(sorted(await keys(`to=${encodeURIComponent('2026-11-17T00:00:00+08:00')}`))).toEqual(['o1', 'o2', 'o3']);
    expect(await keys(`from=${iso(DEFAULT_NOW + 4 * DAY)}`)).toEqual([]);
  });

  it('filters combine with AND', async () => {
    expect(sorted(await keys(`status=dispatched&placeId=${place('c-yuhedong')}`))).toEqual(['o1', 'o3']);
    expect(await keys(`status=dispatched&overdue=false&placeId=${place('c-yuhedong')}`)).toEqual(['o1']);
    expect(await keys(`categoryId=${cat('property')}&channel=visit&q=${encodeURIComponent('门岗')}`)).toEqual(['o2']);
    expect(await keys(`categoryId=${cat('property')}&channel=hotline&q=${encodeURIComponent('门岗')}`)).toEqual([]);
  });
});

describe('paging and sorting', () => {
  it('pages through the newest first by default, with the total on every page', async () => {
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      const r = await dispatcher.get(`/api/work-orders?pageSize=2&page=${page}`);
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(6);
      expect(r.body.page).toBe(page);
      expect(r.body.pageSize).toBe(2);
      pages.push((r.body.items as { id: number }[]).map((i) => i.id));
    }
    expect(pages).toEqual([[o.o6, o.o5], [o.o4, o.o3], [o.o2, o.o1], []]);
    const d = await dispatcher.get('/api/work-orders');
    expect(d.body.pageSize).toBe(20);
    expect(d.body.page).toBe(1);
  });

  it('sorts by receipt time both ways', async () => {
    expect(await keys('sort=received_at')).toEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'o6']);
    expect(await keys('sort=-received_at')).toEqual(['o6', 'o5', 'o4', 'o3', 'o2', 'o1']);
  });

  it('sorts by resolution deadline both ways, orders without one last on both engines', async () => {
    const due = await s.ctx.db.selectFrom('work_orders').select(['id', 'resolution_due_at']).execute();
    const dueOf = (k: string) => due.find((d) => d.id === o[k])!.resolution_due_at;
    // Fixture sanity: three deadlines, all different; three orders without one.
    expect(new Set(['o1', 'o3', 'o4'].map(dueOf)).size).toBe(3);
    expect(['o2', 'o5', 'o6'].map(dueOf)).toEqual([null, null, null]);
    const byDue = ['o1', 'o3', 'o4'].sort((a, b) => Number(dueOf(a)) - Number(dueOf(b)));
    expect(await keys('sort=resolution_due_at')).toEqual([...byDue, 'o2', 'o5', 'o6']);
    expect(await keys('sort=-resolution_due_at')).toEqual([...byDue.reverse(), 'o6', 'o5', 'o2']);
  });

  it('sorts by last change both ways', async () => {
    const rows = await s.ctx.db.selectFrom('work_orders').select(['id', 'updated_at']).execute();
    const asc = Object.keys(o).sort((a, b) => {
      const ra = rows.find((r) => r.id === o[a])!;
      const rb = rows.find((r) => r.id === o[b])!;
      return Number(ra.updated_at) - Number(rb.updated_at) || ra.id - rb.id;
    });
    expect(asc).toEqual(['o2', 'o6', 'o1', 'o3', 'o4', 'o5']); // fixture sanity: the dispatched ones moved later
    expect(await keys('sort=updated_at')).toEqual(asc);
    expect(await keys('sort=-updated_at')).toEqual([...asc].reverse());
  });
});

describe('text search over title and description', () => {
  it('finds Chinese substrings of 1 and 2 characters', async () => {
    expect(await search('梯')).toEqual(['o3']);
    expect(await search('灯')).toEqual(['o1']);
    expect(await search('噪')).toEqual(['o5']);
    expect(await search('楼')).toEqual(['o1', 'o5']); // 楼道 / 楼上
    expect(await search('漏水')).toEqual(['o4']);
    expect(await search('门岗')).toEqual(['o2']);
    expect(await search('深夜')).toEqual(['o5']); // description only
    expect(await search('异响')).toEqual(['o3']); // title only
    expect(await search('火灾')).toEqual([]);
  });

  it('finds Chinese substrings of 3 and 6 characters', async () => {
    expect(await search('小广告')).toEqual(['o6']);
    expect(await search('暖气管')).toEqual(['o4']);
    expect(await search('不亮')).toEqual(['o1']);
    expect(await search('三期5号楼的')).toEqual(['o1']);
    expect(await search('商铺暖气管道')).toEqual(['o4']);
    expect(await search('每天深夜有噪')).toEqual(['o5']);
    expect(await search('楼道灯坏了一个月')).toEqual(['o1']);
    expect(await search('三期6号楼的')).toEqual([]);
  });

  it('takes % and _ literally, not as wildcards', async () => {
    expect(await search('%')).toEqual(['o2']);
    expect(await search('0%')).toEqual(['o2']);
    expect(await search('100%')).toEqual(['o2']);
    expect(await search('%%')).toEqual([]);
    expect(await search('_')).toEqual(['o3']);
    expect(await search('r_')).toEqual(['o3']);
    expect(await search('user_name')).toEqual(['o3']);
    expect(await search('user_nam_')).toEqual([]);
    expect(await search('1_0')).toEqual([]);
    expect(await search('\\')).toEqual(['o6']);
    expect(await search('C:\\temp')).toEqual(['o6']);
  });

  it('takes quotes and FTS syntax literally', async () => {
    expect(await search('"')).toEqual(['o3']);
    expect(await search('"咔')).toEqual(['o3']);
    expect(await search('"咔咔"')).toEqual(['o3']);
    expect(await search("'")).toEqual(['o4']);
    expect(await search("'很急'")).toEqual(['o4']);
    expect(await search('说\'很')).toEqual(['o4']);
    expect(await search('梯 OR 灯')).toEqual([]);
    expect(await search('电梯*')).toEqual([]);
    expect(await search('title:电梯')).toEqual([]);
    expect(await search('NEAR(电梯 异响)')).toEqual([]);
    expect(await search('(楼道')).toEqual([]);
    expect(await search('-楼道')).toEqual([]);
  });

  it('searches the text as stored: trimmed title and description', async () => {
    const r = await dispatcher.post('/api/work-orders', { title: '  井盖丢失  ', description: '  路口井盖不见了  ', categoryId: cat('other-suggestion'), placeId: place('c-gulou') });
    expect(r.status).toBe(201);
    o.o7 = r.body.id;
    expect(await search('井盖丢失')).toEqual(['o7']);
    expect(await search('井盖')).toEqual(['o7']);
    expect(await search('路口井盖不见了')).toEqual(['o7']);
    expect(await search('失  ')).toEqual([]);
  });
});

describe('extension requests awaiting a ruling', () => {
  it('extensionRequested=true lists them, false the others; a ruling takes the order off the list', async () => {
    const heat = await s.login('handler.heat');
    const cur = (await heat.get(`/api/work-orders/${o.o4}`)).body;
    const until = new Date(Date.parse(cur.resolutionDueAt) + 3 * DAY).toISOString();
    let r = await heat.post(`/api/work-orders/${o.o4}/request-extension`, { version: cur.version, until, reason: '需要采购配件' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);

    expect(await keys('extensionRequested=true')).toEqual(['o4']);
    const others = await keys('extensionRequested=false');
    expect(others).not.toContain('o4');
    expect(sorted(others.filter((k) => !k.startsWith('?')))).toEqual(sorted(Object.keys(o).filter((k) => k !== 'o4')));
    expect(await keys(`extensionRequested=true&placeId=${place('cp-hailixiyuan')}&status=handling`)).toEqual(['o4']);
    expect(await keys(`extensionRequested=true&placeId=${place('cp-lvdi')}`)).toEqual([]);
    // Scope still applies: the heating company's handler sees it, the 绿地 property company's does not.
    expect(await keys('extensionRequested=true', heat)).toEqual(['o4']);
    expect(await keys('extensionRequested=true', await s.login('handler.lvdi'))).toEqual([]);

    const bad = await dispatcher.get('/api/work-orders?extensionRequested=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation', field: 'extensionRequested' });

    const supervisor = await s.login('supervisor');
    const pending = (await supervisor.get(`/api/work-orders/${o.o4}`)).body;
    r = await supervisor.post(`/api/work-orders/${o.o4}/reject-extension`, { version: pending.version, note: '请按期办结' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await keys('extensionRequested=true')).toEqual([]);
    expect(sorted(await keys('extensionRequested=false'))).toContain('o4');
  });
});
