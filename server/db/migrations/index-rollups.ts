/** Migrations for rollups and scores maintained for evaluation and dashboards; merged into MIGRATIONS in index.ts. */
import type { Migration } from 'kysely';
import type { Engine } from '../engine';

export const ROLLUPS_MIGRATIONS: Record<string, (e: Engine) => Migration> = {};
