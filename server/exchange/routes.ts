/** Ledger export (xlsx/csv, the list's filters, masked phones) and import with a row-by-row report. */
import { PassThrough } from 'node:stream';
import { Type } from 'typebox';
import { ErrorSchema, ListOrdersQuery } from '../../common/api';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { App } from '../http';
import { openExport } from './export';
import { importLedger, readLedger } from './import';

const ImportReport = Type.Object({
  total: Type.Integer(),
  imported: Type.Integer(),
  skipped: Type.Integer({ description: 'rows whose order number is already in the database' }),
  errors: Type.Array(Type.Object({ row: Type.Integer(), column: Type.String(), message_zh: Type.String(), message_en: Type.String() })),
});

export function exchangeRoutes(app: App, ctx: AppContext) {
  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/api/work-orders/export.${format}`,
      {
        schema: {
          tags: ['exchange'],
          summary: `Export the orders you see as a ledger (${format}); same filters as the list`,
          querystring: ListOrdersQuery,
          response: { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        authorize(actor, 'orders.export');
        const ledger = await openExport(ctx.db, ctx.engine, actor, req.query); // bad filters: a 4xx, before any byte
        const stream = new PassThrough();
        const stamp = new Date(ctx.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
        reply
          .header(
            'content-type',
            format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
          )
          .header(
            'content-disposition',
            `attachment; filename="orders-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(`工单台账-${stamp}.${format}`)}`,
          );
        ledger.write(format, stream).catch((err: unknown) => {
          // Headers are gone by now: the only honest signal left is to break the download.
          req.log.error({ err }, 'export failed');
          stream.destroy(err as Error);
        });
        return reply.send(stream as never);
      },
    );
  }

  app.post(
    '/api/work-orders/import',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Import a historical ledger (multipart field "file", .xlsx or .csv); bad rows are reported, never half-imported',
        consumes: ['multipart/form-data'],
        response: { 200: ImportReport, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.import');
      if (!req.isMultipart()) throw new AppError('unsupported_media', 'file');
      const file = await req.file({ limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
      if (!file) throw new AppError('validation', 'file', { zh: '缺少文件', en: 'no file' });
      const bytes = await file.toBuffer();
      if (file.file.truncated) throw new AppError('payload_too_large', 'file');
      const isZip = bytes.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004';
      const format = isZip ? 'xlsx' : /\.csv$/i.test(file.filename ?? '') || !bytes.includes(0) ? 'csv' : null;
      if (!format) throw new AppError('unsupported_media', 'file', { zh: '仅支持 .xlsx 或 .csv', en: '.xlsx or .csv only' });
      let rows;
      try {
        rows = await readLedger(bytes, format);
      } catch {
        throw new AppError('validation', 'file', { zh: '无法读取文件', en: 'the file cannot be read' });
      }
      return importLedger(ctx.db, actor, rows, { cal: await ctx.calendar.get(), now: ctx.clock.now() });
    },
  );
}
