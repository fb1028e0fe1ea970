/** The ledger entry's lifecycle (台账 → 销号) as data: which action moves which status where, and who may take it. */
import type { PolicyAction } from '../auth/policy';

export const LEDGER_STATUSES = ['open', 'rectifying', 'awaiting_recheck', 'closed'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

export const LEDGER_STATUS_ZH: Record<LedgerStatus, string> = {
  open: '待整改',
  rectifying: '整改中',
  awaiting_recheck: '待复查',
  closed: '已销号',
};

export const LEDGER_ACTIONS = ['start', 'submit', 'close', 'reject'] as const;
export type LedgerAction = (typeof LEDGER_ACTIONS)[number];

export const LEDGER_TRANSITIONS: Record<LedgerAction, { from: readonly LedgerStatus[]; to: LedgerStatus; policy: PolicyAction }> = {
  start: { from: ['open'], to: 'rectifying', policy: 'ledger.progress' },
  submit: { from: ['open', 'rectifying'], to: 'awaiting_recheck', policy: 'ledger.progress' },
  close: { from: ['awaiting_recheck'], to: 'closed', policy: 'ledger.review' },
  reject: { from: ['awaiting_recheck'], to: 'rectifying', policy: 'ledger.review' },
};

/** The actions open from a status (before the role check). */
export function actionsFrom(status: string): LedgerAction[] {
  return LEDGER_ACTIONS.filter((a) => (LEDGER_TRANSITIONS[a].from as readonly string[]).includes(status));
}
