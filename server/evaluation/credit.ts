/**
 * Property-company credit (物业信用): base + good records − bad records → AAA, AA, A, B, C, with the
 * score after every record as its history. The rules (points per record kind, grade floors) are
 * data in the settings row 'evaluation.credit'. Records come from published rankings (红榜/黑榜),
 * inspections (all passed / some failed), ledger items past their deadline without 销号, and
 * manual entries; each source records once per unit and rule (unique index), so syncing again
 * adds nothing.
 */
import { sql, type SqlBool } from 'kysely';
import { creditGrade, creditScore, DEFAULT_CREDIT_RULES, type CreditRuleSet } from '../../common/evaluation';
import type { SessionActor } from '../auth/actor';
import type { AppContext } from '../context';
import type { Db, Tx } from '../db';
import { AppError, notFound } from '../errors';
import { auditSetting } from './queries';

export const CREDIT_KEY = 'evaluation.credit';
export const PROPERTY_KIND = 'property_company';
const iso = (t: number) => new Date(t).toISOString();

export async function readCreditRules(db: Db | Tx): Promise<CreditRuleSet> {
  const row = await db.selectFrom('settings').select('value_json').where('key', '=', CREDIT_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value_json) as CreditRuleSet) : DEFAULT_CREDIT_RULES;
}

/** Replaces the credit rules (admin), audited; rule codes must be unique and grades distinct. */
export async function putCreditRules(ctx: AppContext, tx: Tx, actor: SessionActor, next: CreditRuleSet): Promise<CreditRuleSet> {
  const codes = new Set<string>();
  next.rules.forEach((r, i) => {
    if (codes.has(r.code)) throw new AppError('validation', `rules.${i}.code`, { zh: `规则 ${r.code} 重复`, en: `duplicate rule ${r.code}` });
    codes.add(r.code);
  });
  if (new Set(next.grades.map((g) => g.grade)).size !== next.grades.length) {
    throw new AppError('validation', 'grades', { zh: '等级不能重复', en: 'each grade may appear once' });
  }
  const before = await readCreditRules(tx);
  const json = JSON.stringify(next);
  await tx
    .insertInto('settings')
    .values({ key: CREDIT_KEY, value_json: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: json }))
    .execute();
  await auditSetting(tx, actor, CREDIT_KEY, before, next, ctx.clock.now());
  return next;
}

export interface NewCreditRecord {
  unitId: number;
  rule: string;
  reason: string;
  source: string | null;
  at: number;
  actorId: number | null;
}

/** Writes records by rule (points from the rules in force); a source already recorded for the unit and rule is skipped. Returns how many were new. */
export async function addCreditRecords(tx: Tx, rules: CreditRuleSet, records: readonly NewCreditRecord[]): Promise<number> {
  let added = 0;
  for (const r of records) {
    const rule = rules.rules.find((x) => x.code === r.rule);
    if (!rule) continue;
    const res = await tx
      .insertInto('credit_records')
      .values({ unit_id: r.unitId, kind: rule.kind, rule: rule.code, points: rule.points, reason: r.reason, source: r.source, at: r.at, actor_id: r.actorId })
      .onConflict((oc) => oc.columns(['unit_id', 'rule', 'source']).doNothing())
      .executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

/** The property company covering each compound (unit_places on the compound or an ancestor). */
export async function propertyCompanyOf(db: Db | Tx, compoundIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!compoundIds.length) return out;
  const rows = await db
    .selectFrom('places as p')
    .innerJoin('unit_places as up', (j) => j.on(sql<SqlBool>`p.path like '%/' || ${sql.ref('up.place_id')} || '/%'`))
    .innerJoin('units as u', 'u.id', 'up.unit_id')
    .select(['p.id as compound_id', 'u.id as unit_id'])
    .where('p.id', 'in', compoundIds)
    .where('u.kind', '=', PROPERTY_KIND)
    .orderBy('u.id')
    .execute();
  for (const r of rows) if (!out.has(Number(r.compound_id))) out.set(Number(r.compound_id), Number(r.unit_id));
  return out;
}

/** Records from inspections (round 1 recorded) and overdue ledger items, up to `now`; idempotent. */
export async function syncCreditRecords(tx: Tx, now: number): Promise<number> {
  const rules = await readCreditRules(tx);
  const inspections = await tx
    .selectFrom('inspections as i')
    .select(['i.id', 'i.compound_id', 'i.recorded_at', sql<number>`(select count(*) from inspection_checks c where c.inspection_id = i.id and c.round = 1 and c.outcome = 'fail')`.as('fails')])
    .where('i.recorded_at', 'is not', null)
    .where('i.recorded_at', '<=', now)
    .execute();
  const owners = await propertyCompanyOf(tx, [...new Set(inspections.map((i) => Number(i.compound_id)))]);
  const records: NewCreditRecord[] = [];
  for (const i of inspections) {
    const unitId = owners.get(Number(i.compound_id));
    if (!unitId) continue;
    const failed = Number(i.fails) > 0;
    records.push({
      unitId,
      rule: failed ? 'inspection_fail' : 'inspection_pass',
      reason: failed ? `检查 #${i.id} 有 ${i.fails} 项不合格` : `检查 #${i.id} 全部合格`,
      source: `inspection:${i.id}`,
      at: Number(i.recorded_at),
      actorId: null,
    });
  }
  const overdue = await tx
    .selectFrom('ledger_entries as l')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .select(['l.id', 'l.unit_id', 'l.title', 'l.deadline_at'])
    .where('u.kind', '=', PROPERTY_KIND)
    .where('l.deadline_at', 'is not', null)
    .where('l.deadline_at', '<', now)
    .where((eb) => eb.or([eb('l.closed_at', 'is', null), eb('l.closed_at', '>', eb.ref('l.deadline_at'))]))
    .execute();
  for (const l of overdue) {
    records.push({ unitId: Number(l.unit_id), rule: 'ledger_overdue', reason: `台账“${l.title}”逾期未销号`, source: `ledger:${l.id}`, at: Number(l.deadline_at), actorId: null });
  }
  return addCreditRecords(tx, rules, records);
}

/** POST /api/evaluation/credit/records: a manual record by rule. */
export async function recordManualCredit(ctx: AppContext, tx: Tx, actor: SessionActor, body: { unitId: number; rule: string; reason: string }) {
  const rules = await readCreditRules(tx);
  if (!rules.rules.some((r) => r.code === body.rule)) throw new AppError('unknown_reference', 'rule', { zh: `没有信用规则 ${body.rule}`, en: `no credit rule ${body.rule}` });
  const unit = await tx.selectFrom('units').select(['id', 'kind']).where('id', '=', body.unitId).executeTakeFirst();
  if (!unit) throw new AppError('unknown_reference', 'unitId');
  if (unit.kind !== PROPERTY_KIND) throw new AppError('rule_violation', 'unitId', { zh: '信用记录只针对物业服务企业', en: 'credit records are kept for property companies only' });
  const rule = rules.rules.find((r) => r.code === body.rule)!;
  // A manual record has no source: each one counts (NULL never collides in the unique index).
  const row = await tx
    .insertInto('credit_records')
    .values({ unit_id: unit.id, kind: rule.kind, rule: rule.code, points: rule.points, reason: body.reason.trim(), source: null, at: ctx.clock.now(), actor_id: actor.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentRecord(row);
}

function presentRecord(r: { id: number; unit_id: number; kind: string; rule: string; points: number; reason: string; source: string | null; at: number; actor_id: number | null }) {
  return { id: r.id, unitId: r.unit_id, kind: r.kind as 'good' | 'bad', rule: r.rule, points: Number(r.points), reason: r.reason, source: r.source, at: iso(Number(r.at)), actorId: r.actor_id };
}

/** GET /api/evaluation/credit: every property company, best first. */
export async function creditList(ctx: AppContext) {
  await ctx.db.transaction().execute((tx) => syncCreditRecords(tx, ctx.clock.now()));
  const rules = await readCreditRules(ctx.db);
  const units = await ctx.db.selectFrom('units').select(['id', 'name']).where('kind', '=', PROPERTY_KIND).where('active', '=', 1).orderBy('id').execute();
  const sums = await ctx.db
    .selectFrom('credit_records')
    .select(['unit_id', 'kind', sql<number>`sum(points)`.as('p'), sql<number>`count(*)`.as('n')])
    .groupBy(['unit_id', 'kind'])
    .execute();
  const rows = units.map((u) => {
    const mine = sums.filter((s) => Number(s.unit_id) === u.id);
    const good = Number(mine.find((s) => s.kind === 'good')?.p ?? 0);
    const bad = Number(mine.find((s) => s.kind === 'bad')?.p ?? 0);
    const score = Math.round((rules.base + good - bad) * 100) / 100;
    return { unitId: u.id, name: u.name, score, grade: creditGrade(score, rules), good, bad, recordCount: mine.reduce((a, s) => a + Number(s.n), 0) };
  });
  rows.sort((a, b) => b.score - a.score || a.unitId - b.unitId);
  return { base: rules.base, rows };
}

/** GET /api/evaluation/credit/:unitId: score, grade, records and the score after each. */
export async function creditDetail(ctx: AppContext, unitId: number) {
  const unit = await ctx.db.selectFrom('units').select(['id', 'name', 'kind']).where('id', '=', unitId).executeTakeFirst();
  if (!unit || unit.kind !== PROPERTY_KIND) throw notFound('unitId');
  await ctx.db.transaction().execute((tx) => syncCreditRecords(tx, ctx.clock.now()));
  const rules = await readCreditRules(ctx.db);
  const records = await ctx.db.selectFrom('credit_records').selectAll().where('unit_id', '=', unitId).orderBy('at').orderBy('id').execute();
  const history: { at: string; score: number; grade: string }[] = [];
  for (let i = 0; i < records.length; i++) {
    const score = creditScore(rules.base, records.slice(0, i + 1));
    history.push({ at: iso(Number(records[i]!.at)), score, grade: creditGrade(score, rules) });
  }
  const score = creditScore(rules.base, records);
  const sum = (k: string) => records.filter((r) => r.kind === k).reduce((a, r) => a + Number(r.points), 0);
  return {
    unitId: unit.id,
    name: unit.name,
    score,
    grade: creditGrade(score, rules),
    good: sum('good'),
    bad: sum('bad'),
    recordCount: records.length,
    base: rules.base,
    history,
    records: records.map(presentRecord),
  };
}
