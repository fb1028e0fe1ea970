/** The category tree: deadlines (SLA) per priority and typed extra questions asked on intake. */
import { parseLimit } from '../../../common/calendar';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import { AppError, notFound } from '../../errors';
import { presentCategory } from '../present';
import { categoryParent, findCategory, findUnitKind, loadCategory, type LoadedCategory } from '../queries';
import { LIST_DATATYPES, type CreateCategoryInput, type FieldInput, type SlaInput, type UpdateCategoryInput } from '../schema';
import { recordAudit } from './record-audit';

const invalid = (field: string, zh: string, en: string) => new AppError('validation', field, { zh, en });

/** Every limit must parse ('30m', '24h', '7wd'); their order (sign-off ≤ response ≤ resolution) is the administrator's call. */
function checkSla(sla: SlaInput) {
  for (const [priority, limits] of Object.entries(sla)) {
    if (!limits) continue;
    for (const [kind, text] of Object.entries(limits)) {
      if (!parseLimit(text))
        throw invalid(`sla.${priority}.${kind}`, `时限“${text}”无效，应如 30m、24h、7wd`, `limit "${text}" is not like 30m, 24h or 7wd`);
    }
  }
}

/** Codes unique within the category; list questions need their choices, other questions have none. */
function checkFields(fields: readonly FieldInput[]) {
  const codes = new Set<string>();
  fields.forEach((f, i) => {
    if (codes.has(f.code)) throw invalid(`fields.${i}.code`, `问题代码 ${f.code} 重复`, `question code ${f.code} appears twice`);
    codes.add(f.code);
    const values = f.values ?? [];
    if (LIST_DATATYPES.includes(f.datatype)) {
      if (!values.length) throw invalid(`fields.${i}.values`, '选项类问题需要选项', 'a list question needs its choices');
      const keys = new Set(values.map((v) => v.key));
      if (keys.size !== values.length) throw invalid(`fields.${i}.values`, '选项键重复', 'choice keys must be unique');
    } else if (values.length) {
      throw invalid(`fields.${i}.values`, '只有选项类问题可以有选项', 'only list questions have choices');
    }
  });
}

async function checkReferences(
  tx: Tx,
  input: { parentId?: number | null | undefined; defaultUnitKind?: string | null | undefined },
  selfId?: number,
) {
  if (input.parentId !== undefined && input.parentId !== null) {
    if (!(await findCategory(tx, input.parentId))) throw new AppError('unknown_reference', 'parentId');
    // Walk up from the new parent: meeting the category itself would make the tree a loop.
    for (let at: number | null = input.parentId, depth = 0; at !== null && depth < 100; at = await categoryParent(tx, at), depth++) {
      if (at === selfId)
        throw invalid('parentId', '不能把分类移到它自己或其下级之下', 'a category cannot go under itself or its descendants');
    }
  }
  if (input.defaultUnitKind !== undefined && input.defaultUnitKind !== null && !(await findUnitKind(tx, input.defaultUnitKind))) {
    throw new AppError('unknown_reference', 'defaultUnitKind');
  }
}

async function writeSla(tx: Tx, categoryId: number, sla: SlaInput) {
  await tx.deleteFrom('category_sla').where('category_id', '=', categoryId).execute();
  const rows = Object.entries(sla)
    .filter(([, l]) => l)
    .map(([priority, l]) => ({ category_id: categoryId, priority, signoff: l!.signoff, response: l!.response, resolution: l!.resolution }));
  if (rows.length) await tx.insertInto('category_sla').values(rows).execute();
}

async function writeFields(tx: Tx, categoryId: number, fields: readonly FieldInput[]) {
  // Answers already given live on the orders (attributes_json) keyed by code, so replacing the definitions loses nothing.
  await tx.deleteFrom('category_fields').where('category_id', '=', categoryId).execute();
  if (!fields.length) return;
  await tx
    .insertInto('category_fields')
    .values(
      fields.map((f, i) => ({
        category_id: categoryId,
        code: f.code,
        label: f.label.trim(),
        label_en: f.labelEn.trim(),
        datatype: f.datatype,
        required: f.required ? 1 : 0,
        values_json: f.values?.length ? JSON.stringify(f.values.map((v) => ({ key: v.key, name: v.name }))) : null,
        description: f.description ?? null,
        sort: i,
      })),
    )
    .execute();
}

const keywordText = (k: readonly string[]) =>
  k
    .map((w) => w.trim().replace(/\s+/g, ''))
    .filter(Boolean)
    .join(' ');

/** Adds a category (code unique) with its deadlines and questions. */
export async function createCategory(ctx: AppContext, tx: Tx, actor: SessionActor, input: CreateCategoryInput): Promise<LoadedCategory> {
  checkSla(input.sla ?? {});
  checkFields(input.fields ?? []);
  await checkReferences(tx, input);
  const { id } = await tx
    .insertInto('categories')
    .values({
      code: input.code,
      parent_id: input.parentId ?? null,
      name: input.name.trim(),
      name_en: input.nameEn.trim(),
      kind: input.kind,
      default_unit_kind: input.defaultUnitKind ?? null,
      keywords: keywordText(input.keywords ?? []),
      active: 1,
      sort: input.sort ?? 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeSla(tx, id, input.sla ?? {});
  await writeFields(tx, id, input.fields ?? []);
  const after = (await loadCategory(tx, id))!;
  await recordAudit(tx, {
    actor,
    action: 'category.create',
    entity: 'category',
    entityId: id,
    before: null,
    after: presentCategory(after),
    at: ctx.clock.now(),
  });
  return after;
}

/** Changes what is given; `sla` and `fields`, when given, replace the whole set. */
export async function updateCategory(
  ctx: AppContext,
  tx: Tx,
  actor: SessionActor,
  id: number,
  input: UpdateCategoryInput,
  action = 'category.update',
): Promise<LoadedCategory> {
  const before = await loadCategory(tx, id);
  if (!before) throw notFound('id');
  if (input.sla) checkSla(input.sla);
  if (input.fields) checkFields(input.fields);
  await checkReferences(tx, input, id);
  const set = {
    ...(input.code !== undefined ? { code: input.code } : {}),
    ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.nameEn !== undefined ? { name_en: input.nameEn.trim() } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.defaultUnitKind !== undefined ? { default_unit_kind: input.defaultUnitKind } : {}),
    ...(input.keywords !== undefined ? { keywords: keywordText(input.keywords) } : {}),
    ...(input.sort !== undefined ? { sort: input.sort } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
  };
  if (Object.keys(set).length) await tx.updateTable('categories').set(set).where('id', '=', id).execute();
  if (input.sla) await writeSla(tx, id, input.sla);
  if (input.fields) await writeFields(tx, id, input.fields);
  const after = (await loadCategory(tx, id))!;
  await recordAudit(tx, {
    actor,
    action,
    entity: 'category',
    entityId: id,
    before: presentCategory(before),
    after: presentCategory(after),
    at: ctx.clock.now(),
  });
  return after;
}

/** Stops new orders in a category; existing orders and its subcategories are untouched. */
export function deactivateCategory(ctx: AppContext, tx: Tx, actor: SessionActor, id: number): Promise<LoadedCategory> {
  return updateCategory(ctx, tx, actor, id, { active: false }, 'category.deactivate');
}
