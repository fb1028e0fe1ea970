/** Migrations for performance (indexes found by the benchmark); merged into MIGRATIONS in index.ts. */
import type { Migration } from 'kysely';
import type { Engine } from '../engine';
import m0090 from './0090_sweep_list_indexes';

export const PERF_MIGRATIONS: Record<string, (e: Engine) => Migration> = {
  '0090_sweep_list_indexes': m0090, // 0090–0099
};
