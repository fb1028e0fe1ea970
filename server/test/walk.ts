/**
 * Test helpers that walk work orders through the real HTTP API to a chosen status, as the people
 * of the demo district would: a resident of 上华苑 reports, the dispatcher sends it to 华宇物业
 * (lead) with 和信社区 as co-unit, the handler signs and replies, the supervisor reviews.
 */
import { STATUSES, type Action, type Status } from '../../common/lifecycle';
import { rng } from '../demo/generate';
import { Client, type Response, type TestServer } from './harness';

export type Order = any;

export interface Cast {
  resident: Client; // resident.shy, reporter of the orders made by `create`
  otherResident: Client; // resident.txlj
  dispatcher: Client;
  supervisor: Client; // district-wide
  streetSupervisor: Client; // supervisor.bds: 白登山街道 only
  handler: Client; // handler.shy of 华宇物业, the lead unit
  coHandler: Client; // handler.hexin of 和信社区居委会, the co-unit
  otherHandler: Client; // handler.txlj of 蓝郡物业, not on the order
  inspector: Client; // inspector.zj, district-wide
  admin: Client;
}

/**
 * A client holding a bearer token for the user: sessions end 12 h after sign-in on the server's
 * clock, and these tests move that clock by days and months.
 */
export async function tokenClient(s: Pick<TestServer, 'url' | 'login'>, username: string): Promise<Client> {
  const session = await s.login(username);
  const res = await session.post('/api/auth/tokens', { name: 'test' });
  if (res.status !== 201) throw new Error(`token for ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return new Client(s.url, { authorization: `Bearer ${res.body.token}` });
}

/** Signs every member of the cast in once (logins are slow by design: scrypt). */
export async function signIn(s: Pick<TestServer, 'url' | 'login'>): Promise<Cast> {
  const names = {
    resident: 'resident.shy',
    otherResident: 'resident.txlj',
    dispatcher: 'dispatcher',
    supervisor: 'supervisor',
    streetSupervisor: 'supervisor.bds',
    handler: 'handler.shy',
    coHandler: 'handler.hexin',
    otherHandler: 'handler.txlj',
    inspector: 'inspector.zj',
    admin: 'admin',
  } as const;
  const entries = await Promise.all(Object.entries(names).map(async ([k, u]) => [k, await tokenClient(s, u)] as const));
  return Object.fromEntries(entries) as unknown as Cast;
}

export const path = (action: Action | string) => action.replaceAll('_', '-');

export interface CreateOptions {
  by?: Client;
  category?: string;
  place?: string;
  priority?: 'normal' | 'urgent' | 'emergency';
  title?: string;
  attributes?: Record<string, unknown>;
}

/**
 * Walks orders through the API; every step must answer 200 (or 201), else it throws with the body.
 * Needs the seeded ids; reading events and rows straight from the database needs the test server's
 * context too (the benchmark walks without one).
 */
export class Walker {
  constructor(
    readonly s: Pick<TestServer, 'ids'> & Partial<Pick<TestServer, 'ctx'>>,
    readonly c: Cast,
  ) {}

  private get db() {
    if (!this.s.ctx) throw new Error('this walker has no database context');
    return this.s.ctx.db;
  }

  get ids() {
    return this.s.ids;
  }
  unit(key: string): number {
    const id = this.s.ids.units.get(key);
    if (!id) throw new Error(`no unit ${key}`);
    return id;
  }
  user(key: string): number {
    const id = this.s.ids.users.get(key);
    if (!id) throw new Error(`no user ${key}`);
    return id;
  }

  async create(o: CreateOptions = {}): Promise<Order> {
    const res = await (o.by ?? this.c.resident).post('/api/work-orders', {
      title: o.title ?? '2号楼楼道保洁不到位',
      description: '楼道垃圾三天没人清理',
      categoryId: this.s.ids.categories.get(o.category ?? 'property-cleaning'),
      placeId: this.s.ids.places.get(o.place ?? 'cp-shanghuayuan-b2'),
      ...(o.priority ? { priority: o.priority } : {}),
      ...(o.attributes ? { attributes: o.attributes } : {}),
    });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** POST an action against the order's current version; returns the raw response. */
  try(by: Client, order: Order, action: Action, body: Record<string, unknown> = {}): Promise<Response> {
    return by.post(`/api/work-orders/${order.id}/${path(action)}`, { version: order.version, ...body });
  }

  /** POST an action that must succeed; returns the new order. */
  async act(by: Client, order: Order, action: Action, body: Record<string, unknown> = {}): Promise<Order> {
    const res = await this.try(by, order, action, body);
    if (res.status !== 200) throw new Error(`${action} on ${order.status}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  dispatch(order: Order, body: Record<string, unknown> = {}) {
    return this.act(this.c.dispatcher, order, 'dispatch', { leadUnitId: this.unit('pc-huayu'), coUnitIds: [this.unit('cc-hexin')], ...body });
  }

  /** A fresh order (reported by `resident`) in the given status. */
  async to(status: Status, o: CreateOptions = {}): Promise<Order> {
    const { c } = this;
    const received = await this.create(o);
    if (status === 'received') return received;
    const dispatched = await this.dispatch(received);
    switch (status) {
      case 'dispatched':
        return dispatched;
      case 'return_requested':
        return this.act(c.handler, dispatched, 'request_return', { reason: 'wrong_place', note: '不在我司管辖范围' });
      case 'cancelled':
        return this.act(c.dispatcher, dispatched, 'cancel', { reason: '居民来电撤销' });
      case 'merged': {
        const target = await this.create(o);
        return this.act(c.dispatcher, dispatched, 'merge', { targetId: target.id });
      }
      default:
        break;
    }
    const handling = await this.act(c.handler, dispatched, 'accept');
    if (status === 'handling') return handling;
    const replied = await this.act(c.handler, handling, 'reply', { text: '已安排保洁员清理' });
    if (status === 'replied') return replied;
    const callback = await this.act(c.supervisor, replied, 'approve_reply');
    if (status === 'callback') return callback;
    if (status === 'judging') return this.act(c.resident, callback, 'rate', { resolution: 'partly', satisfaction: 'unsatisfied' });
    if (status === 'closed') return this.act(c.resident, callback, 'rate', { resolution: 'resolved', satisfaction: 'satisfied' });
    throw new Error(`cannot walk to ${status}`);
  }

  /** A closed, satisfied order drawn into the re-verification sample (回访核实). */
  async sampled(o: CreateOptions = {}): Promise<Order> {
    const closed = await this.to('closed', o);
    const res = await this.c.supervisor.post('/api/work-orders/verification-sample', { ids: [closed.id] });
    if (res.status !== 200) throw new Error(`sample: ${res.status} ${JSON.stringify(res.body)}`);
    return this.get(closed);
  }

  /** The order as the dispatcher sees it now. */
  async get(order: Order, by?: Client): Promise<Order> {
    const res = await (by ?? this.c.dispatcher).get(`/api/work-orders/${order.id}`);
    if (res.status !== 200) throw new Error(`get: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** The order's events straight from the database, oldest first. */
  events(orderId: number) {
    return this.db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  }

  row(orderId: number) {
    return this.db.selectFrom('work_orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  }
}

/**
 * Random walks through the API (the rollups' consistency test, the dashboard benchmark): `n` fresh
 * orders each walked to a random status (`between(i)` runs after the i-th, e.g. to move a test's
 * clock), then urges on some still with the unit, a redo of each one being judged, one re-verification
 * that reopens its order and one that confirms. Returns the walked orders.
 */
export async function randomWalks(w: Walker, n: number, seed: number, between?: (i: number) => void): Promise<Order[]> {
  const g = rng(seed);
  const { c } = w;
  const walked: Order[] = [];
  for (let i = 0; i < n; i++) {
    walked.push(await w.to(g.pick(STATUSES)));
    between?.(i);
  }
  for (const o of walked) {
    const now = await w.get(o);
    if (['dispatched', 'handling'].includes(now.status) && g.next() < 0.6) await w.try(c.dispatcher, now, 'urge', { note: '请尽快' });
    if (now.status === 'judging') await w.act(c.supervisor, now, 'redo', { note: '单位责任' });
  }
  await w.act(c.dispatcher, await w.sampled(), 'reverify', { outcome: 'not_resolved', note: '问题复现' });
  await w.act(c.dispatcher, await w.sampled(), 'reverify', { outcome: 'confirmed' });
  return walked;
}

/** Epoch ms of a Shanghai wall-clock time 'YYYY-MM-DD HH:MM', parsed independently of the code under test. */
export function sh(local: string): number {
  const t = Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
  if (Number.isNaN(t)) throw new Error(`bad test time ${local}`);
  return t;
}

export const iso = (t: number) => new Date(t).toISOString();
