/**
 * Consultations (会商/议事, DOMAIN.md §5): a meeting on a problem with its parties (community,
 * property company, owners, departments), the decision and its follow-up tasks — how 天香蓝郡 got
 * its property office.
 */
import { sql, type Selectable, type SqlBool } from 'kysely';
import type { SessionActor } from '../../auth/actor';
import type { Tx } from '../../db';
import type { ConsultationsTable } from '../../db/schema-fieldwork';
import { AppError, notFound } from '../../errors';
import { findVisibleProblem, placeAncestry } from '../queries';
import { fieldworkScope } from '../scope';
import { eventsOf, iso, placeValues, recordEvent, requireUnit, underPlace, type Queryable } from './shared';

type ConsultationRow = Selectable<ConsultationsTable>;

/** Consultations (alias cs) by place; a handler sees those their unit sat in or holds a task of. */
const consultationScope = (actor: SessionActor, alias = 'cs') =>
  fieldworkScope(
    actor,
    alias,
    (unitId) =>
      sql<SqlBool>`(exists (select 1 from consultation_parties hp where hp.consultation_id = ${sql.ref(`${alias}.id`)} and hp.unit_id = ${unitId})
        or exists (select 1 from consultation_tasks ht where ht.consultation_id = ${sql.ref(`${alias}.id`)} and ht.unit_id = ${unitId}))`,
  );

export async function findVisibleConsultation(db: Queryable, actor: SessionActor, id: number) {
  const c = await db.selectFrom('consultations as cs').selectAll('cs').where('cs.id', '=', id).where(consultationScope(actor)).executeTakeFirst();
  if (!c) throw notFound('id');
  return c;
}

export async function listConsultations(db: Queryable, actor: SessionActor, f: { placeId?: number; problemId?: number; limit: number; offset: number }) {
  let q = db
    .selectFrom('consultations as cs')
    .innerJoin('problems as pr', 'pr.id', 'cs.problem_id')
    .innerJoin('places as p', 'p.id', 'cs.place_id')
    .select(['cs.id', 'cs.title', 'cs.held_at', 'cs.decision', 'cs.problem_id', 'pr.title as problem_title', 'cs.place_id', 'p.name as place_name'])
    .select((eb) => eb.selectFrom('consultation_tasks as t').whereRef('t.consultation_id', '=', 'cs.id').select(sql<number>`count(*)`.as('n')).as('tasks'))
    .select((eb) =>
      eb.selectFrom('consultation_tasks as t').whereRef('t.consultation_id', '=', 'cs.id').where('t.status', '=', 'done').select(sql<number>`count(*)`.as('n')).as('done'),
    )
    .where(consultationScope(actor));
  if (f.placeId !== undefined) q = q.where(underPlace('cs', f.placeId));
  if (f.problemId !== undefined) q = q.where('cs.problem_id', '=', f.problemId);
  const rows = await q.orderBy('cs.held_at', 'desc').orderBy('cs.id', 'desc').limit(f.limit).offset(f.offset).execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    heldAt: iso(r.held_at),
    decided: r.decision !== '',
    problemId: r.problem_id,
    problemTitle: r.problem_title,
    placeId: r.place_id,
    placeName: r.place_name,
    tasks: Number(r.tasks ?? 0),
    tasksDone: Number(r.done ?? 0),
  }));
}

type TaskInput = { title: string; unitId?: number | null; deadline?: number };

async function insertTask(tx: Tx, consultationId: number, t: TaskInput, field: string) {
  await requireUnit(tx, t.unitId, field);
  const { id } = await tx
    .insertInto('consultation_tasks')
    .values({ consultation_id: consultationId, title: t.title.trim(), unit_id: t.unitId ?? null, deadline_at: t.deadline ?? null, status: 'open', done_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Records a consultation on a problem the actor sees. */
export async function createConsultation(
  tx: Tx,
  actor: SessionActor,
  now: number,
  input: {
    problemId: number;
    title: string;
    heldAt: number;
    decision?: string;
    parties: { name: string; side: string; unitId?: number | null }[];
    tasks?: TaskInput[];
  },
) {
  const problem = await findVisibleProblem(tx, actor, input.problemId).catch(() => {
    throw new AppError('unknown_reference', 'problemId');
  });
  const place = await placeAncestry(tx, problem.place_id);
  const { id } = await tx
    .insertInto('consultations')
    .values({
      ...placeValues(place),
      problem_id: problem.id,
      title: input.title.trim(),
      held_at: input.heldAt,
      decision: input.decision?.trim() ?? '',
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, p] of input.parties.entries()) {
    await requireUnit(tx, p.unitId, `parties/${i}/unitId`);
    await tx.insertInto('consultation_parties').values({ consultation_id: id, unit_id: p.unitId ?? null, name: p.name.trim(), side: p.side }).execute();
  }
  for (const [i, t] of (input.tasks ?? []).entries()) await insertTask(tx, id, t, `tasks/${i}/unitId`);
  await recordEvent(tx, actor, now, 'consultation', id, 'create', { problemId: problem.id, parties: input.parties.length, tasks: input.tasks?.length ?? 0 });
  await recordEvent(tx, actor, now, 'problem', problem.id, 'consultation', { consultationId: id, title: input.title });
  return id;
}

export async function recordDecision(tx: Tx, actor: SessionActor, now: number, c: ConsultationRow, decision: string) {
  const text = decision.trim();
  if (!text) throw new AppError('validation', 'decision');
  await tx.updateTable('consultations').set({ decision: text, updated_at: now }).where('id', '=', c.id).execute();
  await recordEvent(tx, actor, now, 'consultation', c.id, 'decision', { before: c.decision || null, after: text });
}

export async function addConsultationTask(tx: Tx, actor: SessionActor, now: number, c: ConsultationRow, t: TaskInput) {
  const id = await insertTask(tx, c.id, t, 'unitId');
  await recordEvent(tx, actor, now, 'consultation', c.id, 'add_task', { taskId: id, title: t.title });
}

export async function completeConsultationTask(tx: Tx, actor: SessionActor, now: number, c: ConsultationRow, taskId: number) {
  const t = await tx.selectFrom('consultation_tasks').selectAll().where('id', '=', taskId).where('consultation_id', '=', c.id).executeTakeFirst();
  if (!t) throw notFound('taskId');
  if (actor.role === 'handler' && t.unit_id !== actor.unitId) throw notFound('taskId');
  if (t.status === 'done') throw new AppError('rule_violation', 'taskId', { zh: '任务已完成', en: 'the task is done already' });
  await tx.updateTable('consultation_tasks').set({ status: 'done', done_at: now }).where('id', '=', taskId).execute();
  await tx.updateTable('consultations').set({ updated_at: now }).where('id', '=', c.id).execute();
  await recordEvent(tx, actor, now, 'consultation', c.id, 'task_done', { taskId });
}

export async function consultationDetail(db: Queryable, actor: SessionActor, id: number) {
  const c = await findVisibleConsultation(db, actor, id);
  const problem = await db.selectFrom('problems').select(['id', 'title']).where('id', '=', c.problem_id).executeTakeFirstOrThrow();
  const parties = await db
    .selectFrom('consultation_parties as cp')
    .leftJoin('units as u', 'u.id', 'cp.unit_id')
    .select(['cp.id', 'cp.name', 'cp.side', 'cp.unit_id', 'u.name as unit_name'])
    .where('cp.consultation_id', '=', id)
    .orderBy('cp.id')
    .execute();
  const tasks = await db
    .selectFrom('consultation_tasks as t')
    .leftJoin('units as u', 'u.id', 't.unit_id')
    .selectAll('t')
    .select('u.name as unit_name')
    .where('t.consultation_id', '=', id)
    .orderBy('t.id')
    .execute();
  const done = tasks.filter((t) => t.status === 'done').length;
  return {
    id: c.id,
    title: c.title,
    heldAt: iso(c.held_at),
    decision: c.decision,
    problemId: problem.id,
    problemTitle: problem.title,
    placeId: c.place_id,
    parties: parties.map((p) => ({ id: p.id, name: p.name, side: p.side, unitId: p.unit_id, unitName: p.unit_name })),
    tasks: tasks.map((t) => ({ id: t.id, title: t.title, unitId: t.unit_id, unitName: t.unit_name, deadline: iso(t.deadline_at), status: t.status, doneAt: iso(t.done_at) })),
    progress: { done, total: tasks.length, percent: tasks.length ? Math.round((100 * done) / tasks.length) : 0 },
    events: await eventsOf(db, 'consultation', id),
  };
}
