/** Upload a photo (type sniffed, size-limited) and download it only if you may see its order. */
import fs from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AttachmentDto, ErrorSchema, IdParams } from '../../common/api';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError, notFound } from '../errors';
import type { App } from '../http';
import { orderScope, residentVisibleEventIds } from '../work-orders';
import { sniffMime } from './store';

/** The first file of a multipart upload, whole; a broken form is the client's fault (400), not ours. */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ bytes: Buffer; filename: string | undefined }> {
  try {
    const file = await req.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (!file) throw new AppError('validation', 'file', { zh: '缺少文件', en: 'no file' });
    const bytes = await file.toBuffer();
    if (file.file.truncated) throw new AppError('payload_too_large', 'file');
    return { bytes, filename: file.filename };
  } catch (err) {
    // AppErrors and the multipart plugin's own limit errors (FST_*) carry their answer already.
    if (err instanceof AppError || /^FST_/.test(String((err as { code?: unknown }).code))) throw err;
    throw new AppError('validation', 'file', { zh: '上传内容格式不正确', en: 'the multipart body is malformed' });
  }
}

/** The name as the client gave it, without control characters (PostgreSQL refuses NUL), at most 200 characters. */
export function cleanFilename(name: string | undefined): string | null {
  const clean = [...(name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim()].slice(0, 200).join('');
  return clean || null;
}

export function attachmentRoutes(app: App, ctx: AppContext) {
  app.post(
    '/api/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Upload one file (multipart field "file"); link it by id when creating or replying',
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentDto, 400: ErrorSchema, 401: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      authorize(actor, 'attachments.upload');
      if (!req.isMultipart()) throw new AppError('unsupported_media', 'content-type', { zh: '请用 multipart/form-data 上传', en: 'upload as multipart/form-data' });
      const { bytes, filename } = await readUpload(req, ctx.config.maxUploadBytes);
      const mime = sniffMime(bytes);
      if (!mime) throw new AppError('unsupported_media', 'file', { zh: '仅支持 JPEG/PNG/GIF/WebP/HEIC/PDF', en: 'JPEG, PNG, GIF, WebP, HEIC or PDF only' });
      const { key, sha256 } = await ctx.files.put(bytes);
      const now = ctx.clock.now();
      const originalName = cleanFilename(filename);
      const row = await ctx.db
        .insertInto('attachments')
        .values({ order_id: null, event_id: null, uploader_id: actor.id, phase: 'other', mime, size: bytes.length, sha256, storage_key: key, original_name: originalName, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      reply.code(201);
      return { id: row.id, phase: 'other', mime, size: bytes.length, url: `/api/attachments/${row.id}`, originalName, createdAt: new Date(now).toISOString() };
    },
  );

  app.get(
    '/api/attachments/:id',
    { schema: { tags: ['attachments'], summary: 'Download a file you may see', params: IdParams, response: { 200: Type.Unknown(), 401: ErrorSchema, 404: ErrorSchema } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const a = await ctx.db.selectFrom('attachments').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!a) throw notFound('id');
      if (a.order_id === null) {
        if (a.uploader_id !== actor.id) throw notFound('id');
      } else {
        // Same scope as the order itself, in SQL.
        const visible = await ctx.db.selectFrom('work_orders as wo').select('wo.id').where('wo.id', '=', a.order_id).where(orderScope(actor)).executeTakeFirst();
        if (!visible) throw notFound('id');
        // Residents see only what their public timeline shows.
        if (actor.role === 'resident' && a.event_id !== null && !(await residentVisibleEventIds(ctx.db, a.order_id)).has(a.event_id)) {
          throw notFound('id');
        }
      }
      reply.header('content-type', a.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
      return reply.send(fs.createReadStream(ctx.files.path(a.storage_key)));
    },
  );
}
