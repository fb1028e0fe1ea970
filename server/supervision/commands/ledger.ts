/** Ledger entries (台账): create, correct, note progress with photos, and move through the lifecycle to 销号. */
import type { SessionActor } from '../../auth/actor';
import { can } from '../../auth/policy';
import type { Tx } from '../../db';
import type { LedgerEntriesTable } from '../../db/schema';
import { AppError } from '../../errors';
import type { Selectable } from 'kysely';
import { LEDGER_TRANSITIONS, type LedgerAction } from '../lifecycle';
import {
  categoryExists,
  claimableAttachments,
  findVisibleProblem,
  hasEvidence,
  placeAncestry,
  placeWithinActor,
  unitExists,
} from '../queries';
import { recordLedgerEvent } from './record-event';

export type EntryRow = Selectable<LedgerEntriesTable>;

export interface CreateEntryInput {
  title: string;
  placeId: number;
  problemId?: number | null;
  categoryId?: number | null;
  unitId?: number | null;
  responsiblePerson?: string | null;
  measures?: string;
  deadline?: number | null;
  source?: 'manual' | 'unsatisfied' | 'inspection' | 'import' | 'visit';
  sourceKey?: string | null;
  inspectionId?: number | null;
  templateItemId?: number | null;
}

/** Checks the references of an entry: place in the actor's reach, problem visible, category and unit real. */
async function checkReferences(tx: Tx, actor: SessionActor, input: Partial<CreateEntryInput>) {
  if (input.problemId != null) {
    await findVisibleProblem(tx, actor, input.problemId).catch(() => {
      throw new AppError('unknown_reference', 'problemId');
    });
  }
  if (input.categoryId != null && !(await categoryExists(tx, input.categoryId))) throw new AppError('unknown_reference', 'categoryId');
  if (input.unitId != null && !(await unitExists(tx, input.unitId))) throw new AppError('unknown_reference', 'unitId');
}

/** Opens a ledger entry at a place the actor answers for. */
export async function createLedgerEntry(tx: Tx, actor: SessionActor | null, now: number, input: CreateEntryInput): Promise<EntryRow> {
  const place = await placeAncestry(tx, input.placeId);
  if (actor) {
    if (!placeWithinActor(actor, place)) throw new AppError('unknown_reference', 'placeId');
    await checkReferences(tx, actor, input);
  }
  const row = await tx
    .insertInto('ledger_entries')
    .values({
      title: input.title.trim(),
      problem_id: input.problemId ?? null,
      place_id: place.id,
      street_id: place.street_id,
      community_id: place.community_id,
      compound_id: place.compound_id,
      building_id: place.building_id,
      category_id: input.categoryId ?? null,
      unit_id: input.unitId ?? null,
      responsible_person: input.responsiblePerson?.trim() || null,
      measures: input.measures?.trim() ?? '',
      deadline_at: input.deadline ?? null,
      status: 'open',
      evidence: null,
      source: input.source ?? 'manual',
      source_key: input.sourceKey ?? null,
      inspection_id: input.inspectionId ?? null,
      template_item_id: input.templateItemId ?? null,
      submitted_by: null,
      reviewed_by: null,
      closed_at: null,
      created_by: actor?.id ?? null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordLedgerEvent(tx, actor, now, row.id, 'create', { to: 'open', payload: { source: row.source, title: row.title } });
  return row;
}

/** Writes the entry's new fields if nobody changed it meanwhile (optimistic lock on version). */
async function saveEntry(tx: Tx, entry: EntryRow, now: number, set: Partial<Omit<EntryRow, 'id' | 'version'>>): Promise<EntryRow> {
  const row = await tx
    .updateTable('ledger_entries')
    .set({ ...set, updated_at: now, version: entry.version + 1 })
    .where('id', '=', entry.id)
    .where('version', '=', entry.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', 'version', { zh: '台账已被他人更新，请刷新', en: 'the entry was changed meanwhile; reload' });
  return row;
}

export interface UpdateEntryInput {
  title?: string;
  problemId?: number | null;
  categoryId?: number | null;
  unitId?: number | null;
  responsiblePerson?: string | null;
  measures?: string;
  deadline?: number | null;
}

/** Corrects what is to be done, by whom and by when (not after 销号). */
export async function updateLedgerEntry(
  tx: Tx,
  actor: SessionActor,
  now: number,
  entry: EntryRow,
  input: UpdateEntryInput,
): Promise<EntryRow> {
  if (entry.status === 'closed')
    throw new AppError('rule_violation', 'status', { zh: '已销号的台账不能修改', en: 'a closed entry cannot change' });
  await checkReferences(tx, actor, input);
  const set: Partial<EntryRow> = {};
  if (input.title !== undefined) set.title = input.title.trim();
  if (input.problemId !== undefined) set.problem_id = input.problemId;
  if (input.categoryId !== undefined) set.category_id = input.categoryId;
  if (input.unitId !== undefined) set.unit_id = input.unitId;
  if (input.responsiblePerson !== undefined) set.responsible_person = input.responsiblePerson?.trim() || null;
  if (input.measures !== undefined) set.measures = input.measures.trim();
  if (input.deadline !== undefined) set.deadline_at = input.deadline;
  const before = Object.fromEntries(Object.keys(set).map((k) => [k, entry[k as keyof EntryRow]]));
  const row = await saveEntry(tx, entry, now, set);
  await recordLedgerEvent(tx, actor, now, entry.id, 'update', { payload: { before, after: set } });
  return row;
}

/** Links the actor's own fresh uploads to a note or check; anything else is a bad reference. */
export async function requireClaimable(tx: Tx, actor: SessionActor, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  const ok = await claimableAttachments(tx, actor, unique);
  if (ok.length !== unique.length) throw new AppError('unknown_reference', 'attachmentIds');
  return unique;
}

/** Adds a progress note (with photos) to an entry that is not closed. */
export async function addLedgerNote(
  tx: Tx,
  actor: SessionActor,
  now: number,
  entry: EntryRow,
  input: { text: string; attachmentIds?: number[] },
) {
  if (entry.status === 'closed')
    throw new AppError('rule_violation', 'status', { zh: '已销号的台账不能再添加进展', en: 'a closed entry takes no more notes' });
  const photos = await requireClaimable(tx, actor, input.attachmentIds ?? []);
  const note = await tx
    .insertInto('ledger_notes')
    .values({ entry_id: entry.id, author_id: actor.id, text: input.text.trim(), at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (photos.length)
    await tx
      .insertInto('ledger_note_attachments')
      .values(photos.map((a) => ({ note_id: note.id, attachment_id: a })))
      .execute();
  await saveEntry(tx, entry, now, {});
  await recordLedgerEvent(tx, actor, now, entry.id, 'note', { payload: { noteId: note.id, attachmentIds: photos } });
  return note.id;
}

export interface TransitionInput {
  evidence?: string;
  comment?: string;
  deadline?: number | null;
}

/**
 * Moves an entry along the lifecycle. 销号 (close) needs evidence — the evidence text or a note
 * with a photo — and a reviewer other than the handler who submitted the rectification.
 * Entries raised by an inspection are closed by the recheck (复查), which passes `viaRecheck`.
 */
export async function transitionLedgerEntry(
  tx: Tx,
  actor: SessionActor,
  now: number,
  entry: EntryRow,
  action: LedgerAction,
  input: TransitionInput,
  viaRecheck = false,
): Promise<EntryRow> {
  const t = LEDGER_TRANSITIONS[action];
  if (!can(actor, t.policy)) throw new AppError('forbidden');
  if (!(t.from as readonly string[]).includes(entry.status)) {
    throw new AppError('conflict', 'status', { zh: `当前状态（${entry.status}）不能执行此操作`, en: `not allowed while ${entry.status}` });
  }
  const set: Partial<EntryRow> = { status: t.to };
  switch (action) {
    case 'start':
      break;
    case 'submit':
      set.submitted_by = actor.id;
      if (input.evidence?.trim()) set.evidence = input.evidence.trim();
      break;
    case 'close': {
      if (entry.inspection_id !== null && !viaRecheck) {
        throw new AppError('rule_violation', 'status', {
          zh: '检查发现的问题须通过复查销号',
          en: 'an inspection finding is closed by its recheck',
        });
      }
      if (!(await hasEvidence(tx, entry))) {
        throw new AppError('rule_violation', 'evidence', {
          zh: '销号需要整改佐证（带照片的进展或佐证说明）',
          en: 'closing needs evidence: a note with a photo or an evidence text',
        });
      }
      if (entry.submitted_by === actor.id) {
        throw new AppError('rule_violation', 'reviewer', {
          zh: '销号须由整改人以外的人员复核',
          en: 'the reviewer must be someone other than the handler',
        });
      }
      set.reviewed_by = actor.id;
      set.closed_at = now;
      break;
    }
    case 'reject':
      if (!input.comment?.trim() && !viaRecheck)
        throw new AppError('validation', 'comment', { zh: '退回整改须说明原因', en: 'say why it goes back' });
      set.reviewed_by = actor.id;
      if (input.deadline !== undefined) set.deadline_at = input.deadline;
      break;
  }
  const row = await saveEntry(tx, entry, now, set);
  await recordLedgerEvent(tx, actor, now, entry.id, action, {
    from: entry.status,
    to: t.to,
    payload: {
      comment: input.comment?.trim() || undefined,
      evidence: set.evidence,
      deadline: input.deadline ?? undefined,
      viaRecheck: viaRecheck || undefined,
    },
  });
  return row;
}
