/** The ordered list of migrations; names sort in the order they run. */
import type { Migration } from 'kysely';
import type { Engine } from '../engine';
import m0001 from './0001_places';
import m0002 from './0002_units';
import m0003 from './0003_users';
import m0004 from './0004_categories';
import m0005 from './0005_calendar';
import m0006 from './0006_work_orders';
import m0007 from './0007_attachments';
import m0008 from './0008_jobs';
import m0009 from './0009_order_search';
import m0010 from './0010_inbox_outbox';
import m0031 from './0031_audit_log';

export const MIGRATIONS: Record<string, (e: Engine) => Migration> = {
  '0001_places': m0001,
  '0002_units': m0002,
  '0003_users': m0003,
  '0004_categories': m0004,
  '0005_calendar': m0005,
  '0006_work_orders': m0006,
  '0007_attachments': m0007,
  '0008_jobs': m0008,
  '0009_order_search': m0009,
  '0010_inbox_outbox': m0010,
  '0031_audit_log': m0031,
};
