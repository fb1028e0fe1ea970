/** Tables for smart intake beyond the first model tables; merged into Database in schema.ts. */
import type { Generated } from 'kysely';

/**
 * One routing suggestion (which unit should lead) shown to a dispatcher, and what they chose.
 * Rows also come from the dispatch history (source 'dispatch', imported at training), so the
 * learned preference of a category × area counts every decision, not only the ones made in the form.
 */
export interface IntakeRoutesTable {
  id: Generated<number>;
  /** intake: the intake form; queue: the triage queue; dialog: the dispatch dialog; dispatch: a dispatch found in the order history */
  source: string;
  /** the category suggestion (intake_suggestions) shown beside it, when there was one */
  suggestion_id: number | null;
  order_id: number | null;
  user_id: number | null;
  category_id: number;
  place_id: number;
  /** The compound of the place, or the place itself when it lies outside any compound: what "similar orders" share. */
  area_id: number;
  suggested_unit_id: number | null;
  /** 1 when the suggestion came from what dispatchers chose before, 0 when from coverage alone */
  learned: Generated<number>;
  reason: string | null;
  created_at: number;
  chosen_unit_id: number | null;
  decided_at: number | null;
}

export interface IntakeTables {
  intake_routes: IntakeRoutesTable;
}
