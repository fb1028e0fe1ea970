/**
 * SQL of the work-order domain. Every read goes through `orderScope`, so a row the caller may not
 * see does not exist for them (404, never 403).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { STATUSES, type Status } from '../../common/lifecycle';
import type { ListOrdersInput } from '../../common/api';
import type { SessionActor } from '../auth/actor';
import type { Db, Tx } from '../db';
import type { Engine } from '../db/engine';
import type { WorkOrderRow } from '../db/schema';
import { AppError, notFound } from '../errors';
import { categoryById, placeById, unitById } from './catalogue';

type Queryable = Db | Tx;

/** Column on work_orders that holds the ancestor of the given place level. */
export function placeColumn(level: string | null): 'street_id' | 'community_id' | 'compound_id' | 'building_id' | 'place_id' | null {
  switch (level) {
    case 'street':
      return 'street_id';
    case 'community':
      return 'community_id';
    case 'compound':
      return 'compound_id';
    case 'building':
      return 'building_id';
    case 'unit':
      return 'place_id';
    default:
      return null; // district: the whole tree
  }
}

function placeCondition(level: string | null, placeId: number): Expression<SqlBool> {
  const col = placeColumn(level);
  return col ? sql<SqlBool>`${sql.ref(`wo.${col}`)} = ${placeId}` : sql<SqlBool>`1 = 1`;
}

/** The rows of work_orders (alias `wo`) this actor may see (DOMAIN.md §2 scope). */
export function orderScope(actor: SessionActor): Expression<SqlBool> {
  switch (actor.role) {
    case 'admin':
      return sql<SqlBool>`1 = 1`;
    case 'supervisor':
    case 'dispatcher':
    case 'inspector':
      return actor.placeId === null ? sql<SqlBool>`1 = 0` : placeCondition(actor.placeLevel, actor.placeId);
    case 'handler':
      // Serves from order_units_unit (unit_id, order_id).
      return actor.unitId === null
        ? sql<SqlBool>`1 = 0`
        : sql<SqlBool>`exists (select 1 from order_units ou where ou.order_id = wo.id and ou.unit_id = ${actor.unitId})`;
    case 'resident':
      return sql<SqlBool>`wo.reporter_user_id = ${actor.id}`;
    case 'organiser':
    case 'merchant':
      return sql<SqlBool>`1 = 0`;
  }
}

/** The order if the actor may see it; otherwise 404. */
export async function findVisibleOrder(db: Queryable, actor: SessionActor, id: number): Promise<WorkOrderRow> {
  const row = await db.selectFrom('work_orders as wo').selectAll('wo').where('wo.id', '=', id).where(orderScope(actor)).executeTakeFirst();
  if (!row) throw notFound('id');
  return row;
}

export async function orderUnits(db: Queryable, orderId: number) {
  return db
    .selectFrom('order_units as ou')
    .innerJoin('units as u', 'u.id', 'ou.unit_id')
    .select(['ou.unit_id', 'ou.role', 'u.name'])
    .where('ou.order_id', '=', orderId)
    .orderBy('ou.role', 'desc')
    .execute();
}

export async function orderEvents(db: Queryable, orderId: number, publicOnly: boolean) {
  let q = db
    .selectFrom('order_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.actor_id', 'u.name as actor_name', 'e.actor_role', 'e.at', 'e.from_status', 'e.to_status', 'e.public', 'e.payload_json'])
    .where('e.order_id', '=', orderId);
  if (publicOnly) q = q.where('e.public', '=', 1);
  return q.orderBy('e.id').execute();
}

/** Events whose attachments a resident may see: public ones, and replies that passed review. */
export async function residentVisibleEventIds(db: Queryable, orderId: number): Promise<Set<number>> {
  const events = await db.selectFrom('order_events').select(['id', 'action', 'public']).where('order_id', '=', orderId).orderBy('id').execute();
  const visible = new Set<number>();
  let pendingReply: number | null = null;
  for (const e of events) {
    if (e.public) visible.add(e.id);
    if (e.action === 'reply') pendingReply = e.id;
    else if (e.action === 'reject_reply') pendingReply = null;
    else if (e.action === 'approve_reply' && pendingReply !== null) {
      visible.add(pendingReply);
      pendingReply = null;
    }
  }
  return visible;
}

export async function orderAttachments(db: Queryable, orderId: number) {
  return db.selectFrom('attachments').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
}

/** Names of the order's category, place, compound and lead unit (from the catalogue caches of `root`). */
export async function orderNames(db: Queryable, row: WorkOrderRow, root?: Db) {
  const r = root ?? (db as Db);
  const [category, place, compound, lead] = await Promise.all([
    categoryById(r, db, row.category_id),
    placeById(r, db, row.place_id),
    row.compound_id ? placeById(r, db, row.compound_id) : undefined,
    row.lead_unit_id ? unitById(r, db, row.lead_unit_id) : undefined,
  ]);
  return {
    category: category ? { id: category.id, name: category.name } : null,
    place: place ? { id: place.id, name: place.name } : null,
    compoundName: compound?.name ?? null,
    lead: lead ?? null,
  };
}

const SORTS = {
  received_at: ['wo.received_at', 'asc'],
  '-received_at': ['wo.received_at', 'desc'],
  resolution_due_at: ['wo.resolution_due_at', 'asc'],
  '-resolution_due_at': ['wo.resolution_due_at', 'desc'],
  updated_at: ['wo.updated_at', 'asc'],
  '-updated_at': ['wo.updated_at', 'desc'],
} as const;

/** Statuses named in a comma list, or a 400 naming the field. */
export function parseStatuses(list: string): Status[] {
  const parts = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new AppError('validation', 'status', { zh: '至少指定一个状态', en: 'name at least one status' });
  for (const p of parts) {
    if (!STATUSES.includes(p as Status)) {
      throw new AppError('validation', 'status', { zh: `未知状态 ${p}`, en: `unknown status ${p}` });
    }
  }
  return parts as Status[];
}

/** Lists report totals exactly up to here and as "more than COUNT_CAP" beyond. */
export const COUNT_CAP = 10_000;

/** One page of the orders the actor may see, filtered, with the total (capped, see COUNT_CAP). */
export async function listOrders(db: Db, engine: Engine, actor: SessionActor, f: ListOrdersInput) {
  let q = db.selectFrom('work_orders as wo').where(orderScope(actor));
  if (f.status !== undefined) q = q.where('wo.status', 'in', parseStatuses(f.status));
  if (f.categoryId) {
    // A parent category matches its children too.
    const id = f.categoryId;
    q = q.where((eb) => eb.or([eb('wo.category_id', '=', id), eb('wo.category_id', 'in', eb.selectFrom('categories').select('id').where('parent_id', '=', id))]));
  }
  if (f.placeId) {
    const place = await db.selectFrom('places').select(['id', 'level']).where('id', '=', f.placeId).executeTakeFirst();
    if (!place) throw new AppError('unknown_reference', 'placeId');
    q = q.where(placeCondition(place.level, place.id));
  }
  if (f.unitId) {
    const unitId = f.unitId;
    q = q.where(sql<SqlBool>`exists (select 1 from order_units ou2 where ou2.order_id = wo.id and ou2.unit_id = ${unitId})`);
  }
  if (f.channel) q = q.where('wo.channel', '=', f.channel as string);
  if (f.priority) q = q.where('wo.priority', '=', f.priority as string);
  if (f.overdue !== undefined) q = q.where('wo.overdue', '=', f.overdue ? 1 : 0);
  if (f.supervised !== undefined) q = q.where('wo.supervision_level', f.supervised ? '>' : '=', 0);
  // A pending request keeps its date until it is approved or rejected (both clear it).
  if (f.extensionRequested !== undefined) q = q.where('wo.extension_requested_until', f.extensionRequested ? 'is not' : 'is', null);
  if (f.from) q = q.where('wo.received_at', '>=', Date.parse(f.from));
  if (f.to) q = q.where('wo.received_at', '<', Date.parse(f.to));
  if (f.mine) q = q.where('wo.reporter_user_id', '=', actor.id);
  if (f.q) q = q.where(engine.orderTextMatches(f.q));

  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const [col, dir] = SORTS[(f.sort as keyof typeof SORTS | undefined) ?? '-received_at'];
  const [count, rows] = await Promise.all([
    // Counting stops at COUNT_CAP: an exact count of 190k search hits costs more than the page itself.
    db
      .selectFrom(q.select('wo.id').limit(COUNT_CAP + 1).as('capped'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    q
      .leftJoin('categories as c', 'c.id', 'wo.category_id')
      .leftJoin('places as p', 'p.id', 'wo.place_id')
      .leftJoin('places as cp', 'cp.id', 'wo.compound_id')
      .leftJoin('units as u', 'u.id', 'wo.lead_unit_id')
      .selectAll('wo')
      .select(['c.name as category_name', 'p.name as place_name', 'cp.name as compound_name', 'u.name as lead_unit_name'])
      // Orders without a deadline come last either way; engines disagree on where NULLs sort.
      .$if(col === 'wo.resolution_due_at', (qb) => qb.orderBy(sql`wo.resolution_due_at is null`))
      .orderBy(col, dir)
      .orderBy('wo.id', dir)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  const n = Number(count.n);
  return { rows, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP, page, pageSize };
}
