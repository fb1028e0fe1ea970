/**
 * Patrols (每日巡查, DOMAIN.md §5): teams walk routes of checkpoints on the weekdays of the route's
 * schedule; each checkpoint gets a record (ok or hazard); a hazard becomes a work order at once,
 * on channel 'patrol', through the work-order domain's create command (number, event, search
 * index, outbox). Coverage compares what was scheduled with what was recorded, per route per day.
 */
import { sql, type Selectable, type SqlBool } from 'kysely';
import { dayOfWeek, isValidDate, shanghaiDate, shanghaiDayStart } from '../../../common/calendar';
import { CHECKPOINT_KINDS, STAFF_ROLES, type PatrolRecordInput } from '../../../common/fieldwork';
import { maskPhone } from '../../../common/mask';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import type { PatrolRoutesTable, PatrolTeamsTable } from '../../db/schema-fieldwork';
import { AppError, notFound } from '../../errors';
import { createWorkOrder } from '../../work-orders';
import { fieldworkScope } from '../scope';
import {
  DAY_MS,
  eventsOf,
  iso,
  linkPhotos,
  photosOf,
  placeValues,
  reachablePlace,
  recordEvent,
  requireCategory,
  requireUnit,
  requireUsers,
  underPlace,
  type Queryable,
} from './shared';

type TeamRow = Selectable<PatrolTeamsTable>;
export type RouteRow = Selectable<PatrolRoutesTable>;

/** How far back a patrol may be entered late (a sheet filled in the evening for the morning walk). */
const LATE_ENTRY_DAYS = 7;
const MAX_COVERAGE_DAYS = 92;

const teamScope = (actor: SessionActor, alias = 't') =>
  fieldworkScope(actor, alias, (unitId) => sql<SqlBool>`${sql.ref(`${alias}.unit_id`)} = ${unitId}`);
/** Routes (alias r) by place; a handler sees the routes of their unit's teams. */
const routeScope = (actor: SessionActor, alias = 'r') =>
  fieldworkScope(
    actor,
    alias,
    (unitId) => sql<SqlBool>`exists (select 1 from patrol_teams ht where ht.id = ${sql.ref(`${alias}.team_id`)} and ht.unit_id = ${unitId})`,
  );

// ── teams ────────────────────────────────────────────────────────────
export async function findVisibleTeam(db: Queryable, actor: SessionActor, id: number, field = 'id') {
  const t = await db.selectFrom('patrol_teams as t').selectAll('t').where('t.id', '=', id).where(teamScope(actor)).executeTakeFirst();
  if (!t) throw field === 'id' ? notFound('id') : new AppError('unknown_reference', field);
  return t;
}

export async function listTeams(db: Queryable, actor: SessionActor, f: { placeId?: number; limit: number; offset: number }) {
  let q = db
    .selectFrom('patrol_teams as t')
    .innerJoin('places as p', 'p.id', 't.place_id')
    .leftJoin('units as u', 'u.id', 't.unit_id')
    .select(['t.id', 't.name', 't.place_id', 'p.name as place_name', 't.unit_id', 'u.name as unit_name'])
    .select((eb) => eb.selectFrom('patrol_team_members as m').whereRef('m.team_id', '=', 't.id').select(sql<number>`count(*)`.as('n')).as('members'))
    .where(teamScope(actor));
  if (f.placeId !== undefined) q = q.where(underPlace('t', f.placeId));
  const rows = await q.orderBy('t.id').limit(f.limit).offset(f.offset).execute();
  return rows.map((t) => ({ id: t.id, name: t.name, placeId: t.place_id, placeName: t.place_name, unitId: t.unit_id, unitName: t.unit_name, memberCount: Number(t.members ?? 0) }));
}

export async function teamDetail(db: Queryable, actor: SessionActor, id: number) {
  const t = await findVisibleTeam(db, actor, id);
  const members = await db
    .selectFrom('patrol_team_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.role as user_role', 'm.role'])
    .where('m.team_id', '=', id)
    .orderBy('m.role')
    .orderBy('u.id')
    .execute();
  const routes = await db.selectFrom('patrol_routes').select(['id', 'name', 'weekdays', 'active']).where('team_id', '=', id).orderBy('id').execute();
  return {
    id: t.id,
    name: t.name,
    placeId: t.place_id,
    unitId: t.unit_id,
    createdAt: iso(t.created_at),
    members: members.map((m) => ({ userId: m.id, name: m.name, userRole: m.user_role, role: m.role })),
    routes: routes.map((r) => ({ id: r.id, name: r.name, weekdays: r.weekdays, active: r.active === 1 })),
    events: await eventsOf(db, 'patrol_team', id),
  };
}

type MemberInput = { userId: number; role?: 'leader' | 'member' };

async function writeMembers(tx: Tx, teamId: number, members: MemberInput[]) {
  const ids = members.map((m) => m.userId);
  if (new Set(ids).size !== ids.length) throw new AppError('validation', 'members', { zh: '成员重复', en: 'a member is listed twice' });
  await requireUsers(tx, ids, 'members');
  await tx.deleteFrom('patrol_team_members').where('team_id', '=', teamId).execute();
  if (members.length) {
    await tx
      .insertInto('patrol_team_members')
      .values(members.map((m) => ({ team_id: teamId, user_id: m.userId, role: m.role ?? 'member' })))
      .execute();
  }
}

/** Forms a patrol team at a place in the actor's reach. */
export async function createTeam(
  tx: Tx,
  actor: SessionActor,
  now: number,
  input: { name: string; placeId: number; unitId?: number | null; members: MemberInput[] },
) {
  const place = await reachablePlace(tx, actor, input.placeId);
  await requireUnit(tx, input.unitId);
  const { id } = await tx
    .insertInto('patrol_teams')
    .values({ ...placeValues(place), name: input.name.trim(), unit_id: input.unitId ?? null, created_by: actor.id, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeMembers(tx, id, input.members);
  await recordEvent(tx, actor, now, 'patrol_team', id, 'create', { name: input.name, members: input.members });
  return id;
}

export async function setTeamMembers(tx: Tx, actor: SessionActor, now: number, team: TeamRow, members: MemberInput[]) {
  await writeMembers(tx, team.id, members);
  await recordEvent(tx, actor, now, 'patrol_team', team.id, 'members', { members });
}

// ── routes and checkpoints ───────────────────────────────────────────
export async function findVisibleRoute(db: Queryable, actor: SessionActor, id: number) {
  const r = await db.selectFrom('patrol_routes as r').selectAll('r').where('r.id', '=', id).where(routeScope(actor)).executeTakeFirst();
  if (!r) throw notFound('id');
  return r;
}

export async function listRoutes(db: Queryable, actor: SessionActor, f: { placeId?: number; teamId?: number; limit: number; offset: number }) {
  let q = db
    .selectFrom('patrol_routes as r')
    .innerJoin('patrol_teams as t', 't.id', 'r.team_id')
    .innerJoin('places as p', 'p.id', 'r.place_id')
    .select(['r.id', 'r.name', 'r.weekdays', 'r.active', 'r.team_id', 't.name as team_name', 'r.place_id', 'p.name as place_name'])
    .select((eb) =>
      eb
        .selectFrom('patrol_checkpoints as c')
        .whereRef('c.route_id', '=', 'r.id')
        .where('c.active', '=', 1)
        .select(sql<number>`count(*)`.as('n'))
        .as('checkpoints'),
    )
    .where(routeScope(actor));
  if (f.placeId !== undefined) q = q.where(underPlace('r', f.placeId));
  if (f.teamId !== undefined) q = q.where('r.team_id', '=', f.teamId);
  const rows = await q.orderBy('r.id').limit(f.limit).offset(f.offset).execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    weekdays: r.weekdays,
    active: r.active === 1,
    teamId: r.team_id,
    teamName: r.team_name,
    placeId: r.place_id,
    placeName: r.place_name,
    checkpointCount: Number(r.checkpoints ?? 0),
  }));
}

type CheckpointInput = { kind: string; name: string; placeId: number; categoryId?: number | null; campaignPointId?: number | null };

/** Adds a checkpoint on the route at a place inside the route's area. */
export async function insertCheckpoint(tx: Tx, actor: SessionActor, now: number, route: RouteRow, input: CheckpointInput, field = 'placeId') {
  if (!CHECKPOINT_KINDS[input.kind]) throw new AppError('validation', 'kind', { zh: '未知的点位类型', en: 'unknown checkpoint kind' });
  const place = await reachablePlace(tx, actor, input.placeId, field);
  const area = await tx.selectFrom('places').select('path').where('id', '=', route.place_id).executeTakeFirstOrThrow();
  if (!place.path.startsWith(area.path)) {
    throw new AppError('validation', field, { zh: '巡查点应在线路所在区域内', en: 'the checkpoint must lie in the route’s area' });
  }
  await requireCategory(tx, input.categoryId);
  const last = await tx
    .selectFrom('patrol_checkpoints')
    .select(sql<number>`coalesce(max(position), 0)`.as('p'))
    .where('route_id', '=', route.id)
    .executeTakeFirstOrThrow();
  const { id } = await tx
    .insertInto('patrol_checkpoints')
    .values({
      ...placeValues(place),
      route_id: route.id,
      kind: input.kind,
      name: input.name.trim(),
      position: Number(last.p) + 1,
      category_id: input.categoryId ?? null,
      campaign_point_id: input.campaignPointId ?? null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A route for a team the actor sees, with its checkpoints. */
export async function createRoute(
  tx: Tx,
  actor: SessionActor,
  now: number,
  input: { teamId: number; name: string; placeId: number; weekdays?: string; checkpoints?: CheckpointInput[] },
) {
  const team = await findVisibleTeam(tx, actor, input.teamId, 'teamId');
  const place = await reachablePlace(tx, actor, input.placeId);
  const { id } = await tx
    .insertInto('patrol_routes')
    .values({
      ...placeValues(place),
      team_id: team.id,
      name: input.name.trim(),
      weekdays: [...new Set(input.weekdays ?? '0123456')].sort().join(''),
      created_by: actor.id,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const route = await tx.selectFrom('patrol_routes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  for (const [i, c] of (input.checkpoints ?? []).entries()) await insertCheckpoint(tx, actor, now, route, c, `checkpoints/${i}/placeId`);
  await recordEvent(tx, actor, now, 'patrol_route', id, 'create', { name: input.name, weekdays: route.weekdays, checkpoints: input.checkpoints?.length ?? 0 });
  return id;
}

export async function updateRoute(tx: Tx, actor: SessionActor, now: number, route: RouteRow, input: { name?: string; weekdays?: string; active?: boolean }) {
  const set = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.weekdays !== undefined ? { weekdays: [...new Set(input.weekdays)].sort().join('') } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
  };
  await tx.updateTable('patrol_routes').set(set).where('id', '=', route.id).execute();
  await recordEvent(tx, actor, now, 'patrol_route', route.id, 'update', { after: set });
}

export async function addCheckpoint(tx: Tx, actor: SessionActor, now: number, route: RouteRow, input: CheckpointInput) {
  const id = await insertCheckpoint(tx, actor, now, route, input);
  await recordEvent(tx, actor, now, 'patrol_route', route.id, 'add_checkpoint', { checkpointId: id, ...input });
  return id;
}

export async function removeCheckpoint(tx: Tx, actor: SessionActor, now: number, route: RouteRow, checkpointId: number) {
  const res = await tx
    .updateTable('patrol_checkpoints')
    .set({ active: 0 })
    .where('id', '=', checkpointId)
    .where('route_id', '=', route.id)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw notFound('checkpointId');
  await recordEvent(tx, actor, now, 'patrol_route', route.id, 'remove_checkpoint', { checkpointId });
}

const scheduledOn = (weekdays: string, day: string) => weekdays.includes(String(dayOfWeek(day)));

/** A route with its checkpoints and the day's sheet (default today): what is recorded, what is missing. */
export async function routeDetail(db: Queryable, actor: SessionActor, id: number, now: number, day = shanghaiDate(now)) {
  const r = await findVisibleRoute(db, actor, id);
  const team = await db.selectFrom('patrol_teams').select(['id', 'name']).where('id', '=', r.team_id).executeTakeFirstOrThrow();
  const all = await db
    .selectFrom('patrol_checkpoints as c')
    .innerJoin('places as p', 'p.id', 'c.place_id')
    .select(['c.id', 'c.kind', 'c.name', 'c.position', 'c.place_id', 'p.name as place_name', 'c.category_id', 'c.campaign_point_id'])
    .where('c.route_id', '=', id)
    .orderBy('c.position')
    .execute();
  // The list is what stands now; the day's sheet is what stood at that day's end (as coverage counts it).
  const lifetimes = new Map((await checkpointLifetimes(db, [id])).map((c) => [c.id, c]));
  const dayEnd = shanghaiDayStart(day) + DAY_MS;
  const checkpoints = all.filter((c) => lifetimes.get(c.id)!.active === 1);
  const records = await db
    .selectFrom('patrol_records as pr')
    .innerJoin('users as u', 'u.id', 'pr.recorded_by')
    .leftJoin('work_orders as wo', 'wo.id', 'pr.order_id')
    .select(['pr.id', 'pr.checkpoint_id', 'pr.day', 'pr.outcome', 'pr.note', 'pr.order_id', 'wo.number as order_number', 'pr.recorded_at', 'u.name as recorded_by_name'])
    .where('pr.route_id', '=', id)
    .orderBy('pr.id', 'desc')
    .limit(200)
    .execute();
  const photos = await photosOf(
    db,
    'patrol_record',
    records.map((x) => x.id),
  );
  const present = (x: (typeof records)[number]) => ({
    id: x.id,
    checkpointId: x.checkpoint_id,
    day: x.day,
    outcome: x.outcome,
    note: x.note,
    orderId: x.order_id,
    orderNumber: x.order_number,
    recordedByName: x.recorded_by_name,
    recordedAt: iso(x.recorded_at),
    photos: photos.get(x.id) ?? [],
  });
  const ofDay = records.filter((x) => x.day === day);
  const sheet = all.filter((c) => stoodAt(lifetimes.get(c.id)!, dayEnd)).map((c) => {
    const rec = ofDay.find((x) => x.checkpoint_id === c.id);
    return { checkpointId: c.id, name: c.name, kind: c.kind, record: rec ? present(rec) : null };
  });
  const plan = scheduleAt((await routeSchedules(db, [r])).get(r.id)!, dayEnd);
  const scheduled = plan.active && scheduledOn(plan.weekdays, day);
  return {
    id: r.id,
    name: r.name,
    weekdays: r.weekdays,
    active: r.active === 1,
    teamId: team.id,
    teamName: team.name,
    placeId: r.place_id,
    checkpoints: checkpoints.map((c) => ({
      id: c.id,
      kind: c.kind,
      kindName: CHECKPOINT_KINDS[c.kind]?.zh ?? c.kind,
      name: c.name,
      position: c.position,
      placeId: c.place_id,
      placeName: c.place_name,
      categoryId: c.category_id,
      campaignPointId: c.campaign_point_id,
    })),
    day: {
      day,
      scheduled,
      done: sheet.filter((s) => s.record).length,
      missed: scheduled ? sheet.filter((s) => !s.record).length : 0,
      sheet,
    },
    recent: records.slice(0, 50).map(present),
    events: await eventsOf(db, 'patrol_route', id),
  };
}

/** Records a walk of the route; each hazard is filed as a work order (channel patrol) in the same transaction. */
export async function recordPatrol(ctx: AppContext, tx: Tx, actor: SessionActor, route: RouteRow, input: PatrolRecordInput) {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const day = input.day ?? today;
  if (!isValidDate(day)) throw new AppError('validation', 'day');
  if (day > today) throw new AppError('validation', 'day', { zh: '不能登记未来的巡查', en: 'a patrol cannot be recorded for a future day' });
  if (shanghaiDayStart(day) < shanghaiDayStart(today) - LATE_ENTRY_DAYS * DAY_MS) {
    throw new AppError('validation', 'day', { zh: `只能补录${LATE_ENTRY_DAYS}天内的巡查`, en: `late entries go back ${LATE_ENTRY_DAYS} days at most` });
  }
  if (route.active !== 1) throw new AppError('rule_violation', 'id', { zh: '线路已停用', en: 'the route is paused' });
  const ids = input.results.map((r) => r.checkpointId);
  if (new Set(ids).size !== ids.length) throw new AppError('validation', 'results', { zh: '同一巡查点重复登记', en: 'a checkpoint is listed twice' });
  const checkpoints = await tx.selectFrom('patrol_checkpoints').selectAll().where('route_id', '=', route.id).where('active', '=', 1).where('id', 'in', ids).execute();
  const out: { id: number; checkpointId: number; outcome: string; orderId: number | null; orderNumber: string | null }[] = [];
  for (const [i, r] of input.results.entries()) {
    const cp = checkpoints.find((c) => c.id === r.checkpointId);
    if (!cp) throw new AppError('unknown_reference', `results/${i}/checkpointId`);
    const categoryId = r.categoryId ?? cp.category_id;
    if (r.outcome === 'hazard' && categoryId == null) {
      throw new AppError('validation', `results/${i}/categoryId`, { zh: '发现隐患需选择类别以生成工单', en: 'a hazard needs a category to become an order' });
    }
    const { id } = await tx
      .insertInto('patrol_records')
      .values({ route_id: route.id, checkpoint_id: cp.id, day, outcome: r.outcome, note: r.note?.trim() ?? '', order_id: null, recorded_by: actor.id, recorded_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const photos = await linkPhotos(tx, actor, 'patrol_record', id, r.attachmentIds);
    let order: { id: number; number: string } | null = null;
    if (r.outcome === 'hazard') {
      await requireCategory(tx, categoryId, `results/${i}/categoryId`);
      const title = `巡查发现隐患：${cp.name}`.slice(0, 200);
      try {
        order = await createWorkOrder(ctx, tx, actor, {
          title,
          description: r.note?.trim() || title,
          categoryId: categoryId!,
          placeId: cp.place_id,
          channel: 'patrol',
          ...(r.priority ? { priority: r.priority } : {}),
          ...(photos.length ? { attachmentIds: photos } : {}),
          ...(r.attributes ? { attributes: r.attributes } : {}),
        } as Parameters<typeof createWorkOrder>[3]);
      } catch (e) {
        // A category field error names the result it belongs to: results/1/attributes.leak_location.
        if (e instanceof AppError && e.field?.startsWith('attributes')) throw new AppError(e.code, `results/${i}/${e.field}`, e.detail);
        throw e;
      }
      await tx.updateTable('patrol_records').set({ order_id: order.id }).where('id', '=', id).execute();
    }
    out.push({ id, checkpointId: cp.id, outcome: r.outcome, orderId: order?.id ?? null, orderNumber: order?.number ?? null });
  }
  await recordEvent(tx, actor, now, 'patrol_route', route.id, 'record', { day, results: out.map(({ orderNumber: _n, ...x }) => x) });
  return { day, records: out };
}

/**
 * Every checkpoint the routes ever had, with when it was added and when it was taken off (null
 * while on the route). The removal time is the route's dated remove_checkpoint event; a
 * checkpoint inactive without one counts as never there.
 */
async function checkpointLifetimes(db: Queryable, routeIds: number[]) {
  if (!routeIds.length) return [];
  const rows = await db.selectFrom('patrol_checkpoints').select(['id', 'route_id', 'active', 'created_at']).where('route_id', 'in', routeIds).execute();
  const removals = await db
    .selectFrom('supervision_events')
    .select(['payload_json', 'at'])
    .where('entity', '=', 'patrol_route')
    .where('entity_id', 'in', routeIds)
    .where('action', '=', 'remove_checkpoint')
    .execute();
  const removedAt = new Map<number, number>();
  for (const e of removals) {
    const id = e.payload_json ? (JSON.parse(e.payload_json) as { checkpointId?: unknown }).checkpointId : undefined;
    if (typeof id === 'number') removedAt.set(id, Math.max(removedAt.get(id) ?? 0, Number(e.at)));
  }
  return rows.map((c) => ({ ...c, removed_at: c.active === 1 ? null : (removedAt.get(c.id) ?? c.created_at) }));
}

interface Schedule {
  /** from when (epoch ms) */
  at: number;
  active: boolean;
  weekdays: string;
}

/**
 * Each route's schedule over time, oldest first: as created (its `create` event), then after each
 * dated `update` that set `active` or `weekdays`. A route without a create event (written before
 * events recorded its weekdays) has its current schedule for all time.
 */
async function routeSchedules(db: Queryable, routes: readonly { id: number; active: number; weekdays: string; created_at: number }[]) {
  const out = new Map<number, Schedule[]>(routes.map((r) => [r.id, []]));
  if (routes.length) {
    const events = await db
      .selectFrom('supervision_events')
      .select(['entity_id', 'action', 'payload_json', 'at'])
      .where('entity', '=', 'patrol_route')
      .where(
        'entity_id',
        'in',
        routes.map((r) => r.id),
      )
      .where('action', 'in', ['create', 'update'])
      .orderBy('at')
      .orderBy('id')
      .execute();
    for (const e of events) {
      const list = out.get(Number(e.entity_id))!;
      const p = (e.payload_json ? JSON.parse(e.payload_json) : {}) as { weekdays?: unknown; after?: { weekdays?: unknown; active?: unknown } };
      if (e.action === 'create') {
        if (typeof p.weekdays === 'string') list.splice(0, list.length, { at: Number(e.at), active: true, weekdays: p.weekdays });
        continue;
      }
      const last = list[list.length - 1];
      if (!last) continue;
      const weekdays = typeof p.after?.weekdays === 'string' ? p.after.weekdays : last.weekdays;
      const active = typeof p.after?.active === 'number' ? p.after.active === 1 : last.active;
      if (weekdays !== last.weekdays || active !== last.active) list.push({ at: Number(e.at), active, weekdays });
    }
  }
  for (const r of routes) {
    const list = out.get(r.id)!;
    if (!list.length) list.push({ at: -Infinity, active: r.active === 1, weekdays: r.weekdays });
  }
  return out;
}

/** The schedule in force just before `at` (the first one also covers any earlier time). */
function scheduleAt(list: Schedule[], at: number): Schedule {
  let s = list[0]!;
  for (const x of list) if (x.at < at) s = x;
  return s;
}

/** The checkpoint was on its route at `at` (added before, not yet removed). */
const stoodAt = (c: { created_at: number; removed_at: number | null }, at: number) => c.created_at < at && (c.removed_at === null || c.removed_at >= at);

/**
 * Scheduled vs done checkpoints per route per day; a checkpoint counts from the day it was added
 * until the day it was removed, so removing one never changes a past day.
 */
export async function patrolCoverage(db: Queryable, actor: SessionActor, f: { from: string; to: string; placeId?: number; routeId?: number; missedOnly?: boolean }) {
  if (!isValidDate(f.from)) throw new AppError('validation', 'from');
  if (!isValidDate(f.to)) throw new AppError('validation', 'to');
  const start = shanghaiDayStart(f.from);
  const end = shanghaiDayStart(f.to);
  if (end < start) throw new AppError('validation', 'to', { zh: '结束日期应不早于开始日期', en: 'to must not be before from' });
  const span = Math.round((end - start) / DAY_MS) + 1;
  if (span > MAX_COVERAGE_DAYS) throw new AppError('validation', 'to', { zh: `最多查询${MAX_COVERAGE_DAYS}天`, en: `at most ${MAX_COVERAGE_DAYS} days` });
  let q = db
    .selectFrom('patrol_routes as r')
    .innerJoin('patrol_teams as t', 't.id', 'r.team_id')
    .select(['r.id', 'r.name', 'r.weekdays', 'r.active', 'r.created_at', 't.name as team_name'])
    .where(routeScope(actor));
  if (f.placeId !== undefined) q = q.where(underPlace('r', f.placeId));
  if (f.routeId !== undefined) q = q.where('r.id', '=', f.routeId);
  const routes = await q.orderBy('r.id').limit(500).execute();
  const routeIds = routes.map((r) => r.id);
  const checkpoints = await checkpointLifetimes(db, routeIds);
  const schedules = await routeSchedules(db, routes);
  // Served by patrol_records_route_day (route_id, day).
  const done = routeIds.length
    ? await db
        .selectFrom('patrol_records')
        .select(['route_id', 'day', 'checkpoint_id'])
        .select(sql<number>`count(case when outcome = 'hazard' then 1 end)`.as('hazards'))
        .where('route_id', 'in', routeIds)
        .where('day', '>=', f.from)
        .where('day', '<=', f.to)
        .groupBy(['route_id', 'day', 'checkpoint_id'])
        .execute()
    : [];
  const days = Array.from({ length: span }, (_, k) => shanghaiDate(start + k * DAY_MS + 12 * 3600_000));
  const totals = { scheduled: 0, done: 0, missed: 0, hazards: 0 };
  const out = routes.map((r) => {
    const rows = days.map((day) => {
      const dayEnd = shanghaiDayStart(day) + DAY_MS;
      // What stood on the route at the day's end: a later removal leaves past days as they were.
      const live = checkpoints.filter((c) => c.route_id === r.id && stoodAt(c, dayEnd));
      const recs = done.filter((d) => d.route_id === r.id && d.day === day);
      // The route as it stood at the day's end too: a later pause or change of weekdays leaves past days alone.
      const plan = scheduleAt(schedules.get(r.id)!, dayEnd);
      const isScheduled = plan.active && r.created_at < dayEnd && scheduledOn(plan.weekdays, day);
      const scheduled = isScheduled ? live.length : 0;
      const doneCount = recs.filter((d) => live.some((c) => c.id === d.checkpoint_id)).length;
      const hazards = recs.reduce((s, d) => s + Number(d.hazards), 0);
      const missed = Math.max(0, scheduled - doneCount);
      totals.scheduled += scheduled;
      totals.done += Math.min(doneCount, scheduled || doneCount);
      totals.missed += missed;
      totals.hazards += hazards;
      return { day, scheduled, done: doneCount, missed, hazards };
    });
    return { routeId: r.id, name: r.name, teamName: r.team_name, weekdays: r.weekdays, days: f.missedOnly ? rows.filter((d) => d.missed > 0) : rows };
  });
  return { from: f.from, to: f.to, routes: f.missedOnly ? out.filter((r) => r.days.length) : out, totals };
}

/**
 * Staff a supervisor or admin may put on a team: active staff accounts whose place is in the
 * actor's area (an admin sees all), by name or username; names, roles and masked phones only.
 */
export async function searchStaff(db: Queryable, actor: SessionActor, f: { q?: string; role?: string; limit: number }) {
  if (actor.role !== 'supervisor' && actor.role !== 'admin') throw new AppError('forbidden');
  let q = db
    .selectFrom('users as u')
    .leftJoin('places as p', 'p.id', 'u.place_id')
    .select(['u.id', 'u.name', 'u.role', 'u.phone', 'p.name as place_name'])
    .where('u.active', '=', 1)
    .where('u.role', 'in', f.role ? [f.role] : [...STAFF_ROLES]);
  if (actor.role !== 'admin') {
    if (!actor.placePath) return [];
    q = q.where('p.path', 'like', `${actor.placePath}%`);
  }
  const text = f.q?.trim().replace(/[%_\\]/g, '');
  if (text) q = q.where((eb) => eb.or([eb('u.name', 'like', `%${text}%`), eb('u.username', 'like', `%${text}%`)]));
  const rows = await q.orderBy('u.name').orderBy('u.id').limit(f.limit).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, phone: maskPhone(r.phone), placeName: r.place_name }));
}
