/**
 * The evaluation API (/api/evaluation/…): rates per group, the monthly ranking with 红榜/黑榜,
 * the problem portrait, and the score schemes. Thin routes: role check on request, schema,
 * one report or command, the result as it is.
 */
import type { FastifyRequest } from 'fastify';
import { requireActor } from '../auth/actor';
import { authorize, type PolicyAction } from '../auth/policy';
import type { AppContext } from '../context';
import type { App } from '../http';
import { portraitReport, rankingReport, ratesReport } from './reports';
import { putSchemes, readSchemes } from './schemes';
import { Errors, PortraitQuery, PortraitResponse, RankingQuery, RankingResponse, RatesQuery, RatesResponse, SchemeSettingsSchema } from './schema';
import type { SchemeSettings } from '../../common/evaluation';

/** onRequest hook: 401 without a session, 403 unless the role holds `action`. */
const guard = (action: PolicyAction) => async (req: FastifyRequest) => {
  authorize(requireActor(req), action);
};

const tags = ['evaluation'];

export function evaluationRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/evaluation/rates',
    {
      onRequest: guard('evaluation.read'),
      schema: {
        tags,
        summary: '考评 rates per unit, compound, community or street over [from, to), with the score of a scheme',
        description: 'Orders received in the period and visible to the caller; orders not yet due are left out of each rate’s denominator; a rate with nothing to judge is null.',
        querystring: RatesQuery,
        response: { 200: RatesResponse, ...Errors },
      },
    },
    async (req) => ratesReport(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/evaluation/ranking',
    {
      onRequest: guard('evaluation.read'),
      schema: {
        tags,
        summary: 'Monthly ranking within peer groups, change from last month, 红榜 (top N) and 黑榜 (bottom N or below the floor)',
        querystring: RankingQuery,
        response: { 200: RankingResponse, ...Errors },
      },
    },
    async (req) => rankingReport(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/evaluation/portrait',
    {
      onRequest: guard('evaluation.read'),
      schema: {
        tags,
        summary: '问题画像 of a place or unit: volume, monthly trend, shares by kind and category, hot buildings, repeat callers, deadlines, rates, before/after',
        querystring: PortraitQuery,
        response: { 200: PortraitResponse, ...Errors },
      },
    },
    async (req) => portraitReport(ctx, requireActor(req), req.query),
  );

  app.get(
    '/api/evaluation/schemes',
    { onRequest: guard('evaluation.read'), schema: { tags, summary: 'The score schemes in force', response: { 200: SchemeSettingsSchema, ...Errors } } },
    async () => readSchemes(ctx.db),
  );

  app.put(
    '/api/evaluation/schemes',
    {
      onRequest: guard('evaluation.configure'),
      schema: { tags, summary: 'Replace the score schemes (weighted sum or 100 − deductions)', body: SchemeSettingsSchema, response: { 200: SchemeSettingsSchema, ...Errors } },
    },
    async (req) => {
      const actor = requireActor(req);
      return ctx.db.transaction().execute((tx) => putSchemes(ctx, tx, actor, req.body as SchemeSettings));
    },
  );
}
