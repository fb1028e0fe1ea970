/** The Fastify instance type and the one error handler that turns every failure into the error shape. */
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, fromDatabaseError } from './errors';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: { requiredProperties?: string[]; missingProperty?: string; additionalProperties?: string[] };
}

/** 'body.title' style field name from a schema validation issue. */
function fieldOf(issue: ValidationIssue | undefined): string | undefined {
  if (!issue) return undefined;
  const path = (issue.instancePath ?? '').split('/').filter(Boolean).join('.');
  const missing = issue.params?.requiredProperties?.[0] ?? issue.params?.missingProperty ?? issue.params?.additionalProperties?.[0];
  return [path, missing].filter(Boolean).join('.') || undefined;
}

export function toAppError(err: FastifyError | Error): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError & { validation?: ValidationIssue[] };
  if (fe.validation) {
    const issue = fe.validation[0];
    const field = fieldOf(issue);
    const what = `${field ?? fe.validationContext ?? ''} ${issue?.message ?? ''}`.trim();
    return new AppError('validation', field, { zh: what, en: what });
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
      return new AppError('payload_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('unsupported_media');
  }
  if (fe instanceof SyntaxError) return new AppError('malformed_json');
  const db = fromDatabaseError(err);
  if (db) return db;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return new AppError('bad_request', undefined, { zh: fe.message, en: fe.message });
  return new AppError('internal');
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const e = toAppError(err);
  if (e.status >= 500) req.log.error({ err }, 'unhandled error');
  else req.log.info({ code: e.code, field: e.field }, 'request refused');
  return reply.code(e.status).send(e.body());
}
