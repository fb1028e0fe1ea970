/** Tables for patrols, campaigns, facilities, visits, consultations, projects, disclosure boards (supervision); merged into Database in schema.ts. */
import type { Generated } from 'kysely';

/** The place of a fieldwork row and its ancestry, copied for scoping by subtree. */
interface Placed {
  place_id: number;
  street_id: number | null;
  community_id: number | null;
  compound_id: number | null;
  building_id: number | null;
}

export interface FieldworkAttachmentsTable {
  entity: string; // patrol_record | campaign_point | facility_record | visit
  entity_id: number;
  attachment_id: number;
  phase: string; // photo | before | after
}

export interface BoardItemsTable {
  id: Generated<number>;
  compound_id: number;
  street_id: number | null;
  community_id: number | null;
  item: string; // duties | identity | promises | standards | results
  content: string;
  version: Generated<number>;
  updated_by: number | null;
  updated_at: number;
}

export interface PublicNoticesTable extends Placed {
  id: Generated<number>;
  title: string;
  body: string;
  published_at: number;
  expires_at: number | null;
  withdrawn_at: number | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface PatrolTeamsTable extends Placed {
  id: Generated<number>;
  name: string;
  unit_id: number | null;
  created_by: number | null;
  created_at: number;
}

export interface PatrolTeamMembersTable {
  team_id: number;
  user_id: number;
  role: string; // leader | member
}

export interface PatrolRoutesTable extends Placed {
  id: Generated<number>;
  team_id: number;
  name: string;
  /** Days of week walked, digits 0 (Sunday) … 6. */
  weekdays: string;
  active: Generated<number>;
  created_by: number | null;
  created_at: number;
}

export interface PatrolCheckpointsTable extends Placed {
  id: Generated<number>;
  route_id: number;
  kind: string;
  name: string;
  position: number;
  category_id: number | null;
  campaign_point_id: number | null;
  active: Generated<number>;
  created_at: number;
}

export interface PatrolRecordsTable {
  id: Generated<number>;
  route_id: number;
  checkpoint_id: number;
  day: string;
  outcome: string; // ok | hazard
  note: Generated<string>;
  order_id: number | null;
  recorded_by: number;
  recorded_at: number;
}

export interface CampaignsTable extends Placed {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  quantity_kinds_json: string;
  starts_on: string | null;
  ends_on: string | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface CampaignUnitsTable {
  campaign_id: number;
  unit_id: number;
  role: string; // coordinator | member
}

export interface CampaignPointsTable extends Placed {
  id: Generated<number>;
  campaign_id: number;
  name: string;
  description: Generated<string>;
  status: string; // pending | in_progress | done
  unit_id: number | null;
  checkpoint_id: number | null;
  closed_at: number | null;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface CampaignPointQuantitiesTable {
  point_id: number;
  kind: string;
  amount: number;
}

export interface FacilitiesTable extends Placed {
  id: Generated<number>;
  kind: string;
  name: string;
  capacity: number | null;
  unit_id: number | null;
  check_every_days: number | null;
  maintain_every_days: number | null;
  last_check_at: number | null;
  last_maintenance_at: number | null;
  active: Generated<number>;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface FacilityRecordsTable {
  id: Generated<number>;
  facility_id: number;
  kind: string; // check | maintenance
  outcome: string; // ok | fault
  note: Generated<string>;
  done_at: number;
  next_due_at: number | null;
  recorded_by: number;
  recorded_at: number;
}

export interface VisitsTable extends Placed {
  id: Generated<number>;
  mode: string; // door | phone
  plan: string; // scheduled | random
  status: string; // planned | done
  scheduled_for: number | null;
  visitor_id: number | null;
  resident_name: string | null;
  resident_phone: string | null;
  findings: Generated<string>;
  outcome: string | null; // none | order | ledger
  order_id: number | null;
  ledger_entry_id: number | null;
  visited_at: number | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface ConsultationsTable extends Placed {
  id: Generated<number>;
  problem_id: number;
  title: string;
  held_at: number;
  decision: Generated<string>;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface ConsultationPartiesTable {
  id: Generated<number>;
  consultation_id: number;
  unit_id: number | null;
  name: string;
  side: string;
}

export interface ConsultationTasksTable {
  id: Generated<number>;
  consultation_id: number;
  title: string;
  unit_id: number | null;
  deadline_at: number | null;
  status: string; // open | done
  done_at: number | null;
}

export interface ProjectsTable extends Placed {
  id: Generated<number>;
  title: string;
  description: Generated<string>;
  unit_id: number | null;
  starts_at: number | null;
  due_at: number | null;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface ProjectTargetsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  unit_label: string;
  target: number;
}

export interface ProjectProgressTable {
  id: Generated<number>;
  project_id: number;
  target_id: number;
  amount: number;
  note: Generated<string>;
  at: number;
  recorded_by: number;
}

export interface ProjectProblemsTable {
  project_id: number;
  problem_id: number;
}

export interface FieldworkTables {
  fieldwork_attachments: FieldworkAttachmentsTable;
  board_items: BoardItemsTable;
  public_notices: PublicNoticesTable;
  patrol_teams: PatrolTeamsTable;
  patrol_team_members: PatrolTeamMembersTable;
  patrol_routes: PatrolRoutesTable;
  patrol_checkpoints: PatrolCheckpointsTable;
  patrol_records: PatrolRecordsTable;
  campaigns: CampaignsTable;
  campaign_units: CampaignUnitsTable;
  campaign_points: CampaignPointsTable;
  campaign_point_quantities: CampaignPointQuantitiesTable;
  facilities: FacilitiesTable;
  facility_records: FacilityRecordsTable;
  visits: VisitsTable;
  consultations: ConsultationsTable;
  consultation_parties: ConsultationPartiesTable;
  consultation_tasks: ConsultationTasksTable;
  projects: ProjectsTable;
  project_targets: ProjectTargetsTable;
  project_progress: ProjectProgressTable;
  project_problems: ProjectProblemsTable;
}
