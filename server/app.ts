/** Builds the HTTP application on a context: plugins, the auth hook, the error shape, every route. */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { adminRoutes } from './admin/routes';
import { resolveActor } from './auth/actor';
import { authRoutes } from './auth/routes';
import { attachmentRoutes } from './attachments/routes';
import type { AppContext } from './context';
import { directoryRoutes } from './directory/routes';
import { AppError } from './errors';
import { errorHandler, rejectNulCharacters, validatorCompiler, type App } from './http';
import { workOrderRoutes } from './work-orders/routes';
import { inboxRoutes } from './notifications/routes';
import { intakeRoutes } from './intake/routes';
import { exchangeRoutes } from './exchange/routes';
import { dutyRoutes } from './duty/routes';
import { open311Routes } from './open311';
import { OPEN311_PREFIX, open311NotFound } from './open311/routes';
import { webhookRoutes } from './webhooks';
import { cogovRoutes } from './cogov';
import { supervisionRoutes } from './supervision';
import { evaluationRoutes } from './evaluation/routes';

export const WEB_DIST = path.resolve(import.meta.dirname, '../web/dist');

export async function buildApp(ctx: AppContext, opts: { logger?: FastifyServerOptions['logger'] } = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.trustProxy as boolean,
    ajv: { customOptions: { coerceTypes: 'array' } },
    // Errors raised before routing (a badly encoded URL) get the same error shape.
    frameworkErrors: (err, req, reply) => void errorHandler(err, req, reply),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  // The API speaks JSON (and multipart for uploads); plain text is refused with 415, not parsed.
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', rejectNulCharacters);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 9 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Gongzhi 共治 API', version: '0.1.0', description: 'Work orders, supervision, evaluation and co-governance for a district. Errors: {error:{code,message,field}}.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gz_session' }, bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    if (req.url.startsWith('/api/')) req.actor = await resolveActor(ctx, req);
  });

  app.get('/healthz', { schema: { hide: true, response: { 200: Type.Object({ ok: Type.Boolean(), engine: Type.String(), time: Type.String() }) } } }, async () => {
    await ctx.db.selectFrom('settings').select('key').limit(1).execute();
    return { ok: true, engine: ctx.engine.kind, time: new Date(ctx.clock.now()).toISOString() };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  authRoutes(app, ctx);
  directoryRoutes(app, ctx);
  workOrderRoutes(app, ctx);
  attachmentRoutes(app, ctx);
  inboxRoutes(app, ctx);
  intakeRoutes(app, ctx);
  exchangeRoutes(app, ctx);
  dutyRoutes(app, ctx);
  adminRoutes(app, ctx);
  supervisionRoutes(app, ctx);
  await open311Routes(app, ctx);
  webhookRoutes(app, ctx);
  cogovRoutes(app, ctx);
  evaluationRoutes(app, ctx);

  const hasWeb = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  // wildcard: files are looked up per request, so a rebuild of web/dist (new hashed file names) is
  // served by a running server at once; a missing file falls through to the handler below.
  if (hasWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: true, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith(`${OPEN311_PREFIX}/`)) return open311NotFound(req, reply);
    // A missing bundle file is a 404 too: the page's shell in its place would fail as a script.
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || !hasWeb || req.method !== 'GET') {
      return reply.code(404).send(new AppError('route_not_found').body());
    }
    // Client-side routes of the single-page app.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
