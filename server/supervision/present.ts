/** JSON shapes of supervision rows, with the actions the caller may take (the UI hides the rest). */
import type { SessionActor } from '../auth/actor';
import { can } from '../auth/policy';
import { LEDGER_STATUS_ZH, LEDGER_TRANSITIONS, actionsFrom, type LedgerStatus } from './lifecycle';
import type { entryEvents, entryNotes, inspectionChecks, LedgerListRow } from './queries';

const iso = (t: number | null | undefined) => (t === null || t === undefined ? null : new Date(t).toISOString());

/** What the actor may do with an entry now: lifecycle actions allowed for the role, and note/edit. */
export function entryActions(
  actor: SessionActor,
  e: { status: string; inspection_id: number | null; submitted_by: number | null },
): string[] {
  const out: string[] = actionsFrom(e.status).filter((a) => {
    if (!can(actor, LEDGER_TRANSITIONS[a].policy)) return false;
    if (a === 'close') return e.inspection_id === null && e.submitted_by !== actor.id;
    if (a === 'reject') return e.inspection_id === null;
    return true;
  });
  if (e.status !== 'closed') {
    if (can(actor, 'ledger.progress')) out.push('note');
    if (can(actor, 'ledger.write')) out.push('edit');
  }
  return out;
}

export function presentEntry(actor: SessionActor, e: LedgerListRow) {
  return {
    id: e.id,
    title: e.title,
    status: e.status,
    statusName: LEDGER_STATUS_ZH[e.status as LedgerStatus] ?? e.status,
    placeId: e.place_id,
    placeName: e.place_name,
    problemId: e.problem_id,
    problemTitle: e.problem_title,
    categoryId: e.category_id,
    categoryName: e.category_name,
    unitId: e.unit_id,
    unitName: e.unit_name,
    responsiblePerson: e.responsible_person,
    measures: e.measures,
    deadline: iso(e.deadline_at),
    overdue: e.status !== 'closed' && e.deadline_at !== null && e.deadline_at < Date.now(),
    evidence: e.evidence,
    source: e.source,
    inspectionId: e.inspection_id,
    submittedBy: e.submitted_by,
    reviewedBy: e.reviewed_by,
    closedAt: iso(e.closed_at),
    version: e.version,
    createdAt: iso(e.created_at),
    updatedAt: iso(e.updated_at),
    actions: entryActions(actor, e),
  };
}

export function presentNotes(entryId: number, notes: Awaited<ReturnType<typeof entryNotes>>) {
  return notes.map((n) => ({
    id: n.id,
    text: n.text,
    authorId: n.author_id,
    authorName: n.author_name,
    at: iso(n.at),
    attachments: n.attachmentIds.map((id) => ({ id, url: `/api/ledger/${entryId}/attachments/${id}` })),
  }));
}

export function presentEvents(events: Awaited<ReturnType<typeof entryEvents>>) {
  return events.map((e) => ({
    id: e.id,
    action: e.action,
    actorId: e.actor_id,
    actorName: e.actor_name,
    actorRole: e.actor_role,
    from: e.from_status,
    to: e.to_status,
    payload: e.payload_json ? JSON.parse(e.payload_json) : null,
    at: iso(e.at),
  }));
}

export function presentChecks(inspectionId: number, checks: Awaited<ReturnType<typeof inspectionChecks>>) {
  return checks.map((c) => ({
    id: c.id,
    itemId: c.template_item_id,
    round: c.round,
    outcome: c.outcome,
    note: c.note,
    ledgerEntryId: c.ledger_entry_id,
    recordedBy: c.recorded_by,
    recordedByName: c.recorded_by_name,
    recordedAt: iso(c.recorded_at),
    attachments: c.attachmentIds.map((id) => ({ id, url: `/api/inspections/${inspectionId}/attachments/${id}` })),
  }));
}

export { iso };
