/** Migrations for patrols, campaigns, facilities, visits, consultations, projects, disclosure boards (supervision); merged into MIGRATIONS in index.ts. */
import type { Migration } from 'kysely';
import type { Engine } from '../engine';
import m0060 from './0060_fieldwork_attachments';
import m0061 from './0061_boards_notices';
import m0062 from './0062_patrol_teams';
import m0063 from './0063_patrol_routes';
import m0064 from './0064_patrol_records';
import m0065 from './0065_campaigns';
import m0066 from './0066_facilities';
import m0067 from './0067_visits';
import m0068 from './0068_consultations';
import m0069 from './0069_projects';

export const FIELDWORK_MIGRATIONS: Record<string, (e: Engine) => Migration> = {
  '0060_fieldwork_attachments': m0060,
  '0061_boards_notices': m0061,
  '0062_patrol_teams': m0062,
  '0063_patrol_routes': m0063,
  '0064_patrol_records': m0064,
  '0065_campaigns': m0065,
  '0066_facilities': m0066,
  '0067_visits': m0067,
  '0068_consultations': m0068,
  '0069_projects': m0069,
};
