/**
 * Synthetic history: orders with their whole event trail, written straight to the database in
 * batches (the same rows the commands would write, with deadlines from the same SLA functions).
 * Used for the demo district's year (with the seed's own cases, see demo-year.ts) and for
 * benchmarks at a million orders. Deterministic for a given seed.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { addLimit, addWorkingDays, parseLimit, shanghaiDate, type Calendar } from '../../common/calendar';
import type { Db, Tx } from '../db';
import type { Engine } from '../db/engine';
import type { Database, NewWorkOrder } from '../db/schema';
import { DEFAULT_SWEEP_RULES, nextCheckAt, sweepThresholds, unitClocks, type SlaLimits } from '../work-orders/sla';
import { DEFAULT_LIMITS } from '../work-orders/sla';
import { rollupInsertedOrders, rollupRow } from '../evaluation/rollups';

/** A small fast seeded PRNG (mulberry32). */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
    weighted: <T>(xs: readonly { w: number; v: T }[]): T => {
      const total = xs.reduce((s, x) => s + x.w, 0);
      let r = next() * total;
      for (const x of xs) if ((r -= x.w) <= 0) return x.v;
      return xs[xs.length - 1]!.v;
    },
  };
}
export type Rng = ReturnType<typeof rng>;

/** Everything the generator needs to know about the district, read once from the database. */
export interface World {
  cal: Calendar;
  categories: {
    id: number;
    code: string;
    name: string;
    kind: string;
    unitKind: string | null;
    limits: Record<string, SlaLimits>;
    required: { code: string; datatype: string; values: string[] }[];
  }[];
  places: {
    id: number;
    level: string;
    name: string;
    path: string;
    street_id: number | null;
    community_id: number | null;
    compound_id: number | null;
    building_id: number | null;
    households: number | null;
    lat: number | null;
    lng: number | null;
  }[];
  /** unit that covers place (nearest ancestor) for a unit kind: `${placeId}|${kind}` → unit id */
  unitFor: (placeId: number, kind: string | null) => number | null;
  /** a handler account of the unit (created when missing) */
  handlerOf: Map<number, number>;
  users: Map<string, number>;
}

export async function loadWorld(db: Db, cal: Calendar): Promise<World> {
  const [cats, slas, fields, places, covers, units, users] = await Promise.all([
    db.selectFrom('categories').selectAll().execute(),
    db.selectFrom('category_sla').selectAll().execute(),
    db.selectFrom('category_fields').selectAll().where('required', '=', 1).execute(),
    db.selectFrom('places').selectAll().execute(),
    db.selectFrom('unit_places').selectAll().execute(),
    db.selectFrom('units').select(['id', 'kind', 'name']).where('active', '=', 1).execute(),
    db.selectFrom('users').select(['id', 'username', 'role', 'unit_id']).execute(),
  ]);
  const byId = new Map(cats.map((c) => [c.id, c]));
  const limitsOf = (id: number): Record<string, SlaLimits> => {
    for (let c = byId.get(id); c; c = c.parent_id ? byId.get(c.parent_id) : undefined) {
      const own = slas.filter((s) => s.category_id === c!.id);
      if (own.length)
        return Object.fromEntries(own.map((s) => [s.priority, { signoff: s.signoff, response: s.response, resolution: s.resolution }]));
    }
    return { normal: DEFAULT_LIMITS };
  };
  const unitKind = new Map(units.map((u) => [u.id, u.kind]));
  const coverByPlace = new Map<number, number[]>();
  for (const c of covers) coverByPlace.set(c.place_id, [...(coverByPlace.get(c.place_id) ?? []), c.unit_id]);
  const placeById = new Map(places.map((p) => [p.id, p]));
  const memo = new Map<string, number | null>();
  const unitFor = (placeId: number, kind: string | null) => {
    const key = `${placeId}|${kind}`;
    if (memo.has(key)) return memo.get(key)!;
    const chain = (placeById.get(placeId)?.path ?? '').split('/').filter(Boolean).map(Number).reverse();
    let found: number | null = null;
    for (const pid of chain) {
      const hit = (coverByPlace.get(pid) ?? []).find((u) => kind === null || unitKind.get(u) === kind);
      if (hit) {
        found = hit;
        break;
      }
    }
    memo.set(key, found);
    return found;
  };
  const handlerOf = new Map<number, number>();
  for (const u of users) if (u.role === 'handler' && u.unit_id && !handlerOf.has(u.unit_id)) handlerOf.set(u.unit_id, u.id);
  return {
    cal,
    categories: cats
      .filter((c) => !cats.some((x) => x.parent_id === c.id))
      .map((c) => ({
        id: c.id,
        code: c.code,
        name: c.name,
        kind: c.kind,
        unitKind: c.default_unit_kind ?? (c.parent_id ? (byId.get(c.parent_id)?.default_unit_kind ?? null) : null),
        limits: limitsOf(c.id),
        required: fields
          .filter((f) => f.category_id === c.id)
          .map((f) => ({
            code: f.code,
            datatype: f.datatype,
            values: f.values_json ? (JSON.parse(f.values_json) as { key: string }[]).map((v) => v.key) : [],
          })),
      })),
    places,
    unitFor,
    handlerOf,
    users: new Map(users.map((u) => [u.username, u.id])),
  };
}

/** How one order's story goes; every field optional, chosen at random where absent. */
export interface OrderPlan {
  categoryCode: string;
  placeId: number;
  receivedAt: number;
  title: string;
  description: string;
  channel?: string;
  priority?: string;
  callerName?: string;
  callerPhone?: string;
  reporterUserId?: number | null;
  receivedBy?: number | null;
  /** Minutes from receipt to dispatch. */
  dispatchAfterMin?: number;
  /** Minutes from dispatch to accept / to contact. */
  acceptAfterMin?: number;
  contactAfterMin?: number;
  contactMethod?: string;
  /** Share of the resolution limit at which the reply comes (>1 = late). */
  replyAt?: number;
  /** Minutes from dispatch to reply, overriding replyAt. */
  replyAfterMin?: number;
  replyText?: string;
  satisfaction?: 'satisfied' | 'basically' | 'unsatisfied';
  resolution?: 'resolved' | 'partly' | 'unresolved';
  /** For an unsatisfied rating: redo (unit at fault) or close (not at fault); 'pending' leaves it in judging. */
  fault?: 'redo' | 'close' | 'pending';
  leadUnitId?: number;
  coUnitIds?: number[];
  attributes?: Record<string, unknown>;
  answerDirectly?: boolean;
  returned?: boolean;
  extension?: boolean;
}

interface EventRow {
  order_id: number;
  action: string;
  actor_id: number | null;
  actor_role: string | null;
  at: number;
  from_status: string | null;
  to_status: string | null;
  public: number;
  payload_json: string | null;
}

const MIN = 60_000;
const HOUR = 3600_000;

function limitOf(text: string) {
  return parseLimit(text)!;
}

/** Default attribute values for required questions, so generated orders pass the same rules. */
function requiredAttributes(cat: World['categories'][number], r: Rng): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of cat.required) {
    if (f.datatype === 'singlevaluelist') out[f.code] = r.pick(f.values);
    else if (f.datatype === 'multivaluelist') out[f.code] = [r.pick(f.values)];
    else if (f.datatype === 'number') out[f.code] = r.int(12, 17);
    else if (f.datatype === 'datetime') out[f.code] = new Date().toISOString();
    else out[f.code] = '—';
  }
  return out;
}

/**
 * Plays one order's story forward to `now` and returns its final row and events. Every
 * deadline comes from unitClocks/addLimit on the calendar, as the commands compute them.
 */
export function playOrder(w: World, plan: OrderPlan, now: number, r: Rng, ids: { order: number; number: string }) {
  const cat = w.categories.find((c) => c.code === plan.categoryCode);
  if (!cat) throw new Error(`unknown category ${plan.categoryCode}`);
  const place = w.places.find((p) => p.id === plan.placeId)!;
  const priority = plan.priority ?? 'normal';
  const limits = cat.limits[priority] ?? cat.limits.normal ?? DEFAULT_LIMITS;
  const dispatcher =
    cat.unitKind === 'heating_company' ? (w.users.get('dispatcher.heating') ?? w.users.get('dispatcher')!) : w.users.get('dispatcher')!;
  const supervisor = w.users.get('supervisor')!;
  const events: EventRow[] = [];
  const ev = (
    action: string,
    actor: number | null,
    role: string | null,
    at: number,
    from: string | null,
    to: string | null,
    pub: boolean,
    payload?: Record<string, unknown>,
  ) =>
    events.push({
      order_id: ids.order,
      action,
      actor_id: actor,
      actor_role: role,
      at,
      from_status: from,
      to_status: to,
      public: pub ? 1 : 0,
      payload_json: payload ? JSON.stringify(payload) : null,
    });

  const channel = plan.channel ?? 'hotline';
  const row: NewWorkOrder & { id: number } = {
    id: ids.order,
    number: ids.number,
    title: plan.title,
    description: plan.description,
    category_id: cat.id,
    priority,
    channel,
    status: 'received',
    version: 1,
    place_id: place.id,
    street_id: place.street_id,
    community_id: place.community_id,
    compound_id: place.compound_id,
    building_id: place.building_id,
    address: null,
    lat: place.lat,
    lng: place.lng,
    caller_name: plan.callerName ?? null,
    caller_phone: plan.callerPhone ?? null,
    anonymous: 0,
    reporter_user_id: plan.reporterUserId ?? null,
    received_by: plan.receivedBy ?? (channel === 'h5' ? null : dispatcher),
    attributes_json: JSON.stringify({ ...requiredAttributes(cat, r), ...plan.attributes }),
    received_at: plan.receivedAt,
    updated_at: plan.receivedAt,
    urge_count: 0,
    auto_urged: 0,
    supervision_level: 0,
    overdue: 0,
    flagged_3x: 0,
    redo_count: 0,
    reopen_count: 0,
    return_count: 0,
    verify_pending: 0,
  };
  let version = 1;
  const step = (at: number) => {
    version++;
    row.updated_at = at;
  };
  const reporterActor = row.reporter_user_id ?? row.received_by ?? null;
  ev('create', reporterActor, row.reporter_user_id ? 'resident' : 'dispatcher', plan.receivedAt, null, 'received', true, {
    channel,
    number: ids.number,
  });
  const finish = () => {
    row.version = version;
    row.next_check_at = nextCheckAt(row as never, DEFAULT_SWEEP_RULES, w.cal);
    return { row, events };
  };

  // 直办: the desk answers at once.
  let t = plan.receivedAt + (plan.dispatchAfterMin ?? r.int(3, 90)) * MIN;
  if (t > now) return finish();
  if (plan.answerDirectly) {
    step(t);
    Object.assign(row, { status: 'closed', replied_at: t, closed_at: t });
    ev('answer_directly', dispatcher, 'dispatcher', t, 'received', 'closed', true, { reply: '已电话解答政策咨询。' });
    return finish();
  }
  const lead =
    plan.leadUnitId ??
    w.unitFor(place.id, cat.unitKind) ??
    w.unitFor(place.id, 'community_committee') ??
    w.unitFor(place.id, 'street_office');
  if (!lead) return finish();
  const handler = w.handlerOf.get(lead) ?? null;
  const dispatch = (at: number, from: string) => {
    step(at);
    Object.assign(row, unitClocks(at, limits, w.cal), { status: 'dispatched', lead_unit_id: lead, accepted_at: null, contacted_at: null });
    ev('dispatch', dispatcher, 'dispatcher', at, from, 'dispatched', true, {
      leadUnitId: lead,
      coUnits: (plan.coUnitIds ?? []).filter((id) => id !== lead).map((id) => ({ id })),
      limits,
    });
  };
  dispatch(t, 'received');

  if (plan.returned) {
    t += r.int(30, 240) * MIN;
    if (t > now) return finish();
    step(t);
    row.return_count = 1;
    row.status = 'return_requested';
    ev('request_return', handler, 'handler', t, 'dispatched', 'return_requested', false, {
      reason: 'overlapping_duty',
      note: '属供热公司维修范围，非物业职责',
    });
    t += r.int(60, 600) * MIN;
    if (t > now) return finish();
    step(t);
    ev('reject_return', supervisor, 'supervisor', t, 'return_requested', 'handling', false, {
      binding: true,
      note: '小区内管网由物业负责，须办理',
    });
    row.status = 'handling';
    row.accepted_at = t;
  }

  const signoffDue = row.signoff_due_at!;
  if (row.status === 'dispatched') {
    t =
      row.dispatched_at! +
      (plan.acceptAfterMin ??
        Math.max(1, Math.round(((signoffDue - row.dispatched_at!) / MIN) * (r.chance(0.93) ? r.next() * 0.8 : 1 + r.next())))) *
        MIN;
    if (t > now) return finish();
    step(t);
    Object.assign(row, { status: 'handling', accepted_at: t });
    ev('accept', handler, 'handler', t, 'dispatched', 'handling', true);
  }
  const responseDue = row.response_due_at!;
  const contactAt =
    row.dispatched_at! +
    (plan.contactAfterMin ??
      Math.max(2, Math.round(((responseDue - row.dispatched_at!) / MIN) * (r.chance(0.9) ? 0.2 + r.next() * 0.7 : 1 + r.next())))) *
      MIN;
  const tContact = Math.max(contactAt, row.accepted_at! + MIN);
  if (tContact <= now) {
    step(tContact);
    row.contacted_at = tContact;
    ev('contact', handler, 'handler', tContact, 'handling', 'handling', true, { method: plan.contactMethod ?? 'phone' });
  }

  if (plan.extension && row.resolution_due_at! - 2 * HOUR > (row.contacted_at ?? row.accepted_at!)) {
    const at = row.resolution_due_at! - 2 * HOUR;
    if (at <= now) {
      const until = addWorkingDays(row.resolution_due_at!, 5, w.cal);
      step(at);
      ev('request_extension', handler, 'handler', at, 'handling', 'handling', false, {
        until: new Date(until).toISOString(),
        reason: '需协调多方，材料待到货',
      });
      step(at + HOUR);
      ev('approve_extension', supervisor, 'supervisor', at + HOUR, 'handling', 'handling', true, {
        newDueAt: new Date(until).toISOString(),
      });
      row.resolution_due_at = until;
    }
  }

  const reply = (clockStart: number, due: number) => {
    const at =
      plan.replyAfterMin !== undefined
        ? row.dispatched_at! + plan.replyAfterMin * MIN
        : clockStart + Math.round((due - clockStart) * (plan.replyAt ?? (r.chance(0.88) ? 0.15 + r.next() * 0.8 : 1.05 + r.next() * 1.5)));
    return Math.max(at, (row.contacted_at ?? row.accepted_at!) + MIN);
  };
  // The sweep's own thresholds, applied up to `until`: history flags exactly as the live sweep would.
  const markOverdueUpTo = (until: number) => {
    const t = sweepThresholds(row as never, DEFAULT_SWEEP_RULES, w.cal);
    if (!row.auto_urged && !row.overdue && until >= t.urge) {
      row.auto_urged = 1;
      row.urge_count = (row.urge_count ?? 0) + 1;
      ev('auto_urge', null, null, t.urge, null, null, false, { dueAt: new Date(t.overdue).toISOString() });
    }
    if (!row.overdue && until >= t.overdue) {
      row.overdue = 1;
      ev('overdue', null, null, t.overdue, null, null, false, { dueAt: new Date(t.overdue).toISOString() });
    }
    if ((row.supervision_level ?? 0) < 1 && until >= t.supervise) {
      row.supervision_level = 1;
      ev('auto_supervise', null, null, t.supervise, null, null, false, { overdueWorkdays: DEFAULT_SWEEP_RULES.superviseAfterWorkdays });
    }
    if (!row.flagged_3x && until >= t.flag) {
      row.flagged_3x = 1;
      ev('flag_3x', null, null, t.flag, null, null, false, { multiple: DEFAULT_SWEEP_RULES.flagMultiple });
    }
  };

  let round = 0;
  let clockStart = row.dispatched_at!;
  for (;;) {
    const tr = reply(clockStart, row.resolution_due_at!);
    markOverdueUpTo(Math.min(tr, now));
    if (tr > now) return finish();
    step(tr);
    Object.assign(row, { status: 'replied', replied_at: tr });
    ev('reply', handler, 'handler', tr, 'handling', 'replied', false, {
      text: plan.replyText ?? '已安排人员现场处理完毕，并与诉求人沟通确认。',
    });
    const ta = tr + r.int(30, 1200) * MIN;
    if (ta > now) return finish();
    step(ta);
    row.status = 'callback';
    ev('approve_reply', supervisor, 'supervisor', ta, 'replied', 'callback', true, { reply: plan.replyText ?? '已安排人员现场处理完毕。' });
    const trate = ta + r.int(60, 2880) * MIN;
    if (trate > now) return finish();
    const sat =
      round === 0
        ? (plan.satisfaction ??
          r.weighted([
            { w: 76, v: 'satisfied' as const },
            { w: 15, v: 'basically' as const },
            { w: 9, v: 'unsatisfied' as const },
          ]))
        : r.chance(0.8)
          ? 'satisfied'
          : 'basically';
    const res =
      plan.resolution ??
      (sat === 'unsatisfied'
        ? r.pick(['partly', 'unresolved'] as const)
        : sat === 'basically'
          ? r.pick(['resolved', 'partly'] as const)
          : 'resolved');
    step(trate);
    Object.assign(row, { rating_resolution: res, rating_satisfaction: sat, rated_at: trate });
    if (sat !== 'unsatisfied') {
      Object.assign(row, { status: 'closed', closed_at: trate });
      ev('rate', dispatcher, 'dispatcher', trate, 'callback', 'closed', true, { resolution: res, satisfaction: sat });
      return finish();
    }
    row.status = 'judging';
    ev('rate', dispatcher, 'dispatcher', trate, 'callback', 'judging', true, { resolution: res, satisfaction: sat });
    const fault = plan.fault ?? (r.chance(0.45) ? 'redo' : 'close');
    const tj = trate + r.int(120, 2880) * MIN;
    if (fault === 'pending' || tj > now) return finish();
    step(tj);
    if (fault === 'close' || round > 0) {
      Object.assign(row, { status: 'closed', closed_at: tj });
      ev('close', supervisor, 'supervisor', tj, 'judging', 'closed', true, { atFault: false, note: '经核实诉求超出物业服务范围' });
      return finish();
    }
    round++;
    clockStart = tj;
    const resLimit = row.resolution_limit ?? limits.resolution;
    Object.assign(row, {
      status: 'handling',
      redo_count: (row.redo_count ?? 0) + 1,
      resolution_due_at: addLimit(tj, limitOf(resLimit), w.cal),
      auto_urged: 0,
      overdue: 0,
      flagged_3x: 0,
      rating_resolution: null,
      rating_satisfaction: null,
      rated_at: null,
      replied_at: null,
    });
    ev('redo', supervisor, 'supervisor', tj, 'judging', 'handling', true, { redoCount: row.redo_count });
  }
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: \N for null, backslash escapes for the delimiters. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  return String(v).replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!);
}

/**
 * A PostgreSQL connection of the bulk writer's own for `COPY … FROM STDIN` (pg-copy-streams), with a
 * Kysely over the same connection: the rollups are written in the transaction that copied the rows.
 */
export class PgCopyConnection {
  private constructor(
    private readonly client: pg.Client,
    readonly db: Db,
  ) {}

  static async open(databaseUrl: string): Promise<PgCopyConnection> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    // A "pool" of this one connection; the writer uses it one statement at a time.
    const pool: PostgresPool = {
      connect: async () => ({ query: client.query.bind(client) as never, release: () => {} }),
      end: async () => {},
    };
    return new PgCopyConnection(client, new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
  }

  /** Copies rows into `table`; the columns are those the rows carry (a missing one is null). */
  async copy(table: string, rows: readonly object[]): Promise<void> {
    if (!rows.length) return;
    const columns = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r)) columns.add(k);
    const cols = [...columns];
    function* lines() {
      for (let i = 0; i < rows.length; i += 1000) {
        let chunk = '';
        for (const r of rows.slice(i, i + 1000) as Record<string, unknown>[]) chunk += `${cols.map((c) => copyValue(r[c])).join('\t')}\n`;
        yield chunk;
      }
    }
    const list = cols.map((c) => `"${c}"`).join(', ');
    await pipeline(Readable.from(lines()), this.client.query(copyFrom(`copy ${table} (${list}) from stdin`)));
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.client.end();
  }
}

export interface OrderWriterOptions {
  /** On PostgreSQL: write the rows with COPY over this connection instead of multi-row INSERTs. */
  copy?: PgCopyConnection;
  /** false: orders, units and rollups only, no event trail (dashboard benchmarks at 10M). */
  events?: boolean;
}

/** Writes played orders in batches, each batch one transaction, reporting progress. */
export class OrderWriter {
  private orders: (NewWorkOrder & { id: number })[] = [];
  private units: { order_id: number; unit_id: number; role: string; assigned_at: number }[] = [];
  private events: EventRow[] = [];
  private reverified = new Set<number>();
  written = 0;
  /** Time spent writing rows, and in the rollup upserts (to weigh them against one rebuild at the end). */
  writeMs = 0;
  rollupMs = 0;
  constructor(
    private db: Db,
    private engine: Engine,
    private batch = 500,
    private opts: OrderWriterOptions = {},
  ) {}

  add(played: { row: NewWorkOrder & { id: number }; events: EventRow[] }, coUnits: number[] = []) {
    this.orders.push(played.row);
    if (played.row.lead_unit_id) {
      this.units.push({
        order_id: played.row.id,
        unit_id: played.row.lead_unit_id,
        role: 'lead',
        assigned_at: played.row.dispatched_at ?? played.row.received_at,
      });
      for (const u of coUnits)
        if (u !== played.row.lead_unit_id)
          this.units.push({
            order_id: played.row.id,
            unit_id: u,
            role: 'co',
            assigned_at: played.row.dispatched_at ?? played.row.received_at,
          });
    }
    for (const e of played.events) if (e.action === 'reverify') this.reverified.add(e.order_id);
    if (this.opts.events !== false) this.events.push(...played.events);
    return this.orders.length >= this.batch ? this.flush() : Promise.resolve();
  }

  async flush() {
    if (!this.orders.length) return;
    const [orders, units, events, reverified] = [this.orders, this.units, this.events, this.reverified];
    const coUnits = new Map<number, number[]>();
    for (const u of units) if (u.role === 'co') coUnits.set(u.order_id, [...(coUnits.get(u.order_id) ?? []), u.unit_id]);
    this.orders = [];
    this.units = [];
    this.events = [];
    this.reverified = new Set();
    const rollupBefore = this.rollupMs;
    const rollups = async (tx: Tx) => {
      const started = performance.now();
      await rollupInsertedOrders(tx, orders.map(rollupRow), reverified, coUnits);
      this.rollupMs += performance.now() - started;
    };
    const copy = this.opts.copy;
    const started = performance.now();
    if (copy) {
      await copy.db.transaction().execute(async (tx) => {
        await copy.copy('work_orders', orders);
        await copy.copy('order_units', units);
        await copy.copy('order_events', events);
        await rollups(tx);
      });
    } else {
      await this.db.transaction().execute(async (tx) => {
        for (let i = 0; i < orders.length; i += 200)
          await tx
            .insertInto('work_orders')
            .values(orders.slice(i, i + 200))
            .execute();
        for (let i = 0; i < units.length; i += 1000)
          await tx
            .insertInto('order_units')
            .values(units.slice(i, i + 1000))
            .execute();
        for (let i = 0; i < events.length; i += 1000)
          await tx
            .insertInto('order_events')
            .values(events.slice(i, i + 1000))
            .execute();
        await rollups(tx);
      });
    }
    this.writeMs += performance.now() - started - (this.rollupMs - rollupBefore);
    this.written += orders.length;
  }

  /** After explicit ids, PostgreSQL's identity sequences must move past them. */
  async finish() {
    await this.flush();
    await this.engine.syncIdSequences(this.db, ['work_orders', 'order_events']);
  }
}

/** The next free order id and the per-day counters, so generated numbers never collide with live ones. */
export async function nextIds(db: Db) {
  const max = await db
    .selectFrom('work_orders')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(max?.m ?? 0) + 1;
}

export function numberFor(day: string, seq: number) {
  return `${day.replaceAll('-', '')}${String(seq).padStart(5, '0')}`;
}

/** Allocates per-day sequence numbers in memory and stores the counters at the end. */
export class NumberAllocator {
  private perDay = new Map<string, number>();
  constructor(private db: Db) {}
  async load() {
    const rows = await this.db.selectFrom('counters').selectAll().where('name', 'like', 'order:%').execute();
    for (const r of rows) this.perDay.set(r.name.slice(6), Number(r.value));
  }
  next(t: number) {
    const day = shanghaiDate(t).replaceAll('-', '');
    const n = (this.perDay.get(day) ?? 0) + 1;
    this.perDay.set(day, n);
    return `${day}${String(n).padStart(5, '0')}`;
  }
  async save() {
    const rows = [...this.perDay].map(([day, value]) => ({ name: `order:${day}`, value }));
    for (let i = 0; i < rows.length; i += 500) {
      await this.db
        .insertInto('counters')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
        .execute();
    }
  }
}
