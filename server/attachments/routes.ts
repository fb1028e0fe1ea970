/** Upload a photo (type sniffed, size-limited) and download it only if you may see its order. */
import fs from 'node:fs';
import { Type } from 'typebox';
import { AttachmentDto, ErrorSchema, IdParams } from '../../common/api';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError, notFound } from '../errors';
import type { App } from '../http';
import { orderScope } from '../work-orders/queries';
import { sniffMime } from './store';

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
      if (!req.isMultipart()) throw new AppError('unsupported_media', 'file');
      const file = await req.file({ limits: { fileSize: ctx.config.maxUploadBytes, files: 1 } });
      if (!file) throw new AppError('validation', 'file', { zh: '缺少文件', en: 'no file' });
      const bytes = await file.toBuffer();
      if (file.file.truncated) throw new AppError('payload_too_large', 'file');
      const mime = sniffMime(bytes);
      if (!mime) throw new AppError('unsupported_media', 'file', { zh: '仅支持 JPEG/PNG/GIF/WebP/HEIC/PDF', en: 'JPEG, PNG, GIF, WebP, HEIC or PDF only' });
      const { key, sha256 } = await ctx.files.put(bytes);
      const now = ctx.clock.now();
      const row = await ctx.db
        .insertInto('attachments')
        .values({ order_id: null, event_id: null, uploader_id: actor.id, phase: 'other', mime, size: bytes.length, sha256, storage_key: key, original_name: file.filename?.slice(0, 200) ?? null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      reply.code(201);
      return { id: row.id, phase: 'other', mime, size: bytes.length, url: `/api/attachments/${row.id}`, originalName: file.filename ?? null, createdAt: new Date(now).toISOString() };
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
        if (actor.role === 'resident' && a.event_id !== null) {
          const ev = await ctx.db.selectFrom('order_events').select('public').where('id', '=', a.event_id).executeTakeFirst();
          if (!ev?.public) throw notFound('id');
        }
      }
      reply.header('content-type', a.mime).header('cache-control', 'private, max-age=3600').header('x-content-type-options', 'nosniff');
      return reply.send(fs.createReadStream(ctx.files.path(a.storage_key)));
    },
  );
}
