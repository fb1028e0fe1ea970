/**
 * The Open311 GeoReport v2 resources (plus FixMyStreet's servicerequestupdates) under
 * /open311/v2, as one encapsulated plugin: its own urlencoded body parser, its own error and
 * not-found handlers (Open311 error shape, in the format the URL asked for). Routes stay thin:
 * authenticate the api_key, rate-limit, read arguments, call a command or query, present.
 */
import fs from 'node:fs';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sniffMime } from '../attachments/store';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { App } from '../http';
import { authenticateApiKey, consumeRateLimit } from './api-keys';
import { badRequest, CONTENT_TYPES, formatOf, notFound311, Open311Error, sendError, sendOpen311, w3c, type Format, type Open311Status } from './format';
import { mergeParams, one, parseForm, type Params } from './params';
import { checkServiceCodes, createOpen311Request, findPostedMedia, findRequests, findToken, presentRequest, readRequestFilter, type Media } from './requests';
import { findService, listServices, presentDefinition, presentService, serviceFields } from './services';
import { findUpdates, postServiceRequestUpdate, presentUpdate, readPostedUpdate, readUpdatesFilter } from './updates';

export const OPEN311_PREFIX = '/open311/v2';
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this interface last changed (discovery's changeset). */
const CHANGESET = Date.parse('2026-11-01T00:00:00Z');

type Params311 = { format?: string; code?: string; id?: string; token?: string };

/** The format a URL asked for by its extension (for errors raised before or outside a route). */
function formatOfUrl(url: string): Format {
  const path = url.split('?')[0] ?? '';
  return path.endsWith('.json') ? 'json' : 'xml';
}

/**
 * An unknown Open311 path, as the standard's 404 in the format its extension asks for. Also used by
 * the app's root handler: the web bundle's wildcard file route catches every GET, Open311's too.
 */
export function open311NotFound(req: FastifyRequest, reply: FastifyReply) {
  return sendError(reply, formatOfUrl(req.url), 404, `no such Open311 resource: ${req.method} ${req.url.split('?')[0]}`);
}

/** Any failure as an Open311 error: 404 not found, 403 key, 429 rate, 400 everything else. */
function toOpen311(err: FastifyError | Error): { status: Open311Status; description: string } {
  if (err instanceof Open311Error) return { status: err.status, description: err.description };
  if (err instanceof AppError) {
    const status: Open311Status = err.status === 404 ? 404 : err.status === 401 || err.status === 403 ? 403 : err.status === 429 ? 429 : 400;
    const e = err.body().error;
    return { status, description: `${e.field ? `${e.field}: ` : ''}${e.message_en} / ${e.message_zh}` };
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_FILES_LIMIT') return { status: 400, description: 'the request body or a media file is too large' };
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 400, description: 'POST bodies must be application/x-www-form-urlencoded or multipart/form-data' };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return { status: 400, description: fe.message };
  return { status: 400, description: 'general service error; the request could not be processed' };
}

/** The plugin; register it with prefix OPEN311_PREFIX. */
export async function open311Plugin(app: App, ctx: AppContext) {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, description } = toOpen311(err);
    if (!(err instanceof Open311Error) && !(err instanceof AppError) && !(typeof err.statusCode === 'number' && err.statusCode < 500)) req.log.error({ err }, 'open311 request failed');
    return sendError(reply, formatOf((req.params as Params311 | undefined)?.format) ?? formatOfUrl(req.url), status, description);
  });
  app.setNotFoundHandler(open311NotFound);

  /** The format of the route's extension; any other extension is not a resource of ours. */
  const fmt = (req: FastifyRequest): Format => {
    const f = formatOf((req.params as Params311).format);
    if (!f) throw notFound311(`unknown format "${(req.params as Params311).format ?? ''}": use .xml or .json`);
    return f;
  };
  const baseUrl = (req: FastifyRequest) => `${req.protocol}://${req.host}${OPEN311_PREFIX}`;
  const queryParams = (req: FastifyRequest): Params => mergeParams(req.query);

  /** The key of a POST (body or query), its user, and one request counted against its limit. */
  const authenticate = async (p: Params) => {
    const auth = await authenticateApiKey(ctx, one(p, 'api_key'));
    if (!auth) throw new Open311Error(403, 'api_key was not provided or is not valid');
    await consumeRateLimit(ctx, auth.key);
    return auth;
  };

  /** Arguments and files of a POST body, urlencoded or multipart (media files under any field name). */
  const postParams = async (req: FastifyRequest): Promise<{ p: Params; media: Media[] }> => {
    if (!req.isMultipart()) return { p: mergeParams(req.body, req.query), media: [] };
    const fields: Params = new Map();
    const media: Media[] = [];
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (!bytes.length) continue;
        const mime = sniffMime(bytes);
        if (!mime || mime === 'application/pdf') throw badRequest(`media "${part.filename ?? part.fieldname}" must be a JPEG, PNG, GIF, WebP or HEIC image`);
        media.push({ bytes, mime, filename: part.filename ?? null });
      } else {
        fields.set(part.fieldname, [...(fields.get(part.fieldname) ?? []), String(part.value)]);
      }
    }
    return { p: mergeParams(fields, req.query), media };
  };

  const docs = (summary: string) => ({ schema: { tags: ['open311'], summary } });

  app.get('/discovery.:format', docs('Service discovery'), async (req, reply) => {
    const format = fmt(req);
    const now = ctx.clock.now();
    const changeset = w3c(Math.min(CHANGESET, now - 24 * 3600_000));
    return sendOpen311(reply, format, 'discovery', {
      changeset,
      contact: '共治 Gongzhi — 区12345热线工单平台 / district work-order platform; ask the district administrator',
      key_service: 'api_key for POST methods: issued by the district administrator (POST /api/admin/api-keys)',
      endpoints: [{ specification: SPECIFICATION, url: baseUrl(req), changeset, type: 'production', formats: [CONTENT_TYPES.xml.split(';')[0]!, CONTENT_TYPES.json.split(';')[0]!] }],
    });
  });

  app.get('/services.:format', docs('Services: the leaf categories'), async (req, reply) => {
    const format = fmt(req);
    return sendOpen311(reply, format, 'services', (await listServices(ctx.db)).map(presentService));
  });

  app.get('/services/:code.:format', docs('Service definition: the category’s questions as attributes'), async (req, reply) => {
    const format = fmt(req);
    const code = (req.params as Params311).code ?? '';
    const service = await findService(ctx.db, code);
    if (!service) throw notFound311(`service_code ${code} was not found`);
    return sendOpen311(reply, format, 'service_definition', presentDefinition(service.code, await serviceFields(ctx.db, service.id)));
  });

  app.post('/requests.:format', docs('Create a service request (api_key)'), async (req, reply) => {
    const format = fmt(req);
    const { p, media } = await postParams(req);
    const auth = await authenticate(p);
    const created = await createOpen311Request(ctx, auth, p, media);
    return sendOpen311(reply, format, 'service_requests', [{ service_request_id: String(created.orderId), service_notice: created.serviceNotice, account_id: created.accountId }]);
  });

  app.get('/requests.:format', docs('Service requests (filters, page/page_size, updated_after/updated_before)'), async (req, reply) => {
    const format = fmt(req);
    const filter = readRequestFilter(queryParams(req), ctx.clock.now());
    if (!('ids' in filter)) await checkServiceCodes(ctx.db, filter.codes);
    const rows = await findRequests(ctx.db, filter);
    return sendOpen311(reply, format, 'service_requests', rows.map((r) => presentRequest(r, baseUrl(req))));
  });

  app.get('/requests/:id.:format', docs('One service request (still a list)'), async (req, reply) => {
    const format = fmt(req);
    const id = (req.params as Params311).id ?? '';
    const rows = /^\d{1,15}$/.test(id) ? await findRequests(ctx.db, { ids: [Number(id)] }) : [];
    if (!rows.length) throw notFound311(`service_request_id ${id.slice(0, 30)} was not found`);
    return sendOpen311(reply, format, 'service_requests', rows.map((r) => presentRequest(r, baseUrl(req))));
  });

  app.get('/tokens/:token.:format', docs('The request a token stands for'), async (req, reply) => {
    const format = fmt(req);
    const token = (req.params as Params311).token ?? '';
    const row = token.length <= 100 ? await findToken(ctx.db, token) : undefined;
    if (!row) throw notFound311(`token ${token.slice(0, 40)} was not found`);
    return sendOpen311(reply, format, 'service_requests', [{ service_request_id: String(row.order_id), token: row.token }]);
  });

  app.get('/servicerequestupdates.:format', docs('FixMyStreet: public updates of requests (start_date, end_date)'), async (req, reply) => {
    const format = fmt(req);
    const rows = await findUpdates(ctx.db, readUpdatesFilter(queryParams(req), ctx.clock.now()));
    return sendOpen311(reply, format, 'service_request_updates', rows.map(presentUpdate));
  });

  app.post('/servicerequestupdates.:format', docs('FixMyStreet: post an update (api_key); one update per update_id'), async (req, reply) => {
    const format = fmt(req);
    const { p } = await postParams(req);
    const auth = await authenticate(p);
    const updateId = await postServiceRequestUpdate(ctx, auth, readPostedUpdate(p));
    return sendOpen311(reply, format, 'service_request_updates', [{ update_id: updateId }]);
  });

  // Media an Open311 client posted with its request: public, as the request is.
  app.get('/media/:id', { schema: { hide: true } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const id = (req.params as Params311).id ?? '';
    const a = /^\d{1,15}$/.test(id) ? await findPostedMedia(ctx.db, Number(id)) : undefined;
    if (!a) throw notFound311(`media ${id.slice(0, 30)} was not found`);
    reply.header('content-type', a.mime).header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff');
    return reply.send(fs.createReadStream(ctx.files.path(a.storage_key)));
  });
}
