/**
 * The administrator's API (/api/admin/…): places, unit kinds, units and coverage, categories,
 * the holiday calendar, accounts, sweep settings and the audit trail. Thin routes: the role check
 * runs on request (so a stranger learns nothing from validation), then the schema, one
 * transaction around one command (which writes its audit row), caches dropped after commit.
 * Reading places and the calendar is the directory's (GET /api/places, /api/calendar).
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { IdParams } from '../../common/api';
import { requireActor } from '../auth/actor';
import { hashPassword } from '../auth/password';
import { authorize, type PolicyAction } from '../auth/policy';
import type { AppContext } from '../context';
import type { Tx } from '../db';
import { notFound } from '../errors';
import type { App } from '../http';
import { deleteCalendarDay, putCalendarDay, replaceCalendarYear } from './commands/calendar';
import { createCategory, deactivateCategory, updateCategory } from './commands/categories';
import { createPlace, deletePlace, updatePlace } from './commands/places';
import { putSweepRules } from './commands/settings';
import { createUnit, createUnitKind, deactivateUnit, replaceUnitCoverage, updateUnit } from './commands/units';
import { createUser, resetUserPassword, updateUser } from './commands/users';
import { presentAudit, presentCategory, presentPlace, presentUnit, presentUnitKind, presentUser } from './present';
import { coverageOf, findUserView, listAudit, listCategories, listUnitKinds, listUnits, listUsers, readSweepRules } from './queries';
import {
  AdminCategory,
  AdminPlace,
  AdminUnit,
  AdminUser,
  AuditPage,
  AuditQuery,
  CalendarDay,
  CalendarDayBody,
  CalendarYearBody,
  CoverageBody,
  CreateCategoryBody,
  CreatePlaceBody,
  CreateUnitBody,
  CreateUnitKindBody,
  CreateUserBody,
  DateParams,
  Errors,
  ListUsersQuery,
  ResetPasswordBody,
  SweepRulesBody,
  UnitKind,
  UpdateCategoryBody,
  UpdatePlaceBody,
  UpdateUnitBody,
  UpdateUserBody,
  UserList,
  YearParams,
} from './schema';

/** onRequest hook: 401 without a session, 403 unless the role holds `action`. */
const guard = (action: PolicyAction) => async (req: FastifyRequest) => {
  authorize(requireActor(req), action);
};

const tags = ['admin'];

export function adminRoutes(app: App, ctx: AppContext) {
  /** One transaction around one command. */
  const inTransaction = <T>(fn: (tx: Tx) => Promise<T>) => ctx.db.transaction().execute(fn);

  // ── places ───────────────────────────────────────────────────────────
  app.post(
    '/api/admin/places',
    {
      onRequest: guard('places.write'),
      schema: {
        tags,
        summary: 'Add a place one level below its parent (district → street → community → compound → building → unit)',
        body: CreatePlaceBody,
        response: { 201: AdminPlace, ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const row = await inTransaction((tx) => createPlace(ctx, tx, actor, req.body));
      reply.code(201);
      return presentPlace(row);
    },
  );

  app.patch(
    '/api/admin/places/:id',
    {
      onRequest: guard('places.write'),
      schema: {
        tags,
        summary: 'Correct a place’s name, households or coordinates (places never move between parents)',
        params: IdParams,
        body: UpdatePlaceBody,
        response: { 200: AdminPlace, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return presentPlace(await inTransaction((tx) => updatePlace(ctx, tx, actor, req.params.id, req.body)));
    },
  );

  app.delete(
    '/api/admin/places/:id',
    {
      onRequest: guard('places.write'),
      schema: {
        tags,
        summary: 'Delete a place nothing refers to (409 otherwise)',
        params: IdParams,
        response: { 204: Type.Null(), ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await inTransaction((tx) => deletePlace(ctx, tx, actor, req.params.id));
      return reply.code(204).send(null);
    },
  );

  // ── unit kinds and units ─────────────────────────────────────────────
  app.get(
    '/api/admin/unit-kinds',
    {
      onRequest: guard('units.write'),
      schema: { tags, summary: 'Kinds of responsible unit', response: { 200: Type.Array(UnitKind), ...Errors } },
    },
    async () => (await listUnitKinds(ctx.db)).map(presentUnitKind),
  );

  app.post(
    '/api/admin/unit-kinds',
    {
      onRequest: guard('units.write'),
      schema: { tags, summary: 'Add a kind of responsible unit', body: CreateUnitKindBody, response: { 201: UnitKind, ...Errors } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const row = await inTransaction((tx) => createUnitKind(ctx, tx, actor, req.body));
      reply.code(201);
      return presentUnitKind(row);
    },
  );

  app.get(
    '/api/admin/units',
    {
      onRequest: guard('units.write'),
      schema: {
        tags,
        summary: 'Every unit, deactivated ones included, with coverage',
        response: { 200: Type.Array(AdminUnit), ...Errors },
      },
    },
    async () => {
      const units = await listUnits(ctx.db);
      const covers = await coverageOf(
        ctx.db,
        units.map((u) => u.id),
      );
      return units.map((u) => presentUnit(u, covers.get(u.id) ?? []));
    },
  );

  app.post(
    '/api/admin/units',
    {
      onRequest: guard('units.write'),
      schema: { tags, summary: 'Add a responsible unit', body: CreateUnitBody, response: { 201: AdminUnit, ...Errors } },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const row = await inTransaction((tx) => createUnit(ctx, tx, actor, req.body));
      reply.code(201);
      return presentUnit(row, []);
    },
  );

  const unitAnswer = async (row: Awaited<ReturnType<typeof createUnit>>) =>
    presentUnit(row, (await coverageOf(ctx.db, [row.id])).get(row.id) ?? []);

  app.patch(
    '/api/admin/units/:id',
    {
      onRequest: guard('units.write'),
      schema: {
        tags,
        summary: 'Rename a unit, change its kind or phone, or reactivate it',
        params: IdParams,
        body: UpdateUnitBody,
        response: { 200: AdminUnit, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return unitAnswer(await inTransaction((tx) => updateUnit(ctx, tx, actor, req.params.id, req.body)));
    },
  );

  app.post(
    '/api/admin/units/:id/deactivate',
    {
      onRequest: guard('units.write'),
      schema: { tags, summary: 'Take a unit out of routing and dispatch', params: IdParams, response: { 200: AdminUnit, ...Errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      return unitAnswer(await inTransaction((tx) => deactivateUnit(ctx, tx, actor, req.params.id)));
    },
  );

  app.put(
    '/api/admin/units/:id/places',
    {
      onRequest: guard('units.write'),
      schema: {
        tags,
        summary: 'Replace the set of places a unit covers',
        params: IdParams,
        body: CoverageBody,
        response: { 200: AdminUnit, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return unitAnswer(await inTransaction((tx) => replaceUnitCoverage(ctx, tx, actor, req.params.id, req.body.placeIds)));
    },
  );

  // ── categories ───────────────────────────────────────────────────────
  app.get(
    '/api/admin/categories',
    {
      onRequest: guard('categories.write'),
      schema: { tags, summary: 'Every category, deactivated ones included', response: { 200: Type.Array(AdminCategory), ...Errors } },
    },
    async () => (await listCategories(ctx.db)).map(presentCategory),
  );

  app.post(
    '/api/admin/categories',
    {
      onRequest: guard('categories.write'),
      schema: {
        tags,
        summary: 'Add a category with deadlines per priority and extra questions',
        body: CreateCategoryBody,
        response: { 201: AdminCategory, ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const cat = await inTransaction((tx) => createCategory(ctx, tx, actor, req.body));
      reply.code(201);
      return presentCategory(cat);
    },
  );

  app.patch(
    '/api/admin/categories/:id',
    {
      onRequest: guard('categories.write'),
      schema: {
        tags,
        summary: 'Change a category; sla and fields, when given, replace the whole set',
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: AdminCategory, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return presentCategory(await inTransaction((tx) => updateCategory(ctx, tx, actor, req.params.id, req.body)));
    },
  );

  app.post(
    '/api/admin/categories/:id/deactivate',
    {
      onRequest: guard('categories.write'),
      schema: { tags, summary: 'Stop new orders in a category', params: IdParams, response: { 200: AdminCategory, ...Errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      return presentCategory(await inTransaction((tx) => deactivateCategory(ctx, tx, actor, req.params.id)));
    },
  );

  // ── holiday calendar (a year is listed by GET /api/calendar?year=) ──
  app.put(
    '/api/admin/calendar/days/:date',
    {
      onRequest: guard('calendar.write'),
      schema: {
        tags,
        summary: 'Set one day: holiday, or make-up working day (调休)',
        params: DateParams,
        body: CalendarDayBody,
        response: { 200: CalendarDay, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const day = await inTransaction((tx) => putCalendarDay(ctx, tx, actor, { date: req.params.date, ...req.body }));
      ctx.calendar.invalidate();
      return day;
    },
  );

  app.delete(
    '/api/admin/calendar/days/:date',
    {
      onRequest: guard('calendar.write'),
      schema: {
        tags,
        summary: 'Remove one day’s entry (it falls back to Monday–Friday)',
        params: DateParams,
        response: { 204: Type.Null(), ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await inTransaction((tx) => deleteCalendarDay(ctx, tx, actor, req.params.date));
      ctx.calendar.invalidate();
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/admin/calendar/years/:year',
    {
      onRequest: guard('calendar.write'),
      schema: {
        tags,
        summary: 'Replace a year’s holidays and make-up days with a JSON array',
        params: YearParams,
        body: CalendarYearBody,
        response: { 200: Type.Array(CalendarDay), ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const days = await inTransaction((tx) => replaceCalendarYear(ctx, tx, actor, req.params.year, req.body));
      ctx.calendar.invalidate();
      return days;
    },
  );

  // ── users ────────────────────────────────────────────────────────────
  app.get(
    '/api/admin/users',
    {
      onRequest: guard('users.read'),
      schema: {
        tags,
        summary: 'Accounts in your reach (phones masked), filtered by role, unit, place subtree or name',
        querystring: ListUsersQuery,
        response: { 200: UserList, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const res = await listUsers(ctx.db, actor, req.query);
      return { items: res.rows.map((u) => presentUser(u, false)), total: res.total, page: res.page, pageSize: res.pageSize };
    },
  );

  app.get(
    '/api/admin/users/:id',
    {
      onRequest: guard('users.read'),
      schema: {
        tags,
        summary: 'One account; the whole phone number for administrators',
        params: IdParams,
        response: { 200: AdminUser, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const u = await findUserView(ctx.db, actor, req.params.id);
      if (!u) throw notFound('id');
      return presentUser(u, actor.role === 'admin');
    },
  );

  app.post(
    '/api/admin/users',
    {
      onRequest: guard('users.write'),
      schema: {
        tags,
        summary: 'Open an account (handlers need a unit; supervisors, dispatchers and inspectors a place)',
        body: CreateUserBody,
        response: { 201: AdminUser, ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { password, ...input } = req.body;
      // Hashed before the transaction: the slow hash must not hold the write lock.
      const hash = await hashPassword(password);
      const u = await inTransaction((tx) => createUser(ctx, tx, actor, input, hash));
      reply.code(201);
      return presentUser(u, true);
    },
  );

  app.patch(
    '/api/admin/users/:id',
    {
      onRequest: guard('users.write'),
      schema: {
        tags,
        summary: 'Change name, phone, role, unit, place or active (not your own role or active)',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: AdminUser, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return presentUser(await inTransaction((tx) => updateUser(ctx, tx, actor, req.params.id, req.body)), true);
    },
  );

  app.post(
    '/api/admin/users/:id/password',
    {
      onRequest: guard('users.write'),
      schema: {
        tags,
        summary: 'Set a new password (8+ characters) and sign the user out',
        params: IdParams,
        body: ResetPasswordBody,
        response: { 204: Type.Null(), ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const hash = await hashPassword(req.body.password);
      await inTransaction((tx) => resetUserPassword(ctx, tx, actor, req.params.id, hash));
      return reply.code(204).send(null);
    },
  );

  // ── settings ─────────────────────────────────────────────────────────
  app.get(
    '/api/admin/settings/sweep',
    {
      onRequest: guard('settings.write'),
      schema: { tags, summary: 'The deadline sweep’s thresholds', response: { 200: SweepRulesBody, ...Errors } },
    },
    async () => readSweepRules(ctx.db),
  );

  app.put(
    '/api/admin/settings/sweep',
    {
      onRequest: guard('settings.write'),
      schema: { tags, summary: 'Set the deadline sweep’s thresholds', body: SweepRulesBody, response: { 200: SweepRulesBody, ...Errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      const rules = await inTransaction((tx) => putSweepRules(ctx, tx, actor, req.body));
      ctx.settings.invalidate();
      return rules;
    },
  );

  // ── audit trail ──────────────────────────────────────────────────────
  app.get(
    '/api/admin/audit',
    {
      onRequest: guard('audit.read'),
      schema: {
        tags,
        summary: 'The audit trail, newest first; page on with beforeId',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...Errors },
      },
    },
    async (req) => {
      const { rows, more } = await listAudit(ctx.db, req.query);
      return { items: rows.map(presentAudit), nextBeforeId: more ? rows[rows.length - 1]!.id : null };
    },
  );
}
