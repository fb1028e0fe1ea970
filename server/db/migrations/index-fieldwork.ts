/** Migrations for patrols, campaigns, facilities, visits, consultations, projects, disclosure boards (supervision); merged into MIGRATIONS in index.ts. */
import type { Migration } from 'kysely';
import type { Engine } from '../engine';

export const FIELDWORK_MIGRATIONS: Record<string, (e: Engine) => Migration> = {};
