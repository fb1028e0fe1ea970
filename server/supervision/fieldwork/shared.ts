/** What every fieldwork area shares: place columns, reach checks, photos, events, the board settings. */
import type { SessionActor } from '../../auth/actor';
import type { Db, Tx } from '../../db';
import { AppError } from '../../errors';
import { recordSupervisionEvent, type SupervisionEntity } from '../commands/record-event';
import { requireClaimable } from '../commands/ledger';
import { placeAncestry, placeWithinActor, unitExists } from '../queries';

export type Queryable = Db | Tx;
export const DAY_MS = 24 * 3600_000;

export const iso = (t: number | null | undefined) => (t === null || t === undefined ? null : new Date(t).toISOString());
export const ms = (t: string | undefined) => (t === undefined ? undefined : Date.parse(t));

/** The place columns of a fieldwork row from a place with its ancestry. */
export function placeValues(p: { id: number; street_id: number | null; community_id: number | null; compound_id: number | null; building_id: number | null }) {
  return { place_id: p.id, street_id: p.street_id, community_id: p.community_id, compound_id: p.compound_id, building_id: p.building_id };
}

/** A place that exists and lies in the actor's subtree (422 otherwise: the actor cannot name it). */
export async function reachablePlace(tx: Queryable, actor: SessionActor, placeId: number, field = 'placeId') {
  const p = await placeAncestry(tx, placeId, field);
  if (!placeWithinActor(actor, p)) throw new AppError('unknown_reference', field);
  return p;
}

/** 422 unless the unit exists. */
export async function requireUnit(tx: Queryable, unitId: number | null | undefined, field = 'unitId') {
  if (unitId != null && !(await unitExists(tx, unitId))) throw new AppError('unknown_reference', field);
}

export async function requireCategory(tx: Queryable, categoryId: number | null | undefined, field = 'categoryId') {
  if (categoryId == null) return;
  const c = await tx.selectFrom('categories').select(['id', 'active']).where('id', '=', categoryId).executeTakeFirst();
  if (!c || !c.active) throw new AppError('unknown_reference', field);
}

/** Filter of a list by a place: rows at it or anywhere below it. */
export function underPlace(alias: string, placeId: number) {
  const c = (col: string) => `${alias}.${col}` as never;
  return (eb: any) =>
    eb.or([eb(c('place_id'), '=', placeId), eb(c('street_id'), '=', placeId), eb(c('community_id'), '=', placeId), eb(c('compound_id'), '=', placeId)]);
}

export type PhotoEntity = 'patrol_record' | 'campaign_point' | 'facility_record' | 'visit';

/** Links the actor's own fresh uploads to a fieldwork record; anything else is 422 attachmentIds. */
export async function linkPhotos(tx: Tx, actor: SessionActor, entity: PhotoEntity, entityId: number, ids: number[] | undefined, phase = 'photo') {
  if (!ids?.length) return [];
  const photos = await requireClaimable(tx, actor, ids);
  await tx
    .insertInto('fieldwork_attachments')
    .values(photos.map((a) => ({ entity, entity_id: entityId, attachment_id: a, phase })))
    .execute();
  return photos;
}

/** Photos of records, by record id, with the URL that serves them to whoever sees the record. */
export async function photosOf(db: Queryable, entity: PhotoEntity, ids: number[]) {
  const out = new Map<number, { id: number; phase: string; url: string }[]>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('fieldwork_attachments')
    .select(['entity_id', 'attachment_id', 'phase'])
    .where('entity', '=', entity)
    .where('entity_id', 'in', ids)
    .orderBy('attachment_id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.entity_id) ?? [];
    list.push({ id: r.attachment_id, phase: r.phase, url: `/api/fieldwork-photos/${r.attachment_id}` });
    out.set(r.entity_id, list);
  }
  return out;
}

/** Writes one event of a fieldwork record (supervision_events) in the caller's transaction. */
export function recordEvent(tx: Tx, actor: SessionActor | null, at: number, entity: SupervisionEntity, id: number, action: string, payload?: unknown) {
  return recordSupervisionEvent(tx, actor, at, entity, id, action, payload);
}

/** A record's history, oldest first. */
export async function eventsOf(db: Queryable, entity: SupervisionEntity, id: number) {
  const rows = await db
    .selectFrom('supervision_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.actor_id', 'e.actor_role', 'e.payload_json', 'e.at', 'u.name as actor_name'])
    .where('e.entity', '=', entity)
    .where('e.entity_id', '=', id)
    .orderBy('e.id')
    .execute();
  return rows.map((e) => ({
    id: e.id,
    action: e.action,
    actorId: e.actor_id,
    actorName: e.actor_name,
    actorRole: e.actor_role,
    payload: e.payload_json ? (JSON.parse(e.payload_json) as unknown) : null,
    at: iso(e.at),
  }));
}

/** Users by id that exist and are active (422 `field` otherwise). */
export async function requireUsers(tx: Queryable, ids: number[], field: string) {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const rows = await tx.selectFrom('users').select('id').where('id', 'in', unique).where('active', '=', 1).execute();
  if (rows.length !== unique.length) throw new AppError('unknown_reference', field);
}

/** The board settings (settings key supervision.board: {staleDays, resultDays}). */
export async function boardSettings(db: Queryable): Promise<{ staleDays?: number; resultDays?: number }> {
  const row = await db.selectFrom('settings').select('value_json').where('key', '=', 'supervision.board').executeTakeFirst();
  if (!row) return {};
  try {
    const v = JSON.parse(row.value_json) as { staleDays?: unknown; resultDays?: unknown };
    const num = (x: unknown) => (typeof x === 'number' && x > 0 && x <= 366 ? Math.floor(x) : undefined);
    return { staleDays: num(v.staleDays), resultDays: num(v.resultDays) };
  } catch {
    return {};
  }
}
