/**
 * Service requests: filing one (POST requests) through the normal createWorkOrder command, and
 * reading work orders as Open311 requests (GET requests, GET requests/{id}, GET tokens/{token}).
 */
import crypto from 'node:crypto';
import { OPEN_STATUSES, STATUSES, type Channel, type Status } from '../../common/lifecycle';
import type { SessionActor } from '../auth/actor';
import type { AppContext } from '../context';
import type { Db, Tx } from '../db';
import { AppError } from '../errors';
import { createWorkOrder } from '../work-orders/commands/create-work-order';
import { placeLabel } from '../work-orders/present';
import type { ApiKeyRow } from './api-keys';
import { badRequest, notFound311, w3c, type Node } from './format';
import { resolvePlace } from './location';
import { attributeParams, charCount, commaList, one, parseW3c, positiveInt, text, type Params } from './params';
import { findService, serviceFields } from './services';
import { openClosedOf } from './status-map';
import { describeEvent } from './updates';

const DAY = 24 * 3600_000;
export const MAX_SPAN_DAYS = 90;
export const MAX_PAGE_SIZE = 1000;

/** A file sent with a multipart POST, already sniffed. */
export interface Media {
  bytes: Buffer;
  mime: string;
  filename: string | null;
}

function limited(p: Params, name: string, max: number): string | undefined {
  const v = one(p, name);
  if (v !== undefined && charCount(v) > max) throw badRequest(`${name} is longer than ${max} characters`);
  return v;
}

function coordinate(p: Params, name: 'lat' | 'long'): number | undefined {
  const v = one(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  const max = name === 'lat' ? 90 : 180;
  if (!/^[-+]?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n) || Math.abs(n) > max) throw badRequest(`${name} must be a WGS84 ${name === 'lat' ? 'latitude' : 'longitude'} (got "${v.slice(0, 30)}")`);
  return n;
}

/** Answers to the service's questions, typed by each question's datatype; unknown codes are ignored (FixMyStreet sends its own). */
function typedAttributes(p: Params, fields: Awaited<ReturnType<typeof serviceFields>>): Record<string, unknown> {
  const given = attributeParams(p);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const a = given.get(f.code);
    if (!a || !a.values.length) continue;
    switch (f.datatype) {
      case 'multivaluelist':
        out[f.code] = a.values.flatMap((v) => (a.list ? [v] : v.split(','))).map((v) => v.trim()).filter(Boolean);
        break;
      case 'number': {
        const v = a.values[0]!.trim();
        if (!/^[-+]?\d+(\.\d+)?$/.test(v)) throw badRequest(`attribute[${f.code}] must be a number`);
        out[f.code] = Number(v);
        break;
      }
      case 'datetime':
        parseW3c(a.values[0]!, `attribute[${f.code}]`);
        out[f.code] = a.values[0]!.trim();
        break;
      default:
        out[f.code] = a.values[0]!;
    }
  }
  return out;
}

function titleFrom(p: Params, description: string, serviceName: string): string {
  const fms = attributeParams(p).get('title')?.values[0]?.trim();
  const firstLine = description.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '';
  const t = [...(fms || firstLine)].slice(0, 30).join('');
  return charCount(t) >= 2 ? t : serviceName;
}

export interface CreatedRequest {
  orderId: number;
  number: string;
  serviceNotice: string;
  accountId: string;
}

/**
 * POST requests: validates the arguments (400 / 404 as the spec says), places the request, stores
 * its media, and files it through createWorkOrder on the key's channel, in one transaction.
 */
export async function createOpen311Request(ctx: AppContext, auth: { key: ApiKeyRow; actor: SessionActor }, p: Params, media: Media[]): Promise<CreatedRequest> {
  const code = one(p, 'service_code');
  if (!code) throw badRequest('service_code was not provided');
  const lat = coordinate(p, 'lat');
  const lng = coordinate(p, 'long');
  if ((lat === undefined) !== (lng === undefined)) throw badRequest('lat and long must be sent together');
  const addressString = limited(p, 'address_string', 500);
  const addressId = limited(p, 'address_id', 50);
  if (lat === undefined && !addressString && !addressId) throw badRequest('a location is required: lat and long, address_string or address_id');
  const description = (text(p, 'description') ?? '').trim();
  if (charCount(description) > 4000) throw badRequest(`description is limited to 4000 characters (got ${charCount(description)})`);
  const email = limited(p, 'email', 200);
  const deviceId = limited(p, 'device_id', 200);
  const accountId = limited(p, 'account_id', 200);
  const firstName = limited(p, 'first_name', 50);
  const lastName = limited(p, 'last_name', 50);
  const phone = limited(p, 'phone', 30);
  const mediaUrl = limited(p, 'media_url', 2000);
  if (mediaUrl && !/^https?:\/\/\S+$/i.test(mediaUrl)) throw badRequest('media_url must be an http(s) URL');
  if (media.length > 9) throw badRequest('at most 9 media files');

  const service = await findService(ctx.db, code);
  if (!service) throw notFound311(`service_code ${code} was not found`);
  if (!service.active) throw badRequest(`service ${code} no longer takes new requests`);
  const fields = await serviceFields(ctx.db, service.id);
  const attributes = typedAttributes(p, fields);
  const stored = await Promise.all(media.map(async (m) => ({ ...m, ...(await ctx.files.put(m.bytes)) })));

  const actor = auth.actor;
  return ctx.db.transaction().execute(async (tx) => {
    const now = ctx.clock.now();
    const placeId = await resolvePlace(tx, { lat, lng, addressString, addressId });
    const attachmentIds: number[] = [];
    for (const m of stored) {
      const a = await tx
        .insertInto('attachments')
        .values({ order_id: null, event_id: null, uploader_id: actor.id, phase: 'other', mime: m.mime, size: m.bytes.length, sha256: m.sha256, storage_key: m.key, original_name: m.filename?.slice(0, 200) ?? null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      attachmentIds.push(a.id);
    }
    const cjk = /[\u3400-\u9fff]/.test(`${lastName ?? ''}${firstName ?? ''}`);
    const callerName = [cjk ? lastName : firstName, cjk ? firstName : lastName].filter(Boolean).join(cjk ? '' : ' ') || null;
    let row;
    try {
      row = await createWorkOrder(ctx, tx, actor, {
        title: titleFrom(p, description, service.name),
        description,
        categoryId: service.id,
        placeId,
        channel: auth.key.channel as Channel,
        ...(addressString ? { address: [...addressString].slice(0, 200).join('') } : {}),
        ...(lat !== undefined && lng !== undefined ? { lat, lng } : {}),
        ...(callerName ? { callerName: [...callerName].slice(0, 50).join('') } : {}),
        // The order keeps a phone only in the form the console dials; the raw value stays in open311_requests.
        ...(phone && /^[0-9+\- ]{5,20}$/.test(phone) ? { callerPhone: phone } : {}),
        attributes,
        ...(attachmentIds.length ? { attachmentIds } : {}),
      });
    } catch (err) {
      // The category's own checks (a required question unanswered, a value not among the choices).
      if (err instanceof AppError && err.status < 500) throw badRequest(`${err.field ? `${err.field.replace(/^attributes\.(.*)$/, 'attribute[$1]')}: ` : ''}${err.body().error.message_en}`);
      throw err;
    }
    const serviceNotice = `已受理，工单号 ${row.number}。Received as work order ${row.number}; the responsible unit's deadlines start when it is dispatched.`;
    await tx
      .insertInto('open311_requests')
      .values({
        order_id: row.id,
        api_key_id: auth.key.id,
        token: crypto.randomBytes(12).toString('hex'),
        service_notice: serviceNotice,
        account_id: accountId ?? null,
        email: email ?? null,
        device_id: deviceId ?? null,
        first_name: firstName ?? null,
        last_name: lastName ?? null,
        phone: phone ?? null,
        media_url: mediaUrl ?? null,
        address_string: addressString ?? null,
        address_id: addressId ?? null,
        created_at: now,
      })
      .execute();
    return { orderId: row.id, number: row.number, serviceNotice, accountId: accountId ?? '' };
  });
}

// ── reading ─────────────────────────────────────────────────────────────

export type RequestFilter =
  | { ids: number[] }
  | {
      codes: string[];
      statuses: ('open' | 'closed')[];
      start: number | null;
      end: number | null;
      updatedAfter: number | null;
      updatedBefore: number | null;
      page: number;
      pageSize: number;
    };

/**
 * The filter of GET requests. service_request_id overrides every other argument; start/end span
 * at most 90 days and default to the last 90 days (unless updated_after/updated_before is used).
 */
export function readRequestFilter(p: Params, now: number): RequestFilter {
  const ids = commaList(p, 'service_request_id');
  if (ids.length) {
    if (ids.length > MAX_PAGE_SIZE) throw badRequest(`at most ${MAX_PAGE_SIZE} service_request_id values`);
    for (const id of ids) if (!/^\d{1,15}$/.test(id)) throw badRequest(`service_request_id must be a comma list of request ids (got "${id.slice(0, 30)}")`);
    return { ids: ids.map(Number) };
  }
  const statuses = commaList(p, 'status').map((s) => s.toLowerCase());
  for (const s of statuses) if (s !== 'open' && s !== 'closed') throw badRequest(`status must be open or closed (got "${s.slice(0, 30)}")`);
  const date = (name: string) => {
    const v = one(p, name);
    return v === undefined ? null : parseW3c(v, name);
  };
  let start = date('start_date');
  let end = date('end_date');
  const updatedAfter = date('updated_after');
  const updatedBefore = date('updated_before');
  if (start !== null && end !== null && end < start) throw badRequest('end_date is before start_date');
  if (start !== null && end !== null && end - start > MAX_SPAN_DAYS * DAY) throw badRequest(`start_date to end_date may span at most ${MAX_SPAN_DAYS} days`);
  if (updatedAfter !== null && updatedBefore !== null && updatedBefore < updatedAfter) throw badRequest('updated_before is before updated_after');
  if (start === null && end === null) {
    if (updatedAfter === null && updatedBefore === null) {
      end = now;
      start = now - MAX_SPAN_DAYS * DAY;
    }
  } else if (start === null) start = end! - MAX_SPAN_DAYS * DAY;
  else if (end === null) end = start + MAX_SPAN_DAYS * DAY;
  const page = positiveInt(one(p, 'page') ?? '1', 'page', 1_000_000);
  const pageSize = positiveInt(one(p, 'page_size') ?? String(MAX_PAGE_SIZE), 'page_size', MAX_PAGE_SIZE);
  return { codes: commaList(p, 'service_code'), statuses: [...new Set(statuses)] as ('open' | 'closed')[], start, end, updatedAfter, updatedBefore, page, pageSize };
}

/** Throws 404 naming the first service_code that is no category of ours. */
export async function checkServiceCodes(db: Db, codes: string[]) {
  if (!codes.length) return;
  const found = await db.selectFrom('categories').select('code').where('code', 'in', codes).execute();
  const missing = codes.find((c) => !found.some((f) => f.code === c));
  if (missing) throw notFound311(`service_code ${missing} was not found`);
}

const CLOSED_STATUSES = STATUSES.filter((s) => !OPEN_STATUSES.includes(s));

/** Work orders as Open311 requests, newest first, with what the presenter needs. */
export async function findRequests(db: Db | Tx, f: RequestFilter) {
  let q = db
    .selectFrom('work_orders as wo')
    .innerJoin('categories as c', 'c.id', 'wo.category_id')
    .leftJoin('units as u', 'u.id', 'wo.lead_unit_id')
    .leftJoin('places as p', 'p.id', 'wo.place_id')
    .leftJoin('places as cp', 'cp.id', 'wo.compound_id')
    .leftJoin('open311_requests as r', 'r.order_id', 'wo.id')
    .select([
      'wo.id',
      'wo.number',
      'wo.status',
      'wo.title',
      'wo.description',
      'wo.address',
      'wo.place_id',
      'wo.lat',
      'wo.lng',
      'wo.received_at',
      'wo.updated_at',
      'wo.resolution_due_at',
      'c.code as service_code',
      'c.name as service_name',
      'u.name as lead_unit_name',
      'p.name as place_name',
      'p.lat as place_lat',
      'p.lng as place_lng',
      'cp.name as compound_name',
      'r.service_notice',
      'r.media_url',
    ])
    .select((eb) =>
      eb
        .selectFrom('order_events as e')
        .select((e2) => e2.fn.max('e.id').as('m'))
        .whereRef('e.order_id', '=', 'wo.id')
        .where('e.public', '=', 1)
        .where('e.action', '!=', 'create')
        .as('last_public_event_id'),
    );
  if ('ids' in f) {
    q = q.where('wo.id', 'in', f.ids.length ? f.ids : [0]);
  } else {
    if (f.codes.length) q = q.where('c.code', 'in', f.codes);
    if (f.statuses.length === 1) q = q.where('wo.status', 'in', f.statuses[0] === 'open' ? [...OPEN_STATUSES] : CLOSED_STATUSES);
    // Served by wo_received (requested-time window) or wo_updated (updated_after polling).
    if (f.start !== null) q = q.where('wo.received_at', '>=', f.start);
    if (f.end !== null) q = q.where('wo.received_at', '<=', f.end);
    if (f.updatedAfter !== null) q = q.where('wo.updated_at', '>', f.updatedAfter);
    if (f.updatedBefore !== null) q = q.where('wo.updated_at', '<', f.updatedBefore);
    q = q.limit(f.pageSize).offset((f.page - 1) * f.pageSize);
  }
  const rows = await q.orderBy('wo.received_at', 'desc').orderBy('wo.id', 'desc').execute();
  if (!rows.length) return [];
  const orderIds = rows.map((r) => r.id);
  const eventIds = rows.map((r) => r.last_public_event_id).filter((x): x is number => x !== null && x !== undefined).map(Number);
  const [events, media] = await Promise.all([
    eventIds.length ? db.selectFrom('order_events').select(['id', 'action', 'payload_json']).where('id', 'in', eventIds).execute() : [],
    // Files an Open311 client posted with its request (served publicly at media/{id}).
    db
      .selectFrom('attachments as a')
      .innerJoin('api_keys as k', 'k.user_id', 'a.uploader_id')
      .select(['a.id', 'a.order_id'])
      .where('a.order_id', 'in', orderIds)
      .orderBy('a.id')
      .execute(),
  ]);
  return rows.map((r) => {
    const ev = events.find((e) => e.id === Number(r.last_public_event_id));
    return {
      ...r,
      status_notes: ev ? describeEvent(ev.action, ev.payload_json ? (JSON.parse(ev.payload_json) as Record<string, unknown>) : {}) : '',
      media_id: media.find((m) => m.order_id === r.id)?.id ?? null,
    };
  });
}

export type RequestRow = Awaited<ReturnType<typeof findRequests>>[number];

/** `<request>` with every documented field, in the spec's order; empty where we know nothing. */
export function presentRequest(r: RequestRow, baseUrl: string): Node {
  const lat = r.lat ?? r.place_lat;
  const lng = r.lng ?? r.place_lng;
  return {
    service_request_id: String(r.id),
    status: openClosedOf(r.status as Status),
    status_notes: r.status_notes,
    service_name: r.service_name,
    service_code: r.service_code,
    description: r.description || r.title,
    agency_responsible: r.lead_unit_name ?? '',
    service_notice: r.service_notice ?? '',
    requested_datetime: w3c(r.received_at),
    updated_datetime: w3c(r.updated_at),
    expected_datetime: r.resolution_due_at === null ? '' : w3c(r.resolution_due_at),
    address: r.address ?? placeLabel(r.compound_name, r.place_name),
    address_id: String(r.place_id),
    zipcode: '',
    lat: lat ?? '',
    long: lng ?? '',
    media_url: r.media_url ?? (r.media_id ? `${baseUrl}/media/${r.media_id}` : ''),
  };
}

/** The request a token was issued for, or undefined. */
export async function findToken(db: Db, token: string) {
  return db.selectFrom('open311_requests').select(['order_id', 'token']).where('token', '=', token).executeTakeFirst();
}

/** An attachment an Open311 client posted (public, like the request itself), or undefined. */
export async function findPostedMedia(db: Db, id: number) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('api_keys as k', 'k.user_id', 'a.uploader_id')
    .select(['a.id', 'a.mime', 'a.storage_key'])
    .where('a.id', '=', id)
    .where('a.order_id', 'is not', null)
    .executeTakeFirst();
}

