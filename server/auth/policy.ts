/**
 * Who may do what outside the work-order lifecycle (which has its own table in
 * common/lifecycle.ts). One table, one `authorize` that throws.
 */
import type { Role } from '../../common/roles';
import { AppError } from '../errors';
import type { SessionActor } from './actor';

export const POLICY = {
  'orders.create': ['dispatcher', 'supervisor', 'admin', 'resident', 'inspector'],
  'orders.create_for_caller': ['dispatcher', 'supervisor', 'admin', 'inspector'],
  'orders.list': ['dispatcher', 'supervisor', 'admin', 'handler', 'inspector', 'resident'],
  'orders.import': ['dispatcher', 'supervisor', 'admin'],
  'orders.export': ['dispatcher', 'supervisor', 'admin', 'handler', 'inspector'],
  'orders.sample_verification': ['supervisor', 'admin'],
  'attachments.upload': ['dispatcher', 'supervisor', 'admin', 'handler', 'inspector', 'resident'],
  'directory.read': ['dispatcher', 'supervisor', 'admin', 'handler', 'inspector', 'resident', 'organiser', 'merchant'],
  'places.write': ['admin'],
  'units.write': ['admin'],
  'categories.write': ['admin'],
  'calendar.write': ['admin'],
  'users.read': ['admin', 'supervisor'],
  'users.write': ['admin'],
  'duty.write': ['supervisor', 'admin'],
  'integrations.write': ['admin'],
  'audit.read': ['admin'],
  'settings.write': ['admin'],
  'evaluation.read': ['supervisor', 'admin', 'dispatcher'],
  'evaluation.configure': ['admin'],
  // supervision (台账, problems, inspections): see server/supervision
  'problems.write': ['supervisor', 'admin', 'dispatcher', 'inspector'],
  'ledger.read': ['supervisor', 'admin', 'dispatcher', 'handler', 'inspector'],
  'ledger.write': ['supervisor', 'admin', 'inspector'],
  'ledger.progress': ['supervisor', 'admin', 'inspector', 'handler'],
  'ledger.review': ['supervisor', 'admin', 'inspector'],
  'inspections.read': ['supervisor', 'admin', 'inspector'],
  'inspections.write': ['supervisor', 'admin'],
  'inspections.record': ['supervisor', 'admin', 'inspector'],
  // co-governance (server/cogov): activities, points, the points shop
  'cogov.read': ['dispatcher', 'supervisor', 'admin', 'handler', 'inspector', 'resident', 'organiser', 'merchant'],
  'activities.write': ['organiser', 'admin'],
  'activities.join': ['resident'],
  'points.reverse': ['organiser', 'admin'],
  'rewards.write': ['admin'],
  'rewards.redeem': ['resident'],
  'rewards.verify': ['merchant', 'admin'],
  'cogov.report': ['organiser', 'supervisor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type PolicyAction = keyof typeof POLICY;

export function can(actor: SessionActor, action: PolicyAction): boolean {
  return (POLICY[action] as readonly Role[]).includes(actor.role);
}

/** Throws 403 unless the actor's role is granted the action. */
export function authorize(actor: SessionActor, action: PolicyAction): void {
  if (!can(actor, action)) throw new AppError('forbidden');
}
