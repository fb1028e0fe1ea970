/**
 * Campaigns (专项行动, e.g. 老城区飞线整治): points (点位) with status, before/after photos and counted
 * quantities of the campaign's kinds (metres of wire, poles, wire heads, boxes), a task force of
 * units under a coordinator, progress by place and totals. Closing a point puts it on a patrol
 * route as a checkpoint, so the result is walked again and holds.
 */
import { sql, type Selectable, type SqlBool } from 'kysely';
import { POINT_STATUS_NAMES, type PointStatus } from '../../../common/fieldwork';
import type { SessionActor } from '../../auth/actor';
import type { Tx } from '../../db';
import type { CampaignPointsTable, CampaignsTable } from '../../db/schema-fieldwork';
import { AppError, notFound } from '../../errors';
import { fieldworkScope } from '../scope';
import { findVisibleRoute, insertCheckpoint } from './patrols';
import { eventsOf, iso, linkPhotos, photosOf, placeValues, reachablePlace, recordEvent, requireUnit, underPlace, type Queryable } from './shared';

type CampaignRow = Selectable<CampaignsTable>;
type PointRow = Selectable<CampaignPointsTable>;
interface QuantityKind {
  code: string;
  name: string;
  unit: string;
}

/** Campaigns (alias cp) by area; a handler sees those their unit serves on. */
const campaignScope = (actor: SessionActor, alias = 'cp') =>
  fieldworkScope(
    actor,
    alias,
    (unitId) => sql<SqlBool>`exists (select 1 from campaign_units hu where hu.campaign_id = ${sql.ref(`${alias}.id`)} and hu.unit_id = ${unitId})`,
  );

export async function findVisibleCampaign(db: Queryable, actor: SessionActor, id: number) {
  const c = await db.selectFrom('campaigns as cp').selectAll('cp').where('cp.id', '=', id).where(campaignScope(actor)).executeTakeFirst();
  if (!c) throw notFound('id');
  return c;
}

export async function findVisiblePoint(db: Queryable, actor: SessionActor, campaignId: number, pointId: number) {
  const c = await findVisibleCampaign(db, actor, campaignId);
  const p = await db.selectFrom('campaign_points').selectAll().where('id', '=', pointId).where('campaign_id', '=', campaignId).executeTakeFirst();
  if (!p) throw notFound('pointId');
  return { campaign: c, point: p };
}

const kindsOf = (c: CampaignRow) => JSON.parse(c.quantity_kinds_json) as QuantityKind[];

export async function listCampaigns(db: Queryable, actor: SessionActor, f: { placeId?: number; limit: number; offset: number }) {
  let q = db
    .selectFrom('campaigns as cp')
    .innerJoin('places as p', 'p.id', 'cp.place_id')
    .select(['cp.id', 'cp.name', 'cp.place_id', 'p.name as place_name', 'cp.starts_on', 'cp.ends_on', 'cp.created_at'])
    .select((eb) => eb.selectFrom('campaign_points as pt').whereRef('pt.campaign_id', '=', 'cp.id').select(sql<number>`count(*)`.as('n')).as('points'))
    .select((eb) =>
      eb
        .selectFrom('campaign_points as pt')
        .whereRef('pt.campaign_id', '=', 'cp.id')
        .where('pt.status', '=', 'done')
        .select(sql<number>`count(*)`.as('n'))
        .as('done'),
    )
    .where(campaignScope(actor));
  if (f.placeId !== undefined) q = q.where(underPlace('cp', f.placeId));
  const rows = await q.orderBy('cp.id', 'desc').limit(f.limit).offset(f.offset).execute();
  return rows.map((r) => {
    const points = Number(r.points ?? 0);
    const done = Number(r.done ?? 0);
    return {
      id: r.id,
      name: r.name,
      placeId: r.place_id,
      placeName: r.place_name,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      points,
      done,
      percent: points ? Math.round((100 * done) / points) : 0,
      createdAt: iso(r.created_at),
    };
  });
}

async function insertPoint(
  tx: Tx,
  actor: SessionActor,
  now: number,
  c: CampaignRow,
  input: { name: string; placeId: number; description?: string; unitId?: number | null },
  field = 'placeId',
) {
  const place = await reachablePlace(tx, actor, input.placeId, field);
  const area = await tx.selectFrom('places').select('path').where('id', '=', c.place_id).executeTakeFirstOrThrow();
  if (!place.path.startsWith(area.path)) throw new AppError('validation', field, { zh: '点位应在行动区域内', en: 'the point must lie in the campaign’s area' });
  await requireUnit(tx, input.unitId);
  const { id } = await tx
    .insertInto('campaign_points')
    .values({
      ...placeValues(place),
      campaign_id: c.id,
      name: input.name.trim(),
      description: input.description?.trim() ?? '',
      status: 'pending',
      unit_id: input.unitId ?? null,
      checkpoint_id: null,
      closed_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function insertUnits(tx: Tx, campaignId: number, unitIds: number[], role: string) {
  const existing = await tx.selectFrom('campaign_units').select('unit_id').where('campaign_id', '=', campaignId).execute();
  const fresh = [...new Set(unitIds)].filter((u) => !existing.some((e) => e.unit_id === u));
  for (const u of fresh) await requireUnit(tx, u, 'unitIds');
  if (fresh.length) await tx.insertInto('campaign_units').values(fresh.map((unit_id) => ({ campaign_id: campaignId, unit_id, role }))).execute();
  return fresh;
}

/** Starts a campaign over an area with its quantity kinds, task force and first points. */
export async function createCampaign(
  tx: Tx,
  actor: SessionActor,
  now: number,
  input: {
    name: string;
    description?: string;
    placeId: number;
    startsOn?: string;
    endsOn?: string;
    quantityKinds: QuantityKind[];
    coordinatorUnitId: number;
    unitIds?: number[];
    points?: { name: string; placeId: number; description?: string; unitId?: number | null }[];
  },
) {
  const codes = input.quantityKinds.map((k) => k.code);
  if (new Set(codes).size !== codes.length) throw new AppError('validation', 'quantityKinds', { zh: '计量类型编码重复', en: 'a quantity code is repeated' });
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) throw new AppError('validation', 'endsOn', { zh: '结束日期早于开始日期', en: 'endsOn is before startsOn' });
  const place = await reachablePlace(tx, actor, input.placeId);
  await requireUnit(tx, input.coordinatorUnitId, 'coordinatorUnitId');
  const { id } = await tx
    .insertInto('campaigns')
    .values({
      ...placeValues(place),
      name: input.name.trim(),
      description: input.description?.trim() ?? '',
      quantity_kinds_json: JSON.stringify(input.quantityKinds),
      starts_on: input.startsOn ?? null,
      ends_on: input.endsOn ?? null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertUnits(tx, id, [input.coordinatorUnitId], 'coordinator');
  await insertUnits(tx, id, input.unitIds ?? [], 'member');
  const c = await tx.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  for (const [i, p] of (input.points ?? []).entries()) await insertPoint(tx, actor, now, c, p, `points/${i}/placeId`);
  await recordEvent(tx, actor, now, 'campaign', id, 'create', { name: input.name, points: input.points?.length ?? 0, coordinatorUnitId: input.coordinatorUnitId });
  return id;
}

export async function addCampaignUnits(tx: Tx, actor: SessionActor, now: number, c: CampaignRow, unitIds: number[]) {
  const added = await insertUnits(tx, c.id, unitIds, 'member');
  await recordEvent(tx, actor, now, 'campaign', c.id, 'add_units', { unitIds: added });
}

export async function addPoint(tx: Tx, actor: SessionActor, now: number, c: CampaignRow, input: { name: string; placeId: number; description?: string; unitId?: number | null }) {
  const id = await insertPoint(tx, actor, now, c, input);
  await recordEvent(tx, actor, now, 'campaign', c.id, 'add_point', { pointId: id, name: input.name, placeId: input.placeId });
  return id;
}

/** Writes counted quantities (the amount at the point so far, per kind of the campaign). */
async function writeQuantities(tx: Tx, c: CampaignRow, pointId: number, quantities: Record<string, number> | undefined) {
  if (!quantities) return;
  const kinds = kindsOf(c).map((k) => k.code);
  for (const [kind, amount] of Object.entries(quantities)) {
    if (!kinds.includes(kind)) throw new AppError('validation', 'quantities', { zh: `行动未设置计量类型 ${kind}`, en: `the campaign counts no ${kind}` });
    await tx
      .insertInto('campaign_point_quantities')
      .values({ point_id: pointId, kind, amount })
      .onConflict((oc) => oc.columns(['point_id', 'kind']).doUpdateSet({ amount }))
      .execute();
  }
}

async function savePoint(tx: Tx, p: PointRow, now: number, set: Partial<Pick<PointRow, 'status' | 'checkpoint_id' | 'closed_at'>>, version?: number) {
  if (version !== undefined && version !== p.version) throw new AppError('conflict', 'version', { zh: '点位已被他人更新，请刷新', en: 'the point was changed meanwhile; reload' });
  const res = await tx
    .updateTable('campaign_points')
    .set({ ...set, updated_at: now, version: p.version + 1 })
    .where('id', '=', p.id)
    .where('version', '=', p.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', 'version', { zh: '点位已被他人更新，请刷新', en: 'the point was changed meanwhile; reload' });
}

/** Progress on a point: status, quantities, photos; a handler may report on their unit's points only. */
export async function updatePoint(
  tx: Tx,
  actor: SessionActor,
  now: number,
  { campaign, point }: { campaign: CampaignRow; point: PointRow },
  input: { status?: 'pending' | 'in_progress'; note?: string; quantities?: Record<string, number>; beforePhotos?: number[]; afterPhotos?: number[]; version?: number },
) {
  if (point.status === 'done') throw new AppError('rule_violation', 'status', { zh: '点位已完成整治', en: 'the point is closed' });
  if (actor.role === 'handler' && point.unit_id !== null && point.unit_id !== actor.unitId) throw notFound('pointId');
  await writeQuantities(tx, campaign, point.id, input.quantities);
  const before = await linkPhotos(tx, actor, 'campaign_point', point.id, input.beforePhotos, 'before');
  const after = await linkPhotos(tx, actor, 'campaign_point', point.id, input.afterPhotos, 'after');
  await savePoint(tx, point, now, input.status ? { status: input.status } : {}, input.version);
  await recordEvent(tx, actor, now, 'campaign', campaign.id, 'point_update', {
    pointId: point.id,
    from: point.status,
    to: input.status ?? point.status,
    quantities: input.quantities ?? null,
    note: input.note ?? null,
    beforePhotos: before,
    afterPhotos: after,
  });
}

/** Closes a point with an after photo and adds it as a checkpoint to a patrol route. */
export async function closePoint(
  tx: Tx,
  actor: SessionActor,
  now: number,
  { campaign, point }: { campaign: CampaignRow; point: PointRow },
  input: { routeId: number; quantities?: Record<string, number>; afterPhotos?: number[]; checkpointKind?: string; note?: string },
) {
  if (point.status === 'done') throw new AppError('rule_violation', 'status', { zh: '点位已完成整治', en: 'the point is closed already' });
  const route = await findVisibleRoute(tx, actor, input.routeId).catch(() => {
    throw new AppError('unknown_reference', 'routeId');
  });
  await writeQuantities(tx, campaign, point.id, input.quantities);
  const after = await linkPhotos(tx, actor, 'campaign_point', point.id, input.afterPhotos, 'after');
  const hasAfter = await tx
    .selectFrom('fieldwork_attachments')
    .select('attachment_id')
    .where('entity', '=', 'campaign_point')
    .where('entity_id', '=', point.id)
    .where('phase', '=', 'after')
    .executeTakeFirst();
  if (!hasAfter) throw new AppError('rule_violation', 'afterPhotos', { zh: '完成整治需上传整治后照片', en: 'closing a point needs an after photo' });
  const checkpointId = await insertCheckpoint(
    tx,
    actor,
    now,
    route,
    { kind: input.checkpointKind ?? 'other', name: `${campaign.name}·${point.name}`.slice(0, 200), placeId: point.place_id, campaignPointId: point.id },
    'routeId',
  );
  await savePoint(tx, point, now, { status: 'done', closed_at: now, checkpoint_id: checkpointId });
  await recordEvent(tx, actor, now, 'campaign', campaign.id, 'point_close', {
    pointId: point.id,
    routeId: route.id,
    checkpointId,
    quantities: input.quantities ?? null,
    note: input.note ?? null,
    afterPhotos: after,
  });
  await recordEvent(tx, actor, now, 'patrol_route', route.id, 'add_checkpoint', { checkpointId, campaignPointId: point.id, campaignId: campaign.id });
}

/** A campaign with its task force, points, progress by place and totals per quantity kind. */
export async function campaignDetail(db: Queryable, actor: SessionActor, id: number) {
  const c = await findVisibleCampaign(db, actor, id);
  const kinds = kindsOf(c);
  const units = await db
    .selectFrom('campaign_units as cu')
    .innerJoin('units as u', 'u.id', 'cu.unit_id')
    .select(['u.id', 'u.name', 'cu.role'])
    .where('cu.campaign_id', '=', id)
    .orderBy('cu.role')
    .orderBy('u.id')
    .execute();
  const points = await db
    .selectFrom('campaign_points as pt')
    .innerJoin('places as p', 'p.id', 'pt.place_id')
    .leftJoin('places as grp', (j) => j.on(sql<SqlBool>`grp.id = coalesce(pt.community_id, pt.street_id, pt.place_id)`))
    .leftJoin('units as u', 'u.id', 'pt.unit_id')
    .selectAll('pt')
    .select(['p.name as place_name', 'grp.id as group_id', 'grp.name as group_name', 'u.name as unit_name'])
    .where('pt.campaign_id', '=', id)
    .orderBy('pt.id')
    .execute();
  const ids = points.map((p) => p.id);
  const quantities = ids.length ? await db.selectFrom('campaign_point_quantities').selectAll().where('point_id', 'in', ids).execute() : [];
  const photos = await photosOf(db, 'campaign_point', ids);
  const qOf = (pid: number) => Object.fromEntries(quantities.filter((q) => q.point_id === pid).map((q) => [q.kind, Number(q.amount)]));
  const sum = (pids: number[]) =>
    Object.fromEntries(kinds.map((k) => [k.code, quantities.filter((q) => q.kind === k.code && pids.includes(q.point_id)).reduce((s, q) => s + Number(q.amount), 0)]));
  const tally = (list: typeof points) => {
    const done = list.filter((p) => p.status === 'done').length;
    return {
      points: list.length,
      pending: list.filter((p) => p.status === 'pending').length,
      inProgress: list.filter((p) => p.status === 'in_progress').length,
      done,
      percent: list.length ? Math.round((100 * done) / list.length) : 0,
      quantities: sum(list.map((p) => p.id)),
    };
  };
  const groups = [...new Map(points.map((p) => [p.group_id, p.group_name])).entries()];
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    placeId: c.place_id,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    quantityKinds: kinds,
    createdAt: iso(c.created_at),
    units: units.map((u) => ({ unitId: u.id, name: u.name, role: u.role })),
    coordinator: units.find((u) => u.role === 'coordinator') ?? null,
    points: points.map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      placeId: p.place_id,
      placeName: p.place_name,
      unitId: p.unit_id,
      unitName: p.unit_name,
      status: p.status,
      statusName: POINT_STATUS_NAMES[p.status as PointStatus]?.zh ?? p.status,
      quantities: qOf(p.id),
      photos: photos.get(p.id) ?? [],
      checkpointId: p.checkpoint_id,
      closedAt: iso(p.closed_at),
      version: p.version,
      updatedAt: iso(p.updated_at),
    })),
    byPlace: groups.map(([gid, name]) => ({ placeId: gid, placeName: name, ...tally(points.filter((p) => p.group_id === gid)) })),
    totals: tally(points),
    events: await eventsOf(db, 'campaign', id),
  };
}
