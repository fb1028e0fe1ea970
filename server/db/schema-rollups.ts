/**
 * Tables for rollups and scores maintained for evaluation and dashboards; merged into Database in
 * schema.ts. Every rollup row is a sum over the orders whose current state maps to its key
 * (server/evaluation/rollups.ts says how); `gongzhi check-rollups` recomputes them from the orders.
 *
 * scope / scope_id: 'all' (0), 'street', 'community', 'compound' (place ids) or 'unit' (the lead
 * unit's id) — each order counts once in each of its scopes.
 */

/** Orders by current status, for the home pages' grouped counts: no time key but the due day of a running clock. */
export interface RollupStatusTable {
  scope: string;
  scope_id: number;
  status: string;
  /** 1 when overdue with the clock running (dispatched, handling, return_requested). */
  overdue: number;
  /** 1 when supervised (督办) and not yet past the reply. */
  supervised: number;
  /** Shanghai day on which the running resolution clock ends ('' when no clock runs). */
  due_day: string;
  n: number;
}

/** The time-independent counts behind every rate, by the Shanghai day on which the orders were received. */
export interface RollupDayTable {
  scope: string;
  scope_id: number;
  day: string;
  volume: number;
  dispatched: number;
  signoff_done: number;
  signoff_on_time: number;
  response_done: number;
  response_on_time: number;
  resolution_done: number;
  resolution_on_time: number;
  rated: number;
  rated_resolved: number;
  rated_satisfied: number;
  returned: number;
  redone: number;
  reverified: number;
  reverified_held: number;
  closed: number;
  overdue: number;
}

/** Orders received per day and category (volume only): top categories, share by kind. */
export interface RollupCategoryTable {
  scope: string;
  scope_id: number;
  day: string;
  category_id: number;
  n: number;
}

/**
 * Steps not done yet (sign-off, response, resolution) of dispatched orders, keyed by the instant
 * they fall due: "orders falling due by now" is a range read, so a rate's denominator needs no scan.
 */
export interface RollupDueTable {
  scope: string;
  scope_id: number;
  /** Shanghai day of receipt (the period an order is judged in). */
  day: string;
  step: string; // signoff | response | resolution
  due_at: number;
  n: number;
}

/** A lead unit's orders received per day and compound (volume only): the unit view's top compounds. */
export interface RollupUnitCompoundTable {
  unit_id: number;
  day: string;
  compound_id: number;
  n: number;
}

/** Good and bad records of a unit's credit (物业信用). */
export interface CreditRecordsTable {
  id: import('kysely').Generated<number>;
  unit_id: number;
  kind: string; // good | bad
  rule: string;
  points: number;
  reason: string;
  source: string | null;
  at: number;
  actor_id: number | null;
}

/** A published monthly ranking (红榜/黑榜), frozen as it was shown. */
export interface RankingPublicationsTable {
  id: import('kysely').Generated<number>;
  month: string;
  group_by: string;
  peer: string;
  scheme: string;
  red_json: string;
  black_json: string;
  look_back_plan_id: number | null;
  published_by: number;
  published_at: number;
}

export interface RollupsTables {
  rollup_status: RollupStatusTable;
  rollup_day: RollupDayTable;
  rollup_category: RollupCategoryTable;
  rollup_due: RollupDueTable;
  rollup_unit_compound: RollupUnitCompoundTable;
  credit_records: CreditRecordsTable;
  ranking_publications: RankingPublicationsTable;
}
