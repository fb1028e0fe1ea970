/**
 * Every legal and illegal transition of the table in common/lifecycle.ts, through real HTTP: each
 * allowed (action, status) pair on a fresh order walked there through the API, each other status
 * refused with 409 illegal_transition and nothing changed, and the forbidden and out-of-scope cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUSES, TRANSITIONS, type Action, type Status } from '../../common/lifecycle';
import { startTestServer, type TestServer } from '../test/harness';
import { iso, signIn, Walker, type Cast, type Order } from '../test/walk';

let s: TestServer;
let c: Cast;
let w: Walker;

beforeAll(async () => {
  s = await startTestServer();
  c = await signIn(s);
  w = new Walker(s, c);
});
afterAll(async () => s?.close());

const MINUTE = 60_000;

/** Who takes each action in the happy cases (a user the table grants it to). */
const ACTOR: Record<Action, keyof Cast> = {
  dispatch: 'dispatcher',
  answer_directly: 'dispatcher',
  accept: 'handler',
  request_return: 'handler',
  approve_return: 'supervisor',
  reject_return: 'supervisor',
  contact: 'handler',
  request_extension: 'handler',
  approve_extension: 'supervisor',
  reject_extension: 'supervisor',
  urge: 'dispatcher',
  supervise: 'supervisor',
  reply: 'handler',
  approve_reply: 'supervisor',
  reject_reply: 'supervisor',
  rate: 'resident',
  redo: 'supervisor',
  close: 'supervisor',
  cancel: 'dispatcher',
  merge: 'dispatcher',
  transfer: 'dispatcher',
  reverify: 'dispatcher',
  comment: 'dispatcher',
};
const USERNAME: Record<string, string> = {
  dispatcher: 'dispatcher',
  supervisor: 'supervisor',
  handler: 'handler.shy',
  resident: 'resident.shy',
};

/** A valid body for each action (the version is added by the walker). */
async function bodyFor(action: Action, order: Order): Promise<Record<string, unknown>> {
  switch (action) {
    case 'dispatch':
      return { leadUnitId: w.unit('pc-huayu'), coUnitIds: [w.unit('cc-hexin')] };
    case 'answer_directly':
      return { reply: '已电话解答：保洁时间为每日8点' };
    case 'request_return':
      return { reason: 'unclear_ownership', note: '该楼道属开发商遗留问题' };
    case 'request_extension':
      return { until: iso(Date.parse(order.resolutionDueAt ?? iso(s.clock.now())) + 3 * 86400_000), reason: '需要采购配件' };
    case 'reply':
      return { text: '已安排保洁员清理并增加频次' };
    case 'reject_reply':
      return { note: '答复未说明清理时间' };
    case 'rate':
      return { resolution: 'resolved', satisfaction: 'satisfied' };
    case 'redo':
      return { note: '单位未实际处理' };
    case 'cancel':
      return { reason: '居民已自行解决' };
    case 'merge':
      return { targetId: (await w.create({ title: '同一楼道保洁问题' })).id };
    case 'transfer':
      return { leadUnitId: w.unit('cc-hexin'), note: '属社区管理范围' };
    case 'reverify':
      return { outcome: 'confirmed', note: '电话回访确认已解决' };
    case 'comment':
      return { text: '已与物业经理沟通' };
    default:
      return {};
  }
}

/** An order in `status` that meets the action's guard too (a pending extension, a sampled closed order). */
async function prepared(action: Action, status: Status): Promise<Order> {
  if (action === 'reverify') return w.sampled();
  const order = await w.to(status);
  if (action === 'approve_extension' || action === 'reject_extension') {
    return w.act(c.handler, order, 'request_extension', await bodyFor('request_extension', order));
  }
  return order;
}

/** What each action must have changed besides status, version and the event. */
const EFFECT: Record<Action, (before: Order, after: Order, now: number, body: Record<string, unknown>) => void> = {
  dispatch: (_b, a, now) => {
    expect(a.leadUnit.id).toBe(w.unit('pc-huayu'));
    expect(a.coUnits.map((u: { id: number }) => u.id)).toEqual([w.unit('cc-hexin')]);
    expect(a.dispatchedAt).toBe(iso(now));
    expect(a.signoffDueAt).not.toBeNull();
  },
  answer_directly: (_b, a, now) => {
    expect(a.closedAt).toBe(iso(now));
    expect(a.repliedAt).toBe(iso(now));
  },
  accept: (_b, a, now) => expect(a.acceptedAt).toBe(iso(now)),
  request_return: (b, a) => {
    expect(a.returnCount).toBe(b.returnCount + 1);
    expect(a.resolutionDueAt).toBe(b.resolutionDueAt); // clocks run until the ruling
  },
  approve_return: (_b, a) => {
    expect(a.leadUnit).toBeNull();
    expect(a.coUnits).toEqual([]);
    expect([a.dispatchedAt, a.signoffDueAt, a.responseDueAt, a.resolutionDueAt]).toEqual([null, null, null, null]);
  },
  reject_return: (_b, a, now) => expect(a.acceptedAt).toBe(iso(now)),
  contact: (_b, a, now) => expect(a.contactedAt).toBe(iso(now)),
  request_extension: (b, a, _now, body) => {
    expect(a.extensionRequestedUntil).toBe(body.until);
    expect(a.resolutionDueAt).toBe(b.resolutionDueAt);
  },
  approve_extension: (b, a) => {
    expect(a.resolutionDueAt).toBe(b.extensionRequestedUntil);
    expect(a.extensionRequestedUntil).toBeNull();
  },
  reject_extension: (b, a) => {
    expect(a.resolutionDueAt).toBe(b.resolutionDueAt);
    expect(a.extensionRequestedUntil).toBeNull();
  },
  urge: (b, a) => expect(a.urgeCount).toBe(b.urgeCount + 1),
  supervise: (b, a) => expect(a.supervisionLevel).toBe(b.supervisionLevel + 1),
  reply: (_b, a, now) => expect(a.repliedAt).toBe(iso(now)),
  approve_reply: (b, a) => expect(a.repliedAt).toBe(b.repliedAt),
  reject_reply: (_b, a) => expect(a.repliedAt).toBeNull(),
  rate: (_b, a, now) => {
    expect([a.ratingResolution, a.ratingSatisfaction, a.closedAt]).toEqual(['resolved', 'satisfied', iso(now)]);
  },
  redo: (b, a) => {
    expect(a.redoCount).toBe(b.redoCount + 1);
    expect([a.ratingResolution, a.ratingSatisfaction, a.repliedAt]).toEqual([null, null, null]);
  },
  close: (_b, a, now) => expect(a.closedAt).toBe(iso(now)),
  cancel: (_b, a, now) => expect(a.closedAt).toBe(iso(now)),
  merge: (_b, a, _now, body) => expect(a.mergedIntoId).toBe(body.targetId),
  transfer: (_b, a, now) => {
    expect(a.leadUnit.id).toBe(w.unit('cc-hexin'));
    expect(a.coUnits).toEqual([]);
    expect(a.dispatchedAt).toBe(iso(now));
  },
  reverify: (b, a) => {
    expect(b.verifyPending).toBe(true);
    expect(a.verifyPending).toBe(false);
  },
  comment: () => undefined,
};

/** The status each action leads to from `from` in the happy case. */
function expectedStatus(action: Action, from: Status): Status {
  const t = TRANSITIONS.find((x) => x.action === action)!;
  if (t.to === 'same') return from;
  if (action === 'reverify') return 'closed'; // outcome confirmed
  if (action === 'rate') return 'closed'; // satisfied
  return t.to[0]!;
}

const allowed = TRANSITIONS.flatMap((t) => (t.from === 'any' ? STATUSES : t.from).map((from) => ({ action: t.action, from })));
const refused = TRANSITIONS.flatMap((t) => (t.from === 'any' ? [] : STATUSES.filter((st) => !t.from.includes(st)).map((from) => ({ action: t.action, from }))));

describe('every allowed transition', () => {
  it('covers the whole table', () => {
    expect(allowed.length).toBe(42);
    expect(refused.length).toBe(188);
    expect(allowed.length + refused.length).toBe(TRANSITIONS.length * STATUSES.length);
  });

  it.each(allowed)('$action from $from: right status and flags, version + 1, exactly one event with actor and time', async ({ action, from }) => {
    const before = await prepared(action, from);
    expect(before.status).toBe(from);
    const eventsBefore = await w.events(before.id);
    s.clock.advance(MINUTE);
    const now = s.clock.now();
    const body = await bodyFor(action, before);
    const actor = ACTOR[action];
    const res = await w.try(c[actor], before, action, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = res.body;
    const to = expectedStatus(action, from);
    expect(after.status).toBe(to);
    expect(after.version).toBe(action === 'comment' ? before.version : before.version + 1);
    EFFECT[action](before, after, now, body);

    const events = await w.events(before.id);
    const added = events.slice(eventsBefore.length);
    expect(added.length).toBe(1);
    const e = added[0]!;
    expect(e.action).toBe(action);
    expect(e.actor_id).toBe(w.user(USERNAME[actor]!));
    expect(e.actor_role).toBe(actor === 'handler' ? 'handler' : actor);
    expect(Number(e.at)).toBe(now);
    expect([e.from_status, e.to_status]).toEqual(action === 'comment' ? [null, null] : [from, to]);

    // The row and the event were written together: the row's time is the event's, and its outbox row exists.
    const row = await w.row(before.id);
    expect(Number(row.updated_at)).toBe(action === 'comment' ? Date.parse(before.updatedAt) : now);
    expect(row.version).toBe(after.version);
    const outbox = await s.ctx.db.selectFrom('outbox').select(['topic', 'order_id']).where('event_id', '=', e.id).execute();
    expect(outbox).toEqual([{ topic: `order.${action}`, order_id: before.id }]);
  });
});

describe('every refused transition', () => {
  const orders = new Map<Status, Order>();
  const eventCounts = new Map<Status, number>();

  beforeAll(async () => {
    for (const st of STATUSES) {
      const o = await w.to(st);
      orders.set(st, o);
      eventCounts.set(st, (await w.events(o.id)).length);
    }
  });

  it.each(refused)('$action from $from is refused', async ({ action, from }) => {
    const order = orders.get(from)!;
    const actor = ACTOR[action];
    const res = await w.try(c[actor], order, action, await bodyFor(action, order));
    if (actor === 'handler' && from === 'received') {
      // A received order has no unit yet: it is out of every handler's scope.
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    } else {
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.error.code).toBe('illegal_transition');
      expect(res.body.error.message_en).toContain(`not allowed in status ${from}`);
    }
  });

  it('changed nothing: same status, version and events on every order', async () => {
    for (const st of STATUSES) {
      const o = orders.get(st)!;
      const row = await w.row(o.id);
      expect([row.status, row.version]).toEqual([st, o.version]);
      expect((await w.events(o.id)).length).toBe(eventCounts.get(st));
    }
  });
});

describe('guards inside an allowed status', () => {
  it('refuses a second contact, a second extension request and a ruling on no request', async () => {
    let o = await w.to('handling');
    let res = await w.try(c.supervisor, o, 'approve_extension');
    expect([res.status, res.body.error.code]).toEqual([409, 'illegal_transition']);
    res = await w.try(c.supervisor, o, 'reject_extension');
    expect([res.status, res.body.error.code]).toEqual([409, 'illegal_transition']);
    o = await w.act(c.handler, o, 'contact', { method: 'visit' });
    res = await w.try(c.handler, o, 'contact');
    expect([res.status, res.body.error.code]).toEqual([409, 'illegal_transition']);
    o = await w.act(c.handler, o, 'request_extension', await bodyFor('request_extension', o));
    res = await w.try(c.handler, o, 'request_extension', await bodyFor('request_extension', o));
    expect([res.status, res.body.error.code]).toEqual([409, 'illegal_transition']);
  });

  it('refuses re-verification of a closed order nobody drew', async () => {
    const o = await w.to('closed');
    const res = await w.try(c.dispatcher, o, 'reverify', { outcome: 'confirmed' });
    expect([res.status, res.body.error.code]).toEqual([409, 'illegal_transition']);
  });
});

describe('forbidden and out of scope', () => {
  let dispatched: Order;
  let handling: Order;
  let callback: Order;
  let judging: Order;
  let returnRequested: Order;
  let received: Order;

  beforeAll(async () => {
    [received, dispatched, handling, callback, judging, returnRequested] = await Promise.all(
      (['received', 'dispatched', 'handling', 'callback', 'judging', 'return_requested'] as const).map((st) => w.to(st)),
    );
  });

  const forbidden = (res: { status: number; body: any }) => expect([res.status, res.body.error?.code]).toEqual([403, 'forbidden']);
  const notFound = (res: { status: number; body: any }) => expect([res.status, res.body.error?.code]).toEqual([404, 'not_found']);

  it('a co-unit handler sees the order but may not sign, reply or ask to return it', async () => {
    const seen = await c.coHandler.get(`/api/work-orders/${handling.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.actions).toEqual(['comment']);
    forbidden(await w.try(c.coHandler, dispatched, 'accept'));
    forbidden(await w.try(c.coHandler, handling, 'reply', { text: '我们社区已处理' }));
    forbidden(await w.try(c.coHandler, handling, 'request_return', { reason: 'wrong_place', note: '不归我们' }));
    // but may add a note
    expect((await w.try(c.coHandler, handling, 'comment', { text: '社区已通知楼长' })).status).toBe(200);
  });

  it('a handler of another unit does not see the order at all', async () => {
    notFound(await c.otherHandler.get(`/api/work-orders/${handling.id}`));
    notFound(await w.try(c.otherHandler, handling, 'reply', { text: 'x' }));
    notFound(await w.try(c.otherHandler, dispatched, 'accept'));
    notFound(await w.try(c.handler, received, 'accept'));
  });

  it('a resident may not rate someone else’s order (404), nor urge or dispatch their own (403)', async () => {
    notFound(await w.try(c.otherResident, callback, 'rate', { resolution: 'resolved', satisfaction: 'satisfied' }));
    notFound(await c.otherResident.get(`/api/work-orders/${callback.id}`));
    forbidden(await w.try(c.resident, handling, 'urge'));
    forbidden(await w.try(c.resident, received, 'dispatch', { leadUnitId: w.unit('pc-huayu') }));
    forbidden(await w.try(c.resident, judging, 'redo', { note: '要求重办' }));
  });

  it('staff roles stay in their lane', async () => {
    forbidden(await w.try(c.handler, returnRequested, 'approve_return'));
    forbidden(await w.try(c.dispatcher, returnRequested, 'approve_return'));
    forbidden(await w.try(c.dispatcher, judging, 'redo', { note: '重办' }));
    forbidden(await w.try(c.inspector, handling, 'urge'));
    forbidden(await w.try(c.handler, handling, 'urge'));
    forbidden(await w.try(c.handler, callback, 'rate', { resolution: 'resolved', satisfaction: 'satisfied' }));
    forbidden(await w.try(c.dispatcher, handling, 'supervise'));
  });

  it('a street supervisor does not see orders outside the street', async () => {
    notFound(await w.try(c.streetSupervisor, returnRequested, 'approve_return'));
    notFound(await c.streetSupervisor.get(`/api/work-orders/${handling.id}`));
  });

  it('nobody signed in gets 401, and refusals changed nothing', async () => {
    const res = await s.anonymous().post(`/api/work-orders/${handling.id}/urge`, { version: handling.version });
    expect([res.status, res.body.error.code]).toEqual([401, 'unauthenticated']);
    for (const o of [received, dispatched, callback, judging, returnRequested]) {
      const row = await w.row(o.id);
      expect([row.status, row.version]).toEqual([o.status, o.version]);
    }
    // handling got exactly one note from the co-unit and nothing else
    const events = (await w.events(handling.id)).map((e) => e.action);
    expect(events).toEqual(['create', 'dispatch', 'accept', 'comment']);
  });
});

describe('bad input on an action never gives a 500', () => {
  it.each([
    ['no version', { reason: 'other', note: 'x' }, 400, 'validation', 'version'],
    ['version as text', { version: 'one', reason: 'other', note: 'x' }, 400, 'validation', 'version'],
    ['version zero', { version: 0, reason: 'other', note: 'x' }, 400, 'validation', 'version'],
    ['unknown return reason', { reason: 'bored', note: 'x' }, 400, 'validation', 'reason'],
    ['empty note', { reason: 'other', note: '' }, 400, 'validation', 'note'],
    ['oversize note', { reason: 'other', note: '长'.repeat(2001) }, 400, 'validation', 'note'],
    ['body not an object', [1, 2], 400, 'validation', null],
    ['extra field is ignored', { reason: 'other', note: 'x', hack: 1 }, 200, null, null],
  ])('%s', async (_name, body, status, code, field) => {
    const o = await w.to('handling');
    const withVersion = Array.isArray(body) || 'version' in body || _name === 'no version' ? body : { version: o.version, ...body };
    const res = await c.handler.post(`/api/work-orders/${o.id}/request-return`, withVersion);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (code) expect(res.body.error.code).toBe(code);
    if (field) expect(res.body.error.field).toContain(field);
    expect((await w.row(o.id)).version).toBe(status === 200 ? o.version + 1 : o.version);
  });

  it('unknown ids, malformed ids and malformed JSON', async () => {
    let res = await c.dispatcher.post('/api/work-orders/999999/urge', { version: 1 });
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    res = await c.dispatcher.post('/api/work-orders/abc/urge', { version: 1 });
    expect([res.status, res.body.error.code]).toEqual([400, 'validation']);
    res = await c.dispatcher.post('/api/work-orders/0/urge', { version: 1 });
    expect([res.status, res.body.error.code]).toEqual([400, 'validation']);
    res = await c.dispatcher.request('POST', '/api/work-orders/1/urge', '{"version": 1');
    expect([res.status, res.body.error.code]).toEqual([400, 'malformed_json']);
    res = await c.dispatcher.post('/api/work-orders/1/fly', { version: 1 });
    expect([res.status, res.body.error.code]).toEqual([404, 'route_not_found']);
    const o = await w.to('received');
    res = await w.try(c.dispatcher, o, 'dispatch', { leadUnitId: 999999 });
    expect([res.status, res.body.error.code, res.body.error.field]).toEqual([422, 'unknown_reference', 'leadUnitId']);
    res = await w.try(c.dispatcher, o, 'dispatch', { leadUnitId: w.unit('pc-huayu'), coUnitIds: [w.unit('pc-huayu')] });
    expect([res.status, res.body.error.code, res.body.error.field]).toEqual([400, 'validation', 'coUnitIds']);
    res = await w.try(c.dispatcher, o, 'merge', { targetId: o.id });
    expect([res.status, res.body.error.code, res.body.error.field]).toEqual([400, 'validation', 'targetId']);
    res = await w.try(c.dispatcher, o, 'merge', { targetId: 999999 });
    expect([res.status, res.body.error.code, res.body.error.field]).toEqual([422, 'unknown_reference', 'targetId']);
    expect((await w.row(o.id)).version).toBe(o.version);
  });

  it('no action answers a malformed body with a 500, and none changes the order', async () => {
    const o = await w.to('handling');
    const bodies: unknown[] = [
      null,
      'text',
      42,
      [],
      { version: null },
      { version: -1 },
      { version: 1.5 },
      { version: 1e308 },
      { version: 2 ** 53 },
      { version: o.version, note: null, text: null, reason: null, until: null, targetId: null, leadUnitId: null },
      { version: o.version, note: 7, text: ['a'], reason: {}, until: 12, targetId: '1', leadUnitId: -3, outcome: 'maybe' },
      { version: o.version, text: '\u0000', note: '\u0000', reason: 'other', until: '2026-11-20T00:00:00Z', targetId: 2 ** 53 - 1, leadUnitId: 2 ** 53 - 1 },
    ];
    for (const t of TRANSITIONS) {
      for (const body of bodies) {
        const res = await c.supervisor.request('POST', `/api/work-orders/${o.id}/${t.action.replaceAll('_', '-')}`, JSON.stringify(body));
        const what = `${t.action} ${JSON.stringify(body)}`;
        expect(res.status, `${what} → ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, what).toBeLessThan(500);
        expect(typeof res.body.error.code, what).toBe('string');
      }
    }
    const row = await w.row(o.id);
    expect([row.status, row.version]).toEqual(['handling', o.version]);
  });

  it('an extension must end after the current deadline and be a real time', async () => {
    const o = await w.to('handling');
    let res = await w.try(c.handler, o, 'request_extension', { until: o.resolutionDueAt, reason: '配件' });
    expect([res.status, res.body.error.code, res.body.error.field]).toEqual([400, 'validation', 'until']);
    res = await w.try(c.handler, o, 'request_extension', { until: 'next week', reason: '配件' });
    expect([res.status, res.body.error.code]).toEqual([400, 'validation']);
    res = await w.try(c.handler, o, 'request_extension', { until: '2026-02-30T10:00:00Z', reason: '配件' });
    expect([res.status, res.body.error.code]).toEqual([400, 'validation']);
  });
});
