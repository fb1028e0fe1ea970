/**
 * Categories as Open311 services: every leaf category is a service, its parent's name is the
 * group, its keywords are the service keywords, and its extra questions (category_fields) are the
 * attributes of its service definition.
 */
import type { Db } from '../db';
import type { Node } from './format';

type FieldRow = { code: string; label: string; label_en: string; datatype: string; required: number; values_json: string | null; description: string | null; sort: number };

/** Leaf categories (no child categories), active ones first in their tree order, with their group and whether they have questions. */
export async function listServices(db: Db) {
  return db
    .selectFrom('categories as c')
    .leftJoin('categories as p', 'p.id', 'c.parent_id')
    .select(['c.id', 'c.code', 'c.name', 'c.name_en', 'c.keywords', 'c.active', 'p.name as group_name'])
    .select((eb) => eb.exists(eb.selectFrom('category_fields as f').select('f.id').whereRef('f.category_id', '=', 'c.id')).as('has_fields'))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('categories as ch').select('ch.id').whereRef('ch.parent_id', '=', 'c.id'))))
    .orderBy('c.sort')
    .orderBy('c.id')
    .execute();
}

export type ServiceRow = Awaited<ReturnType<typeof listServices>>[number];

/** A leaf category by service code, or undefined. */
export async function findService(db: Db, code: string): Promise<ServiceRow | undefined> {
  const all = await listServices(db);
  return all.find((s) => s.code === code);
}

export async function serviceFields(db: Db, categoryId: number): Promise<FieldRow[]> {
  return db
    .selectFrom('category_fields')
    .select(['code', 'label', 'label_en', 'datatype', 'required', 'values_json', 'description', 'sort'])
    .where('category_id', '=', categoryId)
    .orderBy('sort')
    .orderBy('id')
    .execute();
}

/** `<service>`: keywords comma-separated; FixMyStreet reads the keyword "inactive" as "no new reports". */
export function presentService(s: ServiceRow): Node {
  const keywords = s.keywords.split(/\s+/).filter(Boolean);
  if (!s.active) keywords.push('inactive');
  return {
    service_code: s.code,
    service_name: s.name,
    description: `${s.name} (${s.name_en})`,
    metadata: Boolean(s.has_fields),
    type: 'realtime',
    keywords: keywords.join(', '),
    group: s.group_name ?? '',
  };
}

const DATATYPE_HINTS: Record<string, string> = {
  string: 'A line of text (up to 200 characters) / 单行文字',
  number: 'A number, e.g. 17.5 / 数字',
  datetime: 'A W3C datetime with a zone, e.g. 2026-11-16T09:00:00+08:00 / 日期时间',
  text: 'Free text, line breaks allowed (up to 4000 characters) / 多行文字',
  singlevaluelist: 'One key from values, sent as attribute[code]=key / 单选',
  multivaluelist: 'Any keys from values, each sent as attribute[code][]=key / 多选',
};

/** `<service_definition>`: every question as an attribute, `order` from 1 in the form's order. */
export function presentDefinition(code: string, fields: FieldRow[]): Node {
  return {
    service_code: code,
    attributes: fields.map((f, i) => ({
      variable: true,
      code: f.code,
      datatype: f.datatype,
      required: f.required === 1,
      datatype_description: DATATYPE_HINTS[f.datatype] ?? '',
      order: i + 1,
      description: [`${f.label} (${f.label_en})`, f.description].filter(Boolean).join(' — '),
      values: f.values_json ? (JSON.parse(f.values_json) as { key: string; name: string }[]).map((v) => ({ key: String(v.key), name: v.name })) : [],
    })),
  };
}
