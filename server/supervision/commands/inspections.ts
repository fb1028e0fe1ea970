/**
 * Inspections (检查): templates, plans (a seeded random sample, or the 回头看 list), recording the
 * check points, and the 检查-整改-复查 loop — each failure becomes a ledger entry with a deadline,
 * the recheck closes it (销号) or sends it back.
 */
import type { SessionActor } from '../../auth/actor';
import type { Tx } from '../../db';
import { AppError } from '../../errors';
import {
  compoundsByIds,
  compoundsUnder,
  findTemplate,
  inspectionChecks,
  placeAncestry,
  placeWithinActor,
  propertyCompanyOf,
  templateByCode,
  templateItems,
} from '../queries';
import { drawSample, newSeed } from '../sampling';
import { createLedgerEntry, requireClaimable, transitionLedgerEntry } from './ledger';
import { recordSupervisionEvent } from './record-event';

const DAY = 24 * 3600_000;
/** How long a failure has to be rectified unless the inspector says otherwise. */
export const DEFAULT_RECTIFY_DAYS = 7;

export interface TemplateInput {
  name: string;
  description?: string;
  items: { item: string; criterion: string; weight: number }[];
}

/** A checklist template: items × criteria, each with a weight. */
export async function createTemplate(tx: Tx, actor: SessionActor, now: number, input: TemplateInput) {
  const t = await tx
    .insertInto('inspection_templates')
    .values({ code: null, name: input.name.trim(), description: input.description?.trim() ?? '', created_by: actor.id, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('inspection_template_items')
    .values(
      input.items.map((it, i) => ({
        template_id: t.id,
        position: i + 1,
        item: it.item.trim(),
        criterion: it.criterion.trim(),
        weight: it.weight,
      })),
    )
    .execute();
  await recordSupervisionEvent(tx, actor, now, 'template', t.id, 'create', { items: input.items.length });
  return t;
}

async function insertPlan(
  tx: Tx,
  actor: SessionActor | null,
  now: number,
  plan: {
    templateId: number;
    name: string;
    kind: 'sample' | 'look_back';
    period: string;
    seed: string | null;
    sampleSize: number | null;
    scopePlaceId: number | null;
  },
  compounds: { id: number; street_id: number | null; community_id: number | null }[],
) {
  const row = await tx
    .insertInto('inspection_plans')
    .values({
      template_id: plan.templateId,
      name: plan.name.trim(),
      kind: plan.kind,
      period: plan.period,
      seed: plan.seed,
      sample_size: plan.sampleSize,
      scope_place_id: plan.scopePlaceId,
      created_by: actor?.id ?? null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (compounds.length) {
    await tx
      .insertInto('inspections')
      .values(
        compounds.map((c) => ({
          plan_id: row.id,
          compound_id: c.id,
          street_id: c.street_id,
          community_id: c.community_id,
          status: 'pending',
          inspector_id: null,
          recorded_at: null,
          score: null,
          created_at: now,
        })),
      )
      .execute();
  }
  await recordSupervisionEvent(tx, actor, now, 'plan', row.id, 'create', {
    kind: plan.kind,
    seed: plan.seed,
    compoundIds: compounds.map((c) => c.id),
  });
  return row;
}

async function requireTemplate(tx: Tx, templateId: number | undefined) {
  const t = templateId === undefined ? await templateByCode(tx, 'wuliang') : await findTemplate(tx, templateId);
  if (!t) throw new AppError('unknown_reference', 'templateId');
  return t;
}

export interface SamplePlanInput {
  templateId?: number;
  name: string;
  period: string;
  sampleSize: number;
  seed?: string;
  placeId?: number;
}

/**
 * A random spot check (随机抽查): `sampleSize` compounds drawn from those under the place (the
 * actor's own by default) with a seeded generator; the seed is recorded, and the same seed over
 * the same compounds draws the same sample.
 */
export async function createSamplePlan(tx: Tx, actor: SessionActor, now: number, input: SamplePlanInput) {
  const template = await requireTemplate(tx, input.templateId);
  const placeId = input.placeId ?? actor.placeId;
  const place = placeId === null ? null : await placeAncestry(tx, placeId);
  if (place && !placeWithinActor(actor, place)) throw new AppError('unknown_reference', 'placeId');
  if (!place && actor.role !== 'admin') throw new AppError('validation', 'placeId', { zh: '请指定抽查范围', en: 'say where to sample' });
  const frame = await compoundsUnder(tx, place);
  const seed = input.seed ?? newSeed();
  const chosen = new Set(
    drawSample(
      frame.map((c) => c.id),
      input.sampleSize,
      seed,
    ),
  );
  return insertPlan(
    tx,
    actor,
    now,
    {
      templateId: template.id,
      name: input.name,
      kind: 'sample',
      period: input.period,
      seed,
      sampleSize: input.sampleSize,
      scopePlaceId: place?.id ?? null,
    },
    frame.filter((c) => chosen.has(c.id)),
  );
}

/**
 * The 回头看 re-inspection: a plan over the given compounds (the black-listed ones, once
 * evaluation keeps a black list). Callable by evaluation with no acting user.
 */
export async function createLookBackPlan(
  tx: Tx,
  compoundIds: number[],
  period: string,
  opts: { actor?: SessionActor | null; templateId?: number; name?: string; now?: number } = {},
) {
  const now = opts.now ?? Date.now();
  const actor = opts.actor ?? null;
  const template = await requireTemplate(tx, opts.templateId);
  const unique = [...new Set(compoundIds)];
  if (!unique.length) throw new AppError('validation', 'compoundIds', { zh: '至少指定一个小区', en: 'name at least one compound' });
  const rows = await compoundsByIds(tx, unique);
  const ok = rows.filter((r) => r.level === 'compound' && (!actor || placeWithinActor(actor, r)));
  if (ok.length !== unique.length) throw new AppError('unknown_reference', 'compoundIds');
  ok.sort((a, b) => a.id - b.id);
  return insertPlan(
    tx,
    actor,
    now,
    {
      templateId: template.id,
      name: opts.name ?? `${period} 回头看`,
      kind: 'look_back',
      period,
      seed: null,
      sampleSize: null,
      scopePlaceId: null,
    },
    ok,
  );
}

export interface CheckInput {
  itemId: number;
  outcome: 'pass' | 'fail';
  note?: string;
  attachmentIds?: number[];
}

type InspectionRow = { id: number; compound_id: number; compound_name: string; template_id: number; status: string };

/**
 * Records a whole inspection: every check point of the template once, pass or fail with note and
 * photos. Each failure opens a ledger entry (a rectification) for the compound's property company
 * with a deadline; the score is the passed share of the weights.
 */
export async function recordInspection(
  tx: Tx,
  actor: SessionActor,
  now: number,
  ins: InspectionRow,
  input: { results: CheckInput[]; deadline?: number },
) {
  if (ins.status !== 'pending')
    throw new AppError('conflict', 'status', { zh: '该检查已记录，请走复查', en: 'already recorded; recheck instead' });
  const items = await templateItems(tx, ins.template_id);
  const byId = new Map(items.map((i) => [i.id, i]));
  const seen = new Set<number>();
  for (const [i, r] of input.results.entries()) {
    if (!byId.has(r.itemId) || seen.has(r.itemId))
      throw new AppError('validation', `results.${i}.itemId`, {
        zh: '检查项不属于该模板或重复',
        en: 'not an item of this template, or repeated',
      });
    seen.add(r.itemId);
  }
  if (seen.size !== items.length)
    throw new AppError('validation', 'results', {
      zh: `须逐项记录全部 ${items.length} 个检查点`,
      en: `record all ${items.length} check points`,
    });
  const deadline = input.deadline ?? now + DEFAULT_RECTIFY_DAYS * DAY;
  const unitId = await propertyCompanyOf(tx, ins.compound_id);
  let total = 0;
  let passed = 0;
  let failures = 0;
  for (const r of input.results) {
    const item = byId.get(r.itemId)!;
    total += item.weight;
    const photos = await requireClaimable(tx, actor, r.attachmentIds ?? []);
    let entryId: number | null = null;
    if (r.outcome === 'pass') passed += item.weight;
    else {
      failures++;
      const entry = await createLedgerEntry(tx, actor, now, {
        title: `${ins.compound_name}「${item.item}·${item.criterion}」不合格`,
        placeId: ins.compound_id,
        unitId,
        measures: r.note?.trim() ?? '',
        deadline,
        source: 'inspection',
        inspectionId: ins.id,
        templateItemId: item.id,
      });
      entryId = entry.id;
    }
    const check = await tx
      .insertInto('inspection_checks')
      .values({
        inspection_id: ins.id,
        template_item_id: item.id,
        round: 1,
        outcome: r.outcome,
        note: r.note?.trim() ?? '',
        ledger_entry_id: entryId,
        recorded_by: actor.id,
        recorded_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (photos.length)
      await tx
        .insertInto('inspection_check_attachments')
        .values(photos.map((a) => ({ check_id: check.id, attachment_id: a })))
        .execute();
  }
  const score = total ? Math.round((100 * passed) / total) : 100;
  const status = failures ? 'rectifying' : 'passed';
  await tx.updateTable('inspections').set({ status, score, inspector_id: actor.id, recorded_at: now }).where('id', '=', ins.id).execute();
  await recordSupervisionEvent(tx, actor, now, 'inspection', ins.id, 'record', { score, failures });
  return { score, failures };
}

/**
 * 复查: rechecks a failed check point whose rectification was submitted. A pass closes the ledger
 * entry (销号, with its evidence and reviewer rules); a fail sends it back with a new deadline.
 * Every round is kept.
 */
export async function recheckItem(
  tx: Tx,
  actor: SessionActor,
  now: number,
  ins: InspectionRow,
  itemId: number,
  input: { outcome: 'pass' | 'fail'; note?: string; attachmentIds?: number[]; deadline?: number },
) {
  const checks = (await inspectionChecks(tx, ins.id)).filter((c) => c.template_item_id === itemId);
  const last = checks[checks.length - 1];
  if (!last) throw new AppError('not_found', 'itemId');
  if (last.outcome === 'pass') throw new AppError('conflict', 'itemId', { zh: '该检查点已合格', en: 'this check point already passed' });
  const entry = await tx.selectFrom('ledger_entries').selectAll().where('id', '=', last.ledger_entry_id!).executeTakeFirstOrThrow();
  if (entry.status !== 'awaiting_recheck') {
    throw new AppError('conflict', 'status', { zh: '整改尚未提交复查', en: 'the rectification has not been submitted for recheck' });
  }
  const photos = await requireClaimable(tx, actor, input.attachmentIds ?? []);
  if (input.outcome === 'pass') {
    await transitionLedgerEntry(tx, actor, now, entry, 'close', { comment: input.note }, true);
  } else {
    await transitionLedgerEntry(
      tx,
      actor,
      now,
      entry,
      'reject',
      { comment: input.note, deadline: input.deadline ?? now + DEFAULT_RECTIFY_DAYS * DAY },
      true,
    );
  }
  const check = await tx
    .insertInto('inspection_checks')
    .values({
      inspection_id: ins.id,
      template_item_id: itemId,
      round: last.round + 1,
      outcome: input.outcome,
      note: input.note?.trim() ?? '',
      ledger_entry_id: entry.id,
      recorded_by: actor.id,
      recorded_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (photos.length)
    await tx
      .insertInto('inspection_check_attachments')
      .values(photos.map((a) => ({ check_id: check.id, attachment_id: a })))
      .execute();
  // The inspection passes once every check point's latest round passed.
  const all = await inspectionChecks(tx, ins.id);
  const latest = new Map<number, string>();
  for (const c of all) latest.set(c.template_item_id, c.outcome);
  const done = [...latest.values()].every((o) => o === 'pass');
  if (done) await tx.updateTable('inspections').set({ status: 'passed' }).where('id', '=', ins.id).execute();
  await recordSupervisionEvent(tx, actor, now, 'inspection', ins.id, 'recheck', {
    itemId,
    outcome: input.outcome,
    round: last.round + 1,
    entryId: entry.id,
  });
  return { round: last.round + 1, inspectionStatus: done ? 'passed' : ins.status };
}
