/** Migrations for rollups and scores maintained for evaluation and dashboards; merged into MIGRATIONS in index.ts. */
import type { Migration } from 'kysely';
import type { Engine } from '../engine';
import m0070 from './0070_rollups';
import m0071 from './0071_rollups_backfill';
import m0072 from './0072_credit';
import m0073 from './0073_rollup_reads';
import m0074 from './0074_rollups_key_ordered';
import m0075 from './0075_rollup_co_handling';

export const ROLLUPS_MIGRATIONS: Record<string, (e: Engine) => Migration> = {
  '0070_rollups': m0070,
  '0071_rollups_backfill': m0071,
  '0072_credit': m0072,
  '0073_rollup_reads': m0073,
  '0074_rollups_key_ordered': m0074,
  '0075_rollup_co_handling': m0075,
};
