/** Responsible units (责任单位), their kinds (data, not code) and the places each covers. */
import type { Selectable } from 'kysely';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import type { UnitKindsTable, UnitsTable } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { presentUnit, presentUnitKind } from '../present';
import { coverageOf, findUnit, findUnitKind, missingPlaces } from '../queries';
import type { CreateUnitInput, CreateUnitKindInput, UpdateUnitInput } from '../schema';
import { recordAudit } from './record-audit';

type UnitRow = Selectable<UnitsTable>;

/** Adds a kind of unit; its code is the key units and categories refer to. */
export async function createUnitKind(
  ctx: AppContext,
  tx: Tx,
  actor: SessionActor,
  input: CreateUnitKindInput,
): Promise<Selectable<UnitKindsTable>> {
  const row = { code: input.code, name_zh: input.nameZh.trim(), name_en: input.nameEn.trim() };
  // A taken code is a unique violation, answered as 409 duplicate by the error handler.
  await tx.insertInto('unit_kinds').values(row).execute();
  await recordAudit(tx, {
    actor,
    action: 'unit_kind.create',
    entity: 'unit_kind',
    entityId: row.code,
    before: null,
    after: presentUnitKind(row),
    at: ctx.clock.now(),
  });
  return row;
}

async function requireKind(tx: Tx, code: string) {
  if (!(await findUnitKind(tx, code))) throw new AppError('unknown_reference', 'kind');
}

async function unitSnapshot(tx: Tx, u: UnitRow) {
  return presentUnit(u, (await coverageOf(tx, [u.id])).get(u.id) ?? []);
}

/** Adds an active unit (its name is unique) of an existing kind, covering nothing yet. */
export async function createUnit(ctx: AppContext, tx: Tx, actor: SessionActor, input: CreateUnitInput): Promise<UnitRow> {
  await requireKind(tx, input.kind);
  const { id } = await tx
    .insertInto('units')
    .values({ name: input.name.trim(), kind: input.kind, phone: input.phone ?? null, active: 1, created_at: ctx.clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = (await findUnit(tx, id))!;
  await recordAudit(tx, {
    actor,
    action: 'unit.create',
    entity: 'unit',
    entityId: id,
    before: null,
    after: await unitSnapshot(tx, row),
    at: ctx.clock.now(),
  });
  return row;
}

/** Renames a unit, changes its kind or phone, or (re)activates it. */
export async function updateUnit(
  ctx: AppContext,
  tx: Tx,
  actor: SessionActor,
  id: number,
  input: UpdateUnitInput,
  action = 'unit.update',
): Promise<UnitRow> {
  const before = await findUnit(tx, id);
  if (!before) throw notFound('id');
  if (input.kind !== undefined) await requireKind(tx, input.kind);
  const set = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
  };
  if (Object.keys(set).length) await tx.updateTable('units').set(set).where('id', '=', id).execute();
  const after = (await findUnit(tx, id))!;
  await recordAudit(tx, {
    actor,
    action,
    entity: 'unit',
    entityId: id,
    before: await unitSnapshot(tx, before),
    after: await unitSnapshot(tx, after),
    at: ctx.clock.now(),
  });
  return after;
}

/**
 * Takes a unit out of routing and dispatch lists. Its accounts, coverage and past orders stay, so
 * history keeps its names and the unit can be reactivated.
 */
export function deactivateUnit(ctx: AppContext, tx: Tx, actor: SessionActor, id: number): Promise<UnitRow> {
  return updateUnit(ctx, tx, actor, id, { active: false }, 'unit.deactivate');
}

/** Replaces the set of places a unit covers (each covers its whole subtree for routing). */
export async function replaceUnitCoverage(
  ctx: AppContext,
  tx: Tx,
  actor: SessionActor,
  id: number,
  placeIds: readonly number[],
): Promise<UnitRow> {
  const unit = await findUnit(tx, id);
  if (!unit) throw notFound('id');
  const wanted = [...new Set(placeIds)].sort((a, b) => a - b);
  const missing = await missingPlaces(tx, wanted);
  if (missing.length)
    throw new AppError('unknown_reference', 'placeIds', {
      zh: `地点不存在：${missing.join(', ')}`,
      en: `no such places: ${missing.join(', ')}`,
    });
  const before = (await coverageOf(tx, [id])).get(id) ?? [];
  await tx.deleteFrom('unit_places').where('unit_id', '=', id).execute();
  if (wanted.length)
    await tx
      .insertInto('unit_places')
      .values(wanted.map((place_id) => ({ unit_id: id, place_id })))
      .execute();
  await recordAudit(tx, {
    actor,
    action: 'unit.coverage',
    entity: 'unit',
    entityId: id,
    before: { placeIds: before },
    after: { placeIds: wanted },
    at: ctx.clock.now(),
  });
  return unit;
}
