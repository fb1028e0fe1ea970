/** Appends one row to the audit trail, in the transaction of the change it describes. */
import type { Actor } from '../../../common/roles';
import type { Tx } from '../../db';

export interface AuditEntryInput {
  actor: Pick<Actor, 'id' | 'role'>;
  /** '<entity>.<verb>', e.g. place.create, user.reset_password. */
  action: string;
  entity: string;
  entityId: string | number;
  /** The record before and after the change (null when created / deleted); never secrets. */
  before: unknown;
  after: unknown;
  at: number;
}

export async function recordAudit(tx: Tx, e: AuditEntryInput): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      actor_id: e.actor.id,
      actor_role: e.actor.role,
      action: e.action,
      entity: e.entity,
      entity_id: String(e.entityId),
      before_json: e.before === null || e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.after === null || e.after === undefined ? null : JSON.stringify(e.after),
      at: e.at,
    })
    .execute();
}
