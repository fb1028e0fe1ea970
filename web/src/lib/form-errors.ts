/** Puts an API error where the user looks: under the form field it names, else in a message. */
import type { FormInstance } from 'antd';
import { ApiError } from './api';
import type { Lang } from './i18n';

/**
 * Shows the error under its field when the form has that field (after mapping API names such as
 * "placeId" to form names via `aliases`); returns the text when it could not be attached, so the
 * caller shows it elsewhere.
 */
export function applyFormError(form: FormInstance, err: unknown, lang: Lang, aliases: Record<string, string | (string | number)[]> = {}): string | null {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const text = err.text(lang);
  if (!err.field) return text;
  const raw = err.field.replace(/^body\./, '');
  const top = raw.split('.')[0]!;
  const candidates = [aliases[raw], aliases[top], raw.split('.'), top].filter(Boolean) as (string | (string | number)[])[];
  for (const name of candidates) {
    const path = Array.isArray(name) ? name : [name];
    if (fieldExists(form, path)) {
      form.setFields([{ name: path, errors: [text] }]);
      form.scrollToField(path);
      return null;
    }
  }
  return text;
}

/** Whether the form has a registered field at this path. */
function fieldExists(form: FormInstance, path: (string | number)[]): boolean {
  return form.getFieldsError().some((f) => f.name.length === path.length && f.name.every((p, i) => p === path[i]));
}
