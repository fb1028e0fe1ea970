/** Migrations for rollups and scores maintained for evaluation and dashboards; merged into MIGRATIONS in index.ts. */
import type { Migration } from 'kysely';
import type { Engine } from '../engine';
import m0070 from './0070_rollups';
import m0071 from './0071_rollups_backfill';
import m0072 from './0072_credit';

export const ROLLUPS_MIGRATIONS: Record<string, (e: Engine) => Migration> = {
  '0070_rollups': m0070,
  '0071_rollups_backfill': m0071,
  '0072_credit': m0072,
};
