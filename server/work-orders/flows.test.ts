/**
 * The lifecycle's flows end to end through HTTP (DOMAIN.md §3): returns, extensions, urging and
 * supervision, reply review, rating and redo, merge, transfer, cancel, re-verification, and who
 * sees which notes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { iso, sh, signIn, Walker, type Cast, type Order } from '../test/walk';

let s: TestServer;
let c: Cast;
let w: Walker;

beforeAll(async () => {
  s = await startTestServer({ now: sh('2026-11-16 09:00') });
  c = await signIn(s);
  w = new Walker(s, c);
});
afterAll(async () => s?.close());

const actions = async (id: number) => (await w.events(id)).map((e) => e.action);
const payload = (e: { payload_json: string | null }) => (e.payload_json ? JSON.parse(e.payload_json) : null);
const lastEvent = async (id: number) => (await w.events(id)).at(-1)!;
const messages = (orderId: number) =>
  s.ctx.db.selectFrom('messages').select(['user_id', 'kind', 'title', 'body']).where('order_id', '=', orderId).orderBy('id').execute();

describe('return (退单)', () => {
  it('approved: the clocks stop, the order goes back to dispatch and the unit loses sight of it', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    const o = await w.to('handling');
    s.clock.set(sh('2026-11-16 10:00'));
    let r = await w.act(c.handler, o, 'request_return', { reason: 'overlapping_duty', note: '楼道保洁属社区公共区域' });
    expect([r.status, r.returnCount]).toEqual(['return_requested', 1]);
    const asked = await lastEvent(o.id);
    expect(payload(asked)).toEqual({ reason: 'overlapping_duty', note: '楼道保洁属社区公共区域', fromStatus: 'handling' });
    // Until the ruling the unit's clocks keep running.
    expect(r.resolutionDueAt).toBe(o.resolutionDueAt);
    expect(Number((await w.row(o.id)).next_check_at)).toBeGreaterThan(0);

    r = await w.act(c.supervisor, r, 'approve_return', { note: '同意，改派社区' });
    expect(r.status).toBe('received');
    expect([r.leadUnit, r.coUnits, r.dispatchedAt, r.signoffDueAt, r.responseDueAt, r.resolutionDueAt, r.acceptedAt]).toEqual([null, [], null, null, null, null, null]);
    expect((await w.row(o.id)).next_check_at).toBeNull();
    for (const h of [c.handler, c.coHandler]) {
      expect((await h.get(`/api/work-orders/${o.id}`)).status).toBe(404);
      const list = await h.get('/api/work-orders?pageSize=200');
      expect(list.body.items.map((x: Order) => x.id)).not.toContain(o.id);
    }
    expect(r.actions).toEqual(['dispatch', 'answer_directly', 'cancel', 'merge', 'comment']);

    // Re-dispatch: the next unit's clocks start now.
    s.clock.set(sh('2026-11-17 14:30'));
    r = await w.act(c.dispatcher, r, 'dispatch', { leadUnitId: w.unit('cc-hexin') });
    expect([r.status, r.dispatchedAt, r.signoffDueAt, r.resolutionDueAt]).toEqual([
      'dispatched',
      iso(sh('2026-11-17 14:30')),
      iso(sh('2026-11-18 14:30')),
      iso(sh('2026-11-26 14:30')),
    ]);
    expect((await c.coHandler.get(`/api/work-orders/${o.id}`)).body.actions).toEqual(['accept', 'request_return', 'comment']);
    expect(await actions(o.id)).toEqual(['create', 'dispatch', 'accept', 'request_return', 'approve_return', 'dispatch']);
  });

  it('rejected: binding on the unit, which handles it (signed off at the ruling)', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    const o = await w.to('dispatched');
    const asked = await w.act(c.handler, o, 'request_return', { reason: 'wrong_place', note: '地址不在我司小区' });
    s.clock.set(sh('2026-11-16 11:00'));
    const r = await w.act(c.supervisor, asked, 'reject_return', { note: '属上华苑，须办理' });
    expect([r.status, r.acceptedAt, r.leadUnit.id, r.resolutionDueAt]).toEqual(['handling', iso(sh('2026-11-16 11:00')), w.unit('pc-huayu'), o.resolutionDueAt]);
    expect(payload(await lastEvent(o.id))).toEqual({ note: '属上华苑，须办理', binding: true });
    expect((await c.handler.get(`/api/work-orders/${o.id}`)).body.actions).toEqual(['request_return', 'contact', 'request_extension', 'reply', 'comment']);
  });
});

describe('extension (延期)', () => {
  it('only before due; approval moves only the resolution deadline and tells the resident the new date', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    const o = await w.to('handling');
    expect(o.resolutionDueAt).toBe(iso(sh('2026-11-25 09:00')));
    s.clock.set(sh('2026-11-20 16:00'));
    const until = iso(sh('2026-12-02 18:00'));
    let r = await w.act(c.handler, o, 'request_extension', { until, reason: '需更换楼道排污管，配件未到' });
    expect([r.extensionRequestedUntil, r.resolutionDueAt]).toEqual([until, iso(sh('2026-11-25 09:00'))]);
    const supervisorView = await c.supervisor.get(`/api/work-orders/${o.id}`);
    expect(supervisorView.body.actions.slice(0, 2)).toEqual(['approve_extension', 'reject_extension']);

    r = await w.act(c.supervisor, r, 'approve_extension', { note: '同意' });
    expect([r.resolutionDueAt, r.extensionRequestedUntil, r.signoffDueAt, r.responseDueAt]).toEqual([until, null, o.signoffDueAt, o.responseDueAt]);
    const e = await lastEvent(o.id);
    expect([e.action, e.public, payload(e)]).toEqual(['approve_extension', 1, { previousDueAt: iso(sh('2026-11-25 09:00')), newDueAt: until, note: '同意' }]);
    const inbox = await messages(o.id);
    expect(inbox.at(-1)).toEqual({
      user_id: w.user('resident.shy'),
      kind: 'approve_extension',
      title: '办理期限已延长',
      body: `工单 ${o.number} 的办理期限延长至 2026-12-02 18:00。`, // Shanghai time, as a resident reads it
    });
    // The resident sees the approval on the timeline, not the unit's request.
    const mine = await c.resident.get(`/api/work-orders/${o.id}`);
    expect(mine.body.events.map((x: { action: string }) => x.action)).toEqual(['create', 'dispatch', 'accept', 'approve_extension']);
  });

  it('a rejected extension leaves the deadline; a request after due is refused', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    const o = await w.to('handling');
    s.clock.set(sh('2026-11-18 09:00'));
    let r = await w.act(c.handler, o, 'request_extension', { until: iso(sh('2026-11-30 09:00')), reason: '施工' });
    r = await w.act(c.supervisor, r, 'reject_extension', { note: '工期足够' });
    expect([r.resolutionDueAt, r.extensionRequestedUntil]).toEqual([o.resolutionDueAt, null]);
    expect((await messages(o.id)).map((m) => m.kind)).toEqual(['create', 'accept']);
    // At the deadline it is too late to ask.
    s.clock.set(sh('2026-11-25 09:00'));
    const late = await w.try(c.handler, r, 'request_extension', { until: iso(sh('2026-11-30 09:00')), reason: '施工' });
    expect([late.status, late.body.error.code]).toEqual([409, 'illegal_transition']);
    expect((await c.handler.get(`/api/work-orders/${o.id}`)).body.actions).not.toContain('request_extension');
  });
});

describe('urge (催办) and supervise (督办) are counters with events, not states', () => {
  it('counts each one, records the notice, and leaves the status', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    let o = await w.to('handling');
    o = await w.act(c.dispatcher, o, 'urge', { note: '居民再次来电' });
    o = await w.act(c.supervisor, o, 'urge');
    o = await w.act(c.supervisor, o, 'supervise', { note: '列入督办' });
    o = await w.act(c.supervisor, o, 'supervise');
    expect([o.status, o.urgeCount, o.supervisionLevel]).toEqual(['handling', 2, 2]);
    const events = (await w.events(o.id)).slice(-4);
    expect(events.map((e) => [e.action, e.from_status, e.to_status, payload(e)])).toEqual([
      ['urge', 'handling', 'handling', { note: '居民再次来电', count: 1 }],
      ['urge', 'handling', 'handling', { count: 2 }],
      ['supervise', 'handling', 'handling', { note: '列入督办', level: 1 }],
      ['supervise', 'handling', 'handling', { level: 2 }],
    ]);
    // supervised orders are listed as such
    const list = await c.supervisor.get('/api/work-orders?supervised=true&pageSize=200');
    expect(list.body.items.map((x: Order) => x.id)).toContain(o.id);
  });
});

describe('reply review (审核)', () => {
  it('reply → reject → handling → reply again → approve → callback', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    let o = await w.to('handling');
    o = await w.act(c.handler, o, 'reply', { text: '已处理' });
    expect(o.repliedAt).toBe(iso(sh('2026-11-16 09:00')));
    o = await w.act(c.supervisor, o, 'reject_reply', { note: '未说明处理结果' });
    expect([o.status, o.repliedAt, o.resolutionDueAt]).toEqual(['handling', null, iso(sh('2026-11-25 09:00'))]);
    expect(Number((await w.row(o.id)).next_check_at)).toBeGreaterThan(0);
    s.clock.set(sh('2026-11-17 10:00'));
    o = await w.act(c.handler, o, 'reply', { text: '已清理楼道并增加每日保洁一次' });
    expect((await w.row(o.id)).next_check_at).toBeNull();
    o = await w.act(c.supervisor, o, 'approve_reply');
    expect([o.status, o.repliedAt]).toEqual(['callback', iso(sh('2026-11-17 10:00'))]);
    expect(payload(await lastEvent(o.id))).toEqual({ reply: '已清理楼道并增加每日保洁一次' });
    expect((await messages(o.id)).at(-1)!.body).toBe(`工单 ${o.number} 已答复：已清理楼道并增加每日保洁一次。请对办理结果进行评价。`);
    expect(await actions(o.id)).toEqual(['create', 'dispatch', 'accept', 'reply', 'reject_reply', 'reply', 'approve_reply']);
    // The resident sees neither the rejected reply nor the review note.
    const mine = await c.resident.get(`/api/work-orders/${o.id}`);
    expect(mine.body.events.map((x: { action: string }) => x.action)).toEqual(['create', 'dispatch', 'accept', 'approve_reply']);
    expect(mine.body.actions).toEqual(['rate', 'comment']);
  });
});

describe('rating (回访评价), judging and redo (重办)', () => {
  it('不满意 → judging → redo on a new resolution clock → reply → 满意 → closed', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    let o = await w.to('callback');
    s.clock.set(sh('2026-11-18 15:00'));
    o = await w.act(c.resident, o, 'rate', { resolution: 'unresolved', satisfaction: 'unsatisfied', comment: '楼道还是脏' });
    expect([o.status, o.ratingResolution, o.ratingSatisfaction, o.closedAt]).toEqual(['judging', 'unresolved', 'unsatisfied', null]);
    expect((await c.supervisor.get(`/api/work-orders/${o.id}`)).body.actions).toEqual(['redo', 'close', 'comment']);

    s.clock.set(sh('2026-11-19 10:00'));
    o = await w.act(c.supervisor, o, 'redo', { note: '经核实保洁未落实，责任在物业' });
    expect([o.status, o.redoCount, o.resolutionDueAt, o.ratingSatisfaction, o.repliedAt]).toEqual([
      'handling',
      1,
      iso(sh('2026-11-30 10:00')),
      null,
      null,
    ]);
    expect((await messages(o.id)).at(-1)!.kind).toBe('redo');
    o = await w.act(c.handler, o, 'reply', { text: '已重新安排专人保洁' });
    o = await w.act(c.supervisor, o, 'approve_reply');
    o = await w.act(c.resident, o, 'rate', { resolution: 'resolved', satisfaction: 'basically' });
    expect([o.status, o.redoCount, o.ratingSatisfaction]).toEqual(['closed', 1, 'basically']);
  });

  it('不满意 but the unit was not at fault → closed by the supervisor', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    let o = await w.to('judging');
    s.clock.set(sh('2026-11-16 12:00'));
    o = await w.act(c.supervisor, o, 'close', { note: '诉求超出物业服务范围，已解释' });
    expect([o.status, o.closedAt, o.redoCount, o.ratingSatisfaction]).toEqual(['closed', iso(sh('2026-11-16 12:00')), 0, 'unsatisfied']);
    expect(payload(await lastEvent(o.id))).toEqual({ note: '诉求超出物业服务范围，已解释', atFault: false });
  });

  it('a dispatcher rates a caller’s order on the callback phone call', async () => {
    const o = await w.to('callback', { by: c.dispatcher });
    const r = await w.act(c.dispatcher, o, 'rate', { resolution: 'partly', satisfaction: 'satisfied' });
    expect([r.status, r.ratingResolution]).toEqual(['closed', 'partly']);
  });
});

describe('merge (合并)', () => {
  it('folds one report into another, with an event on both', async () => {
    const target = await w.to('handling');
    const dup = await w.to('dispatched');
    const r = await w.act(c.dispatcher, dup, 'merge', { targetId: target.id });
    expect([r.status, r.mergedIntoId, r.closedAt]).toEqual(['merged', target.id, iso(s.clock.now())]);
    const onTarget = await lastEvent(target.id);
    expect([onTarget.action, onTarget.actor_id, payload(onTarget)]).toEqual(['merged_in', w.user('dispatcher'), { sourceId: dup.id, sourceNumber: dup.number }]);
    expect(payload(await lastEvent(dup.id))).toEqual({ targetId: target.id, targetNumber: target.number });
    expect((await messages(dup.id)).at(-1)!.body).toBe(`工单 ${dup.number} 与同一问题的工单 ${target.number} 合并办理。`);
    // the target itself is untouched
    expect((await w.row(target.id)).version).toBe(target.version);
  });

  it('refuses a finished target', async () => {
    const closed = await w.to('closed');
    const o = await w.to('received');
    const r = await w.try(c.dispatcher, o, 'merge', { targetId: closed.id });
    expect([r.status, r.body.error.code, r.body.error.field]).toEqual([422, 'rule_violation', 'targetId']);
  });
});

describe('transfer (转派)', () => {
  it('moves the order to another unit, whose clocks start at the transfer', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    const o = await w.to('handling');
    s.clock.set(sh('2026-11-16 15:00'));
    const r = await w.act(c.dispatcher, o, 'transfer', { leadUnitId: w.unit('cc-hexin'), note: '属社区公共区域' });
    expect([r.status, r.leadUnit.id, r.acceptedAt, r.dispatchedAt, r.resolutionDueAt]).toEqual([
      'dispatched',
      w.unit('cc-hexin'),
      null,
      iso(sh('2026-11-16 15:00')),
      iso(sh('2026-11-25 15:00')),
    ]);
    expect((await c.handler.get(`/api/work-orders/${o.id}`)).status).toBe(404);
    const accepted = await w.act(c.coHandler, r, 'accept');
    expect(accepted.status).toBe('handling');
  });
});

describe('cancel (撤销)', () => {
  it('the resident withdraws their own request before a unit works on it, not after', async () => {
    const o = await w.to('received');
    const r = await w.act(c.resident, o, 'cancel', { reason: '问题已自行解决' });
    expect([r.status, r.closedAt]).toEqual(['cancelled', iso(s.clock.now())]);
    expect((await messages(o.id)).at(-1)!.kind).toBe('cancel');
    const busy = await w.to('handling');
    const refused = await w.try(c.resident, busy, 'cancel', { reason: '不想等了' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'illegal_transition']);
    const other = await w.to('received');
    const notMine = await w.try(c.otherResident, other, 'cancel', { reason: 'x' });
    expect(notMine.status).toBe(404);
  });
});

describe('re-verification (回访核实)', () => {
  it('a supervisor draws closed satisfied orders; confirmed keeps them closed', async () => {
    const o = await w.to('closed');
    expect((await c.dispatcher.post('/api/work-orders/verification-sample', { ids: [o.id] })).status).toBe(403);
    const drawn = await c.supervisor.post('/api/work-orders/verification-sample', { ids: [o.id] });
    expect(drawn.body).toEqual({ sampled: [o.id] });
    let r = await w.get(o);
    expect([r.verifyPending, r.version, r.actions]).toEqual([true, o.version + 1, ['reverify', 'comment']]);
    // drawing it again is refused: it is already pending
    const again = await c.supervisor.post('/api/work-orders/verification-sample', { ids: [o.id] });
    expect([again.status, again.body.error.code]).toEqual([422, 'rule_violation']);
    r = await w.act(c.dispatcher, r, 'reverify', { outcome: 'confirmed' });
    expect([r.status, r.verifyPending, r.reopenCount]).toEqual(['closed', false, 0]);
    expect(await actions(o.id)).toEqual(['create', 'dispatch', 'accept', 'reply', 'approve_reply', 'rate', 'sample_verification', 'reverify']);
  });

  it('not resolved reopens the order with the same unit on a new resolution clock', async () => {
    s.clock.set(sh('2026-11-16 09:00'));
    const o = await w.sampled();
    s.clock.set(sh('2026-11-27 16:00'));
    let r = await w.act(c.dispatcher, o, 'reverify', { outcome: 'not_resolved', note: '回访发现楼道仍未清理' });
    expect([r.status, r.reopenCount, r.verifyPending, r.closedAt, r.ratingSatisfaction, r.leadUnit.id, r.resolutionDueAt]).toEqual([
      'handling',
      1,
      false,
      null,
      null,
      w.unit('pc-huayu'),
      iso(sh('2026-12-08 16:00')),
    ]);
    expect((await messages(o.id)).at(-1)!.title).toBe('工单已重新打开');
    r = await w.act(c.handler, r, 'reply', { text: '已再次清理' });
    expect(r.status).toBe('replied');
  });

  it('a share draws among the eligible closed orders only, and bad draws are refused', async () => {
    const unsatisfied = await w.to('judging');
    await w.act(c.supervisor, unsatisfied, 'close');
    const direct = await w.act(c.dispatcher, await w.to('received'), 'answer_directly', { reply: '已解答' });
    const eligible = await Promise.all([w.to('closed'), w.to('closed')]);
    const tooEarly = await c.supervisor.post('/api/work-orders/verification-sample', { share: 1, closedTo: '2026-01-01T00:00:00Z' });
    expect(tooEarly.body).toEqual({ sampled: [] });
    const capped = await c.supervisor.post('/api/work-orders/verification-sample', { share: 1, max: 1 });
    expect(capped.body.sampled.length).toBe(1);
    const res = await c.supervisor.post('/api/work-orders/verification-sample', { share: 1 });
    expect(res.status).toBe(200);
    res.body.sampled.push(...capped.body.sampled);
    for (const e of eligible) expect(res.body.sampled).toContain(e.id);
    expect(res.body.sampled).not.toContain(unsatisfied.id);
    expect(res.body.sampled).not.toContain(direct.id);
    const none = await c.supervisor.post('/api/work-orders/verification-sample', { share: 1 });
    expect(none.body).toEqual({ sampled: [] });
    for (const body of [{}, { ids: [1], share: 0.5 }, { share: 0 }, { share: 2 }, { ids: [] }, { share: 0.5, closedFrom: 'yesterday' }]) {
      const bad = await c.supervisor.post('/api/work-orders/verification-sample', body);
      expect([bad.status, bad.body.error.code], JSON.stringify(body)).toEqual([400, 'validation']);
    }
    const outOfScope = c.streetSupervisor;
    const far = await w.to('closed');
    const r = await outOfScope.post('/api/work-orders/verification-sample', { ids: [far.id] });
    expect([r.status, r.body.error.code]).toEqual([422, 'rule_violation']);
  });
});

describe('notes (备注): internal or public', () => {
  it('the resident sees public notes and public steps only; staff see all', async () => {
    let o = await w.to('handling');
    await w.act(c.dispatcher, o, 'comment', { text: '内部：该住户多次投诉' });
    await w.act(c.dispatcher, o, 'comment', { text: '已联系物业经理，今天下午处理', public: true });
    await w.act(c.resident, o, 'comment', { text: '谢谢，请尽快', public: false });
    o = await w.act(c.dispatcher, o, 'urge');
    const mine = await c.resident.get(`/api/work-orders/${o.id}`);
    expect(mine.body.events.map((e: { action: string; payload: any }) => [e.action, e.payload?.text ?? null])).toEqual([
      ['create', null],
      ['dispatch', null],
      ['accept', null],
      ['comment', '已联系物业经理，今天下午处理'],
      ['comment', '谢谢，请尽快'],
    ]);
    expect(mine.body.events.every((e: { public: boolean }) => e.public)).toBe(true);
    const staff = await c.handler.get(`/api/work-orders/${o.id}`);
    expect(staff.body.events.map((e: { action: string; public: boolean }) => [e.action, e.public])).toEqual([
      ['create', true],
      ['dispatch', true],
      ['accept', true],
      ['comment', false],
      ['comment', true],
      ['comment', true],
      ['urge', false],
    ]);
    // a note is not a state change
    expect(o.version).toBe(4);
  });
});
