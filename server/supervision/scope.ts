/**
 * Who sees which supervision rows, applied in SQL like the orders' scope: place-scoped roles see
 * their subtree (by the ancestry columns copied onto each row), a handler sees their unit's ledger
 * entries, an administrator everything. A row outside the scope is "not found".
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { SessionActor } from '../auth/actor';
import { placeColumn } from '../work-orders';

export const NOTHING = sql<SqlBool>`1 = 0`;
const EVERYTHING = sql<SqlBool>`1 = 1`;

/** Subtree condition on a table alias carrying street_id/community_id/compound_id (and building_id/place_id when `deep`). */
function subtree(actor: SessionActor, alias: string, deep: boolean): Expression<SqlBool> {
  if (actor.placeId === null) return NOTHING;
  const col = placeColumn(actor.placeLevel);
  if (col === null) return EVERYTHING; // district
  if (!deep && (col === 'building_id' || col === 'place_id')) return NOTHING;
  return sql<SqlBool>`${sql.ref(`${alias}.${col}`)} = ${actor.placeId}`;
}

/** Ledger entries (alias le) the actor may see. */
export function ledgerScope(actor: SessionActor, alias = 'le'): Expression<SqlBool> {
  switch (actor.role) {
    case 'admin':
      return EVERYTHING;
    case 'supervisor':
    case 'dispatcher':
    case 'inspector':
      return subtree(actor, alias, true);
    case 'handler':
      return actor.unitId === null ? NOTHING : sql<SqlBool>`${sql.ref(`${alias}.unit_id`)} = ${actor.unitId}`;
    case 'resident':
    case 'organiser':
    case 'merchant':
      return NOTHING;
  }
}

/** Problems (alias pr): by place; a handler sees the problems their unit holds an entry of. */
export function problemScope(actor: SessionActor, alias = 'pr'): Expression<SqlBool> {
  if (actor.role === 'handler') {
    // Serves from ledger_entries_problem (problem_id).
    return actor.unitId === null
      ? NOTHING
      : sql<SqlBool>`exists (select 1 from ledger_entries hle where hle.problem_id = ${sql.ref(`${alias}.id`)} and hle.unit_id = ${actor.unitId})`;
  }
  return ledgerScope(actor, alias);
}

/** Inspections (alias ins) by the inspected compound's street/community/compound. */
export function inspectionScope(actor: SessionActor, alias = 'ins'): Expression<SqlBool> {
  switch (actor.role) {
    case 'admin':
      return EVERYTHING;
    case 'supervisor':
    case 'dispatcher':
    case 'inspector':
      return subtree(actor, alias, false);
    default:
      return NOTHING;
  }
}

/**
 * Fieldwork rows (patrols, campaigns, facilities, visits, consultations, projects, notices) by the
 * street/community/compound copied onto them; a handler sees only what `forUnit` (a condition on
 * the handler's unit) admits, e.g. the facilities their unit maintains.
 */
export function fieldworkScope(
  actor: SessionActor,
  alias: string,
  forUnit?: (unitId: number) => Expression<SqlBool>,
): Expression<SqlBool> {
  switch (actor.role) {
    case 'admin':
      return EVERYTHING;
    case 'supervisor':
    case 'dispatcher':
    case 'inspector':
      return subtree(actor, alias, false);
    case 'handler':
      return actor.unitId !== null && forUnit ? forUnit(actor.unitId) : NOTHING;
    case 'resident':
    case 'organiser':
    case 'merchant':
      return NOTHING;
  }
}
