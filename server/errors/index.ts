/** The single application error: a stable code from the catalogue, an optional field and detail. */
import { ERRORS, type ErrorBody, type ErrorCode } from '../../common/errors';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly field?: string,
    /** Extra words after the catalogue message, in both languages. */
    readonly detail?: { zh: string; en: string },
  ) {
    super(detail ? `${ERRORS[code].en}: ${detail.en}` : ERRORS[code].en);
  }

  get status(): number {
    return ERRORS[this.code].status;
  }

  body(): ErrorBody {
    const e = ERRORS[this.code];
    const zh = this.detail ? `${e.zh}：${this.detail.zh}` : e.zh;
    const en = this.detail ? `${e.en}: ${this.detail.en}` : e.en;
    return {
      error: {
        code: this.code,
        message: `${zh} / ${en}`,
        message_zh: zh,
        message_en: en,
        ...(this.field ? { field: this.field } : {}),
      },
    };
  }
}

/** Shorthand for the common "this id does not exist or is not yours" answer. */
export const notFound = (field?: string) => new AppError('not_found', field);

/** Turns a database constraint violation into a domain error, or returns null when it is not one. */
export function fromDatabaseError(err: unknown): AppError | null {
  const e = err as { code?: string; message?: string; constraint?: string; detail?: string };
  const msg = e?.message ?? '';
  // PostgreSQL SQLSTATE codes / better-sqlite3 extended codes.
  if (e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new AppError('duplicate', columnFrom(e.detail ?? msg));
  }
  if (e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AppError('unknown_reference', columnFrom(e.detail ?? ''));
  }
  if (e?.code === '23502' || e?.code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return new AppError('validation', columnFrom(msg));
  }
  // invalid_text_representation, numeric out of range, string too long, NUL / untranslatable characters.
  if (['22P02', '22003', '22001', '22021', '22P05'].includes(e?.code ?? '')) return new AppError('validation');
  return null;
}

function columnFrom(text: string): string | undefined {
  // "Key (username)=(x) already exists." or "UNIQUE constraint failed: users.username"
  const pg = /Key \(([^)]+)\)/.exec(text);
  if (pg) return pg[1];
  const lite = /failed: \w+\.(\w+)/.exec(text);
  return lite ? lite[1] : undefined;
}
