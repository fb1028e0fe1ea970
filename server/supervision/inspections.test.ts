/** Inspections: templates (五亮), seeded samples and 回头看 plans, and the 检查-整改-复查 loop with its history. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { createLookBackPlan } from '.';
import { count, expectError, uploadPhoto } from './testing';

let s: TestServer;
let supervisor: Client; // district
let supBds: Client; // 白登山街道
let inspectorZj: Client; // district 住建局 inspector
let inspector: Client; // 御河东 community grid worker
let handlerShy: Client; // 华宇物业: 上华苑
let resident: Client;
let wuliang: { id: number; items: { id: number; item: string; criterion: string; weight: number }[] };
const place = (k: string) => s.ids.places.get(k)!;

beforeAll(async () => {
  s = await startTestServer();
  [supervisor, supBds, inspectorZj, inspector, handlerShy, resident] = await Promise.all(
    ['supervisor', 'supervisor.bds', 'inspector.zj', 'inspector', 'handler.shy', 'resident'].map((u) => s.login(u)),
  );
  const list = await supervisor.get('/api/inspection-templates');
  wuliang = (await supervisor.get(`/api/inspection-templates/${list.body.find((t: { code: string }) => t.code === 'wuliang').id}`)).body;
});
afterAll(async () => s?.close());

const allPass = () => wuliang.items.map((i) => ({ itemId: i.id, outcome: 'pass' as const }));

describe('guards on every endpoint', () => {
  const calls = (): [string, string, unknown?][] => [
    ['GET', '/api/inspection-templates'],
    ['GET', '/api/inspection-templates/1'],
    ['POST', '/api/inspection-templates', { name: 'x', items: [{ item: 'a', criterion: 'b', weight: 1 }] }],
    ['POST', '/api/inspection-plans', { kind: 'look_back', period: '2026-11', compoundIds: [place('cp-shanghuayuan')] }],
    ['GET', '/api/inspection-plans'],
    ['GET', '/api/inspection-plans/1'],
    ['GET', '/api/inspections/1'],
    ['POST', '/api/inspections/1/results', { results: [] }],
    ['POST', '/api/inspections/1/items/1/recheck', { outcome: 'pass' }],
  ];
  it('401 without a session, 403 for a resident and for a handler', async () => {
    for (const [m, u, b] of calls()) {
      expectError(await s.anonymous().request(m, u, b), 401, 'unauthenticated');
      expectError(await resident.request(m, u, b), 403, 'forbidden');
      expectError(await handlerShy.request(m, u, b), 403, 'forbidden');
    }
  });
  it('an inspector records but does not make templates or plans', async () => {
    expectError(
      await inspectorZj.post('/api/inspection-templates', { name: 'x', items: [{ item: 'a', criterion: 'b', weight: 1 }] }),
      403,
      'forbidden',
    );
    expectError(
      await inspectorZj.post('/api/inspection-plans', { kind: 'look_back', period: '2026-11', compoundIds: [place('cp-shanghuayuan')] }),
      403,
      'forbidden',
    );
  });
});

describe('the OpenAPI document', () => {
  it('lists the supervision endpoints with their methods', async () => {
    const doc = (await s.anonymous().get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const methods = (p: string) => Object.keys(doc.paths[p] ?? {}).sort();
    expect(methods('/api/problems')).toEqual(['get', 'post']);
    expect(methods('/api/problems/{id}/orders/{orderId}')).toEqual(['delete']);
    expect(methods('/api/ledger')).toEqual(['get', 'post']);
    expect(methods('/api/ledger/{id}')).toEqual(['get', 'patch']);
    expect(methods('/api/ledger/{id}/{action}')).toEqual(['post']);
    expect(methods('/api/ledger/import')).toEqual(['post']);
    expect(methods('/api/inspection-plans')).toEqual(['get', 'post']);
    expect(methods('/api/inspections/{id}/items/{itemId}/recheck')).toEqual(['post']);
  });
});

describe('templates', () => {
  it('the ready 五亮 template: 5 items × complete/clear/timely = 15 check points', () => {
    expect(wuliang.items).toHaveLength(15);
    expect([...new Set(wuliang.items.map((i) => i.item))]).toEqual(['亮职责', '亮身份', '亮承诺', '亮标准', '亮结果']);
    expect([...new Set(wuliang.items.map((i) => i.criterion))]).toEqual(['全面', '清晰', '及时']);
  });

  it('a supervisor makes a template with weights; bad input is 400; unknown id 404', async () => {
    const res = await supervisor.post('/api/inspection-templates', {
      name: '消防通道检查',
      items: [
        { item: '消防通道', criterion: '畅通', weight: 3 },
        { item: '灭火器', criterion: '在有效期内', weight: 2 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.items.map((i: { weight: number }) => i.weight)).toEqual([3, 2]);
    expectError(await supervisor.post('/api/inspection-templates', { name: 'x', items: [] }), 400, 'validation');
    expectError(
      await supervisor.post('/api/inspection-templates', { name: 'x', items: [{ item: 'a', criterion: 'b', weight: 0 }] }),
      400,
      'validation',
    );
    expectError(await supervisor.get('/api/inspection-templates/987654'), 404, 'not_found');
  });
});

describe('plans', () => {
  it('draws a reproducible random sample: the seed is recorded, the same seed draws the same compounds', async () => {
    const body = {
      kind: 'sample',
      name: '11月五亮抽查',
      period: '2026-11',
      sampleSize: 4,
      seed: 'pingcheng-2026-11',
      placeId: place('pingcheng'),
    };
    const a = await supervisor.post('/api/inspection-plans', body);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ kind: 'sample', seed: 'pingcheng-2026-11', sampleSize: 4, templateId: wuliang.id });
    const compounds = a.body.inspections.map((i: { compoundId: number }) => i.compoundId);
    expect(compounds).toHaveLength(4);
    const b = await supervisor.post('/api/inspection-plans', { ...body, name: '复核抽样' });
    expect(b.body.inspections.map((i: { compoundId: number }) => i.compoundId)).toEqual(compounds);
    // All are compounds.
    const levels = await s.ctx.db.selectFrom('places').select('level').where('id', 'in', compounds).execute();
    expect(levels.every((l) => l.level === 'compound')).toBe(true);

    const unseeded = await supervisor.post('/api/inspection-plans', { ...body, seed: undefined });
    expect(unseeded.body.seed).toMatch(/^[0-9a-f]{16}$/);
    const replay = await supervisor.post('/api/inspection-plans', { ...body, seed: unseeded.body.seed });
    expect(replay.body.inspections.map((i: { compoundId: number }) => i.compoundId)).toEqual(
      unseeded.body.inspections.map((i: { compoundId: number }) => i.compoundId),
    );

    // A street supervisor samples only in their street.
    const street = await supBds.post('/api/inspection-plans', { ...body, placeId: undefined, sampleSize: 50 });
    const streetIds = street.body.inspections.map((i: { compoundId: number }) => i.compoundId);
    expect(streetIds.sort()).toEqual([place('cp-hailixiyuan'), place('cp-hailixincun'), place('cp-baidengjiayuan')].sort());
    expectError(
      await supBds.post('/api/inspection-plans', { ...body, placeId: place('st-qingyuan') }),
      422,
      'unknown_reference',
      'placeId',
    );
    // The street supervisor sees the district plan only through their street's compounds (404 when none was drawn).
    const mine = compounds.filter((id: number) => streetIds.includes(id));
    const seen = await supBds.get(`/api/inspection-plans/${a.body.id}`);
    if (mine.length) expect(seen.body.inspections.map((i: { compoundId: number }) => i.compoundId)).toEqual(mine);
    else expectError(seen, 404, 'not_found');
  });

  it('rejects bad plans', async () => {
    const base = { kind: 'sample', name: 'x', period: '2026-11', sampleSize: 3 };
    expectError(await supervisor.post('/api/inspection-plans', { ...base, sampleSize: 0 }), 400, 'validation');
    expectError(await supervisor.post('/api/inspection-plans', { ...base, period: 'November' }), 400, 'validation');
    expectError(await supervisor.post('/api/inspection-plans', { ...base, kind: 'whim' }), 400, 'validation');
    expectError(await supervisor.post('/api/inspection-plans', { ...base, templateId: 987654 }), 422, 'unknown_reference', 'templateId');
    expectError(await supervisor.post('/api/inspection-plans', { ...base, placeId: 987654 }), 422, 'unknown_reference', 'placeId');
    expectError(
      await supervisor.post('/api/inspection-plans', { kind: 'look_back', period: '2026-11', compoundIds: [place('cp-shanghuayuan-b1')] }),
      422,
      'unknown_reference',
      'compoundIds',
    );
    expectError(
      await supervisor.post('/api/inspection-plans', { kind: 'look_back', period: '2026-11', compoundIds: [] }),
      400,
      'validation',
    );
    expectError(await supervisor.get('/api/inspection-plans/987654'), 404, 'not_found');
  });

  it('回头看: an explicit list of compounds, also callable from evaluation as createLookBackPlan', async () => {
    const res = await supervisor.post('/api/inspection-plans', {
      kind: 'look_back',
      period: '2026-11',
      compoundIds: [place('cp-baidengjiayuan'), place('cp-shanghuayuan')],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'look_back', name: '2026-11 回头看', seed: null });
    expect(res.body.inspections.map((i: { compoundName: string }) => i.compoundName).sort()).toEqual(['上华苑', '白登佳园'].sort());
    // The 白登山 supervisor sees the plan with their compound only.
    const seen = await supBds.get(`/api/inspection-plans/${res.body.id}`);
    expect(seen.body.inspections.map((i: { compoundName: string }) => i.compoundName)).toEqual(['白登佳园']);

    const plan = await s.ctx.db
      .transaction()
      .execute((tx) => createLookBackPlan(tx, [place('cp-dongfangluoma')], '2026-12', { now: s.clock.now() }));
    expect(plan).toMatchObject({ kind: 'look_back', period: '2026-12', created_by: null });
    const rows = await s.ctx.db.selectFrom('inspections').select('compound_id').where('plan_id', '=', plan.id).execute();
    expect(rows).toEqual([{ compound_id: place('cp-dongfangluoma') }]);
    const ev = await s.ctx.db
      .selectFrom('supervision_events')
      .selectAll()
      .where('entity', '=', 'plan')
      .where('entity_id', '=', plan.id)
      .execute();
    expect(ev.map((e) => e.action)).toEqual(['create']);
  });
});

describe('the 检查-整改-复查 loop', () => {
  it('records failures as rectifications, rechecks them until they pass, and keeps every round', async () => {
    const plan = await supervisor.post('/api/inspection-plans', {
      kind: 'look_back',
      name: '上华苑回头看',
      period: '2026-11',
      compoundIds: [place('cp-shanghuayuan')],
    });
    const insId = plan.body.inspections[0].id as number;
    const [duty, identity] = [wuliang.items[0]!, wuliang.items[4]!]; // 亮职责·全面, 亮身份·清晰

    // The inspector's task list: one request, scoped to the inspector's area, with compound and plan.
    const tasks = await inspectorZj.get('/api/inspections?status=pending,rectifying');
    expect(tasks.status).toBe(200);
    expect(tasks.body.find((i: { id: number }) => i.id === insId)).toEqual({
      id: insId,
      planId: plan.body.id,
      planName: '上华苑回头看',
      planKind: 'look_back',
      period: '2026-11',
      compoundId: place('cp-shanghuayuan'),
      compoundName: '上华苑',
      status: 'pending',
      score: null,
      recordedAt: null,
    });
    expect((await inspector.get('/api/inspections?status=pending')).body.map((i: { id: number }) => i.id)).not.toContain(insId);
    expect((await inspectorZj.get('/api/inspections?status=passed')).body.map((i: { id: number }) => i.id)).not.toContain(insId);
    expectError(await inspectorZj.get('/api/inspections?status=open'), 400, 'validation', 'status');
    expectError(await s.anonymous().get('/api/inspections'), 401, 'unauthenticated');
    expectError(await resident.get('/api/inspections'), 403, 'forbidden');

    // Out of scope: the 御河东 grid inspector does not see 上华苑.
    expectError(await inspector.get(`/api/inspections/${insId}`), 404, 'not_found');
    expectError(await inspector.post(`/api/inspections/${insId}/results`, { results: allPass() }), 404, 'not_found');
    // Bad input: incomplete, foreign item, repeated item, bad outcome.
    expectError(await inspectorZj.post(`/api/inspections/${insId}/results`, { results: allPass().slice(1) }), 400, 'validation', 'results');
    expectError(
      await inspectorZj.post(`/api/inspections/${insId}/results`, {
        results: [...allPass().slice(1), { itemId: 987654, outcome: 'pass' }],
      }),
      400,
      'validation',
    );
    expectError(
      await inspectorZj.post(`/api/inspections/${insId}/results`, { results: [...allPass().slice(1), allPass()[1]] }),
      400,
      'validation',
    );
    expectError(
      await inspectorZj.post(`/api/inspections/${insId}/results`, { results: [{ itemId: duty.id, outcome: 'maybe' }] }),
      400,
      'validation',
    );
    expect(await count(s, 'inspection_checks')).toBe(0);

    const photo = await uploadPhoto(inspectorZj);
    const results = allPass().map((r) =>
      r.itemId === duty.id
        ? { itemId: r.itemId, outcome: 'fail' as const, note: '公示栏未列出物业服务职责', attachmentIds: [photo] }
        : r.itemId === identity.id
          ? { itemId: r.itemId, outcome: 'fail' as const, note: '工作人员照片模糊' }
          : r,
    );
    const recorded = await inspectorZj.post(`/api/inspections/${insId}/results`, { results, deadline: '2026-11-23T10:00:00Z' });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ status: 'rectifying', score: 87 });
    const dutyItem = recorded.body.items.find((i: { id: number }) => i.id === duty.id);
    expect(dutyItem.outcome).toBe('fail');
    const url = `/api/inspections/${insId}/attachments/${photo}`;
    expect(dutyItem.history[0].attachments).toEqual([{ id: photo, url }]);
    expect((await supervisor.get(url)).status).toBe(200);
    expectError(await inspector.get(url), 404, 'not_found');
    const entryId = dutyItem.ledgerEntryId as number;
    const identityEntry = recorded.body.items.find((i: { id: number }) => i.id === identity.id).ledgerEntryId as number;
    expectError(await inspectorZj.post(`/api/inspections/${insId}/results`, { results }), 409, 'conflict');
    // The ledger lists the inspection's rectifications in one request; another inspection's are not among them.
    const byInspection = await supervisor.get(`/api/ledger?inspectionId=${insId}`);
    expect(byInspection.status).toBe(200);
    expect(byInspection.body.rows.map((r: { id: number }) => r.id).sort((a: number, b: number) => a - b)).toEqual([entryId, identityEntry].sort((a, b) => a - b));
    expect(byInspection.body.total).toBe(2);
    expect((await supervisor.get(`/api/ledger?inspectionId=987654`)).body).toEqual({ total: 0, rows: [] });
    expectError(await supervisor.get('/api/ledger?inspectionId=x'), 400, 'validation', 'inspectionId');

    // The rectification is a ledger entry for the compound's property company, with the deadline.
    const entry = await handlerShy.get(`/api/ledger/${entryId}`);
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({
      source: 'inspection',
      status: 'open',
      deadline: '2026-11-23T10:00:00.000Z',
      unitId: s.ids.units.get('pc-huayu'),
      inspectionId: insId,
    });
    // Not yet submitted: nothing to recheck. An item that passed has nothing to recheck.
    expectError(
      await inspectorZj.post(`/api/inspections/${insId}/items/${duty.id}/recheck`, { outcome: 'pass' }),
      409,
      'conflict',
      'status',
    );
    expectError(
      await inspectorZj.post(`/api/inspections/${insId}/items/${wuliang.items[1]!.id}/recheck`, { outcome: 'pass' }),
      409,
      'conflict',
      'itemId',
    );
    expectError(await inspectorZj.post(`/api/inspections/${insId}/items/987654/recheck`, { outcome: 'pass' }), 404, 'not_found');

    // The company rectifies and submits; the recheck fails it again with a new deadline.
    await handlerShy.post(`/api/ledger/${entryId}/start`, {});
    const hp = await uploadPhoto(handlerShy);
    await handlerShy.post(`/api/ledger/${entryId}/notes`, { text: '已补充职责公示', attachmentIds: [hp] });
    await handlerShy.post(`/api/ledger/${entryId}/submit`, {});
    // An inspection finding is closed by its recheck, not by the ledger's close.
    expectError(await supervisor.post(`/api/ledger/${entryId}/close`, {}), 422, 'rule_violation', 'status');
    const failed = await inspectorZj.post(`/api/inspections/${insId}/items/${duty.id}/recheck`, {
      outcome: 'fail',
      note: '内容仍不全面',
      deadline: '2026-11-30T10:00:00Z',
    });
    expect(failed.status).toBe(200);
    expect(
      failed.body.items
        .find((i: { id: number }) => i.id === duty.id)
        .history.map((h: { round: number; outcome: string }) => [h.round, h.outcome]),
    ).toEqual([
      [1, 'fail'],
      [2, 'fail'],
    ]);
    expect((await handlerShy.get(`/api/ledger/${entryId}`)).body).toMatchObject({
      status: 'rectifying',
      deadline: '2026-11-30T10:00:00.000Z',
    });

    // Second round: passes, and the entry is closed (销号) by the inspector.
    await handlerShy.post(`/api/ledger/${entryId}/submit`, { evidence: '职责、服务范围、收费项目已全部上墙' });
    const passed = await inspectorZj.post(`/api/inspections/${insId}/items/${duty.id}/recheck`, { outcome: 'pass', note: '已整改到位' });
    expect(passed.body.items.find((i: { id: number }) => i.id === duty.id)).toMatchObject({ outcome: 'pass' });
    expect(passed.body.status).toBe('rectifying'); // 亮身份 still open
    const closed = await s.ctx.db.selectFrom('ledger_entries').selectAll().where('id', '=', entryId).executeTakeFirstOrThrow();
    expect(closed).toMatchObject({
      status: 'closed',
      reviewed_by: s.ids.users.get('inspector.zj'),
      submitted_by: s.ids.users.get('handler.shy'),
    });
    const events = await s.ctx.db.selectFrom('ledger_events').select('action').where('entry_id', '=', entryId).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'start', 'note', 'submit', 'reject', 'submit', 'close']);

    // 亮身份: submitted without evidence → the recheck cannot close it (422), nothing recorded.
    await handlerShy.post(`/api/ledger/${identityEntry}/submit`, {});
    const before = await count(s, 'inspection_checks');
    expectError(
      await inspectorZj.post(`/api/inspections/${insId}/items/${identity.id}/recheck`, { outcome: 'pass' }),
      422,
      'rule_violation',
      'evidence',
    );
    expect(await count(s, 'inspection_checks')).toBe(before);
    await supervisor.post(`/api/ledger/${identityEntry}/reject`, { comment: '请上传照片' });
    const p2 = await uploadPhoto(handlerShy);
    await handlerShy.post(`/api/ledger/${identityEntry}/notes`, { text: '更换清晰照片', attachmentIds: [p2] });
    await handlerShy.post(`/api/ledger/${identityEntry}/submit`, {});
    const done = await inspectorZj.post(`/api/inspections/${insId}/items/${identity.id}/recheck`, { outcome: 'pass' });
    expect(done.body.status).toBe('passed');

    const evs = await s.ctx.db
      .selectFrom('supervision_events')
      .select('action')
      .where('entity', '=', 'inspection')
      .where('entity_id', '=', insId)
      .orderBy('id')
      .execute();
    expect(evs.map((e) => e.action)).toEqual(['record', 'recheck', 'recheck', 'recheck']);
    // The plan lists the result.
    const planNow = await supervisor.get(`/api/inspection-plans/${plan.body.id}`);
    expect(planNow.body.inspections[0]).toMatchObject({ status: 'passed', score: 87 });
    expect((await supervisor.get('/api/inspection-plans')).body.map((p: { id: number }) => p.id)).toContain(plan.body.id);
  });

  it('the reviewer of a recheck may not be the one who submitted the rectification', async () => {
    const plan = await supervisor.post('/api/inspection-plans', {
      kind: 'look_back',
      period: '2026-11',
      compoundIds: [place('cp-baidengjiayuan')],
    });
    const insId = plan.body.inspections[0].id as number;
    const item = wuliang.items[2]!;
    const results = allPass().map((r) => (r.itemId === item.id ? { ...r, outcome: 'fail' as const } : r));
    const rec = await supBds.post(`/api/inspections/${insId}/results`, { results });
    expect(rec.body.score).toBe(93);
    const entryId = rec.body.items.find((i: { id: number }) => i.id === item.id).ledgerEntryId;
    await supBds.post(`/api/ledger/${entryId}/submit`, { evidence: '已整改' });
    expectError(
      await supBds.post(`/api/inspections/${insId}/items/${item.id}/recheck`, { outcome: 'pass' }),
      422,
      'rule_violation',
      'reviewer',
    );
    expect((await inspectorZj.post(`/api/inspections/${insId}/items/${item.id}/recheck`, { outcome: 'pass' })).body.status).toBe('passed');
  });
});
