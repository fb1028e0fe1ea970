/** Reads of the supervision domain, scoped in SQL (see scope.ts). */
import { sql } from 'kysely';
import type { SessionActor } from '../auth/actor';
import type { Db, Tx } from '../db';
import { AppError, notFound } from '../errors';
import { orderScope } from '../work-orders';
import { inspectionScope, ledgerScope, problemScope } from './scope';

type Queryable = Db | Tx;

/** A place with the ancestry copied onto supervision rows; 422 when it does not exist. */
export async function placeAncestry(db: Queryable, placeId: number, field = 'placeId') {
  const p = await db
    .selectFrom('places')
    .select(['id', 'level', 'name', 'path', 'street_id', 'community_id', 'compound_id', 'building_id'])
    .where('id', '=', placeId)
    .executeTakeFirst();
  if (!p) throw new AppError('unknown_reference', field);
  return p;
}

/** True when the place lies in the actor's subtree (administrators and district staff: everywhere). */
export function placeWithinActor(actor: SessionActor, place: { path: string }): boolean {
  if (actor.role === 'admin') return true;
  if (actor.placePath === null) return false;
  return place.path.startsWith(actor.placePath);
}

export async function categoryExists(db: Queryable, id: number) {
  return (await db.selectFrom('categories').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function unitExists(db: Queryable, id: number) {
  return (await db.selectFrom('units').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The property company answering for a compound (unit_places, kind property_company), if any. */
export async function propertyCompanyOf(db: Queryable, compoundId: number): Promise<number | null> {
  const r = await db
    .selectFrom('unit_places as up')
    .innerJoin('units as u', 'u.id', 'up.unit_id')
    .select('u.id')
    .where('up.place_id', '=', compoundId)
    .where('u.kind', '=', 'property_company')
    .where('u.active', '=', 1)
    .orderBy('u.id')
    .executeTakeFirst();
  return r?.id ?? null;
}

// ── problems ──────────────────────────────────────────────────────────
export async function findVisibleProblem(db: Queryable, actor: SessionActor, id: number) {
  const row = await db.selectFrom('problems as pr').selectAll('pr').where('pr.id', '=', id).where(problemScope(actor)).executeTakeFirst();
  if (!row) throw notFound('id');
  return row;
}

export async function listProblems(
  db: Queryable,
  actor: SessionActor,
  f: { placeId?: number; categoryId?: number; limit: number; offset: number },
) {
  let q = db
    .selectFrom('problems as pr')
    .leftJoin('places as p', 'p.id', 'pr.place_id')
    .leftJoin('categories as c', 'c.id', 'pr.category_id')
    .select([
      'pr.id',
      'pr.title',
      'pr.description',
      'pr.place_id',
      'pr.category_id',
      'pr.created_at',
      'p.name as place_name',
      'c.name as category_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('problem_orders as po')
        .whereRef('po.problem_id', '=', 'pr.id')
        .select((e2) => e2.fn.countAll<number>().as('n'))
        .as('order_count'),
    )
    .where(problemScope(actor));
  if (f.placeId !== undefined) {
    const pid = f.placeId;
    q = q.where((eb) =>
      eb.or([eb('pr.place_id', '=', pid), eb('pr.street_id', '=', pid), eb('pr.community_id', '=', pid), eb('pr.compound_id', '=', pid)]),
    );
  }
  if (f.categoryId !== undefined) q = q.where('pr.category_id', '=', f.categoryId);
  return q.orderBy('pr.id', 'desc').limit(f.limit).offset(f.offset).execute();
}

/** The orders linked to a problem that the actor may see. */
export async function problemOrders(db: Queryable, actor: SessionActor, problemId: number) {
  return db
    .selectFrom('problem_orders as po')
    .innerJoin('work_orders as wo', 'wo.id', 'po.order_id')
    .select(['wo.id', 'wo.number', 'wo.title', 'wo.status', 'wo.rating_satisfaction', 'wo.received_at', 'po.linked_at'])
    .where('po.problem_id', '=', problemId)
    .where(orderScope(actor))
    .orderBy('wo.id')
    .execute();
}

/** Orders in scope at the problem's compound (or place) and category, not yet linked, newest first. */
export async function candidateOrders(
  db: Queryable,
  actor: SessionActor,
  problem: { id: number; place_id: number; compound_id: number | null; category_id: number | null },
  limit: number,
) {
  let q = db
    .selectFrom('work_orders as wo')
    .leftJoin('categories as c', 'c.id', 'wo.category_id')
    .select([
      'wo.id',
      'wo.number',
      'wo.title',
      'wo.description',
      'wo.status',
      'wo.category_id',
      'wo.received_at',
      'c.parent_id as category_parent_id',
    ])
    .where(orderScope(actor))
    .where('wo.status', '!=', 'merged')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('problem_orders as po')
            .select('po.order_id')
            .whereRef('po.order_id', '=', 'wo.id')
            .where('po.problem_id', '=', problem.id),
        ),
      ),
    );
  // Serves from wo_compound_received (compound_id, received_at).
  q = problem.compound_id ? q.where('wo.compound_id', '=', problem.compound_id) : q.where('wo.place_id', '=', problem.place_id);
  return q.orderBy('wo.received_at', 'desc').limit(limit).execute();
}

// ── ledger ────────────────────────────────────────────────────────────
export async function findVisibleEntry(db: Queryable, actor: SessionActor, id: number) {
  const row = await db
    .selectFrom('ledger_entries as le')
    .selectAll('le')
    .where('le.id', '=', id)
    .where(ledgerScope(actor))
    .executeTakeFirst();
  if (!row) throw notFound('id');
  return row;
}

export interface LedgerFilter {
  status?: string;
  placeId?: number;
  problemId?: number;
  unitId?: number;
  categoryId?: number;
  /** Entries opened from this inspection's failed checks. */
  inspectionId?: number;
  limit: number;
  offset: number;
}

/** The entries the actor sees, with the names a list and a sheet show. */
export function ledgerQuery(db: Queryable, actor: SessionActor, f: Omit<LedgerFilter, 'limit' | 'offset'>) {
  let q = db
    .selectFrom('ledger_entries as le')
    .innerJoin('places as p', 'p.id', 'le.place_id')
    .leftJoin('categories as c', 'c.id', 'le.category_id')
    .leftJoin('units as u', 'u.id', 'le.unit_id')
    .leftJoin('problems as pr', 'pr.id', 'le.problem_id')
    .selectAll('le')
    .select([
      'p.name as place_name',
      'p.path as place_path',
      'c.code as category_code',
      'c.name as category_name',
      'u.name as unit_name',
      'pr.title as problem_title',
    ])
    .where(ledgerScope(actor));
  if (f.status !== undefined) q = q.where('le.status', '=', f.status);
  if (f.problemId !== undefined) q = q.where('le.problem_id', '=', f.problemId);
  if (f.unitId !== undefined) q = q.where('le.unit_id', '=', f.unitId);
  if (f.categoryId !== undefined) q = q.where('le.category_id', '=', f.categoryId);
  if (f.inspectionId !== undefined) q = q.where('le.inspection_id', '=', f.inspectionId);
  if (f.placeId !== undefined) {
    const pid = f.placeId;
    q = q.where((eb) =>
      eb.or([
        eb('le.place_id', '=', pid),
        eb('le.street_id', '=', pid),
        eb('le.community_id', '=', pid),
        eb('le.compound_id', '=', pid),
        eb('le.building_id', '=', pid),
      ]),
    );
  }
  return q;
}

export async function listEntries(db: Queryable, actor: SessionActor, f: LedgerFilter) {
  const base = ledgerQuery(db, actor, f);
  const [rows, total] = await Promise.all([
    base.orderBy('le.id', 'desc').limit(f.limit).offset(f.offset).execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export type LedgerListRow = Awaited<ReturnType<typeof listEntries>>['rows'][number];

export async function entryNotes(db: Queryable, entryId: number) {
  const notes = await db
    .selectFrom('ledger_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.text', 'n.at', 'n.author_id', 'u.name as author_name'])
    .where('n.entry_id', '=', entryId)
    .orderBy('n.id')
    .execute();
  const links = notes.length
    ? await db
        .selectFrom('ledger_note_attachments')
        .select(['note_id', 'attachment_id'])
        .where(
          'note_id',
          'in',
          notes.map((n) => n.id),
        )
        .orderBy('attachment_id')
        .execute()
    : [];
  return notes.map((n) => ({ ...n, attachmentIds: links.filter((l) => l.note_id === n.id).map((l) => l.attachment_id) }));
}

export async function entryEvents(db: Queryable, entryId: number) {
  return db
    .selectFrom('ledger_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.action',
      'e.actor_id',
      'e.actor_role',
      'e.from_status',
      'e.to_status',
      'e.payload_json',
      'e.at',
      'u.name as actor_name',
    ])
    .where('e.entry_id', '=', entryId)
    .orderBy('e.id')
    .execute();
}

/** True when the entry holds evidence for 销号: its evidence text or a note with a photo. */
export async function hasEvidence(db: Queryable, entry: { id: number; evidence: string | null }): Promise<boolean> {
  if (entry.evidence && entry.evidence.trim()) return true;
  const photo = await db
    .selectFrom('ledger_notes as n')
    .innerJoin('ledger_note_attachments as a', 'a.note_id', 'n.id')
    .select('n.id')
    .where('n.entry_id', '=', entry.id)
    .executeTakeFirst();
  return photo !== undefined;
}

// ── inspections ───────────────────────────────────────────────────────
export async function listTemplates(db: Queryable) {
  return db.selectFrom('inspection_templates').selectAll().orderBy('id').execute();
}

export async function findTemplate(db: Queryable, id: number) {
  return db.selectFrom('inspection_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function templateByCode(db: Queryable, code: string) {
  return db.selectFrom('inspection_templates').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function templateItems(db: Queryable, templateId: number) {
  return db.selectFrom('inspection_template_items').selectAll().where('template_id', '=', templateId).orderBy('position').execute();
}

/** Compounds under a place (the whole district when null), in id order: the sampling frame. */
export async function compoundsUnder(db: Queryable, place: { id: number; level: string } | null) {
  let q = db.selectFrom('places').select(['id', 'street_id', 'community_id']).where('level', '=', 'compound');
  if (place && place.level !== 'district') {
    const col = place.level === 'street' ? 'street_id' : place.level === 'community' ? 'community_id' : 'compound_id';
    q = q.where(col, '=', place.id);
  }
  return q.orderBy('id').execute();
}

export async function compoundsByIds(db: Queryable, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('places').select(['id', 'level', 'path', 'street_id', 'community_id']).where('id', 'in', ids).execute();
}

/** Plans of which the actor sees at least one inspection. */
export async function listPlans(db: Queryable, actor: SessionActor, limit: number, offset: number) {
  return db
    .selectFrom('inspection_plans as pl')
    .innerJoin('inspection_templates as t', 't.id', 'pl.template_id')
    .selectAll('pl')
    .select('t.name as template_name')
    .where((eb) =>
      eb.exists(eb.selectFrom('inspections as ins').select('ins.id').whereRef('ins.plan_id', '=', 'pl.id').where(inspectionScope(actor))),
    )
    .orderBy('pl.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function findVisiblePlan(db: Queryable, actor: SessionActor, id: number) {
  const plan = await db.selectFrom('inspection_plans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!plan) throw notFound('id');
  const inspections = await planInspections(db, actor, id);
  if (!inspections.length && actor.role !== 'admin') throw notFound('id');
  return { plan, inspections };
}

export async function planInspections(db: Queryable, actor: SessionActor, planId: number) {
  return db
    .selectFrom('inspections as ins')
    .innerJoin('places as p', 'p.id', 'ins.compound_id')
    .selectAll('ins')
    .select('p.name as compound_name')
    .where('ins.plan_id', '=', planId)
    .where(inspectionScope(actor))
    .orderBy('ins.id')
    .execute();
}

/** Inspections in the actor's area with their compound and plan, newest plan first: the inspector's task list. */
export async function listInspections(db: Queryable, actor: SessionActor, f: { statuses?: string[]; limit: number; offset: number }) {
  let q = db
    .selectFrom('inspections as ins')
    .innerJoin('places as p', 'p.id', 'ins.compound_id')
    .innerJoin('inspection_plans as pl', 'pl.id', 'ins.plan_id')
    .selectAll('ins')
    .select(['p.name as compound_name', 'pl.name as plan_name', 'pl.kind as plan_kind', 'pl.period'])
    .where(inspectionScope(actor));
  if (f.statuses?.length) q = q.where('ins.status', 'in', f.statuses);
  return q.orderBy('pl.id', 'desc').orderBy('ins.id').limit(f.limit).offset(f.offset).execute();
}

export async function findVisibleInspection(db: Queryable, actor: SessionActor, id: number) {
  const row = await db
    .selectFrom('inspections as ins')
    .innerJoin('places as p', 'p.id', 'ins.compound_id')
    .innerJoin('inspection_plans as pl', 'pl.id', 'ins.plan_id')
    .selectAll('ins')
    .select(['p.name as compound_name', 'pl.template_id', 'pl.name as plan_name', 'pl.kind as plan_kind'])
    .where('ins.id', '=', id)
    .where(inspectionScope(actor))
    .executeTakeFirst();
  if (!row) throw notFound('id');
  return row;
}

/** Every recorded check of an inspection, oldest first, with photo ids: the loop's history. */
export async function inspectionChecks(db: Queryable, inspectionId: number) {
  const checks = await db
    .selectFrom('inspection_checks as ch')
    .innerJoin('users as u', 'u.id', 'ch.recorded_by')
    .selectAll('ch')
    .select('u.name as recorded_by_name')
    .where('ch.inspection_id', '=', inspectionId)
    .orderBy('ch.id')
    .execute();
  const links = checks.length
    ? await db
        .selectFrom('inspection_check_attachments')
        .select(['check_id', 'attachment_id'])
        .where(
          'check_id',
          'in',
          checks.map((c) => c.id),
        )
        .execute()
    : [];
  return checks.map((c) => ({ ...c, attachmentIds: links.filter((l) => l.check_id === c.id).map((l) => l.attachment_id) }));
}

/** Ids among `ids` the actor may attach: their own uploads, linked to no order and to nothing here yet. */
export async function claimableAttachments(db: Queryable, actor: SessionActor, ids: number[]) {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('attachments as a')
    .select('a.id')
    .where('a.id', 'in', ids)
    .where('a.uploader_id', '=', actor.id)
    .where('a.order_id', 'is', null)
    .where(sql<boolean>`not exists (select 1 from ledger_note_attachments l where l.attachment_id = a.id)`)
    .where(sql<boolean>`not exists (select 1 from inspection_check_attachments c where c.attachment_id = a.id)`)
    .where(sql<boolean>`not exists (select 1 from fieldwork_attachments f where f.attachment_id = a.id)`)
    .execute();
  return rows.map((r) => r.id);
}

/** An attachment linked to a ledger note of the entry, or to a check of the inspection; undefined otherwise. */
export async function linkedAttachment(db: Queryable, where: { entryId: number } | { inspectionId: number }, attachmentId: number) {
  let q = db.selectFrom('attachments as a').select(['a.id', 'a.mime', 'a.storage_key']).where('a.id', '=', attachmentId);
  if ('entryId' in where) {
    q = q
      .innerJoin('ledger_note_attachments as la', 'la.attachment_id', 'a.id')
      .innerJoin('ledger_notes as n', 'n.id', 'la.note_id')
      .where('n.entry_id', '=', where.entryId);
  } else {
    q = q
      .innerJoin('inspection_check_attachments as ca', 'ca.attachment_id', 'a.id')
      .innerJoin('inspection_checks as ch', 'ch.id', 'ca.check_id')
      .where('ch.inspection_id', '=', where.inspectionId);
  }
  return q.executeTakeFirst();
}

/** A problem's special supervision with its tasks and progress; null when it has none. */
export async function specialOf(db: Queryable, problemId: number) {
  const sp = await db
    .selectFrom('special_supervisions as ss')
    .innerJoin('units as u', 'u.id', 'ss.lead_unit_id')
    .selectAll('ss')
    .select('u.name as lead_unit_name')
    .where('ss.problem_id', '=', problemId)
    .executeTakeFirst();
  if (!sp) return null;
  const tasks = await db
    .selectFrom('supervision_tasks as t')
    .leftJoin('units as u', 'u.id', 't.unit_id')
    .selectAll('t')
    .select('u.name as unit_name')
    .where('t.special_id', '=', sp.id)
    .orderBy('t.id')
    .execute();
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  const done = tasks.filter((t) => t.status === 'done').length;
  return {
    leadUnitId: sp.lead_unit_id,
    leadUnitName: sp.lead_unit_name,
    month: sp.month,
    theme: sp.theme,
    markedAt: iso(sp.marked_at),
    progress: { done, total: tasks.length, percent: tasks.length ? Math.round((100 * done) / tasks.length) : 0 },
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      unitId: t.unit_id,
      unitName: t.unit_name,
      deadline: iso(t.deadline_at),
      status: t.status,
      doneAt: iso(t.done_at),
    })),
  };
}

/** The month's topic: its themes and the problems marked for it that the actor sees. */
export async function monthTopic(db: Queryable, actor: SessionActor, month: string) {
  const rows = await db
    .selectFrom('special_supervisions as ss')
    .innerJoin('problems as pr', 'pr.id', 'ss.problem_id')
    .select(['pr.id', 'pr.title', 'ss.theme'])
    .where('ss.month', '=', month)
    .where(problemScope(actor))
    .orderBy('pr.id')
    .execute();
  const problems = [];
  for (const r of rows) problems.push({ id: r.id, title: r.title, special: await specialOf(db, r.id) });
  return { themes: [...new Set(rows.map((r) => r.theme).filter((t): t is string => !!t))], problems };
}
