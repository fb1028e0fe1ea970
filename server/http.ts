/** The Fastify instance type, request validation, and the one error handler that turns every failure into the error shape. */
import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaCompiler,
  FastifySchemaValidationError,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import Format from 'typebox/format';
import { Value } from 'typebox/value';
import { AppError, fromDatabaseError } from './errors';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: {
    requiredProperties?: string[];
    missingProperty?: string;
    additionalProperties?: string[];
    allowedValue?: unknown;
    type?: string;
    limit?: number;
    format?: string;
  };
}

/** A decimal integer or number as a URL carries it: no exponent, hex, Infinity or blanks. */
const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * Params, query and headers arrive as text and are converted before the check. TypeBox's
 * conversion is lenient ('1.5' → 1, '1e3' → 1000, '0x10' → 16); a number given in any form but
 * plain decimal digits is refused here instead, so /api/work-orders/1.5 is not order 1.
 */
function looseNumbers(schema: TSchema, value: unknown): FastifySchemaValidationError | null {
  const props = (schema as { properties?: Record<string, { type?: unknown }> }).properties;
  if (!props || typeof value !== 'object' || value === null) return null;
  for (const [key, prop] of Object.entries(props)) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v !== 'string') continue;
    if ((prop.type === 'integer' && !INTEGER_TEXT.test(v)) || (prop.type === 'number' && !NUMBER_TEXT.test(v))) {
      return { keyword: 'type', instancePath: `/${key}`, schemaPath: `#/properties/${key}`, params: { type: prop.type }, message: `must be ${prop.type}` };
    }
  }
  return null;
}

// RFC 3339 allows a leap second (23:59:60) that Date.parse cannot read; it would reach the
// database as NaN. Every date-time the API accepts must be one JavaScript can hold.
Format.Set('date-time', (v) => Format.IsDateTime(v) && !Number.isNaN(Date.parse(v)));

/** TypeBox validation for every route schema, with strict number parsing of params, query and headers. */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  return (value) => {
    if (httpPart !== 'body') {
      const loose = looseNumbers(schema, value);
      if (loose) return { error: [loose] };
    }
    const converted = httpPart === 'body' ? value : Value.Convert(schema, value);
    if (check.Check(converted)) return { value: converted };
    return { error: check.Errors(converted) as FastifySchemaValidationError[] };
  };
};

/** The path of the first string (or key) holding U+0000, as 'attributes.x'; null when none. */
export function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'body' : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return [...path, k].join('.');
    const hit = nulPath(v, [...path, k]);
    if (hit) return hit;
  }
  return null;
}

/**
 * preValidation hook: text with a NUL character is refused on both engines alike (PostgreSQL
 * cannot store it in text columns and would answer with a server error; SQLite would keep it).
 */
export async function rejectNulCharacters(req: FastifyRequest) {
  const field = nulPath(req.params) ?? nulPath(req.query) ?? nulPath(req.body);
  if (field) throw new AppError('validation', field, { zh: '含有不允许的空字符 (U+0000)', en: 'contains a NUL character (U+0000)' });
}

/** 'title' or 'attributes.leak_location' style field name from a schema validation issue. */
function fieldOf(issue: ValidationIssue | undefined): string | undefined {
  if (!issue) return undefined;
  const path = (issue.instancePath ?? '').split('/').filter(Boolean).join('.');
  const missing = issue.params?.requiredProperties?.[0] ?? issue.params?.missingProperty ?? issue.params?.additionalProperties?.[0];
  return [path, missing].filter(Boolean).join('.') || undefined;
}

const TYPE_ZH: Record<string, string> = { integer: '整数', number: '数字', string: '文字', boolean: '布尔值 (true/false)', object: '对象', array: '数组', null: '空值' };

/** What is wrong with the field, in both languages, from the first issue (and its siblings for enums). */
function describe(field: string, issues: ValidationIssue[]): { zh: string; en: string } {
  const issue = issues[0]!;
  const p = issue.params ?? {};
  switch (issue.keyword) {
    case 'required':
      return { zh: `缺少必填项 ${field}`, en: `${field} is required` };
    case 'const': {
      // A union of literals reports one issue per allowed value at the same path.
      const allowed = issues.filter((i) => i.keyword === 'const' && i.instancePath === issue.instancePath).map((i) => String(i.params?.allowedValue));
      return { zh: `${field} 应为以下之一：${allowed.join(', ')}`, en: `${field} must be one of: ${allowed.join(', ')}` };
    }
    case 'type':
      return { zh: `${field} 应为${TYPE_ZH[String(p.type)] ?? p.type}`, en: `${field} must be ${p.type}` };
    case 'minimum':
      return { zh: `${field} 应不小于 ${p.limit}`, en: `${field} must be >= ${p.limit}` };
    case 'maximum':
      return { zh: `${field} 应不大于 ${p.limit}`, en: `${field} must be <= ${p.limit}` };
    case 'minLength':
      return { zh: `${field} 至少 ${p.limit} 个字符`, en: `${field} must have at least ${p.limit} characters` };
    case 'maxLength':
      return { zh: `${field} 最多 ${p.limit} 个字符`, en: `${field} must have at most ${p.limit} characters` };
    case 'maxItems':
      return { zh: `${field} 最多 ${p.limit} 项`, en: `${field} must have at most ${p.limit} items` };
    case 'format':
      return { zh: `${field} 格式应为 ${p.format}`, en: `${field} must be a ${p.format}` };
    case 'pattern':
      return { zh: `${field} 格式不正确`, en: `${field} has the wrong format` };
    default: {
      const what = `${field} ${issue.message ?? ''}`.trim();
      return { zh: what, en: what };
    }
  }
}

export function toAppError(err: FastifyError | Error): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError & { validation?: ValidationIssue[] };
  if (fe.validation) {
    // No path means the whole part is wrong (e.g. a body that is not an object): name the part.
    const field = fieldOf(fe.validation[0]) ?? fe.validationContext ?? 'body';
    return new AppError('validation', field, fe.validation.length ? describe(field, fe.validation) : undefined);
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_json', 'body');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'body', { zh: '请求体超过上限', en: 'the request body is over the limit' });
    case 'FST_ERR_BAD_URL':
      return new AppError('bad_request', 'url', { zh: '网址中的编码不正确', en: 'the URL is not validly encoded' });
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('payload_too_large', 'file');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('unsupported_media', 'content-type');
  }
  // secure-json-parse refuses __proto__ / constructor.prototype keys with a SyntaxError.
  if (fe instanceof SyntaxError) return new AppError('malformed_json', 'body');
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
