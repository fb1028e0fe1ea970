/**
 * The co-governance API (/api/cogov/…): activities with enrollment, check-in codes and
 * attendance; the points ledger; the points shop (积分超市) and its codes; outputs and
 * participation. Thin routes: the role check on request, the schema, one transaction around one
 * command, then the presenter.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { IdParams } from '../../common/api';
import { requireActor, type SessionActor } from '../auth/actor';
import { authorize, can, type PolicyAction } from '../auth/policy';
import type { AppContext } from '../context';
import type { Tx } from '../db';
import { notFound } from '../errors';
import type { App } from '../http';
import {
  assertManages,
  cancelEnrollment,
  checkIn,
  checkOut,
  createActivity,
  enroll,
  issueCheckinCode,
  markAttendance,
  recordOutput,
  reversePoints,
  reviewAttendance,
  updateActivity,
} from './commands/activities';
import {
  reissueRedemptionCode,
  cancelRedemption,
  createReward,
  expireRedemptions,
  redeemReward,
  sweepCogov,
  updateReward,
  verifyRedemption,
} from './commands/rewards';
import { balanceOf, entryView, historyOf, settleDue } from './ledger';
import { presentActivity, presentAttendance, presentEntry, presentRedemption, presentReward } from './present';
import {
  activityCredits,
  activityRow,
  attendanceOf,
  attendanceOfUser,
  completedUsers,
  enrollmentsOfUser,
  getActivity,
  listActivities,
  listRewards,
  monthFigures,
  outputsReport,
  placePath,
  previousMonths,
  redemptionsOf,
  sessionsOf,
  topVolunteers,
  type ActivityListRow,
} from './queries';
import {
  Activity,
  ActivityCredit,
  ActivityListQuery,
  AttendanceList,
  AttendanceRecord,
  CheckBody,
  CodeBody,
  CreateActivityBody,
  CreateRewardBody,
  EnrollBody,
  Errors,
  IssuedCode,
  IssuedRedemption,
  LedgerEntry,
  MarkBody,
  MyPoints,
  OutputBody,
  OutputReport,
  ParticipationQuery,
  ParticipationReport,
  Redemption,
  ReverseBody,
  ReviewBody,
  Reward,
  RewardListQuery,
  UpdateActivityBody,
  UpdateRewardBody,
  VerifyBody,
} from './schema';

/** onRequest hook: 401 without a session, 403 unless the role holds `action`. */
const guard = (action: PolicyAction) => async (req: FastifyRequest) => {
  authorize(requireActor(req), action);
};

const tags = ['co-governance'];
const iso = (t: number) => new Date(t).toISOString();

export function cogovRoutes(app: App, ctx: AppContext) {
  const inTransaction = <T>(fn: (tx: Tx) => Promise<T>) => ctx.db.transaction().execute(fn);
  const now = () => ctx.clock.now();

  /** Activities as the caller sees them: sessions, their own enrollment and what they may do. */
  async function present(actor: SessionActor, rows: ActivityListRow[]) {
    const ids = rows.map((r) => r.id);
    const sessions = await sessionsOf(ctx.db, ids);
    const mine = await enrollmentsOfUser(ctx.db, actor.id, ids);
    const attended = await attendanceOfUser(ctx.db, actor.id, ids);
    const t = now();
    return rows.map((a) => {
      const own = sessions.filter((s) => s.activity_id === a.id);
      const enr = mine.find((e) => e.activity_id === a.id) ?? null;
      const actions: string[] = [];
      const over = own.length > 0 && own[own.length - 1]!.ends_at <= t;
      if (can(actor, 'activities.join') && a.status === 'open' && !over) {
        if (enr?.status === 'enrolled') actions.push('cancel_enrollment', 'check_in');
        else if (a.enrolled_count < a.capacity) actions.push('enroll');
      }
      if (can(actor, 'activities.write') && (actor.role === 'admin' || a.organiser_id === actor.id)) actions.push('manage');
      return presentActivity(
        a,
        own,
        enr,
        actions,
        attended.filter((r) => r.activity_id === a.id),
      );
    });
  }

  async function activityView(actor: SessionActor, id: number) {
    const row = await activityRow(ctx.db, id);
    if (!row) throw notFound('id');
    return (await present(actor, [row]))[0]!;
  }

  // ── activities ───────────────────────────────────────────────────────
  app.get(
    '/api/cogov/activities',
    {
      onRequest: guard('cogov.read'),
      schema: {
        tags,
        summary: 'Activities, newest first: by place subtree, kind, or mine (organised or enrolled)',
        querystring: ActivityListQuery,
        response: { 200: Type.Array(Activity), ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      let path: string | undefined;
      if (q.placeId !== undefined) {
        const p = await placePath(ctx.db, q.placeId);
        if (!p) return [];
        path = p;
      }
      const rows = await listActivities(ctx.db, {
        placePath: path,
        kind: q.kind,
        ...(q.mine ? { organiserId: actor.id, enrolledUserId: actor.id } : {}),
      });
      return present(actor, rows);
    },
  );

  app.post(
    '/api/cogov/activities',
    {
      onRequest: guard('activities.write'),
      schema: {
        tags,
        summary: 'Create an activity with its sessions (a class: one session per day)',
        body: CreateActivityBody,
        response: { 201: Activity, ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await inTransaction((tx) => createActivity(tx, actor, req.body, now()));
      reply.code(201);
      return activityView(actor, id);
    },
  );

  app.get(
    '/api/cogov/activities/:id',
    {
      onRequest: guard('cogov.read'),
      schema: {
        tags,
        summary: 'One activity with its sessions and my enrollment',
        params: IdParams,
        response: { 200: Activity, ...Errors },
      },
    },
    async (req) => activityView(requireActor(req), req.params.id),
  );

  app.patch(
    '/api/cogov/activities/:id',
    {
      onRequest: guard('activities.write'),
      schema: {
        tags,
        summary: 'Edit an activity (wording, capacity, notice period) or cancel it; the organiser or an administrator',
        params: IdParams,
        body: UpdateActivityBody,
        response: { 200: Activity, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await inTransaction((tx) => updateActivity(tx, actor, req.params.id, req.body, now()));
      return activityView(actor, req.params.id);
    },
  );

  app.get(
    '/api/cogov/activities/:id/credits',
    {
      onRequest: guard('activities.write'),
      schema: {
        tags,
        summary: 'Points credited by an activity, with reversals and whether each has settled (公示)',
        params: IdParams,
        response: { 200: Type.Array(ActivityCredit), ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      assertManages(actor, await getActivity(ctx.db, req.params.id));
      const rows = await activityCredits(ctx.db, req.params.id);
      return rows.map((r) => ({ ...presentEntry(r), userId: r.user_id, userName: r.user_name, reversed: Boolean(Number(r.reversed)) }));
    },
  );

  app.post(
    '/api/cogov/activities/:id/enroll',
    {
      onRequest: guard('activities.join'),
      schema: {
        tags,
        summary: 'Enroll (a resident); 409 when full or already enrolled',
        params: IdParams,
        body: EnrollBody,
        response: { 200: Activity, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await inTransaction((tx) => enroll(tx, actor, req.params.id, req.body.showPublicly ?? false, now()));
      return activityView(actor, req.params.id);
    },
  );

  app.post(
    '/api/cogov/activities/:id/cancel-enrollment',
    {
      onRequest: guard('activities.join'),
      schema: { tags, summary: 'Give back my place', params: IdParams, response: { 200: Activity, ...Errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      await inTransaction((tx) => cancelEnrollment(tx, actor, req.params.id, now()));
      return activityView(actor, req.params.id);
    },
  );

  app.get(
    '/api/cogov/activities/:id/attendance',
    {
      onRequest: guard('activities.write'),
      schema: {
        tags,
        summary: 'Attendance list: per session (per day for a class), per person, completion',
        params: IdParams,
        response: { 200: AttendanceList, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const a = await getActivity(ctx.db, req.params.id);
      assertManages(actor, a);
      const sessions = await sessionsOf(ctx.db, [a.id]);
      const { people, records } = await attendanceOf(ctx.db, a.id);
      const done = completedUsers(records, sessions.length, a.completion_percent);
      return {
        activityId: a.id,
        sessions: sessions.map((s) => ({
          id: s.id,
          seq: s.seq,
          startsAt: iso(s.starts_at),
          endsAt: iso(s.ends_at),
          attended: records.filter((r) => r.session_id === s.id).length,
        })),
        people: people.map((p) => {
          const mine = records.filter((r) => r.user_id === p.user_id);
          return {
            userId: p.user_id,
            name: p.name,
            enrollment: p.status,
            daysAttended: mine.length,
            completed: done.has(p.user_id),
            records: mine.map(presentAttendance),
          };
        }),
        completedCount: done.size,
      };
    },
  );

  app.post(
    '/api/cogov/activities/:id/outputs',
    {
      onRequest: guard('activities.write'),
      schema: {
        tags,
        summary: 'Count what an activity delivered (rides, leaflets, tickets…)',
        params: IdParams,
        body: OutputBody,
        response: { 201: Type.Object({ id: Type.Integer() }), ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await inTransaction((tx) => recordOutput(tx, actor, req.params.id, req.body, now()));
      reply.code(201);
      return { id };
    },
  );

  app.get(
    '/api/cogov/outputs',
    {
      onRequest: guard('cogov.read'),
      schema: {
        tags,
        summary: 'Outputs per activity and in total, with trainees who completed each class',
        response: { 200: OutputReport, ...Errors },
      },
    },
    async () => {
      const { outputs, classes, completions } = await outputsReport(ctx.db);
      const byActivity = new Map<
        number,
        {
          activityId: number;
          title: string;
          kind: string;
          outputs: { metric: string; label: string; quantity: number }[];
          traineesCompleted: number | null;
        }
      >();
      for (const o of outputs) {
        const e = byActivity.get(o.activity_id) ?? {
          activityId: o.activity_id,
          title: o.title,
          kind: o.kind,
          outputs: [],
          traineesCompleted: null,
        };
        e.outputs.push({ metric: o.metric, label: o.label, quantity: Number(o.quantity) });
        byActivity.set(o.activity_id, e);
      }
      for (const c of classes) {
        const e = byActivity.get(c.id) ?? { activityId: c.id, title: c.title, kind: c.kind, outputs: [], traineesCompleted: null };
        e.traineesCompleted = completions.get(c.id) ?? 0;
        byActivity.set(c.id, e);
      }
      const totals = new Map<string, { metric: string; label: string; quantity: number }>();
      for (const o of outputs) {
        const t = totals.get(o.metric) ?? { metric: o.metric, label: o.label, quantity: 0 };
        t.quantity += Number(o.quantity);
        totals.set(o.metric, t);
      }
      const trainees = [...completions.values()].reduce((s, n) => s + n, 0);
      if (classes.length) totals.set('trainees_completed', { metric: 'trainees_completed', label: '结业学员', quantity: trainees });
      return { activities: [...byActivity.values()].sort((x, y) => x.activityId - y.activityId), totals: [...totals.values()] };
    },
  );

  // ── sessions: codes, check-in, check-out, marking ───────────────────
  app.post(
    '/api/cogov/sessions/:id/codes',
    {
      onRequest: guard('activities.write'),
      schema: {
        tags,
        summary: 'Show a fresh six-digit code for check-in or check-out (valid 2 minutes; replaces the last)',
        params: IdParams,
        body: CodeBody,
        response: { 201: IssuedCode, ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const c = await inTransaction((tx) => issueCheckinCode(tx, actor, req.params.id, req.body.purpose, now()));
      reply.code(201);
      return { ...c, expiresAt: iso(c.expiresAt) };
    },
  );

  const attendanceRecord = async (id: number) =>
    presentAttendance(await ctx.db.selectFrom('attendance').selectAll().where('id', '=', id).executeTakeFirstOrThrow());

  app.post(
    '/api/cogov/sessions/:id/check-in',
    {
      onRequest: guard('activities.join'),
      schema: {
        tags,
        summary: 'Check in with the organiser’s code, during the slot',
        params: IdParams,
        body: CheckBody,
        response: { 200: AttendanceRecord, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return attendanceRecord(await inTransaction((tx) => checkIn(tx, actor, req.params.id, req.body.code, now())));
    },
  );

  app.post(
    '/api/cogov/sessions/:id/check-out',
    {
      onRequest: guard('activities.join'),
      schema: {
        tags,
        summary: 'Check out with the organiser’s code; per-hour points are credited here',
        params: IdParams,
        body: CheckBody,
        response: { 200: AttendanceRecord, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return attendanceRecord(await inTransaction((tx) => checkOut(tx, actor, req.params.id, req.body.code, now())));
    },
  );

  app.post(
    '/api/cogov/sessions/:id/attendance',
    {
      onRequest: guard('activities.write'),
      schema: {
        tags,
        summary: 'The organiser marks an enrolled resident in or out',
        params: IdParams,
        body: MarkBody,
        response: { 200: AttendanceRecord, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return attendanceRecord(
        await inTransaction((tx) => markAttendance(tx, actor, req.params.id, req.body.userId, req.body.action, now())),
      );
    },
  );

  app.post(
    '/api/cogov/attendance/:id/review',
    {
      onRequest: guard('activities.write'),
      schema: {
        tags,
        summary: 'Approve (credit, then the public notice period) or reject the points of an attendance',
        params: IdParams,
        body: ReviewBody,
        response: { 200: AttendanceRecord, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await inTransaction((tx) => reviewAttendance(tx, actor, req.params.id, req.body.decision, now()));
      return attendanceRecord(req.params.id);
    },
  );

  // ── points ──────────────────────────────────────────────────────────
  app.get(
    '/api/cogov/me/points',
    {
      onRequest: guard('activities.join'),
      schema: { tags, summary: 'My settled balance, points in their notice period, and history', response: { 200: MyPoints, ...Errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      await inTransaction(async (tx) => {
        await settleDue(tx, now(), actor.id);
        await expireRedemptions(tx, now(), actor.id);
      });
      const { balance, pending } = await balanceOf(ctx.db, actor.id);
      return { balance, pending, entries: (await historyOf(ctx.db, actor.id, 200)).map(presentEntry) };
    },
  );

  app.post(
    '/api/cogov/points/:id/reverse',
    {
      onRequest: guard('points.reverse'),
      schema: {
        tags,
        summary: 'Correct a credit by appending its reversal (entries are never edited)',
        params: IdParams,
        body: ReverseBody,
        response: { 201: LedgerEntry, ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await inTransaction((tx) => reversePoints(tx, actor, req.params.id, req.body.reason, now()));
      reply.code(201);
      return presentEntry((await entryView(ctx.db, id))!);
    },
  );

  app.post(
    '/api/cogov/sweep',
    {
      onRequest: guard('settings.write'),
      schema: {
        tags,
        summary: 'Settle credits whose notice period ended and expire unused reward codes',
        response: { 200: Type.Object({ settled: Type.Integer(), expired: Type.Integer() }), ...Errors },
      },
    },
    async () => sweepCogov(ctx.db, now()),
  );

  // ── rewards ─────────────────────────────────────────────────────────
  app.get(
    '/api/cogov/rewards',
    {
      onRequest: guard('cogov.read'),
      schema: { tags, summary: 'The points shop (积分超市)', querystring: RewardListQuery, response: { 200: Type.Array(Reward), ...Errors } },
    },
    async (req) => (await listRewards(ctx.db, req.query.all === true && can(requireActor(req), 'rewards.write'))).map(presentReward),
  );

  app.patch(
    '/api/cogov/rewards/:id',
    {
      onRequest: guard('rewards.write'),
      schema: {
        tags,
        summary: 'Restock, reprice, rename or withdraw a reward',
        params: IdParams,
        body: UpdateRewardBody,
        response: { 200: Reward, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await inTransaction((tx) => updateReward(tx, actor, req.params.id, req.body, now()));
      return presentReward(await ctx.db.selectFrom('rewards').selectAll().where('id', '=', req.params.id).executeTakeFirstOrThrow());
    },
  );

  app.post(
    '/api/cogov/rewards',
    {
      onRequest: guard('rewards.write'),
      schema: {
        tags,
        summary: 'Add a reward with stock, price and who honours it',
        body: CreateRewardBody,
        response: { 201: Reward, ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await inTransaction((tx) => createReward(tx, actor, req.body, now()));
      reply.code(201);
      return presentReward(await ctx.db.selectFrom('rewards').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    },
  );

  app.post(
    '/api/cogov/rewards/:id/redeem',
    {
      onRequest: guard('rewards.redeem'),
      schema: {
        tags,
        summary: 'Redeem: debit points and stock at once, get a one-time code (shown once)',
        params: IdParams,
        response: { 201: IssuedRedemption, ...Errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const r = await inTransaction((tx) => redeemReward(tx, actor, req.params.id, now()));
      reply.code(201);
      const [row] = await redemptionsOf(ctx.db, { id: r.id });
      return { redemption: presentRedemption(row!), code: r.code };
    },
  );

  app.get(
    '/api/cogov/me/redemptions',
    {
      onRequest: guard('rewards.redeem'),
      schema: { tags, summary: 'My reward codes, newest first', response: { 200: Type.Array(Redemption), ...Errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      await inTransaction((tx) => expireRedemptions(tx, now(), actor.id));
      return (await redemptionsOf(ctx.db, { userId: actor.id })).map(presentRedemption);
    },
  );

  app.post(
    '/api/cogov/redemptions/:id/cancel',
    {
      onRequest: guard('rewards.redeem'),
      schema: {
        tags,
        summary: 'Give an unused code back: points and stock return',
        params: IdParams,
        response: { 200: Redemption, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await inTransaction((tx) => cancelRedemption(tx, actor, req.params.id, now()));
      const [row] = await redemptionsOf(ctx.db, { id: req.params.id });
      return presentRedemption(row!);
    },
  );

  app.post(
    '/api/cogov/redemptions/:id/code',
    {
      onRequest: guard('rewards.redeem'),
      schema: {
        tags,
        summary: 'A new code for my unused redemption (the old one stops working)',
        params: IdParams,
        response: { 200: IssuedRedemption, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const code = await inTransaction((tx) => reissueRedemptionCode(tx, actor, req.params.id, now()));
      const [row] = await redemptionsOf(ctx.db, { id: req.params.id });
      return { redemption: presentRedemption(row!), code };
    },
  );

  app.post(
    '/api/cogov/redemptions/verify',
    {
      onRequest: guard('rewards.verify'),
      schema: { tags, summary: 'The merchant verifies a code, once', body: VerifyBody, response: { 200: Redemption, ...Errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      const id = await inTransaction((tx) => verifyRedemption(tx, actor, req.body.code, now()));
      const [row] = await redemptionsOf(ctx.db, { id });
      return presentRedemption(row!);
    },
  );

  app.get(
    '/api/cogov/redemptions/verified',
    {
      onRequest: guard('rewards.verify'),
      schema: {
        tags,
        summary: 'The codes I verified, newest first (an administrator: every verified code)',
        response: { 200: Type.Array(Redemption), ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return (await redemptionsOf(ctx.db, actor.role === 'admin' ? { used: true } : { usedBy: actor.id, used: true })).map(presentRedemption);
    },
  );

  // ── participation ───────────────────────────────────────────────────
  app.get(
    '/api/cogov/reports/participation',
    {
      onRequest: guard('cogov.report'),
      schema: {
        tags,
        summary:
          'A compound’s month: share of households taking part, points issued and redeemed, top volunteers (who consented), 6-month trend',
        querystring: ParticipationQuery,
        response: { 200: ParticipationReport, ...Errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const c = await ctx.db
        .selectFrom('places')
        .select(['id', 'name', 'path', 'level', 'households'])
        .where('id', '=', req.query.compoundId)
        .executeTakeFirst();
      // Outside the caller's reach reads as "not found".
      if (!c || c.level !== 'compound' || (actor.role !== 'admin' && actor.placePath && !c.path.startsWith(actor.placePath)))
        throw notFound('compoundId');
      const figures = async (month: string) => {
        const f = await monthFigures(ctx.db, c.path, month);
        return { month, ...f, share: c.households ? Math.round((f.participants / c.households) * 10000) / 10000 : 0 };
      };
      const trend = [];
      for (const m of previousMonths(req.query.month, 6)) trend.push(await figures(m));
      const top = await topVolunteers(ctx.db, c.path, req.query.month);
      return {
        compoundId: c.id,
        compoundName: c.name,
        households: c.households,
        month: trend[trend.length - 1]!,
        topVolunteers: top.map((t) => ({ userId: t.id, name: t.name, points: Number(t.points) })),
        trend,
      };
    },
  );
}
