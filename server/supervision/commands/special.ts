/**
 * 专项督办 and 每月一题: a problem marked high-frequency and hard gets a lead department and
 * tasks with deadlines; a month's topic gathers the problems marked for that month with their
 * progress; candidates are the place × category pairs whose orders keep recurring month after month.
 */
import type { SessionActor } from '../../auth/actor';
import type { Tx } from '../../db';
import { AppError } from '../../errors';
import { orderScope } from '../../work-orders';
import { unitExists } from '../queries';
import { recordSupervisionEvent } from './record-event';

/** Shanghai month [start, end) in UTC milliseconds for 'YYYY-MM', shifted by `offset` months. */
export function monthRange(month: string, offset = 0): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = Date.UTC(y, m - 1 + offset, 1) - 8 * 3600_000;
  const to = Date.UTC(y, m + offset, 1) - 8 * 3600_000;
  return { from, to };
}

/** Marks a problem for special supervision (once); `month` makes it that month's topic. */
export async function markSpecial(
  tx: Tx,
  actor: SessionActor,
  now: number,
  problemId: number,
  input: { leadUnitId: number; month?: string; theme?: string },
) {
  if (!(await unitExists(tx, input.leadUnitId))) throw new AppError('unknown_reference', 'leadUnitId');
  const existing = await tx.selectFrom('special_supervisions').select('id').where('problem_id', '=', problemId).executeTakeFirst();
  if (existing) throw new AppError('duplicate', 'problemId', { zh: '该问题已列入专项督办', en: 'already under special supervision' });
  const row = await tx
    .insertInto('special_supervisions')
    .values({
      problem_id: problemId,
      lead_unit_id: input.leadUnitId,
      month: input.month ?? null,
      theme: input.theme?.trim() || null,
      marked_by: actor.id,
      marked_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordSupervisionEvent(tx, actor, now, 'problem', problemId, 'special', { leadUnitId: input.leadUnitId, month: input.month });
  return row;
}

/** Adds a task with a deadline to a problem under special supervision. */
export async function addTask(
  tx: Tx,
  actor: SessionActor,
  now: number,
  problemId: number,
  input: { title: string; unitId?: number | null; deadline: number },
) {
  const special = await tx.selectFrom('special_supervisions').select('id').where('problem_id', '=', problemId).executeTakeFirst();
  if (!special)
    throw new AppError('rule_violation', 'problemId', {
      zh: '请先将问题列入专项督办',
      en: 'mark the problem for special supervision first',
    });
  if (input.unitId != null && !(await unitExists(tx, input.unitId))) throw new AppError('unknown_reference', 'unitId');
  const row = await tx
    .insertInto('supervision_tasks')
    .values({
      special_id: special.id,
      title: input.title.trim(),
      unit_id: input.unitId ?? null,
      deadline_at: input.deadline,
      status: 'open',
      done_at: null,
      created_by: actor.id,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordSupervisionEvent(tx, actor, now, 'problem', problemId, 'task_add', { taskId: row.id, title: row.title });
  return row;
}

/** Marks a task done (once). */
export async function completeTask(tx: Tx, actor: SessionActor, now: number, problemId: number, taskId: number) {
  const res = await tx
    .updateTable('supervision_tasks')
    .set({ status: 'done', done_at: now })
    .where('id', '=', taskId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('conflict', 'status', { zh: '任务已完成', en: 'the task is already done' });
  await recordSupervisionEvent(tx, actor, now, 'problem', problemId, 'task_done', { taskId });
}

/**
 * Candidates for the month's topic: compound (or place) × category pairs with orders in each of
 * the `span` months ending with `month`, in the actor's scope, most orders first.
 */
export async function topicCandidates(tx: Tx, actor: SessionActor, month: string, span = 3, limit = 10) {
  const first = monthRange(month, -(span - 1));
  const last = monthRange(month);
  const rows = await tx
    .selectFrom('work_orders as wo')
    .innerJoin('places as p', 'p.id', 'wo.place_id')
    .leftJoin('places as cp', 'cp.id', 'wo.compound_id')
    .leftJoin('categories as c', 'c.id', 'wo.category_id')
    .select([
      'wo.received_at',
      'wo.place_id',
      'wo.compound_id',
      'wo.category_id',
      'p.name as place_name',
      'cp.name as compound_name',
      'c.name as category_name',
    ])
    .where(orderScope(actor))
    .where('wo.received_at', '>=', first.from)
    .where('wo.received_at', '<', last.to)
    .execute();
  const starts = Array.from({ length: span }, (_, i) => monthRange(month, i - (span - 1)).from);
  const groups = new Map<
    string,
    { placeId: number; placeName: string; categoryId: number; categoryName: string | null; perMonth: number[] }
  >();
  for (const r of rows) {
    const placeId = r.compound_id ?? r.place_id;
    const key = `${placeId}:${r.category_id}`;
    const g = groups.get(key) ?? {
      placeId,
      placeName: r.compound_name ?? r.place_name,
      categoryId: r.category_id,
      categoryName: r.category_name,
      perMonth: starts.map(() => 0),
    };
    let idx = span - 1;
    while (idx > 0 && r.received_at < starts[idx]!) idx--;
    g.perMonth[idx]!++;
    groups.set(key, g);
  }
  return [...groups.values()]
    .filter((g) => g.perMonth.every((n) => n > 0))
    .map((g) => ({ ...g, total: g.perMonth.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.placeId - b.placeId)
    .slice(0, limit);
}
