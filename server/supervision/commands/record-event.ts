/** Event rows of the supervision domain, always written in the caller's transaction. */
import type { SessionActor } from '../../auth/actor';
import type { Tx } from '../../db';

/** One ledger entry event (ledger_events). */
export async function recordLedgerEvent(
  tx: Tx,
  actor: SessionActor | null,
  at: number,
  entryId: number,
  action: string,
  change: { from?: string | null; to?: string | null; payload?: unknown } = {},
) {
  await tx
    .insertInto('ledger_events')
    .values({
      entry_id: entryId,
      action,
      actor_id: actor?.id ?? null,
      actor_role: actor?.role ?? null,
      from_status: change.from ?? null,
      to_status: change.to ?? null,
      payload_json: change.payload === undefined ? null : JSON.stringify(change.payload),
      at,
    })
    .execute();
}

/** What a supervision_events row is about. */
export type SupervisionEntity =
  | 'problem'
  | 'plan'
  | 'inspection'
  | 'template'
  | 'board'
  | 'notice'
  | 'patrol_team'
  | 'patrol_route'
  | 'campaign'
  | 'facility'
  | 'visit'
  | 'consultation'
  | 'project';

/** One event of a problem, plan, inspection or template (supervision_events). */
export async function recordSupervisionEvent(
  tx: Tx,
  actor: SessionActor | null,
  at: number,
  entity: SupervisionEntity,
  entityId: number,
  action: string,
  payload?: unknown,
) {
  await tx
    .insertInto('supervision_events')
    .values({
      entity,
      entity_id: entityId,
      action,
      actor_id: actor?.id ?? null,
      actor_role: actor?.role ?? null,
      payload_json: payload === undefined ? null : JSON.stringify(payload),
      at,
    })
    .execute();
}
