/**
 * The evaluation API (/api/evaluation/…) and the dashboards (/api/dashboard/…): rates per group,
 * the monthly ranking with 红榜/黑榜 and its publication, the problem portrait, score schemes,
 * property credit, and the dashboard figures read from rollups. Thin routes, all declared through
 * `route`: the role check on request, the schemas, one report or command with the signed-in actor.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import * as D from '../../common/dashboard';
import type { SchemeSettings } from '../../common/evaluation';
import { requireActor, type SessionActor } from '../auth/actor';
import { authorize, type PolicyAction } from '../auth/policy';
import type { AppContext } from '../context';
import type { Tx } from '../db';
import type { App } from '../http';
import { creditDetail, creditList, putCreditRules, readCreditRules, recordManualCredit } from './credit';
import { countsReport, overviewReport, screenReport, unitViewReport } from './dashboard';
import { publishRanking } from './publish';
import { portraitReport, rankingReport, ratesReport } from './reports';
import { putSchemes, readSchemes } from './schemes';
import { Errors, PortraitQuery, PortraitResponse, RankingQuery, RankingResponse, RatesQuery, RatesResponse, SchemeSettingsSchema } from './schema';
import { Type } from 'typebox';

const tags = ['evaluation'];

interface RouteSpec {
  /** Who may call: a policy action, or 'signed-in' (the report scopes by role itself). */
  may: PolicyAction | 'signed-in';
  summary: string;
  description?: string;
  querystring?: TSchema;
  params?: TSchema;
  body?: TSchema;
  response: TSchema;
  status?: number;
  /** Run in a transaction (writes). */
  tx?: boolean;
}

type Run = (actor: SessionActor, req: FastifyRequest, tx: Tx | null) => Promise<unknown>;

function route(app: App, ctx: AppContext, method: 'GET' | 'POST' | 'PUT', url: string, spec: RouteSpec, run: Run) {
  const status = spec.status ?? 200;
  // A plain Fastify instance: the handlers return what their report returns, the response schema serialises it.
  (app as unknown as FastifyInstance).route({
    method,
    url,
    onRequest: async (req) => {
      const actor = requireActor(req);
      if (spec.may !== 'signed-in') authorize(actor, spec.may);
    },
    schema: {
      tags: url.startsWith('/api/dashboard') ? ['dashboard'] : tags,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.querystring ? { querystring: spec.querystring } : {}),
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.body ? { body: spec.body } : {}),
      response: { [status]: spec.response, ...Errors, 409: Errors[422] },
    },
    handler: async (req, reply) => {
      const actor = requireActor(req);
      const out = spec.tx ? await ctx.db.transaction().execute((tx) => run(actor, req, tx)) : await run(actor, req, null);
      reply.code(status);
      return out;
    },
  });
}

const q = <T>(req: FastifyRequest) => req.query as T;
const b = <T>(req: FastifyRequest) => req.body as T;

export function evaluationRoutes(app: App, ctx: AppContext) {
  const get = (url: string, spec: RouteSpec, run: Run) => route(app, ctx, 'GET', url, spec, run);

  get(
    '/api/evaluation/rates',
    {
      may: 'evaluation.read',
      summary: '考评 rates per unit, compound, community or street over [from, to), with the score of a scheme',
      description: 'Orders received in the period and visible to the caller; orders not yet due are left out of each rate’s denominator; a rate with nothing to judge is null.',
      querystring: RatesQuery,
      response: RatesResponse,
    },
    (actor, req) => ratesReport(ctx, actor, q(req)),
  );
  get(
    '/api/evaluation/ranking',
    {
      may: 'evaluation.read',
      summary: 'Monthly ranking within peer groups, change from last month, 红榜 (top N) and 黑榜 (bottom N or below the floor)',
      querystring: RankingQuery,
      response: RankingResponse,
    },
    (actor, req) => rankingReport(ctx, actor, q(req)),
  );
  route(
    app,
    ctx,
    'POST',
    '/api/evaluation/ranking/publish',
    {
      may: 'evaluation.configure',
      summary: 'Publish a month’s 红榜/黑榜: frozen lists, credit records for property companies, and next month’s 回头看 inspection plan for the black-listed compounds',
      body: D.PublishBody,
      response: D.PublishResponse,
      status: 201,
    },
    (actor, req) => publishRanking(ctx, actor, b(req)),
  );
  get(
    '/api/evaluation/portrait',
    {
      may: 'evaluation.read',
      summary: '问题画像 of a place or unit: volume, monthly trend, shares by kind and category, hot buildings, repeat callers, deadlines, rates, before/after',
      querystring: PortraitQuery,
      response: PortraitResponse,
    },
    (actor, req) => portraitReport(ctx, actor, q(req)),
  );
  get('/api/evaluation/schemes', { may: 'evaluation.read', summary: 'The score schemes in force', response: SchemeSettingsSchema }, () => readSchemes(ctx.db));
  route(
    app,
    ctx,
    'PUT',
    '/api/evaluation/schemes',
    { may: 'evaluation.configure', summary: 'Replace the score schemes (weighted sum or 100 − deductions)', body: SchemeSettingsSchema, response: SchemeSettingsSchema, tx: true },
    (actor, req, tx) => putSchemes(ctx, tx!, actor, b<SchemeSettings>(req)),
  );

  // ── property credit (物业信用) ──
  get('/api/evaluation/credit', { may: 'evaluation.read', summary: 'Credit scores and grades (AAA … C) of the property companies', response: D.CreditListResponse }, () => creditList(ctx));
  get(
    '/api/evaluation/credit/:unitId',
    { may: 'evaluation.read', summary: 'One property company’s credit: score, grade, records and the score after each record', params: Type.Object({ unitId: Type.Integer({ minimum: 1 }) }), response: D.CreditDetailResponse },
    (_actor, req) => creditDetail(ctx, (req.params as { unitId: number }).unitId),
  );
  route(
    app,
    ctx,
    'POST',
    '/api/evaluation/credit/records',
    { may: 'evaluation.configure', summary: 'Record a good or bad credit record by a rule of the credit rules', body: D.CreditRecordBody, response: D.CreditRecord, status: 201, tx: true },
    (actor, req, tx) => recordManualCredit(ctx, tx!, actor, b(req)),
  );
  get('/api/evaluation/credit-rules', { may: 'evaluation.read', summary: 'The credit rules in force (base, grade floors, points per rule)', response: D.CreditRules }, () => readCreditRules(ctx.db));
  route(
    app,
    ctx,
    'PUT',
    '/api/evaluation/credit-rules',
    { may: 'evaluation.configure', summary: 'Replace the credit rules', body: D.CreditRules, response: D.CreditRules, tx: true },
    (actor, req, tx) => putCreditRules(ctx, tx!, actor, b(req)),
  );

  // ── dashboards, from rollups ──
  get(
    '/api/dashboard/counts',
    { may: 'signed-in', summary: 'The caller’s orders by status, overdue, due today, supervised and awaiting callback (the home pages’ tab counts)', querystring: D.CountsQuery, response: D.CountsResponse },
    (actor) => countsReport(ctx, actor),
  );
  get(
    '/api/dashboard/overview',
    {
      may: 'evaluation.read',
      summary: 'District overview, or a street’s / community’s / compound’s: volumes per day or month, rates, kinds, top categories and compounds, the next level down, units',
      querystring: D.OverviewQuery,
      response: D.OverviewResponse,
    },
    (actor, req) => overviewReport(ctx, actor, q(req)),
  );
  get(
    '/api/dashboard/unit',
    { may: 'signed-in', summary: 'A unit’s view: its lead orders’ volumes, rates, categories and open orders (a handler: their own unit)', querystring: D.UnitViewQuery, response: D.UnitViewResponse },
    (actor, req) => unitViewReport(ctx, actor, q(req)),
  );
  get(
    '/api/dashboard/screen',
    { may: 'evaluation.read', summary: 'The command centre’s big screen (大屏): today, this month against last month, 30 days, 12 months, categories, the next level down, the latest orders', querystring: D.ScreenQuery, response: D.ScreenResponse },
    (actor, req) => screenReport(ctx, actor, q(req)),
  );
}
