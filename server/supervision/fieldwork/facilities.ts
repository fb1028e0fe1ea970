/**
 * The facilities register (设施台账): elevators, e-bike sheds with their charging spaces, heating
 * pipes and valves, fire stations, CCTV per compound, each with a check and a maintenance interval;
 * check and maintenance records move the last dates, and an overdue one shows on the board.
 */
import { sql, type Selectable, type SqlBool } from 'kysely';
import { FACILITY_KINDS } from '../../../common/fieldwork';
import type { SessionActor } from '../../auth/actor';
import type { Tx } from '../../db';
import type { FacilitiesTable } from '../../db/schema-fieldwork';
import { AppError, notFound } from '../../errors';
import { fieldworkScope } from '../scope';
import { DAY_MS, eventsOf, iso, linkPhotos, photosOf, placeValues, reachablePlace, recordEvent, requireUnit, underPlace, type Queryable } from './shared';

type FacilityRow = Selectable<FacilitiesTable>;

/** Facilities (alias f) the actor sees: by place, or those their unit maintains. */
export const facilityScope = (actor: SessionActor, alias = 'f') =>
  fieldworkScope(actor, alias, (unitId) => sql<SqlBool>`${sql.ref(`${alias}.unit_id`)} = ${unitId}`);

/** When the next check and maintenance fall due, and whether either is overdue. */
export function facilityStatus(f: FacilityRow, now: number) {
  const due = (last: number | null, every: number | null) => (every === null ? null : (last ?? f.created_at) + every * DAY_MS);
  const nextCheck = due(f.last_check_at, f.check_every_days);
  const nextMaintenance = due(f.last_maintenance_at, f.maintain_every_days);
  const checkOverdue = nextCheck !== null && nextCheck < now;
  const maintenanceOverdue = nextMaintenance !== null && nextMaintenance < now;
  return {
    id: f.id,
    kind: f.kind,
    kindName: FACILITY_KINDS[f.kind]?.zh ?? f.kind,
    kindNameEn: FACILITY_KINDS[f.kind]?.en ?? f.kind,
    name: f.name,
    capacity: f.capacity,
    placeId: f.place_id,
    compoundId: f.compound_id,
    unitId: f.unit_id,
    active: f.active === 1,
    checkEveryDays: f.check_every_days,
    maintainEveryDays: f.maintain_every_days,
    lastCheckAt: iso(f.last_check_at),
    nextCheckDue: iso(nextCheck),
    checkOverdue,
    lastMaintenanceAt: iso(f.last_maintenance_at),
    nextMaintenanceDue: iso(nextMaintenance),
    maintenanceOverdue,
    overdue: checkOverdue || maintenanceOverdue,
  };
}

export async function findVisibleFacility(db: Queryable, actor: SessionActor, id: number) {
  const row = await db.selectFrom('facilities as f').selectAll('f').where('f.id', '=', id).where(facilityScope(actor)).executeTakeFirst();
  if (!row) throw notFound('id');
  return row;
}

export async function listFacilities(
  db: Queryable,
  actor: SessionActor,
  now: number,
  f: { placeId?: number; kind?: string; due?: boolean; limit: number; offset: number },
) {
  let q = db.selectFrom('facilities as f').selectAll('f').where(facilityScope(actor));
  if (f.placeId !== undefined) q = q.where(underPlace('f', f.placeId));
  if (f.kind !== undefined) q = q.where('f.kind', '=', f.kind);
  const rows = await q.orderBy('f.compound_id').orderBy('f.id').limit(f.due ? 5000 : f.limit).offset(f.due ? 0 : f.offset).execute();
  const out = rows.map((r) => facilityStatus(r, now));
  return f.due ? out.filter((x) => x.overdue).slice(f.offset, f.offset + f.limit) : out;
}

export async function facilityDetail(db: Queryable, actor: SessionActor, id: number, now: number) {
  const f = await findVisibleFacility(db, actor, id);
  const records = await db
    .selectFrom('facility_records as r')
    .innerJoin('users as u', 'u.id', 'r.recorded_by')
    .selectAll('r')
    .select('u.name as recorded_by_name')
    .where('r.facility_id', '=', id)
    .orderBy('r.done_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(100)
    .execute();
  const photos = await photosOf(
    db,
    'facility_record',
    records.map((r) => r.id),
  );
  return {
    ...facilityStatus(f, now),
    records: records.map((r) => ({
      id: r.id,
      kind: r.kind,
      outcome: r.outcome,
      note: r.note,
      doneAt: iso(r.done_at),
      recordedByName: r.recorded_by_name,
      recordedAt: iso(r.recorded_at),
      photos: photos.get(r.id) ?? [],
    })),
    events: await eventsOf(db, 'facility', id),
  };
}

/** Registers a facility at a compound (or a building of it). */
export async function createFacility(
  tx: Tx,
  actor: SessionActor,
  now: number,
  input: {
    kind: string;
    name: string;
    placeId: number;
    capacity?: number | null;
    unitId?: number | null;
    checkEveryDays?: number | null;
    maintainEveryDays?: number | null;
    lastMaintenanceAt?: number | null;
    lastCheckAt?: number | null;
  },
) {
  if (!FACILITY_KINDS[input.kind]) throw new AppError('validation', 'kind', { zh: '未知的设施类型', en: 'unknown facility kind' });
  const place = await reachablePlace(tx, actor, input.placeId);
  if (place.compound_id === null) throw new AppError('validation', 'placeId', { zh: '设施应登记在小区或楼栋', en: 'a facility belongs to a compound or a building' });
  await requireUnit(tx, input.unitId);
  const { id } = await tx
    .insertInto('facilities')
    .values({
      ...placeValues(place),
      kind: input.kind,
      name: input.name.trim(),
      capacity: input.capacity ?? null,
      unit_id: input.unitId ?? null,
      check_every_days: input.checkEveryDays ?? null,
      maintain_every_days: input.maintainEveryDays ?? null,
      last_check_at: input.lastCheckAt ?? null,
      last_maintenance_at: input.lastMaintenanceAt ?? null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, actor, now, 'facility', id, 'register', { kind: input.kind, name: input.name, placeId: place.id });
  return id;
}

/** Corrects a facility's particulars or retires it. */
export async function updateFacility(
  tx: Tx,
  actor: SessionActor,
  now: number,
  f: FacilityRow,
  input: { name?: string; capacity?: number | null; unitId?: number | null; checkEveryDays?: number | null; maintainEveryDays?: number | null; active?: boolean },
) {
  await requireUnit(tx, input.unitId);
  const set = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
    ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
    ...(input.checkEveryDays !== undefined ? { check_every_days: input.checkEveryDays } : {}),
    ...(input.maintainEveryDays !== undefined ? { maintain_every_days: input.maintainEveryDays } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
  };
  await tx.updateTable('facilities').set({ ...set, updated_at: now }).where('id', '=', f.id).execute();
  await recordEvent(tx, actor, now, 'facility', f.id, 'update', { after: set });
}

/** A check or maintenance done on a facility (a fault found on a check is noted; orders are raised by patrols). */
export async function recordFacilityWork(
  tx: Tx,
  actor: SessionActor,
  now: number,
  f: FacilityRow,
  input: { kind: 'check' | 'maintenance'; outcome?: 'ok' | 'fault'; note?: string; doneAt?: number; attachmentIds?: number[] },
) {
  if (f.active !== 1) throw new AppError('rule_violation', 'id', { zh: '设施已停用', en: 'the facility is retired' });
  const doneAt = input.doneAt ?? now;
  if (doneAt > now + 60_000) throw new AppError('validation', 'doneAt', { zh: '完成时间不能晚于现在', en: 'doneAt cannot be in the future' });
  const { id } = await tx
    .insertInto('facility_records')
    .values({
      facility_id: f.id,
      kind: input.kind,
      outcome: input.outcome ?? 'ok',
      note: input.note?.trim() ?? '',
      done_at: doneAt,
      next_due_at: null,
      recorded_by: actor.id,
      recorded_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const photos = await linkPhotos(tx, actor, 'facility_record', id, input.attachmentIds);
  // The last dates only move forward: a late entry of an older record does not undo a newer one.
  const col = input.kind === 'check' ? 'last_check_at' : 'last_maintenance_at';
  const last = f[col];
  if (last === null || doneAt > last) await tx.updateTable('facilities').set({ [col]: doneAt, updated_at: now }).where('id', '=', f.id).execute();
  await recordEvent(tx, actor, now, 'facility', f.id, input.kind, { recordId: id, outcome: input.outcome ?? 'ok', doneAt, photos });
  return id;
}
