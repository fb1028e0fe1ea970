/** The administrator's edits of the place tree: add a node under its parent, correct it, remove an unused one. */
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import type { PlaceRow } from '../../db/schema';
import { AppError, fromDatabaseError, notFound } from '../../errors';
import { childLevel, placeAncestry } from '../place-tree';
import { presentPlace } from '../present';
import { findPlace, placeReferences, siblingNamed } from '../queries';
import type { CreatePlaceInput, UpdatePlaceInput } from '../schema';
import { recordAudit } from './record-audit';

const LEVEL_ZH: Record<string, string> = {
  district: '区',
  street: '街道/乡镇',
  community: '社区/村',
  compound: '小区',
  building: '楼栋',
  unit: '户/商铺',
};

async function refuseDuplicateName(tx: Tx, parentId: number | null, name: string, exceptId?: number) {
  if (await siblingNamed(tx, parentId, name, exceptId)) {
    throw new AppError('duplicate', 'name', { zh: `同一上级下已有“${name}”`, en: `the parent already has a place named ${name}` });
  }
}

/** Adds a place one level below its parent; its path and ancestor ids follow from the parent's. */
export async function createPlace(ctx: AppContext, tx: Tx, actor: SessionActor, input: CreatePlaceInput): Promise<PlaceRow> {
  const parent = input.parentId === null ? null : await findPlace(tx, input.parentId);
  if (input.parentId !== null && !parent) throw new AppError('unknown_reference', 'parentId');
  const expected = parent ? childLevel(parent.level) : 'district';
  if (input.level !== expected) {
    throw new AppError(
      'validation',
      'level',
      expected
        ? { zh: `此处只能添加${LEVEL_ZH[expected]}（${expected}）`, en: `a place here must have level ${expected}` }
        : { zh: '户/商铺下不能再添加地点', en: 'nothing goes below a household or shop' },
    );
  }
  const name = input.name.trim();
  await refuseDuplicateName(tx, input.parentId, name);
  // The path names the new id, so the row is inserted first and completed once the id is known.
  const { id } = await tx
    .insertInto('places')
    .values({
      parent_id: input.parentId,
      level: input.level,
      name,
      path: '',
      households: input.households ?? null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      created_at: ctx.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('places')
    .set(placeAncestry(parent, id, input.level))
    .where('id', '=', id)
    .execute();
  const row = (await findPlace(tx, id))!;
  await recordAudit(tx, {
    actor,
    action: 'place.create',
    entity: 'place',
    entityId: id,
    before: null,
    after: presentPlace(row),
    at: ctx.clock.now(),
  });
  return row;
}

/**
 * Corrects a place's name, household count or coordinates. A place never moves to another
 * parent: work orders (and every record scoped like them) carry copies of the place's ancestor
 * ids (street_id … building_id) and are listed by path prefix, so a move would silently change
 * which street or community historic orders, rates and rankings belong to. Create the place
 * under its new parent instead.
 */
export async function updatePlace(ctx: AppContext, tx: Tx, actor: SessionActor, id: number, input: UpdatePlaceInput): Promise<PlaceRow> {
  const before = await findPlace(tx, id);
  if (!before) throw notFound('id');
  const name = input.name?.trim();
  if (name !== undefined && name !== before.name) await refuseDuplicateName(tx, before.parent_id, name, id);
  const set = {
    ...(name !== undefined ? { name } : {}),
    ...(input.households !== undefined ? { households: input.households } : {}),
    ...(input.lat !== undefined ? { lat: input.lat } : {}),
    ...(input.lng !== undefined ? { lng: input.lng } : {}),
  };
  if (Object.keys(set).length) await tx.updateTable('places').set(set).where('id', '=', id).execute();
  const after = (await findPlace(tx, id))!;
  await recordAudit(tx, {
    actor,
    action: 'place.update',
    entity: 'place',
    entityId: id,
    before: presentPlace(before),
    after: presentPlace(after),
    at: ctx.clock.now(),
  });
  return after;
}

/** Removes a place nothing refers to: no children, no covering unit, no account, no order. */
export async function deletePlace(ctx: AppContext, tx: Tx, actor: SessionActor, id: number): Promise<void> {
  const before = await findPlace(tx, id);
  if (!before) throw notFound('id');
  const refs = await placeReferences(tx, id);
  const used = Object.entries(refs).filter(([, n]) => n > 0);
  if (used.length) {
    const what = used.map(([k, n]) => `${k}: ${n}`).join(', ');
    throw new AppError('conflict', 'id', { zh: `该地点仍被引用（${what}）`, en: `the place is still referred to (${what})` });
  }
  try {
    await tx.deleteFrom('places').where('id', '=', id).execute();
  } catch (err) {
    // A table added later (inspections, patrols…) may point here too; its foreign key answers for it.
    if (fromDatabaseError(err)?.code === 'unknown_reference')
      throw new AppError('conflict', 'id', { zh: '该地点仍被其他记录引用', en: 'other records still refer to the place' });
    throw err;
  }
  await recordAudit(tx, {
    actor,
    action: 'place.delete',
    entity: 'place',
    entityId: id,
    before: presentPlace(before),
    after: null,
    at: ctx.clock.now(),
  });
}
