/** Checks a category's extra questions (typed answers) against their definitions. */
import type { Tx } from '../db';
import { AppError } from '../errors';
import type { Selectable } from 'kysely';
import type { CategoryFieldsTable } from '../db/schema';

const bad = (code: string, zh: string, en: string) => new AppError('validation', `attributes.${code}`, { zh, en });

export async function validateAttributes(tx: Tx, categoryId: number, given: Record<string, unknown>): Promise<Record<string, unknown>> {
  return checkAttributes(await tx.selectFrom('category_fields').selectAll().where('category_id', '=', categoryId).execute(), given);
}

/** The answers checked against the category's questions (`fields`); throws a 400 naming the question. */
export function checkAttributes(fields: readonly Selectable<CategoryFieldsTable>[], given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const code of Object.keys(given)) {
    if (!fields.some((f) => f.code === code)) throw bad(code, `没有此问题 ${code}`, `no such question ${code}`);
  }
  for (const f of fields) {
    const v = given[f.code];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (f.required) throw bad(f.code, `${f.label} 必填`, `${f.label_en} is required`);
      continue;
    }
    const keys = f.values_json ? (JSON.parse(f.values_json) as { key: string }[]).map((x) => x.key) : [];
    switch (f.datatype) {
      case 'string':
      case 'text':
        if (typeof v !== 'string' || v.length > (f.datatype === 'string' ? 200 : 4000)) throw bad(f.code, `${f.label} 应为文字`, `${f.label_en} must be text`);
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(f.code, `${f.label} 应为数字`, `${f.label_en} must be a number`);
        break;
      case 'datetime':
        if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw bad(f.code, `${f.label} 应为时间`, `${f.label_en} must be a date-time`);
        break;
      case 'singlevaluelist':
        if (typeof v !== 'string' || !keys.includes(v)) throw bad(f.code, `${f.label} 的选项无效`, `${f.label_en}: not one of the choices`);
        break;
      case 'multivaluelist':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && keys.includes(x))) {
          throw bad(f.code, `${f.label} 的选项无效`, `${f.label_en}: not among the choices`);
        }
        break;
      default:
        throw new Error(`unknown datatype ${f.datatype}`);
    }
    out[f.code] = v;
  }
  return out;
}
