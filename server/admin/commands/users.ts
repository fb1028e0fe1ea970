/**
 * Accounts: create, change (name, phone, role, unit, place, active) and reset a password. The
 * routes hash passwords before the transaction so the slow hash never holds the write lock.
 */
import { PLACE_SCOPED_ROLES, type Role } from '../../../common/roles';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import { AppError, notFound } from '../../errors';
import { presentUser } from '../present';
import { findPlace, findUnit, findUser, findUserView, residentPhoneTaken, type UserView } from '../queries';
import type { CreateUserInput, UpdateUserInput } from '../schema';
import { recordAudit } from './record-audit';

interface Assignment {
  role: Role;
  unitId: number | null;
  placeId: number | null;
}

/** Handlers answer for a unit; supervisors, dispatchers and inspectors for a place subtree. */
function checkRoleNeeds(a: Assignment) {
  if (a.role === 'handler' && a.unitId === null)
    throw new AppError('validation', 'unitId', { zh: '经办人必须属于一个责任单位', en: 'a handler needs a unit' });
  if (PLACE_SCOPED_ROLES.includes(a.role) && a.placeId === null)
    throw new AppError('validation', 'placeId', { zh: '该角色必须指定负责的地点', en: `a ${a.role} needs a place` });
}

/** The unit (existing and active) and the place (existing) an account is being given. */
async function checkReferences(tx: Tx, unitId: number | null | undefined, placeId: number | null | undefined) {
  if (unitId !== null && unitId !== undefined) {
    const unit = await findUnit(tx, unitId);
    if (!unit) throw new AppError('unknown_reference', 'unitId');
    if (!unit.active) throw new AppError('rule_violation', 'unitId', { zh: '该单位已停用', en: 'the unit is deactivated' });
  }
  if (placeId !== null && placeId !== undefined && !(await findPlace(tx, placeId))) throw new AppError('unknown_reference', 'placeId');
}

/** Residents sign in with their phone number, so two resident accounts cannot share one. */
async function refuseTakenResidentPhone(tx: Tx, role: Role, phone: string | null, exceptId?: number) {
  if (role === 'resident' && phone && (await residentPhoneTaken(tx, phone, exceptId))) {
    throw new AppError('duplicate', 'phone', { zh: '该手机号已有居民账号', en: 'a resident account already uses this phone number' });
  }
}

/** The account as the API shows it to an administrator (whole phone); also the audit's before/after. */
async function view(tx: Tx, actor: SessionActor, id: number): Promise<UserView> {
  return (await findUserView(tx, actor, id))!;
}

/** Opens an account; a taken username is answered 409 by the unique index. */
export async function createUser(
  ctx: AppContext,
  tx: Tx,
  actor: SessionActor,
  input: Omit<CreateUserInput, 'password'>,
  passwordHash: string,
): Promise<UserView> {
  const assignment = { role: input.role, unitId: input.unitId ?? null, placeId: input.placeId ?? null };
  checkRoleNeeds(assignment);
  await checkReferences(tx, assignment.unitId, assignment.placeId);
  await refuseTakenResidentPhone(tx, input.role, input.phone ?? null);
  const { id } = await tx
    .insertInto('users')
    .values({
      username: input.username,
      name: input.name.trim(),
      phone: input.phone ?? null,
      role: input.role,
      unit_id: assignment.unitId,
      place_id: assignment.placeId,
      password_hash: passwordHash,
      active: 1,
      created_at: ctx.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const after = await view(tx, actor, id);
  await recordAudit(tx, {
    actor,
    action: 'user.create',
    entity: 'user',
    entityId: id,
    before: null,
    after: presentUser(after, true),
    at: ctx.clock.now(),
  });
  return after;
}

/**
 * Changes an account. An administrator cannot deactivate themself or give up their own admin
 * role (the district would be left without one who can undo it). Deactivating signs the user out.
 */
export async function updateUser(ctx: AppContext, tx: Tx, actor: SessionActor, id: number, input: UpdateUserInput): Promise<UserView> {
  const row = await findUser(tx, id);
  if (!row) throw notFound('id');
  if (id === actor.id && input.active === false)
    throw new AppError('rule_violation', 'active', { zh: '不能停用自己的账号', en: 'you cannot deactivate yourself' });
  if (id === actor.id && input.role !== undefined && input.role !== row.role)
    throw new AppError('rule_violation', 'role', { zh: '不能更改自己的角色', en: 'you cannot change your own role' });
  const next: Assignment = {
    role: input.role ?? (row.role as Role),
    unitId: input.unitId !== undefined ? input.unitId : row.unit_id,
    placeId: input.placeId !== undefined ? input.placeId : row.place_id,
  };
  checkRoleNeeds(next);
  // Only a unit or place being given is checked: an untouched unit deactivated since stays as it is.
  await checkReferences(tx, input.unitId, input.placeId);
  if (input.role !== undefined || input.phone !== undefined)
    await refuseTakenResidentPhone(tx, next.role, input.phone !== undefined ? input.phone : row.phone, id);
  const before = await view(tx, actor, id);
  const set = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
    ...(input.placeId !== undefined ? { place_id: input.placeId } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
  };
  if (Object.keys(set).length) await tx.updateTable('users').set(set).where('id', '=', id).execute();
  if (input.active === false) await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
  const after = await view(tx, actor, id);
  await recordAudit(tx, {
    actor,
    action: 'user.update',
    entity: 'user',
    entityId: id,
    before: presentUser(before, true),
    after: presentUser(after, true),
    at: ctx.clock.now(),
  });
  return after;
}

/** Sets a new password and signs the user out everywhere (their API tokens stay). */
export async function resetUserPassword(ctx: AppContext, tx: Tx, actor: SessionActor, id: number, passwordHash: string): Promise<void> {
  if (!(await findUser(tx, id))) throw notFound('id');
  await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
  const signedOut = await tx.deleteFrom('sessions').where('user_id', '=', id).executeTakeFirst();
  // The hash is a secret: the trail records that the password changed, not what to.
  await recordAudit(tx, {
    actor,
    action: 'user.reset_password',
    entity: 'user',
    entityId: id,
    before: null,
    after: { passwordReset: true, sessionsEnded: Number(signedOut.numDeletedRows) },
    at: ctx.clock.now(),
  });
}
