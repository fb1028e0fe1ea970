/** Facilities register, visits (走访), consultations (会商) and livelihood projects (民生项目). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { expectError, uploadPhoto } from '../testing';

const DAY = 24 * 3600_000;
let s: TestServer;
let supervisor: Client;
let supBds: Client;
let inspector: Client;
let dispatcher: Client;
let handlerLvdi: Client;
let handlerTxlj: Client;
let resident: Client;
const place = (k: string) => s.ids.places.get(k)!;
const unit = (k: string) => s.ids.units.get(k)!;
const iso = (t: number) => new Date(t).toISOString();

async function signIn() {
  [supervisor, supBds, inspector, dispatcher, handlerLvdi, handlerTxlj, resident] = await Promise.all(
    ['supervisor', 'supervisor.bds', 'inspector', 'dispatcher', 'handler.lvdi', 'handler.txlj', 'resident'].map((u) => s.login(u)),
  );
}

beforeAll(async () => {
  s = await startTestServer();
  await signIn();
});
afterAll(async () => s?.close());

describe('facilities register', () => {
  it('registers e-bike sheds and CCTV with check intervals; lists the due; the maintaining unit sees its own', async () => {
    const shed = await inspector.post('/api/facilities', {
      kind: 'ebike_shed',
      name: '智能存车棚1号',
      placeId: place('cp-lvdi'),
      capacity: 145,
      unitId: unit('pc-lvdi'),
      checkEveryDays: 7,
    });
    expect(shed.status).toBe(201);
    expect(shed.body).toMatchObject({ kindName: '电动车棚', capacity: 145, checkOverdue: false, nextCheckDue: iso(s.clock.now() + 7 * DAY) });
    const cctv = await supervisor.post('/api/facilities', { kind: 'cctv', name: '南门监控', placeId: place('cp-tianxianglanjun'), unitId: unit('pc-lanjun'), checkEveryDays: 30 });
    expectError(await inspector.post('/api/facilities', { kind: 'cctv', name: 'x', placeId: place('cp-tianxianglanjun') }), 422, 'unknown_reference', 'placeId');
    expectError(await supervisor.post('/api/facilities', { kind: 'cctv', name: 'x', placeId: place('cp-lvdi'), checkEveryDays: 0 }), 400, 'validation');
    expectError(await supervisor.post('/api/facilities', { kind: 'cctv', name: 'x', placeId: place('cp-lvdi'), unitId: 987654 }), 422, 'unknown_reference', 'unitId');

    expect((await handlerLvdi.get('/api/facilities')).body.map((f: { id: number }) => f.id)).toEqual([shed.body.id]);
    expectError(await handlerLvdi.get(`/api/facilities/${cctv.body.id}`), 404, 'not_found');
    expect((await supBds.get('/api/facilities')).body).toEqual([]);

    s.clock.advance(8 * DAY);
    await signIn(); // sessions expired meanwhile
    const due = await supervisor.get('/api/facilities?due=true');
    expect(due.body.map((f: { id: number }) => f.id)).toEqual([shed.body.id]);
    const photo = await uploadPhoto(handlerLvdi);
    const checked = await handlerLvdi.post(`/api/facilities/${shed.body.id}/records`, { kind: 'check', outcome: 'fault', note: '3个充电口损坏', attachmentIds: [photo] });
    expect(checked.body).toMatchObject({ checkOverdue: false, lastCheckAt: iso(s.clock.now()) });
    expect(checked.body.records[0]).toMatchObject({ kind: 'check', outcome: 'fault', recordedByName: '周强' });
    expect(checked.body.records[0].photos).toHaveLength(1);
    // A late entry of an older check does not move the date back.
    await handlerLvdi.post(`/api/facilities/${shed.body.id}/records`, { kind: 'check', doneAt: iso(s.clock.now() - 3 * DAY) });
    expect((await supervisor.get(`/api/facilities/${shed.body.id}`)).body.lastCheckAt).toBe(iso(s.clock.now()));
    expect((await supervisor.get('/api/facilities?due=true')).body).toEqual([]);
    // Retired: no more records.
    const retired = await supervisor.request('PATCH', `/api/facilities/${shed.body.id}`, { active: false });
    expect(retired.body.active).toBe(false);
    expectError(await handlerLvdi.post(`/api/facilities/${shed.body.id}/records`, { kind: 'check' }), 422, 'rule_violation');
    const ev = await s.ctx.db.selectFrom('supervision_events').select('action').where('entity', '=', 'facility').where('entity_id', '=', shed.body.id).orderBy('id').execute();
    expect(ev.map((e) => e.action)).toEqual(['register', 'check', 'check', 'update']);
  });
});

describe('visits', () => {
  it('a door visit’s findings become a work order (channel visit) in one step; lists mask the phone', async () => {
    expectError(await handlerLvdi.post('/api/visits', { placeId: place('cp-lvdi-b5'), mode: 'door', plan: 'random' }), 403, 'forbidden');
    expectError(await inspector.post('/api/visits', { placeId: place('cp-lvdi-b5'), mode: 'walk', plan: 'random' }), 400, 'validation');
    const v = await inspector.post('/api/visits', {
      placeId: place('cp-lvdi-b5'),
      mode: 'door',
      plan: 'scheduled',
      scheduledFor: iso(s.clock.now() + DAY),
      residentName: '王大姐',
      residentPhone: '13403520018',
    });
    expect(v.status).toBe(201);
    expect(v.body).toMatchObject({ status: 'planned', residentPhone: '13403520018' });
    const list = await supervisor.get('/api/visits?status=planned');
    expect(list.body.find((x: { id: number }) => x.id === v.body.id).residentPhone).toBe('134****0018');
    expectError(await supBds.get(`/api/visits/${v.body.id}`), 404, 'not_found');

    expectError(await inspector.post(`/api/visits/${v.body.id}/record`, { findings: '楼道灯不亮', outcome: 'order' }), 400, 'validation', 'categoryId');
    expectError(await inspector.post(`/api/visits/${v.body.id}/record`, { findings: '', outcome: 'ledger' }), 400, 'validation', 'findings');
    const rec = await inspector.post(`/api/visits/${v.body.id}/record`, {
      findings: '三期5号楼2单元楼道灯不亮已一周',
      outcome: 'order',
      categoryId: s.ids.categories.get('property-cleaning'),
    });
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ status: 'done', outcome: 'order', orderId: expect.any(Number) });
    const order = await s.ctx.db.selectFrom('work_orders').selectAll().where('id', '=', rec.body.orderId).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ channel: 'visit', caller_name: '王大姐', caller_phone: '13403520018', place_id: place('cp-lvdi-b5'), description: '三期5号楼2单元楼道灯不亮已一周' });
    expectError(await inspector.post(`/api/visits/${v.body.id}/record`, { findings: 'x', outcome: 'none' }), 422, 'rule_violation');
  });

  it('a phone visit’s findings become a ledger entry in one step', async () => {
    const v = await inspector.post('/api/visits', { placeId: place('cp-lvdi'), mode: 'phone', plan: 'random' });
    const rec = await inspector.post(`/api/visits/${v.body.id}/record`, {
      findings: '居民反映地库道闸经常抬杆失灵',
      outcome: 'ledger',
      title: '地库道闸失灵',
      unitId: unit('pc-lvdi'),
      deadline: iso(s.clock.now() + 7 * DAY),
    });
    expect(rec.body).toMatchObject({ outcome: 'ledger', ledgerEntryId: expect.any(Number), orderId: null });
    const entry = await supervisor.get(`/api/ledger/${rec.body.ledgerEntryId}`);
    expect(entry.body).toMatchObject({ title: '地库道闸失灵', source: 'visit', unitName: '绿地物业服务集团大同分公司', measures: '居民反映地库道闸经常抬杆失灵' });
    const ev = await s.ctx.db.selectFrom('supervision_events').select('action').where('entity', '=', 'visit').where('entity_id', '=', v.body.id).orderBy('id').execute();
    expect(ev.map((e) => e.action)).toEqual(['plan', 'record']);
  });
});

describe('consultations and projects', () => {
  let problemId: number;
  beforeAll(async () => {
    const p = await supervisor.post('/api/problems', { title: '天香蓝郡缺少物业用房', placeId: place('cp-tianxianglanjun'), categoryId: s.ids.categories.get('property-security') });
    problemId = p.body.id;
  });

  it('a three-party consultation on a problem with a decision and follow-up tasks', async () => {
    const body = {
      problemId,
      title: '三方会商：物业用房置换',
      heldAt: iso(s.clock.now() - DAY),
      parties: [
        { name: '鹿鸣社区居委会', side: 'community', unitId: unit('cc-luming') },
        { name: '大同蓝郡物业', side: 'property', unitId: unit('pc-lanjun') },
        { name: '业主代表', side: 'owners' },
      ],
      tasks: [{ title: '商铺置换为50㎡物业用房', unitId: unit('pc-lanjun'), deadline: iso(s.clock.now() + 30 * DAY) }],
    };
    expectError(await supervisor.post('/api/consultations', { ...body, parties: body.parties.slice(0, 1) }), 400, 'validation', 'parties');
    expectError(await supBds.post('/api/consultations', body), 422, 'unknown_reference', 'problemId');
    expectError(await dispatcher.post('/api/consultations', body), 403, 'forbidden');
    const res = await supervisor.post('/api/consultations', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ problemTitle: '天香蓝郡缺少物业用房', decision: '', progress: { done: 0, total: 1 } });
    const id = res.body.id;
    const decided = await supervisor.request('PUT', `/api/consultations/${id}/decision`, { decision: '一楼临街商铺与物业原办公点置换，作为物业服务中心' });
    expect(decided.body.decision).toContain('置换');
    await supervisor.post(`/api/consultations/${id}/tasks`, { title: '公示置换方案' });
    // The property company, a party, sees it and marks its task done; another company does not see it.
    const task = decided.body.tasks[0].id;
    expectError(await handlerLvdi.post(`/api/consultations/${id}/tasks/${task}/done`), 404, 'not_found');
    const done = await handlerTxlj.post(`/api/consultations/${id}/tasks/${task}/done`);
    expect(done.body.progress).toEqual({ done: 1, total: 2, percent: 50 });
    expectError(await handlerTxlj.post(`/api/consultations/${id}/tasks/${task}/done`), 422, 'rule_violation');
    expect((await supervisor.get(`/api/consultations?problemId=${problemId}`)).body).toEqual([expect.objectContaining({ id, tasks: 2, tasksDone: 1, decided: true })]);
    const ev = await s.ctx.db.selectFrom('supervision_events').select('action').where('entity', '=', 'consultation').where('entity_id', '=', id).orderBy('id').execute();
    expect(ev.map((e) => e.action)).toEqual(['create', 'decision', 'add_task', 'task_done']);
  });

  it('the 2176-meter project: targets, progress figures, percent, linked problems', async () => {
    const meters = await supervisor.post('/api/problems', { title: '绿地璀璨天城三四期临时用电', placeId: place('cp-lvdi') });
    const start = s.clock.now();
    const res = await supervisor.post('/api/projects', {
      title: '三、四期正式用电改造',
      placeId: place('cp-lvdi'),
      unitId: unit('power-datong'),
      startsAt: iso(start),
      dueAt: iso(start + 7 * DAY),
      targets: [
        { name: '装表', unitLabel: '户', target: 2176 },
        { name: '铺设高压电缆', unitLabel: '米', target: 1410 },
        { name: '增设真空断路器', unitLabel: '台', target: 12 },
      ],
      problemIds: [meters.body.id],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ percent: 0, problems: [{ id: meters.body.id, title: '绿地璀璨天城三四期临时用电' }] });
    const [t1, t2, t3] = res.body.targets.map((t: { id: number }) => t.id);
    expectError(await supervisor.post('/api/projects', { title: 'x', placeId: place('cp-lvdi'), targets: [] }), 400, 'validation', 'targets');
    expectError(await supervisor.post('/api/projects', { title: 'x', placeId: place('cp-lvdi'), targets: [{ name: 'a', unitLabel: '户', target: 0 }] }), 400, 'validation');
    expectError(
      await supervisor.post('/api/projects', { title: 'x', placeId: place('cp-lvdi'), targets: [{ name: 'a', unitLabel: '户', target: 1 }], problemIds: [987654] }),
      422,
      'unknown_reference',
      'problemIds',
    );
    const handlerPower = await s.login('handler.power');
    const p1 = await handlerPower.post(`/api/projects/${res.body.id}/progress`, { entries: [{ targetId: t1, amount: 1000 }, { targetId: t2, amount: 1410 }], note: '三期完成' });
    expect(p1.status).toBe(201);
    expectError(await handlerPower.post(`/api/projects/${res.body.id}/progress`, { entries: [{ targetId: 987654, amount: 1 }] }), 422, 'unknown_reference', 'entries/0/targetId');
    expectError(await handlerPower.post(`/api/projects/${res.body.id}/progress`, { entries: [{ targetId: t1, amount: -5 }] }), 400, 'validation');
    expectError(await handlerLvdi.post(`/api/projects/${res.body.id}/progress`, { entries: [{ targetId: t1, amount: 1 }] }), 404, 'not_found');
    const p2 = await handlerPower.post(`/api/projects/${res.body.id}/progress`, { entries: [{ targetId: t1, amount: 1176 }, { targetId: t3, amount: 12 }] });
    expect(p2.body.targets).toEqual([
      { id: t1, name: '装表', unitLabel: '户', target: 2176, done: 2176, remaining: 0, percent: 100 },
      { id: t2, name: '铺设高压电缆', unitLabel: '米', target: 1410, done: 1410, remaining: 0, percent: 100 },
      { id: t3, name: '增设真空断路器', unitLabel: '台', target: 12, done: 12, remaining: 0, percent: 100 },
    ]);
    expect(p2.body).toMatchObject({ percent: 100, overdue: false });
    expect(p2.body.progress).toHaveLength(4);
    expect((await supervisor.get('/api/projects')).body[0]).toMatchObject({ id: res.body.id, percent: 100 });
    expectError(await supBds.get(`/api/projects/${res.body.id}`), 404, 'not_found');
    expectError(await resident.get('/api/projects'), 403, 'forbidden');
  });
});
