/**
 * Visits (走访, DOMAIN.md §5): door-to-door or by phone, scheduled or random. Recording one turns
 * its findings into a work order (channel visit, through the work-order create command) or a
 * ledger entry (台账) in the same transaction.
 */
import type { Selectable } from 'kysely';
import { maskPhone } from '../../../common/mask';
import type { RecordVisitInput } from '../../../common/fieldwork';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import type { VisitsTable } from '../../db/schema-fieldwork';
import { AppError, notFound } from '../../errors';
import { createWorkOrder } from '../../work-orders';
import { createLedgerEntry } from '../commands/ledger';
import { fieldworkScope } from '../scope';
import { eventsOf, iso, linkPhotos, photosOf, placeValues, reachablePlace, recordEvent, requireCategory, requireUsers, underPlace, type Queryable } from './shared';

type VisitRow = Selectable<VisitsTable>;

const visitScope = (actor: SessionActor, alias = 'v') => fieldworkScope(actor, alias);

export async function findVisibleVisit(db: Queryable, actor: SessionActor, id: number) {
  const v = await db.selectFrom('visits as v').selectAll('v').where('v.id', '=', id).where(visitScope(actor)).executeTakeFirst();
  if (!v) throw notFound('id');
  return v;
}

export async function listVisits(
  db: Queryable,
  actor: SessionActor,
  f: { placeId?: number; status?: string; mode?: string; limit: number; offset: number },
) {
  let q = db
    .selectFrom('visits as v')
    .innerJoin('places as p', 'p.id', 'v.place_id')
    .leftJoin('users as u', 'u.id', 'v.visitor_id')
    .selectAll('v')
    .select(['p.name as place_name', 'u.name as visitor_name'])
    .where(visitScope(actor));
  if (f.placeId !== undefined) q = q.where(underPlace('v', f.placeId));
  if (f.status !== undefined) q = q.where('v.status', '=', f.status);
  if (f.mode !== undefined) q = q.where('v.mode', '=', f.mode);
  const rows = await q.orderBy('v.id', 'desc').limit(f.limit).offset(f.offset).execute();
  // Lists always mask the resident's phone.
  return rows.map((v) => ({ ...presentVisit(v), placeName: v.place_name, visitorName: v.visitor_name, residentPhone: maskPhone(v.resident_phone) }));
}

function presentVisit(v: VisitRow) {
  return {
    id: v.id,
    placeId: v.place_id,
    mode: v.mode,
    plan: v.plan,
    status: v.status,
    scheduledFor: iso(v.scheduled_for),
    visitorId: v.visitor_id,
    residentName: v.resident_name,
    residentPhone: v.resident_phone,
    findings: v.findings,
    outcome: v.outcome,
    orderId: v.order_id,
    ledgerEntryId: v.ledger_entry_id,
    visitedAt: iso(v.visited_at),
    createdAt: iso(v.created_at),
  };
}

export async function visitDetail(db: Queryable, actor: SessionActor, id: number) {
  const v = await findVisibleVisit(db, actor, id);
  const photos = await photosOf(db, 'visit', [id]);
  const wholePhone = actor.role === 'admin' || actor.role === 'supervisor' || actor.id === v.visitor_id;
  return {
    ...presentVisit(v),
    residentPhone: wholePhone ? v.resident_phone : maskPhone(v.resident_phone),
    photos: photos.get(id) ?? [],
    events: await eventsOf(db, 'visit', id),
  };
}

/** Plans a visit at a place in the actor's reach (a household, building or compound). */
export async function createVisit(
  tx: Tx,
  actor: SessionActor,
  now: number,
  input: { placeId: number; mode: string; plan: string; scheduledFor?: number; visitorId?: number; residentName?: string; residentPhone?: string },
) {
  const place = await reachablePlace(tx, actor, input.placeId);
  if (input.visitorId !== undefined) await requireUsers(tx, [input.visitorId], 'visitorId');
  const { id } = await tx
    .insertInto('visits')
    .values({
      ...placeValues(place),
      mode: input.mode,
      plan: input.plan,
      status: 'planned',
      scheduled_for: input.scheduledFor ?? null,
      visitor_id: input.visitorId ?? actor.id,
      resident_name: input.residentName?.trim() || null,
      resident_phone: input.residentPhone?.trim() || null,
      outcome: null,
      order_id: null,
      ledger_entry_id: null,
      visited_at: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, actor, now, 'visit', id, 'plan', { mode: input.mode, plan: input.plan, placeId: place.id });
  return id;
}

/** Records what the visit found and, in the same step, files it as an order or a ledger entry. */
export async function recordVisit(ctx: AppContext, tx: Tx, actor: SessionActor, v: VisitRow, input: Omit<RecordVisitInput, 'deadline'> & { deadline?: number }) {
  const now = ctx.clock.now();
  if (v.status === 'done') throw new AppError('rule_violation', 'status', { zh: '走访已登记', en: 'the visit is recorded already' });
  const findings = input.findings.trim();
  if (input.outcome !== 'none' && !findings) throw new AppError('validation', 'findings', { zh: '请填写走访发现的问题', en: 'describe what was found' });
  const residentName = input.residentName?.trim() || v.resident_name;
  const residentPhone = input.residentPhone?.trim() || v.resident_phone;
  const title = (input.title?.trim() || `走访发现：${[...findings].slice(0, 30).join('')}`).slice(0, 200);
  let orderId: number | null = null;
  let ledgerEntryId: number | null = null;
  const photos = await linkPhotos(tx, actor, 'visit', v.id, input.attachmentIds);
  if (input.outcome === 'order') {
    if (input.categoryId === undefined) throw new AppError('validation', 'categoryId', { zh: '生成工单需选择类别', en: 'an order needs a category' });
    await requireCategory(tx, input.categoryId);
    const order = await createWorkOrder(ctx, tx, actor, {
      title,
      description: findings,
      categoryId: input.categoryId,
      placeId: v.place_id,
      channel: 'visit',
      ...(residentName ? { callerName: residentName } : {}),
      ...(residentPhone ? { callerPhone: residentPhone } : {}),
      ...(photos.length ? { attachmentIds: photos } : {}),
    } as Parameters<typeof createWorkOrder>[3]);
    orderId = order.id;
  } else if (input.outcome === 'ledger') {
    const entry = await createLedgerEntry(tx, actor, now, {
      title,
      placeId: v.place_id,
      problemId: input.problemId ?? null,
      categoryId: input.categoryId ?? null,
      unitId: input.unitId ?? null,
      measures: findings,
      deadline: input.deadline ?? null,
      source: 'visit',
      sourceKey: `visit:${v.id}`,
    });
    ledgerEntryId = entry.id;
  }
  await tx
    .updateTable('visits')
    .set({
      status: 'done',
      findings,
      outcome: input.outcome,
      order_id: orderId,
      ledger_entry_id: ledgerEntryId,
      resident_name: residentName,
      resident_phone: residentPhone,
      visited_at: now,
      visitor_id: v.visitor_id ?? actor.id,
      updated_at: now,
    })
    .where('id', '=', v.id)
    .execute();
  await recordEvent(tx, actor, now, 'visit', v.id, 'record', { outcome: input.outcome, orderId, ledgerEntryId, photos });
}
