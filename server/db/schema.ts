/**
 * Row types of every table, as Kysely sees them. Times are epoch milliseconds (UTC) in bigint
 * columns; booleans are 0/1 integers so that both engines store them the same way.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { FieldworkTables } from './schema-fieldwork';
import type { IntakeTables } from './schema-intake';
import type { RollupsTables } from './schema-rollups';

export interface PlacesTable {
  id: Generated<number>;
  parent_id: number | null;
  level: string; // district | street | community | compound | building | unit
  name: string;
  /** Materialised ancestor ids, '/1/4/17/' — subtree = path prefix. */
  path: string;
  /** Ids of this place's ancestors at each level (itself included); copied onto orders for scoping. */
  street_id: number | null;
  community_id: number | null;
  compound_id: number | null;
  building_id: number | null;
  households: number | null;
  lat: number | null;
  lng: number | null;
  created_at: number;
}

export interface UnitKindsTable {
  code: string;
  name_zh: string;
  name_en: string;
}

export interface UnitsTable {
  id: Generated<number>;
  name: string;
  kind: string;
  phone: string | null;
  active: Generated<number>;
  created_at: number;
}

export interface UnitPlacesTable {
  unit_id: number;
  place_id: number;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  name: string;
  phone: string | null;
  role: string;
  unit_id: number | null;
  place_id: number | null;
  password_hash: string;
  active: Generated<number>;
  created_at: number;
}

export interface SessionsTable {
  id: string; // sha256 of the cookie token
  user_id: number;
  created_at: number;
  expires_at: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface CategoriesTable {
  id: Generated<number>;
  code: string;
  parent_id: number | null;
  name: string;
  name_en: string;
  kind: string; // hardware | service | other
  default_unit_kind: string | null;
  keywords: Generated<string>; // space-separated
  active: Generated<number>;
  sort: Generated<number>;
}

export interface CategorySlaTable {
  category_id: number;
  priority: string;
  signoff: string; // limit text: 30m | 24h | 7wd
  response: string;
  resolution: string;
}

export interface CategoryFieldsTable {
  id: Generated<number>;
  category_id: number;
  code: string;
  label: string;
  label_en: string;
  datatype: string;
  required: Generated<number>;
  values_json: string | null;
  description: string | null;
  sort: Generated<number>;
}

export interface CalendarDaysTable {
  date: string; // YYYY-MM-DD, Shanghai
  kind: string; // holiday | workday
  name: string;
}

export interface WorkOrdersTable {
  id: Generated<number>;
  number: string;
  title: string;
  description: string;
  category_id: number;
  priority: string;
  channel: string;
  status: string;
  version: Generated<number>;
  place_id: number;
  street_id: number | null;
  community_id: number | null;
  compound_id: number | null;
  building_id: number | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  caller_name: string | null;
  caller_phone: string | null;
  anonymous: Generated<number>;
  reporter_user_id: number | null;
  received_by: number | null;
  /** The line the call came in on (hotlines.code), when taken by phone. */
  hotline: string | null;
  attributes_json: string | null;
  lead_unit_id: number | null;
  merged_into_id: number | null;
  received_at: number;
  dispatched_at: number | null; // the unit's clocks start here
  signoff_due_at: number | null;
  response_due_at: number | null;
  resolution_due_at: number | null;
  resolution_limit: string | null; // the limit the current clock was started with
  accepted_at: number | null;
  contacted_at: number | null;
  replied_at: number | null;
  closed_at: number | null;
  extension_requested_until: number | null;
  urge_count: Generated<number>;
  /** The sweep has urged for the current resolution clock (reset when a new clock starts). */
  auto_urged: Generated<number>;
  supervision_level: Generated<number>;
  overdue: Generated<number>;
  flagged_3x: Generated<number>;
  redo_count: Generated<number>;
  reopen_count: Generated<number>;
  return_count: Generated<number>;
  rating_resolution: string | null;
  rating_satisfaction: string | null;
  rated_at: number | null;
  verify_pending: Generated<number>;
  /** Earliest instant at which the sweep has something to do for this order; null when nothing. */
  next_check_at: number | null;
  updated_at: number;
}

export interface OrderUnitsTable {
  order_id: number;
  unit_id: number;
  role: string; // lead | co
  assigned_at: number;
}

export interface OrderEventsTable {
  id: Generated<number>;
  order_id: number;
  action: string;
  actor_id: number | null; // null = the system (sweep)
  actor_role: string | null;
  at: number;
  from_status: string | null;
  to_status: string | null;
  public: Generated<number>; // 1 = the resident sees it
  payload_json: string | null;
}

export interface AttachmentsTable {
  id: Generated<number>;
  order_id: number | null;
  event_id: number | null;
  uploader_id: number;
  phase: string; // before | after | other
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  original_name: string | null;
  created_at: number;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload_json: string | null;
  run_at: number;
  status: string; // queued | running | done | failed
  attempts: Generated<number>;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  request_hash: string;
  order_id: number;
  created_at: number;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface SettingsTable {
  key: string;
  value_json: string;
}

export interface MessagesTable {
  id: Generated<number>;
  user_id: number;
  order_id: number | null;
  kind: string;
  title: string;
  body: string;
  created_at: number;
  read_at: number | null;
}

export interface OutboxTable {
  id: Generated<number>;
  /** 'order.<action>', e.g. order.accept, order.overdue */
  topic: string;
  order_id: number | null;
  event_id: number | null;
  payload_json: string;
  created_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  actor_role: string | null;
  action: string; // e.g. place.create, user.reset_password
  entity: string; // place | unit | unit_kind | category | calendar_day | calendar_year | user | setting
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  at: number;
}

/** An Open311 client's key; it acts as its own system user (a district dispatcher). */
export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  key_hash: string; // sha256 of the key; the key itself is shown once
  key_prefix: string;
  channel: string; // the order channel its requests arrive on, normally 'open311'
  user_id: number;
  rate_limit_per_minute: Generated<number>;
  created_by: number | null;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

export interface ApiKeyWindowsTable {
  api_key_id: number;
  window_start: number; // start of the minute, epoch ms
  count: number;
}

export interface Open311RequestsTable {
  order_id: number;
  api_key_id: number;
  token: string;
  service_notice: string;
  account_id: string | null;
  email: string | null;
  device_id: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  media_url: string | null;
  address_string: string | null;
  address_id: string | null;
  created_at: number;
}

export interface Open311UpdatesTable {
  id: Generated<number>;
  api_key_id: number;
  update_id: string; // the client's id; unique per key
  order_id: number;
  status: string; // as posted, upper case (FIXED, CLOSED, …)
  description: string;
  media_url: string | null;
  updated_datetime: number;
  outcome: string | null; // the lifecycle action taken, or 'comment'
  event_id: number | null;
  received_at: number;
}

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  topics: string; // space-separated patterns: *, order.*, order.close
  secret: string;
  description: string | null;
  active: Generated<number>;
  /** Last outbox id this hook is done with (delivered or not subscribed). */
  cursor: number;
  /** Consecutive failed attempts on the row after the cursor. */
  failures: Generated<number>;
  next_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: number | null;
  last_success_at: number | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  outbox_id: number;
  topic: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  delivered: number; // 1 = 2xx
  attempted_at: number;
  next_retry_at: number | null;
}

export interface HotlinesTable {
  code: string;
  name: string;
  phone: string | null;
  unit_id: number | null;
}

export interface DutyShiftsTable {
  id: Generated<number>;
  hotline: string;
  user_id: number;
  starts_at: number;
  ends_at: number;
  created_by: number | null;
  created_at: number;
}

// ── supervision (台账, problems, inspections) ───────────────────────────
export interface ProblemsTable {
  id: Generated<number>;
  title: string;
  description: Generated<string>;
  place_id: number;
  street_id: number | null;
  community_id: number | null;
  compound_id: number | null;
  building_id: number | null;
  category_id: number | null;
  source_key: string | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface ProblemOrdersTable {
  problem_id: number;
  order_id: number;
  linked_by: number | null;
  linked_at: number;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  title: string;
  problem_id: number | null;
  place_id: number;
  street_id: number | null;
  community_id: number | null;
  compound_id: number | null;
  building_id: number | null;
  category_id: number | null;
  unit_id: number | null;
  responsible_person: string | null;
  measures: Generated<string>;
  deadline_at: number | null;
  status: string; // open | rectifying | awaiting_recheck | closed
  evidence: string | null;
  source: string; // manual | unsatisfied | inspection | import
  source_key: string | null;
  inspection_id: number | null;
  template_item_id: number | null;
  /** Who reported the rectification done (the handler); 销号 needs someone else. */
  submitted_by: number | null;
  reviewed_by: number | null;
  closed_at: number | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface LedgerNotesTable {
  id: Generated<number>;
  entry_id: number;
  author_id: number;
  text: string;
  at: number;
}

export interface LedgerNoteAttachmentsTable {
  note_id: number;
  attachment_id: number;
}

export interface LedgerEventsTable {
  id: Generated<number>;
  entry_id: number;
  action: string;
  actor_id: number | null;
  actor_role: string | null;
  from_status: string | null;
  to_status: string | null;
  payload_json: string | null;
  at: number;
}

export interface InspectionTemplatesTable {
  id: Generated<number>;
  code: string | null;
  name: string;
  description: Generated<string>;
  created_by: number | null;
  created_at: number;
}

export interface InspectionTemplateItemsTable {
  id: Generated<number>;
  template_id: number;
  position: number;
  item: string;
  criterion: string;
  weight: number;
}

export interface InspectionPlansTable {
  id: Generated<number>;
  template_id: number;
  name: string;
  kind: string; // sample | look_back
  period: string;
  seed: string | null;
  sample_size: number | null;
  scope_place_id: number | null;
  created_by: number | null;
  created_at: number;
}

export interface InspectionsTable {
  id: Generated<number>;
  plan_id: number;
  compound_id: number;
  street_id: number | null;
  community_id: number | null;
  status: string; // pending | rectifying | passed
  inspector_id: number | null;
  recorded_at: number | null;
  score: number | null;
  created_at: number;
}

export interface InspectionChecksTable {
  id: Generated<number>;
  inspection_id: number;
  template_item_id: number;
  round: number; // 1 = the inspection, 2… = 复查
  outcome: string; // pass | fail
  note: Generated<string>;
  ledger_entry_id: number | null;
  recorded_by: number;
  recorded_at: number;
}

export interface InspectionCheckAttachmentsTable {
  check_id: number;
  attachment_id: number;
}

export interface SpecialSupervisionsTable {
  id: Generated<number>;
  problem_id: number;
  lead_unit_id: number;
  month: string | null; // YYYY-MM: the month's topic (每月一题)
  theme: string | null;
  marked_by: number | null;
  marked_at: number;
}

export interface SupervisionTasksTable {
  id: Generated<number>;
  special_id: number;
  title: string;
  unit_id: number | null;
  deadline_at: number;
  status: string; // open | done
  done_at: number | null;
  created_by: number | null;
  created_at: number;
}

export interface SupervisionEventsTable {
  id: Generated<number>;
  entity: string; // problem | plan | inspection | template
  entity_id: number;
  action: string;
  actor_id: number | null;
  actor_role: string | null;
  payload_json: string | null;
  at: number;
}

// ── co-governance (server/cogov): activities, the points ledger, the points shop ─────────────

export interface ActivitiesTable {
  id: Generated<number>;
  kind: string; // duty | class | service_day
  title: string;
  description: Generated<string>;
  place_id: number;
  organiser_id: number;
  capacity: number;
  enrolled_count: Generated<number>;
  points_mode: string; // per_hour | per_attendance
  points_rate: number;
  points_cap: number;
  review_required: Generated<number>;
  notice_days: Generated<number>;
  completion_percent: number | null;
  status: Generated<string>; // open | cancelled
  created_at: number;
}

export interface ActivitySessionsTable {
  id: Generated<number>;
  activity_id: number;
  seq: number;
  starts_at: number;
  ends_at: number;
}

export interface EnrollmentsTable {
  id: Generated<number>;
  activity_id: number;
  user_id: number;
  status: string; // enrolled | cancelled
  show_publicly: Generated<number>;
  enrolled_at: number;
  cancelled_at: number | null;
}

export interface AttendanceTable {
  id: Generated<number>;
  session_id: number;
  activity_id: number;
  user_id: number;
  checked_in_at: number;
  in_method: string; // code | organiser
  checked_out_at: number | null;
  out_method: string | null;
  points: number | null;
  review: string | null; // pending | approved | rejected | auto
  ledger_entry_id: number | null;
}

export interface CheckinCodesTable {
  id: Generated<number>;
  session_id: number;
  purpose: string; // in | out
  salt: string;
  code_hash: string;
  expires_at: number;
  created_by: number;
  created_at: number;
}

/** Append-only: never updated or deleted. */
export interface PointsLedgerTable {
  id: Generated<number>;
  user_id: number;
  kind: string; // credit | debit | reversal
  delta: number;
  reason: string;
  ref_type: string; // attendance | redemption | entry
  ref_id: number;
  activity_id: number | null;
  reverses_id: number | null;
  settles_at: number;
  created_by: number | null;
  created_at: number;
}

export interface PointsBalancesTable {
  user_id: number;
  balance: number;
  updated_at: number;
}

export interface PointsSettlementsTable {
  entry_id: number;
  user_id: number;
  settled_at: number;
}

export interface RewardsTable {
  id: Generated<number>;
  name: string;
  kind: string; // parking | housekeeping | goods
  description: Generated<string>;
  price: number;
  stock: number;
  merchant_user_id: number | null;
  unit_id: number | null;
  honoured_by: string;
  place_id: number | null;
  valid_days: number;
  active: Generated<number>;
  created_at: number;
}

export interface RedemptionsTable {
  id: Generated<number>;
  reward_id: number;
  user_id: number;
  cost: number;
  code_hash: string;
  code_hint: string;
  status: string; // issued | used | cancelled | expired
  expires_at: number;
  used_at: number | null;
  used_by: number | null;
  closed_at: number | null;
  created_at: number;
}

export interface ActivityOutputsTable {
  id: Generated<number>;
  activity_id: number;
  metric: string;
  label: string;
  quantity: number;
  recorded_by: number | null;
  recorded_at: number;
}

export interface IntakeModelsTable {
  id: Generated<number>;
  created_at: number;
  trained_on: number;
  labels: number;
  train_ms: number;
  model_json: string;
}

export interface IntakeSuggestionsTable {
  id: Generated<number>;
  user_id: number;
  model_id: number | null;
  text: string;
  place_id: number | null;
  suggested_json: string;
  top_category_id: number | null;
  top_unit_id: number | null;
  created_at: number;
  chosen_category_id: number | null;
  chosen_unit_id: number | null;
  order_id: number | null;
  decided_at: number | null;
}

export interface Database extends FieldworkTables, RollupsTables, IntakeTables {
  places: PlacesTable;
  unit_kinds: UnitKindsTable;
  units: UnitsTable;
  unit_places: UnitPlacesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  categories: CategoriesTable;
  category_sla: CategorySlaTable;
  category_fields: CategoryFieldsTable;
  calendar_days: CalendarDaysTable;
  work_orders: WorkOrdersTable;
  order_units: OrderUnitsTable;
  order_events: OrderEventsTable;
  attachments: AttachmentsTable;
  jobs: JobsTable;
  idempotency_keys: IdempotencyKeysTable;
  counters: CountersTable;
  settings: SettingsTable;
  messages: MessagesTable;
  outbox: OutboxTable;
  hotlines: HotlinesTable;
  duty_shifts: DutyShiftsTable;
  intake_models: IntakeModelsTable;
  intake_suggestions: IntakeSuggestionsTable;
  api_keys: ApiKeysTable;
  api_key_windows: ApiKeyWindowsTable;
  open311_requests: Open311RequestsTable;
  open311_updates: Open311UpdatesTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  audit_log: AuditLogTable;
  activities: ActivitiesTable;
  activity_sessions: ActivitySessionsTable;
  enrollments: EnrollmentsTable;
  attendance: AttendanceTable;
  checkin_codes: CheckinCodesTable;
  points_ledger: PointsLedgerTable;
  points_balances: PointsBalancesTable;
  points_settlements: PointsSettlementsTable;
  rewards: RewardsTable;
  redemptions: RedemptionsTable;
  activity_outputs: ActivityOutputsTable;
  problems: ProblemsTable;
  problem_orders: ProblemOrdersTable;
  ledger_entries: LedgerEntriesTable;
  ledger_notes: LedgerNotesTable;
  ledger_note_attachments: LedgerNoteAttachmentsTable;
  ledger_events: LedgerEventsTable;
  inspection_templates: InspectionTemplatesTable;
  inspection_template_items: InspectionTemplateItemsTable;
  inspection_plans: InspectionPlansTable;
  inspections: InspectionsTable;
  inspection_checks: InspectionChecksTable;
  inspection_check_attachments: InspectionCheckAttachmentsTable;
  supervision_events: SupervisionEventsTable;
  special_supervisions: SpecialSupervisionsTable;
  supervision_tasks: SupervisionTasksTable;
}

export type WorkOrderRow = Selectable<WorkOrdersTable>;
export type NewWorkOrder = Insertable<WorkOrdersTable>;
export type WorkOrderUpdate = Updateable<WorkOrdersTable>;
export type PlaceRow = Selectable<PlacesTable>;
export type UserRow = Selectable<UsersTable>;
export type CategoryRow = Selectable<CategoriesTable>;
