/**
 * The intake baseline: a bare node:http server that writes exactly the rows POST /api/work-orders
 * writes — the order with its per-day number from `counters`, the `create` event, its outbox row,
 * the search index (SQLite: the FTS5 triggers; PostgreSQL: the trigram GIN index) and the rollup
 * cells the dashboards read (the same cells, computed by the same `cellWrites`, as the last
 * statements before commit, as the application does) — in one transaction, with hand-written
 * prepared statements (better-sqlite3 / pg named statements). It
 * skips what the application adds on top: JSON parsing, validation, authentication, scoping,
 * the category/place/field lookups and the detailed response. The row's values come from an order
 * the application itself created from the same request body, so both write identical rows.
 * GET /orders/:id is the read baseline: one prepared SELECT by primary key, sent back as JSON.
 */
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { shanghaiDate } from '../common/calendar';
import { openSqlite } from '../server/db';
import { cellWrites, Deltas, type CellWrite, type RollupOrder } from '../server/evaluation/rollups';

/** The columns createWorkOrder inserts, in one list for both statements. */
export const ORDER_COLUMNS = [
  'number',
  'title',
  'description',
  'category_id',
  'priority',
  'channel',
  'status',
  'version',
  'place_id',
  'street_id',
  'community_id',
  'compound_id',
  'building_id',
  'address',
  'lat',
  'lng',
  'caller_name',
  'caller_phone',
  'anonymous',
  'reporter_user_id',
  'received_by',
  'attributes_json',
  'received_at',
  'updated_at',
] as const;

/** What the application wrote for the request body (all but number and times), and who wrote it. */
export interface OrderTemplate {
  row: Record<(typeof ORDER_COLUMNS)[number], unknown>;
  /** the application's new row as the rollups read it (its id and time are replaced per order) */
  rollup: RollupOrder;
  actorId: number;
  actorRole: string;
}

interface Written {
  id: number;
  number: string;
}

/** The values of one new order, its event payload and its outbox payload, as the commands build them. */
function rowsFor(t: OrderTemplate, now: number, number: string) {
  const order = ORDER_COLUMNS.map((c) => (c === 'number' ? number : c === 'received_at' || c === 'updated_at' ? now : t.row[c]));
  const channel = t.row.channel as string;
  const eventPayload = JSON.stringify({ channel, number });
  const outboxPayload = (orderId: number) =>
    JSON.stringify({ orderId, action: 'create', at: new Date(now).toISOString(), from: null, to: 'received', channel, number });
  return { order, eventPayload, outboxPayload };
}

/** The rollup cells a new order adds: only additions, so no cell can reach zero (nothing to delete). */
function rollupWrites(t: OrderTemplate, id: number, now: number): CellWrite[] {
  const d = new Deltas();
  d.add({ ...t.rollup, id, received_at: now }, false, 1, []);
  return cellWrites(d);
}

/** One multi-row upsert per table, its text fixed by the table and the number of rows ($n or ?). */
function upsertText(w: CellWrite, param: (i: number) => string): { text: string; values: unknown[] } {
  const cols = Object.keys(w.rows[0]!);
  const values = w.rows.flatMap((r) => cols.map((c) => r[c]));
  const tuples = w.rows.map((_, r) => `(${cols.map((_, c) => param(r * cols.length + c + 1)).join(', ')})`).join(', ');
  const set = w.sums.map((x) => `${x} = ${w.table}.${x} + excluded.${x}`).join(', ');
  return { text: `insert into ${w.table} (${cols.join(', ')}) values ${tuples} on conflict (${w.key.join(', ')}) do update set ${set}`, values };
}

const counterName = (now: number) => `order:${shanghaiDate(now).replaceAll('-', '')}`;
const orderNumber = (now: number, seq: number) => `${shanghaiDate(now).replaceAll('-', '')}${String(seq).padStart(5, '0')}`;

interface Store {
  create(now: number): Promise<Written> | Written;
  byId(id: number): Promise<unknown> | unknown;
  close(): Promise<void>;
}

function sqliteStore(dataDir: string, t: OrderTemplate): Store {
  const raw = openSqlite(path.join(dataDir, 'gongzhi.db'));
  const counter = raw.prepare<[string], { value: number }>(
    'insert into counters (name, value) values (?, 1) on conflict (name) do update set value = counters.value + 1 returning value',
  );
  const insertOrder = raw.prepare(
    `insert into work_orders (${ORDER_COLUMNS.join(', ')}) values (${ORDER_COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertEvent = raw.prepare(
    `insert into order_events (order_id, action, actor_id, actor_role, at, from_status, to_status, public, payload_json) values (?, 'create', ?, ?, ?, null, 'received', 1, ?)`,
  );
  const insertOutbox = raw.prepare(
    `insert into outbox (topic, order_id, event_id, payload_json, created_at) values ('order.create', ?, ?, ?, ?)`,
  );
  const select = raw.prepare('select * from work_orders where id = ?');
  const upserts = new Map<string, ReturnType<typeof raw.prepare<unknown[]>>>();
  const create = raw.transaction((now: number): Written => {
    const number = orderNumber(now, counter.get(counterName(now))!.value);
    const r = rowsFor(t, now, number);
    const id = Number(insertOrder.run(...r.order).lastInsertRowid);
    const eventId = Number(insertEvent.run(id, t.actorId, t.actorRole, now, r.eventPayload).lastInsertRowid);
    insertOutbox.run(id, eventId, r.outboxPayload(id), now);
    for (const w of rollupWrites(t, id, now)) {
      const q = upsertText(w, () => '?');
      let st = upserts.get(q.text);
      if (!st) upserts.set(q.text, (st = raw.prepare<unknown[]>(q.text)));
      st.run(...q.values);
    }
    return { id, number };
  });
  return {
    // BEGIN IMMEDIATE, as the application's SQLite dialect does.
    create: (now) => create.immediate(now),
    byId: (id) => select.get(id),
    close: async () => void raw.close(),
  };
}

function postgresStore(url: string, t: OrderTemplate): Store {
  // The application's default pool size (server/db/index.ts).
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const orderSql = `insert into work_orders (${ORDER_COLUMNS.join(', ')}) values (${ORDER_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) returning id`;
  return {
    async create(now) {
      const c = await pool.connect();
      try {
        await c.query('begin');
        const seq = await c.query<{ value: number }>({
          name: 'bl_counter',
          text: 'insert into counters (name, value) values ($1, 1) on conflict (name) do update set value = counters.value + 1 returning value',
          values: [counterName(now)],
        });
        const number = orderNumber(now, Number(seq.rows[0]!.value));
        const r = rowsFor(t, now, number);
        const order = await c.query<{ id: number }>({ name: 'bl_order', text: orderSql, values: r.order });
        const id = Number(order.rows[0]!.id);
        const ev = await c.query<{ id: number }>({
          name: 'bl_event',
          text: `insert into order_events (order_id, action, actor_id, actor_role, at, from_status, to_status, public, payload_json) values ($1, 'create', $2, $3, $4, null, 'received', 1, $5) returning id`,
          values: [id, t.actorId, t.actorRole, now, r.eventPayload],
        });
        await c.query({
          name: 'bl_outbox',
          text: `insert into outbox (topic, order_id, event_id, payload_json, created_at) values ('order.create', $1, $2, $3, $4)`,
          values: [id, Number(ev.rows[0]!.id), r.outboxPayload(id), now],
        });
        for (const w of rollupWrites(t, id, now)) {
          const q = upsertText(w, (i) => `$${i}`);
          await c.query({ name: `bl_${w.table}_${w.rows.length}`, text: q.text, values: q.values });
        }
        await c.query('commit');
        return { id, number };
      } catch (err) {
        await c.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    async byId(id) {
      const r = await pool.query({ name: 'bl_by_id', text: 'select * from work_orders where id = $1', values: [id] });
      return r.rows[0];
    },
    close: () => pool.end(),
  };
}

function reply(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Starts the baseline on 127.0.0.1 (a free port): POST /orders and GET /orders/:id. */
export async function startBaseline(databaseUrl: string | null, dataDir: string, t: OrderTemplate) {
  const store = databaseUrl ? postgresStore(databaseUrl, t) : sqliteStore(dataDir, t);
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'POST' && url === '/orders') {
      // The body is read to its end (as any server must) but not parsed.
      req.resume();
      req.on('end', () => {
        Promise.resolve()
          .then(() => store.create(Date.now()))
          .then(
            (w) => reply(res, 201, w),
            (err: unknown) => reply(res, 500, { error: String(err) }),
          );
      });
      return;
    }
    const m = req.method === 'GET' ? /^\/orders\/(\d+)$/.exec(url) : null;
    if (m) {
      Promise.resolve()
        .then(() => store.byId(Number(m[1])))
        .then(
          (row) => reply(res, row ? 200 : 404, row ?? { error: 'not found' }),
          (err: unknown) => reply(res, 500, { error: String(err) }),
        );
      return;
    }
    reply(res, 404, { error: 'no route' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    close: () => new Promise<void>((resolve) => server.close(() => void store.close().then(resolve))),
  };
}
