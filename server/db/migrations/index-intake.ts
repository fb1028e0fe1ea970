/** Migrations for smart intake beyond the first model tables; merged into MIGRATIONS in index.ts. */
import type { Migration } from 'kysely';
import type { Engine } from '../engine';

export const INTAKE_MIGRATIONS: Record<string, (e: Engine) => Migration> = {};
