/** Migrations for smart intake beyond the first model tables; merged into MIGRATIONS in index.ts. */
import type { Migration } from 'kysely';
import type { Engine } from '../engine';
import m0080 from './0080_intake_routes';

export const INTAKE_MIGRATIONS: Record<string, (e: Engine) => Migration> = {
  '0080_intake_routes': m0080,
};
