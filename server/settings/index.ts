/** Configuration kept in the database (settings table), cached briefly in each app server. */
import type { Db, Tx } from '../db';
import { DEFAULT_SWEEP_RULES, type SweepRules } from '../work-orders/sla';

export interface SettingsService {
  /** Inside a transaction pass it (SQLite has one connection, held by the transaction). */
  sweepRules(q?: Db | Tx): Promise<SweepRules>;
  invalidate(): void;
}

export function settingsService(db: Db, ttlMs = 60_000): SettingsService {
  let cached: { rules: SweepRules; at: number } | null = null;
  return {
    async sweepRules(q = db) {
      if (cached && Date.now() - cached.at < ttlMs) return cached.rules;
      const row = await q.selectFrom('settings').select('value_json').where('key', '=', 'sla.sweep').executeTakeFirst();
      const rules = { ...DEFAULT_SWEEP_RULES, ...(row ? (JSON.parse(row.value_json) as Partial<SweepRules>) : {}) };
      cached = { rules, at: Date.now() };
      return rules;
    },
    invalidate() {
      cached = null;
    },
  };
}
