/** Roles a user can hold (DOMAIN.md §2). One role per account; a person with two jobs has two accounts. */
export const ROLES = [
  'admin',
  'supervisor',
  'dispatcher',
  'handler',
  'inspector',
  'resident',
  'organiser',
  'merchant',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  supervisor: { zh: '督办员', en: 'Supervisor' },
  dispatcher: { zh: '受理员', en: 'Dispatcher' },
  handler: { zh: '经办人', en: 'Unit handler' },
  inspector: { zh: '巡查员', en: 'Inspector' },
  resident: { zh: '居民', en: 'Resident' },
  organiser: { zh: '活动组织者', en: 'Organiser' },
  merchant: { zh: '商户', en: 'Merchant' },
};

/** Roles whose reach is a place subtree (their user row carries place_id). */
export const PLACE_SCOPED_ROLES: readonly Role[] = ['supervisor', 'dispatcher', 'inspector'];

/** The acting user as every policy and command sees it. */
export interface Actor {
  id: number;
  role: Role;
  name: string;
  unitId: number | null;
  placeId: number | null;
}
