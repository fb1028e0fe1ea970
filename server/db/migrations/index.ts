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
import m0011 from './0011_duty_rosters';
import m0012 from './0012_intake_models';
import m0020 from './0020_api_keys';
import m0021 from './0021_open311_requests';
import m0022 from './0022_open311_updates';
import m0023 from './0023_webhooks';
import m0024 from './0024_open311_indexes';
import m0031 from './0031_audit_log';
import m0050 from './0050_problems';
import m0051 from './0051_ledger_entries';
import m0052 from './0052_ledger_notes';
import m0053 from './0053_ledger_events';
import m0054 from './0054_inspection_templates';
import m0055 from './0055_inspection_plans';
import m0056 from './0056_inspection_checks';
import m0057 from './0057_supervision_events';
import m0058 from './0058_special_supervisions';
import m0059 from './0059_supervision_tasks';
import m0040 from './0040_activities';
import m0041 from './0041_activity_sessions';
import m0042 from './0042_enrollments';
import m0043 from './0043_attendance';
import m0044 from './0044_checkin_codes';
import m0045 from './0045_points_ledger';
import m0046 from './0046_points_balances';
import m0047 from './0047_rewards';
import m0048 from './0048_redemptions';
import m0049 from './0049_activity_outputs';
import { FIELDWORK_MIGRATIONS } from './index-fieldwork';
import { INTAKE_MIGRATIONS } from './index-intake';
import { ROLLUPS_MIGRATIONS } from './index-rollups';
import { PERF_MIGRATIONS } from './index-perf';

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
  '0011_duty_rosters': m0011,
  '0012_intake_models': m0012,
  '0020_api_keys': m0020,
  '0021_open311_requests': m0021,
  '0022_open311_updates': m0022,
  '0023_webhooks': m0023,
  '0024_open311_indexes': m0024,
  '0031_audit_log': m0031,
  '0050_problems': m0050,
  '0051_ledger_entries': m0051,
  '0052_ledger_notes': m0052,
  '0053_ledger_events': m0053,
  '0054_inspection_templates': m0054,
  '0055_inspection_plans': m0055,
  '0056_inspection_checks': m0056,
  '0057_supervision_events': m0057,
  '0058_special_supervisions': m0058,
  '0059_supervision_tasks': m0059,
  '0040_activities': m0040,
  '0041_activity_sessions': m0041,
  '0042_enrollments': m0042,
  '0043_attendance': m0043,
  '0044_checkin_codes': m0044,
  '0045_points_ledger': m0045,
  '0046_points_balances': m0046,
  '0047_rewards': m0047,
  '0048_redemptions': m0048,
  '0049_activity_outputs': m0049,
  ...FIELDWORK_MIGRATIONS, // 0060–0069
  ...ROLLUPS_MIGRATIONS, // 0070–0079
  ...INTAKE_MIGRATIONS, // 0080–0089
  ...PERF_MIGRATIONS, // 0090–0099
};
