/**
 * The fieldwork API: disclosure boards and notices, facilities, patrols, campaigns, visits,
 * consultations, livelihood projects. Each route: the policy, the schemas, one transaction around
 * one command, the detail read back (see ../route.ts for the shape they share).
 */
import fs from 'node:fs';
import { Type } from 'typebox';
import { IdParams } from '../../../common/api';
import {
  AddCheckpointBody,
  AddPointBody,
  AddTaskBody,
  BoardItemBody,
  BoardParams,
  BoardQuery,
  BoardsQuery,
  CampaignUnitsBody,
  CheckpointParams,
  ClosePointBody,
  ConsultationTaskParams,
  ConsultationsQuery,
  CoverageQuery,
  CreateCampaignBody,
  CreateConsultationBody,
  CreateFacilityBody,
  CreateNoticeBody,
  CreateProjectBody,
  CreateRouteBody,
  CreateTeamBody,
  CreateVisitBody,
  DecisionBody,
  FacilitiesQuery,
  FacilityRecordBody,
  NoticesQuery,
  PatrolRecordBody,
  PlaceListQuery,
  PointParams,
  ProgressBody,
  ProjectProblemsBody,
  RecordVisitBody,
  RoutesQuery,
  StaffQuery,
  TeamMembersBody,
  UpdateFacilityBody,
  UpdateNoticeBody,
  UpdatePointBody,
  UpdateRouteBody,
  VisitsQuery,
} from '../../../common/fieldwork';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import { notFound } from '../../errors';
import type { App } from '../../http';
import { defineRoutes } from '../route';
import {
  compoundBoard,
  createNotice,
  findNotice,
  findReadableCompound,
  homeCompound,
  listBoards,
  listNotices,
  noticesFor,
  updateBoardItem,
  updateNotice,
  withdrawNotice,
} from './boards';
import {
  addCampaignUnits,
  addPoint,
  campaignDetail,
  closePoint,
  createCampaign,
  findVisibleCampaign,
  findVisiblePoint,
  listCampaigns,
  updatePoint,
} from './campaigns';
import {
  addConsultationTask,
  completeConsultationTask,
  consultationDetail,
  createConsultation,
  findVisibleConsultation,
  listConsultations,
  recordDecision,
} from './consultations';
import { createFacility, facilityDetail, findVisibleFacility, listFacilities, recordFacilityWork, updateFacility } from './facilities';
import {
  addCheckpoint,
  createRoute,
  createTeam,
  findVisibleRoute,
  findVisibleTeam,
  listRoutes,
  listTeams,
  patrolCoverage,
  recordPatrol,
  removeCheckpoint,
  routeDetail,
  searchStaff,
  setTeamMembers,
  teamDetail,
  updateRoute,
} from './patrols';
import { addProjectProblems, createProject, findVisibleProject, listProjects, projectDetail, recordProgress } from './projects';
import { createVisit, findVisibleVisit, listVisits, recordVisit, visitDetail } from './visits';
import { ms, type PhotoEntity, type Queryable } from './shared';

const FileParams = Type.Object({ attachmentId: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

/** The record a photo belongs to must be visible to the actor; 404 otherwise. */
async function photoOwnerVisible(db: Queryable, actor: SessionActor, entity: PhotoEntity, id: number) {
  switch (entity) {
    case 'patrol_record': {
      const r = await db.selectFrom('patrol_records').select('route_id').where('id', '=', id).executeTakeFirst();
      if (!r) throw notFound('attachmentId');
      await findVisibleRoute(db, actor, r.route_id);
      return;
    }
    case 'campaign_point': {
      const p = await db.selectFrom('campaign_points').select('campaign_id').where('id', '=', id).executeTakeFirst();
      if (!p) throw notFound('attachmentId');
      await findVisibleCampaign(db, actor, p.campaign_id);
      return;
    }
    case 'facility_record': {
      const r = await db.selectFrom('facility_records').select('facility_id').where('id', '=', id).executeTakeFirst();
      if (!r) throw notFound('attachmentId');
      await findVisibleFacility(db, actor, r.facility_id);
      return;
    }
    case 'visit':
      await findVisibleVisit(db, actor, id);
      return;
  }
}

export function fieldworkRoutes(app: App, ctx: AppContext) {
  const page = (q: { limit?: number; offset?: number }) => ({ limit: q.limit ?? 50, offset: q.offset ?? 0 });

  // ── photos ───────────────────────────────────────────────────────────
  const photos = defineRoutes(app, ctx, 'fieldwork');
  photos.get(
    '/api/fieldwork-photos/:attachmentId',
    { policy: 'ledger.read', summary: 'A photo of a patrol record, campaign point, facility record or visit you can see', params: FileParams, raw: true },
    async ({ actor, params, reply }) => {
      const a = await ctx.db
        .selectFrom('fieldwork_attachments as fa')
        .innerJoin('attachments as a', 'a.id', 'fa.attachment_id')
        .select(['fa.entity', 'fa.entity_id', 'a.mime', 'a.storage_key'])
        .where('fa.attachment_id', '=', params.attachmentId)
        .executeTakeFirst();
      if (!a) throw notFound('attachmentId');
      await photoOwnerVisible(ctx.db, actor, a.entity as PhotoEntity, a.entity_id).catch(() => {
        throw notFound('attachmentId');
      });
      reply.header('content-type', a.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
      return reply.send(fs.createReadStream(ctx.files.path(a.storage_key)));
    },
  );

  // ── disclosure boards (公示) ─────────────────────────────────────────
  const boards = defineRoutes(app, ctx, 'boards');
  boards.get(
    '/api/compounds/:id/board',
    {
      policy: 'directory.read',
      summary: 'A compound’s disclosure board (五亮 items, 亮结果 from its orders, facility maintenance, notices) with stale flags',
      params: IdParams,
      query: BoardQuery,
    },
    async ({ actor, params, query }) => compoundBoard(ctx.db, await findReadableCompound(ctx.db, actor, params.id), boards.now(), query),
  );
  boards.get(
    '/api/my/board',
    { policy: 'directory.read', summary: 'The board of the compound you live in (residents)', query: BoardQuery },
    async ({ actor, query }) => {
      const id = await homeCompound(ctx.db, actor);
      return compoundBoard(ctx.db, await findReadableCompound(ctx.db, actor, id), boards.now(), query);
    },
  );
  boards.get(
    '/api/my/notices',
    { policy: 'directory.read', summary: 'Public notices in force for your compound (and the community, street, district above it)' },
    async ({ actor }) => (actor.placePath === null ? [] : noticesFor(ctx.db, actor.placePath, boards.now())),
  );
  boards.get(
    '/api/boards',
    { policy: 'ledger.read', summary: 'Compounds in your area with their boards’ last update and stale flags', query: BoardsQuery },
    async ({ actor, query }) => listBoards(ctx.db, actor, boards.now(), { ...query, ...page(query) }),
  );
  boards.put(
    '/api/compounds/:id/board/:item',
    {
      policy: 'ledger.progress',
      summary: 'Publish or update one 五亮 item (duties, identity, promises, standards) of a compound’s board',
      params: BoardParams,
      body: BoardItemBody,
    },
    async ({ actor, params, body }) => {
      const compound = await findReadableCompound(ctx.db, actor, params.id);
      await boards.tx((tx) => updateBoardItem(tx, actor, boards.now(), compound, params.item, body));
      return compoundBoard(ctx.db, compound, boards.now(), {});
    },
  );

  // ── public notices ───────────────────────────────────────────────────
  const notices = defineRoutes(app, ctx, 'notices');
  notices.get('/api/notices', { policy: 'ledger.read', summary: 'Notices published in your area', query: NoticesQuery }, async ({ actor, query }) =>
    listNotices(ctx.db, actor, notices.now(), { ...query, ...page(query) }),
  );
  notices.post(
    '/api/notices',
    { policy: 'ledger.write', summary: 'Publish a public notice at a compound (or community, street)', body: CreateNoticeBody, created: true },
    async ({ actor, body }) => {
      const id = await notices.tx((tx) =>
        createNotice(tx, actor, notices.now(), { ...body, publishedAt: ms(body.publishedAt), expiresAt: body.expiresAt === null ? null : ms(body.expiresAt) }),
      );
      return findNotice(ctx.db, actor, id, notices.now());
    },
  );
  notices.get('/api/notices/:id', { policy: 'ledger.read', summary: 'A notice', params: IdParams }, async ({ actor, params }) =>
    findNotice(ctx.db, actor, params.id, notices.now()),
  );
  notices.patch(
    '/api/notices/:id',
    { policy: 'ledger.write', summary: 'Correct a notice', params: IdParams, body: UpdateNoticeBody },
    async ({ actor, params, body }) => {
      await notices.tx((tx) =>
        updateNotice(tx, actor, notices.now(), params.id, {
          ...body,
          publishedAt: ms(body.publishedAt),
          expiresAt: body.expiresAt === null ? null : ms(body.expiresAt),
        }),
      );
      return findNotice(ctx.db, actor, params.id, notices.now());
    },
  );
  notices.post('/api/notices/:id/withdraw', { policy: 'ledger.write', summary: 'Take a notice down', params: IdParams }, async ({ actor, params }) => {
    await notices.tx((tx) => withdrawNotice(tx, actor, notices.now(), params.id));
    return findNotice(ctx.db, actor, params.id, notices.now());
  });

  // ── facilities register (设施台账) ───────────────────────────────────
  const fac = defineRoutes(app, ctx, 'facilities');
  fac.get(
    '/api/facilities',
    { policy: 'ledger.read', summary: 'Facilities in your area (or maintained by your unit); due=true lists the overdue', query: FacilitiesQuery },
    async ({ actor, query }) => listFacilities(ctx.db, actor, fac.now(), { ...query, ...page(query) }),
  );
  fac.post(
    '/api/facilities',
    { policy: 'ledger.write', summary: 'Register a facility with its check and maintenance intervals', body: CreateFacilityBody, created: true },
    async ({ actor, body }) => {
      const id = await fac.tx((tx) => createFacility(tx, actor, fac.now(), body));
      return facilityDetail(ctx.db, actor, id, fac.now());
    },
  );
  fac.get('/api/facilities/:id', { policy: 'ledger.read', summary: 'A facility with its records and history', params: IdParams }, async ({ actor, params }) =>
    facilityDetail(ctx.db, actor, params.id, fac.now()),
  );
  fac.patch(
    '/api/facilities/:id',
    { policy: 'ledger.write', summary: 'Correct a facility or retire it (active=false)', params: IdParams, body: UpdateFacilityBody },
    async ({ actor, params, body }) => {
      await fac.tx(async (tx) => updateFacility(tx, actor, fac.now(), await findVisibleFacility(tx, actor, params.id), body));
      return facilityDetail(ctx.db, actor, params.id, fac.now());
    },
  );
  fac.post(
    '/api/facilities/:id/records',
    { policy: 'ledger.progress', summary: 'Record a check or a maintenance (with photos)', params: IdParams, body: FacilityRecordBody, created: true },
    async ({ actor, params, body }) => {
      await fac.tx(async (tx) =>
        recordFacilityWork(tx, actor, fac.now(), await findVisibleFacility(tx, actor, params.id), { ...body, doneAt: ms(body.doneAt) }),
      );
      return facilityDetail(ctx.db, actor, params.id, fac.now());
    },
  );

  // ── patrols (每日巡查) ───────────────────────────────────────────────
  const pat = defineRoutes(app, ctx, 'patrols');
  pat.get('/api/patrol-teams', { policy: 'ledger.read', summary: 'Patrol teams in your area', query: PlaceListQuery }, async ({ actor, query }) =>
    listTeams(ctx.db, actor, { ...query, ...page(query) }),
  );
  pat.post('/api/patrol-teams', { policy: 'ledger.write', summary: 'Form a patrol team with its members', body: CreateTeamBody, created: true }, async ({ actor, body }) => {
    const id = await pat.tx((tx) => createTeam(tx, actor, pat.now(), body));
    return teamDetail(ctx.db, actor, id);
  });
  pat.get(
    '/api/staff',
    { policy: 'ledger.write', summary: 'Staff in your area to put on a patrol team (supervisors and admins): names, roles, masked phones', query: StaffQuery },
    async ({ actor, query }) => searchStaff(ctx.db, actor, { ...query, limit: query.limit ?? 20 }),
  );
  pat.get('/api/patrol-teams/:id', { policy: 'ledger.read', summary: 'A team with members and routes', params: IdParams }, async ({ actor, params }) =>
    teamDetail(ctx.db, actor, params.id),
  );
  pat.put(
    '/api/patrol-teams/:id/members',
    { policy: 'ledger.write', summary: 'Replace the team’s members', params: IdParams, body: TeamMembersBody },
    async ({ actor, params, body }) => {
      await pat.tx(async (tx) => setTeamMembers(tx, actor, pat.now(), await findVisibleTeam(tx, actor, params.id), body.members));
      return teamDetail(ctx.db, actor, params.id);
    },
  );
  pat.get('/api/patrol-routes', { policy: 'ledger.read', summary: 'Patrol routes in your area', query: RoutesQuery }, async ({ actor, query }) =>
    listRoutes(ctx.db, actor, { ...query, ...page(query) }),
  );
  pat.post(
    '/api/patrol-routes',
    { policy: 'ledger.write', summary: 'A route of checkpoints for a team, walked on the given weekdays', body: CreateRouteBody, created: true },
    async ({ actor, body }) => {
      const id = await pat.tx((tx) => createRoute(tx, actor, pat.now(), body));
      return routeDetail(ctx.db, actor, id, pat.now());
    },
  );
  pat.get(
    '/api/patrol-routes/:id',
    { policy: 'ledger.read', summary: 'A route with its checkpoints, today’s sheet and recent records', params: IdParams },
    async ({ actor, params }) => routeDetail(ctx.db, actor, params.id, pat.now()),
  );
  pat.patch(
    '/api/patrol-routes/:id',
    { policy: 'ledger.write', summary: 'Rename, reschedule or pause a route', params: IdParams, body: UpdateRouteBody },
    async ({ actor, params, body }) => {
      await pat.tx(async (tx) => updateRoute(tx, actor, pat.now(), await findVisibleRoute(tx, actor, params.id), body));
      return routeDetail(ctx.db, actor, params.id, pat.now());
    },
  );
  pat.post(
    '/api/patrol-routes/:id/checkpoints',
    { policy: 'ledger.write', summary: 'Add a checkpoint to a route', params: IdParams, body: AddCheckpointBody, created: true },
    async ({ actor, params, body }) => {
      await pat.tx(async (tx) => addCheckpoint(tx, actor, pat.now(), await findVisibleRoute(tx, actor, params.id), body));
      return routeDetail(ctx.db, actor, params.id, pat.now());
    },
  );
  pat.delete(
    '/api/patrol-routes/:id/checkpoints/:checkpointId',
    { policy: 'ledger.write', summary: 'Take a checkpoint off a route (its records stay)', params: CheckpointParams },
    async ({ actor, params }) => {
      await pat.tx(async (tx) => removeCheckpoint(tx, actor, pat.now(), await findVisibleRoute(tx, actor, params.id), params.checkpointId));
      return routeDetail(ctx.db, actor, params.id, pat.now());
    },
  );
  pat.post(
    '/api/patrol-routes/:id/records',
    {
      policy: 'inspections.record',
      summary: 'Record a patrol: each checkpoint ok or hazard (with note and photos); a hazard becomes a work order (channel patrol) at once',
      params: IdParams,
      body: PatrolRecordBody,
      created: true,
    },
    async ({ actor, params, body }) => {
      const created = await pat.tx(async (tx) => recordPatrol(ctx, tx, actor, await findVisibleRoute(tx, actor, params.id), body));
      return { ...(await routeDetail(ctx.db, actor, params.id, pat.now(), created.day)), recorded: created };
    },
  );
  pat.get(
    '/api/patrol-coverage',
    { policy: 'ledger.read', summary: 'Scheduled vs done checkpoints per route per day (missed patrols), from–to inclusive, at most 92 days', query: CoverageQuery },
    async ({ actor, query }) => patrolCoverage(ctx.db, actor, query),
  );

  // ── campaigns (专项行动) ─────────────────────────────────────────────
  const camp = defineRoutes(app, ctx, 'campaigns');
  camp.get('/api/campaigns', { policy: 'ledger.read', summary: 'Campaigns in your area (or your unit’s)', query: PlaceListQuery }, async ({ actor, query }) =>
    listCampaigns(ctx.db, actor, { ...query, ...page(query) }),
  );
  camp.post(
    '/api/campaigns',
    { policy: 'ledger.write', summary: 'A campaign with its quantity kinds, task force (coordinator + units) and points', body: CreateCampaignBody, created: true },
    async ({ actor, body }) => {
      const id = await camp.tx((tx) => createCampaign(tx, actor, camp.now(), body));
      return campaignDetail(ctx.db, actor, id);
    },
  );
  camp.get(
    '/api/campaigns/:id',
    { policy: 'ledger.read', summary: 'A campaign: points with photos and quantities, progress by place, totals', params: IdParams },
    async ({ actor, params }) => campaignDetail(ctx.db, actor, params.id),
  );
  camp.post(
    '/api/campaigns/:id/units',
    { policy: 'ledger.write', summary: 'Add units to the task force', params: IdParams, body: CampaignUnitsBody },
    async ({ actor, params, body }) => {
      await camp.tx(async (tx) => addCampaignUnits(tx, actor, camp.now(), await findVisibleCampaign(tx, actor, params.id), body.unitIds));
      return campaignDetail(ctx.db, actor, params.id);
    },
  );
  camp.post(
    '/api/campaigns/:id/points',
    { policy: 'ledger.write', summary: 'Add a point (点位)', params: IdParams, body: AddPointBody, created: true },
    async ({ actor, params, body }) => {
      await camp.tx(async (tx) => addPoint(tx, actor, camp.now(), await findVisibleCampaign(tx, actor, params.id), body));
      return campaignDetail(ctx.db, actor, params.id);
    },
  );
  camp.patch(
    '/api/campaigns/:id/points/:pointId',
    { policy: 'ledger.progress', summary: 'Progress on a point: status, counted quantities, before/after photos', params: PointParams, body: UpdatePointBody },
    async ({ actor, params, body }) => {
      await camp.tx(async (tx) => updatePoint(tx, actor, camp.now(), await findVisiblePoint(tx, actor, params.id, params.pointId), body));
      return campaignDetail(ctx.db, actor, params.id);
    },
  );
  camp.post(
    '/api/campaigns/:id/points/:pointId/close',
    {
      policy: 'ledger.write',
      summary: 'Close a point (needs an after photo) and add it as a checkpoint to a patrol route so the result holds',
      params: PointParams,
      body: ClosePointBody,
    },
    async ({ actor, params, body }) => {
      await camp.tx(async (tx) => closePoint(tx, actor, camp.now(), await findVisiblePoint(tx, actor, params.id, params.pointId), body));
      return campaignDetail(ctx.db, actor, params.id);
    },
  );

  // ── visits (走访) ────────────────────────────────────────────────────
  const vis = defineRoutes(app, ctx, 'visits');
  vis.get('/api/visits', { policy: 'ledger.read', summary: 'Visits in your area', query: VisitsQuery }, async ({ actor, query }) =>
    listVisits(ctx.db, actor, { ...query, ...page(query) }),
  );
  vis.post(
    '/api/visits',
    { policy: 'inspections.record', summary: 'Plan a visit (door-to-door or phone, scheduled or random)', body: CreateVisitBody, created: true },
    async ({ actor, body }) => {
      const id = await vis.tx((tx) => createVisit(tx, actor, vis.now(), { ...body, scheduledFor: ms(body.scheduledFor) }));
      return visitDetail(ctx.db, actor, id);
    },
  );
  vis.get('/api/visits/:id', { policy: 'ledger.read', summary: 'A visit with what came of it', params: IdParams }, async ({ actor, params }) =>
    visitDetail(ctx.db, actor, params.id),
  );
  vis.post(
    '/api/visits/:id/record',
    {
      policy: 'inspections.record',
      summary: 'Record the visit’s findings; outcome order (channel visit) or ledger turns them into a work order or a ledger entry in the same step',
      params: IdParams,
      body: RecordVisitBody,
    },
    async ({ actor, params, body }) => {
      await vis.tx(async (tx) => recordVisit(ctx, tx, actor, await findVisibleVisit(tx, actor, params.id), { ...body, deadline: ms(body.deadline) }));
      return visitDetail(ctx.db, actor, params.id);
    },
  );

  // ── consultations (会商) ─────────────────────────────────────────────
  const con = defineRoutes(app, ctx, 'consultations');
  con.get('/api/consultations', { policy: 'ledger.read', summary: 'Consultations in your area', query: ConsultationsQuery }, async ({ actor, query }) =>
    listConsultations(ctx.db, actor, { ...query, ...page(query) }),
  );
  con.post(
    '/api/consultations',
    { policy: 'ledger.write', summary: 'Record a consultation on a problem: parties, decision, follow-up tasks', body: CreateConsultationBody, created: true },
    async ({ actor, body }) => {
      const id = await con.tx((tx) =>
        createConsultation(tx, actor, con.now(), {
          ...body,
          heldAt: Date.parse(body.heldAt),
          tasks: body.tasks?.map((t) => ({ ...t, deadline: ms(t.deadline) })),
        }),
      );
      return consultationDetail(ctx.db, actor, id);
    },
  );
  con.get('/api/consultations/:id', { policy: 'ledger.read', summary: 'A consultation with parties, tasks and history', params: IdParams }, async ({ actor, params }) =>
    consultationDetail(ctx.db, actor, params.id),
  );
  con.put(
    '/api/consultations/:id/decision',
    { policy: 'ledger.write', summary: 'Record or revise the decision', params: IdParams, body: DecisionBody },
    async ({ actor, params, body }) => {
      await con.tx(async (tx) => recordDecision(tx, actor, con.now(), await findVisibleConsultation(tx, actor, params.id), body.decision));
      return consultationDetail(ctx.db, actor, params.id);
    },
  );
  con.post(
    '/api/consultations/:id/tasks',
    { policy: 'ledger.write', summary: 'Add a follow-up task', params: IdParams, body: AddTaskBody, created: true },
    async ({ actor, params, body }) => {
      await con.tx(async (tx) =>
        addConsultationTask(tx, actor, con.now(), await findVisibleConsultation(tx, actor, params.id), { ...body, deadline: ms(body.deadline) }),
      );
      return consultationDetail(ctx.db, actor, params.id);
    },
  );
  con.post(
    '/api/consultations/:id/tasks/:taskId/done',
    { policy: 'ledger.progress', summary: 'Mark a follow-up task done', params: ConsultationTaskParams },
    async ({ actor, params }) => {
      await con.tx(async (tx) => completeConsultationTask(tx, actor, con.now(), await findVisibleConsultation(tx, actor, params.id), params.taskId));
      return consultationDetail(ctx.db, actor, params.id);
    },
  );

  // ── livelihood projects (民生项目) ───────────────────────────────────
  const proj = defineRoutes(app, ctx, 'projects');
  proj.get('/api/projects', { policy: 'ledger.read', summary: 'Livelihood projects in your area, with progress', query: PlaceListQuery }, async ({ actor, query }) =>
    listProjects(ctx.db, actor, { ...query, ...page(query) }),
  );
  proj.post(
    '/api/projects',
    { policy: 'ledger.write', summary: 'A project with targets (e.g. 2176 household meters) and the problems it solves', body: CreateProjectBody, created: true },
    async ({ actor, body }) => {
      const id = await proj.tx((tx) => createProject(tx, actor, proj.now(), { ...body, startsAt: ms(body.startsAt), dueAt: ms(body.dueAt) }));
      return projectDetail(ctx.db, actor, id, proj.now());
    },
  );
  proj.get(
    '/api/projects/:id',
    { policy: 'ledger.read', summary: 'A project: targets with done/percent, progress log, linked problems, history', params: IdParams },
    async ({ actor, params }) => projectDetail(ctx.db, actor, params.id, proj.now()),
  );
  proj.post(
    '/api/projects/:id/progress',
    { policy: 'ledger.progress', summary: 'Report progress figures against the targets', params: IdParams, body: ProgressBody, created: true },
    async ({ actor, params, body }) => {
      await proj.tx(async (tx) => recordProgress(tx, actor, proj.now(), await findVisibleProject(tx, actor, params.id), { ...body, at: ms(body.at) }));
      return projectDetail(ctx.db, actor, params.id, proj.now());
    },
  );
  proj.post(
    '/api/projects/:id/problems',
    { policy: 'ledger.write', summary: 'Link the problems the project solves', params: IdParams, body: ProjectProblemsBody },
    async ({ actor, params, body }) => {
      await proj.tx(async (tx) => addProjectProblems(tx, actor, proj.now(), await findVisibleProject(tx, actor, params.id), body.problemIds));
      return projectDetail(ctx.db, actor, params.id, proj.now());
    },
  );
}
