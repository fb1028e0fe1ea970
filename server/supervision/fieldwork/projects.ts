/**
 * Livelihood projects (民生项目, DOMAIN.md §5): targets with progress figures (e.g. 2176 household
 * meters in 7 days, 1410 m of cable, 12 breakers) and the problems they solve.
 */
import { sql, type Selectable, type SqlBool } from 'kysely';
import type { SessionActor } from '../../auth/actor';
import type { Tx } from '../../db';
import type { ProjectsTable } from '../../db/schema-fieldwork';
import { AppError, notFound } from '../../errors';
import { findVisibleProblem } from '../queries';
import { fieldworkScope } from '../scope';
import { DAY_MS, eventsOf, iso, placeValues, reachablePlace, recordEvent, requireUnit, underPlace, type Queryable } from './shared';

type ProjectRow = Selectable<ProjectsTable>;

/** Projects (alias pj) by place; a handler sees their unit's. */
const projectScope = (actor: SessionActor, alias = 'pj') =>
  fieldworkScope(actor, alias, (unitId) => sql<SqlBool>`${sql.ref(`${alias}.unit_id`)} = ${unitId}`);

export async function findVisibleProject(db: Queryable, actor: SessionActor, id: number) {
  const p = await db.selectFrom('projects as pj').selectAll('pj').where('pj.id', '=', id).where(projectScope(actor)).executeTakeFirst();
  if (!p) throw notFound('id');
  return p;
}

/** Targets with what is done so far (the sum of progress entries). */
async function targetsOf(db: Queryable, projectIds: number[]) {
  if (!projectIds.length) return [];
  const rows = await db
    .selectFrom('project_targets as t')
    .leftJoin('project_progress as g', 'g.target_id', 't.id')
    .select(['t.id', 't.project_id', 't.name', 't.unit_label', 't.target'])
    .select(sql<number>`coalesce(sum(g.amount), 0)`.as('done'))
    .where('t.project_id', 'in', projectIds)
    .groupBy(['t.id', 't.project_id', 't.name', 't.unit_label', 't.target'])
    .orderBy('t.id')
    .execute();
  return rows.map((t) => {
    const done = Number(t.done);
    const target = Number(t.target);
    return {
      id: t.id,
      projectId: t.project_id,
      name: t.name,
      unitLabel: t.unit_label,
      target,
      done,
      remaining: Math.max(0, target - done),
      percent: Math.min(100, Math.round((100 * done) / target)),
    };
  });
}

const overall = (targets: { percent: number }[]) => (targets.length ? Math.round(targets.reduce((s, t) => s + t.percent, 0) / targets.length) : 0);

export async function listProjects(db: Queryable, actor: SessionActor, f: { placeId?: number; limit: number; offset: number }) {
  let q = db
    .selectFrom('projects as pj')
    .innerJoin('places as p', 'p.id', 'pj.place_id')
    .leftJoin('units as u', 'u.id', 'pj.unit_id')
    .select(['pj.id', 'pj.title', 'pj.place_id', 'p.name as place_name', 'pj.unit_id', 'u.name as unit_name', 'pj.starts_at', 'pj.due_at'])
    .where(projectScope(actor));
  if (f.placeId !== undefined) q = q.where(underPlace('pj', f.placeId));
  const rows = await q.orderBy('pj.id', 'desc').limit(f.limit).offset(f.offset).execute();
  const targets = await targetsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const mine = targets.filter((t) => t.projectId === r.id);
    return {
      id: r.id,
      title: r.title,
      placeId: r.place_id,
      placeName: r.place_name,
      unitId: r.unit_id,
      unitName: r.unit_name,
      startsAt: iso(r.starts_at),
      dueAt: iso(r.due_at),
      targets: mine,
      percent: overall(mine),
    };
  });
}

async function linkProblems(tx: Tx, actor: SessionActor, projectId: number, problemIds: number[]) {
  const unique = [...new Set(problemIds)];
  for (const pid of unique) {
    await findVisibleProblem(tx, actor, pid).catch(() => {
      throw new AppError('unknown_reference', 'problemIds');
    });
  }
  const existing = await tx.selectFrom('project_problems').select('problem_id').where('project_id', '=', projectId).execute();
  const fresh = unique.filter((p) => !existing.some((e) => e.problem_id === p));
  if (fresh.length) await tx.insertInto('project_problems').values(fresh.map((problem_id) => ({ project_id: projectId, problem_id }))).execute();
  return fresh;
}

/** Starts a project with its targets at a place in the actor's reach, linked to the problems it solves. */
export async function createProject(
  tx: Tx,
  actor: SessionActor,
  now: number,
  input: {
    title: string;
    description?: string;
    placeId: number;
    unitId?: number | null;
    startsAt?: number;
    dueAt?: number;
    targets: { name: string; unitLabel: string; target: number }[];
    problemIds?: number[];
  },
) {
  if (input.startsAt !== undefined && input.dueAt !== undefined && input.dueAt < input.startsAt) {
    throw new AppError('validation', 'dueAt', { zh: '完成期限早于开始时间', en: 'dueAt is before startsAt' });
  }
  const place = await reachablePlace(tx, actor, input.placeId);
  await requireUnit(tx, input.unitId);
  const { id } = await tx
    .insertInto('projects')
    .values({
      ...placeValues(place),
      title: input.title.trim(),
      description: input.description?.trim() ?? '',
      unit_id: input.unitId ?? null,
      starts_at: input.startsAt ?? null,
      due_at: input.dueAt ?? null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('project_targets')
    .values(input.targets.map((t) => ({ project_id: id, name: t.name.trim(), unit_label: t.unitLabel.trim(), target: t.target })))
    .execute();
  const problems = await linkProblems(tx, actor, id, input.problemIds ?? []);
  await recordEvent(tx, actor, now, 'project', id, 'create', { title: input.title, targets: input.targets, problemIds: problems });
  return id;
}

/** Adds progress figures against the project's targets. */
export async function recordProgress(
  tx: Tx,
  actor: SessionActor,
  now: number,
  p: ProjectRow,
  input: { entries: { targetId: number; amount: number }[]; note?: string; at?: number },
) {
  const at = input.at ?? now;
  if (at > now + 60_000) throw new AppError('validation', 'at', { zh: '进度时间不能晚于现在', en: 'at cannot be in the future' });
  const targets = await tx.selectFrom('project_targets').select('id').where('project_id', '=', p.id).execute();
  for (const [i, e] of input.entries.entries()) {
    if (!targets.some((t) => t.id === e.targetId)) throw new AppError('unknown_reference', `entries/${i}/targetId`);
  }
  await tx
    .insertInto('project_progress')
    .values(input.entries.map((e) => ({ project_id: p.id, target_id: e.targetId, amount: e.amount, note: input.note?.trim() ?? '', at, recorded_by: actor.id })))
    .execute();
  await tx.updateTable('projects').set({ updated_at: now }).where('id', '=', p.id).execute();
  await recordEvent(tx, actor, now, 'project', p.id, 'progress', { entries: input.entries, note: input.note ?? null, at });
}

export async function addProjectProblems(tx: Tx, actor: SessionActor, now: number, p: ProjectRow, problemIds: number[]) {
  const added = await linkProblems(tx, actor, p.id, problemIds);
  await recordEvent(tx, actor, now, 'project', p.id, 'link_problems', { problemIds: added });
}

export async function projectDetail(db: Queryable, actor: SessionActor, id: number, now: number) {
  const p = await findVisibleProject(db, actor, id);
  const targets = await targetsOf(db, [id]);
  const progress = await db
    .selectFrom('project_progress as g')
    .innerJoin('project_targets as t', 't.id', 'g.target_id')
    .innerJoin('users as u', 'u.id', 'g.recorded_by')
    .select(['g.id', 'g.target_id', 't.name as target_name', 'g.amount', 'g.note', 'g.at', 'u.name as recorded_by_name'])
    .where('g.project_id', '=', id)
    .orderBy('g.at')
    .orderBy('g.id')
    .execute();
  const problems = await db
    .selectFrom('project_problems as pp')
    .innerJoin('problems as pr', 'pr.id', 'pp.problem_id')
    .select(['pr.id', 'pr.title'])
    .where('pp.project_id', '=', id)
    .orderBy('pr.id')
    .execute();
  const percent = overall(targets);
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    placeId: p.place_id,
    unitId: p.unit_id,
    startsAt: iso(p.starts_at),
    dueAt: iso(p.due_at),
    daysElapsed: p.starts_at === null ? null : Math.max(0, Math.floor((now - p.starts_at) / DAY_MS)),
    overdue: p.due_at !== null && p.due_at < now && percent < 100,
    percent,
    targets: targets.map(({ projectId: _p, ...t }) => t),
    progress: progress.map((g) => ({ id: g.id, targetId: g.target_id, targetName: g.target_name, amount: Number(g.amount), note: g.note, at: iso(g.at), recordedByName: g.recorded_by_name })),
    problems: problems.map((x) => ({ id: x.id, title: x.title })),
    events: await eventsOf(db, 'project', id),
  };
}
