/**
 * Publishing a month's ranking (红榜/黑榜): the lists are frozen as shown, the property companies
 * on them get credit records, and the black-listed compounds (or the compounds a black-listed unit
 * serves) get next month's 回头看 inspection plan through supervision's createLookBackPlan.
 */
import type { PublishBodyT } from '../../common/dashboard';
import type { SessionActor } from '../auth/actor';
import type { AppContext } from '../context';
import type { Tx } from '../db';
import { AppError } from '../errors';
import { createLookBackPlan } from '../supervision';
import { addCreditRecords, PROPERTY_KIND, propertyCompanyOf, readCreditRules, type NewCreditRecord } from './credit';
import { rankingReport } from './reports';

function nextMonth(m: string) {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
}

/** Compounds served by the units: below the places each unit covers. */
async function compoundsOfUnits(tx: Tx, unitIds: number[]): Promise<number[]> {
  if (!unitIds.length) return [];
  const covered = await tx.selectFrom('unit_places as up').innerJoin('places as p', 'p.id', 'up.place_id').select(['p.id', 'p.level', 'p.path']).where('up.unit_id', 'in', unitIds).execute();
  const out = new Set<number>();
  for (const c of covered) {
    if (c.level === 'compound') out.add(c.id);
    else if (c.level === 'street' || c.level === 'community') {
      const below = await tx.selectFrom('places').select('id').where('level', '=', 'compound').where('path', 'like', `${c.path}%`).execute();
      for (const b of below) out.add(b.id);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** POST /api/evaluation/ranking/publish */
export async function publishRanking(ctx: AppContext, actor: SessionActor, body: PublishBodyT) {
  // The ranking is read before the transaction: SQLite's one connection is the transaction's while it runs.
  const ranking = await rankingReport(ctx, actor, { month: body.month, groupBy: body.groupBy, ...(body.peer ? { peer: body.peer } : {}), ...(body.scheme ? { scheme: body.scheme } : {}) });
  return ctx.db.transaction().execute((tx) => publishInTx(ctx, tx, actor, body, ranking));
}

async function publishInTx(ctx: AppContext, tx: Tx, actor: SessionActor, body: PublishBodyT, ranking: Awaited<ReturnType<typeof rankingReport>>) {
  const peer = body.peer ?? '';
  const existing = await tx
    .selectFrom('ranking_publications')
    .select('id')
    .where('month', '=', body.month)
    .where('group_by', '=', body.groupBy)
    .where('peer', '=', peer)
    .executeTakeFirst();
  if (existing) throw new AppError('duplicate', 'month', { zh: `${body.month} 的榜单已发布`, en: `the ${body.month} lists are already published` });
  const pick = (list: 'red' | 'black') => ranking.rows.filter((r) => r.list === list).map((r) => ({ id: r.id, name: r.name, rank: r.rank, score: r.score }));
  const red = pick('red');
  const black = pick('black');
  const now = ctx.clock.now();

  // Credit: the property company itself (by unit) or the one serving the compound.
  let owner: (id: number) => number | undefined;
  if (body.groupBy === 'unit') {
    const ids = [...red, ...black].map((r) => r.id);
    const kinds = ids.length ? await tx.selectFrom('units').select(['id', 'kind']).where('id', 'in', ids).execute() : [];
    const property = new Set(kinds.filter((k) => k.kind === PROPERTY_KIND).map((k) => k.id));
    owner = (id) => (property.has(id) ? id : undefined);
  } else {
    const map = await propertyCompanyOf(
      tx,
      [...red, ...black].map((r) => r.id),
    );
    owner = (id) => map.get(id);
  }
  const records: NewCreditRecord[] = [];
  for (const [list, rows] of [
    ['red', red],
    ['black', black],
  ] as const) {
    for (const r of rows) {
      const unitId = owner(r.id);
      if (unitId === undefined) continue;
      records.push({
        unitId,
        rule: list === 'red' ? 'red_list' : 'black_list',
        reason: `${body.month} ${list === 'red' ? '红榜' : '黑榜'}：${r.name}`,
        source: `ranking:${body.month}:${body.groupBy}:${r.id}`,
        at: now,
        actorId: actor.id,
      });
    }
  }
  const creditRecords = await addCreditRecords(tx, await readCreditRules(tx), records);

  // 回头看 next month for the black-listed compounds.
  const next = nextMonth(body.month);
  const compounds =
    body.groupBy === 'compound'
      ? black.map((b) => b.id)
      : await compoundsOfUnits(
          tx,
          black.map((b) => b.id),
        );
  const plan = compounds.length ? await createLookBackPlan(tx, compounds, next, { actor, now, name: `${next} 回头看（${body.month} 黑榜）` }) : null;
  const planId = plan ? Number((plan as { id: number }).id) : null;

  const row = await tx
    .insertInto('ranking_publications')
    .values({
      month: body.month,
      group_by: body.groupBy,
      peer,
      scheme: ranking.scheme,
      red_json: JSON.stringify(red),
      black_json: JSON.stringify(black),
      look_back_plan_id: planId,
      published_by: actor.id,
      published_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: Number(row.id),
    month: body.month,
    groupBy: body.groupBy,
    red,
    black,
    lookBackPlanId: planId,
    lookBackCompounds: compounds,
    creditRecords,
    publishedAt: new Date(now).toISOString(),
  };
}
