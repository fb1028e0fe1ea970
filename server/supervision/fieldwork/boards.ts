/**
 * Disclosure boards (公示, DOMAIN.md §5): each compound's 五亮 items with their last-updated times,
 * 亮结果 computed from the compound's orders with the evaluation formulas, the facility maintenance
 * records, stale flags; and public notices for a compound (or a community, street, the district).
 */
import { sql } from 'kysely';
import {
  BOARD_ITEM_NAMES,
  DEFAULT_RESULT_DAYS,
  DEFAULT_STALE_DAYS,
  EDITABLE_BOARD_ITEMS,
} from '../../../common/fieldwork';
import { percent, ratesFromCounts } from '../../../common/evaluation';
import type { SessionActor } from '../../auth/actor';
import type { Tx } from '../../db';
import { AppError, notFound } from '../../errors';
import { groupCounts } from '../../evaluation/queries';
import { placeAncestry, placeWithinActor } from '../queries';
import { boardSettings, DAY_MS, iso, reachablePlace, recordEvent, type Queryable } from './shared';
import { facilityStatus } from './facilities';

type Compound = Awaited<ReturnType<typeof placeAncestry>>;

/** True when the handler's unit covers the compound (directly or through its community or street). */
async function unitCovers(db: Queryable, unitId: number, compound: Compound) {
  const ids = [compound.id, compound.community_id, compound.street_id].filter((x): x is number => x !== null);
  const row = await db.selectFrom('unit_places').select('unit_id').where('unit_id', '=', unitId).where('place_id', 'in', ids).executeTakeFirst();
  return row !== undefined;
}

/** The compound if the actor may read its board: staff in scope, its unit's handlers, the people living there. */
export async function findReadableCompound(db: Queryable, actor: SessionActor, compoundId: number) {
  const p = await db
    .selectFrom('places')
    .select(['id', 'level', 'name', 'path', 'street_id', 'community_id', 'compound_id', 'building_id'])
    .where('id', '=', compoundId)
    .executeTakeFirst();
  if (!p || p.level !== 'compound') throw notFound('id');
  let ok: boolean;
  switch (actor.role) {
    case 'admin':
    case 'supervisor':
    case 'dispatcher':
    case 'inspector':
      ok = placeWithinActor(actor, p);
      break;
    case 'handler':
      ok = actor.unitId !== null && (await unitCovers(db, actor.unitId, p));
      break;
    case 'resident':
    case 'organiser':
    case 'merchant':
      // Those who live or work there: their own place lies in the compound.
      ok = actor.placePath !== null && actor.placePath.startsWith(p.path);
      break;
  }
  if (!ok) throw notFound('id');
  return p;
}

/** The compound of the actor's own place (a resident's home), 404 when they have none. */
export async function homeCompound(db: Queryable, actor: SessionActor) {
  if (actor.placeId === null) throw notFound('placeId');
  const p = await placeAncestry(db, actor.placeId);
  if (p.compound_id === null) throw notFound('placeId');
  return p.compound_id;
}

/** 亮结果: the compound's orders received in the last `days` days, rated with common/evaluation.ts. */
export async function compoundResults(db: Queryable, compound: Compound, now: number, days: number) {
  const period = { from: now - days * DAY_MS, to: now + 1 };
  // The board shows the compound's own figures whoever reads it: count as a supervisor of the compound.
  const reader: SessionActor = {
    id: 0,
    username: '',
    name: '',
    phone: null,
    role: 'supervisor',
    unitId: null,
    placeId: compound.id,
    placeLevel: 'compound',
    placePath: compound.path,
  };
  const [group] = await groupCounts(db, reader, period, 'compound', now);
  // Served by wo_compound_received (compound_id, received_at).
  const closed = await db
    .selectFrom('work_orders as wo')
    .select(sql<number>`count(*)`.as('n'))
    .where('wo.compound_id', '=', compound.id)
    .where('wo.received_at', '>=', period.from)
    .where('wo.received_at', '<', period.to)
    .where('wo.status', '=', 'closed')
    .executeTakeFirstOrThrow();
  const counts = group?.counts;
  const rates = counts ? ratesFromCounts(counts) : null;
  return {
    from: iso(period.from),
    to: iso(now),
    days,
    received: counts?.volume ?? 0,
    closed: Number(closed.n),
    onTimePercent: percent(rates?.onTime ?? null),
    satisfactionPercent: percent(rates?.satisfaction ?? null),
    responsePercent: percent(rates?.response ?? null),
    resolutionPercent: percent(rates?.resolution ?? null),
    rated: counts?.rated ?? 0,
    updatedAt: iso(now),
  };
}

/** The whole board of a compound as residents and staff read it. */
export async function compoundBoard(db: Queryable, compound: Compound, now: number, opts: { staleDays?: number; resultDays?: number }) {
  const settings = await boardSettings(db);
  const staleDays = opts.staleDays ?? settings.staleDays ?? DEFAULT_STALE_DAYS;
  const resultDays = opts.resultDays ?? settings.resultDays ?? DEFAULT_RESULT_DAYS;
  const staleBefore = now - staleDays * DAY_MS;
  const rows = await db
    .selectFrom('board_items as b')
    .leftJoin('users as u', 'u.id', 'b.updated_by')
    .select(['b.item', 'b.content', 'b.updated_at', 'b.version', 'u.name as updated_by_name'])
    .where('b.compound_id', '=', compound.id)
    .execute();
  const items = EDITABLE_BOARD_ITEMS.map((item) => {
    const r = rows.find((x) => x.item === item);
    return {
      item,
      name: BOARD_ITEM_NAMES[item].zh,
      nameEn: BOARD_ITEM_NAMES[item].en,
      content: r?.content ?? null,
      version: r?.version ?? 0,
      updatedAt: iso(r?.updated_at),
      updatedByName: r?.updated_by_name ?? null,
      // Never published counts as stale: the 五亮 check wants it complete and timely.
      stale: !r || r.updated_at < staleBefore,
    };
  });
  const facilities = (await boardFacilities(db, compound.id)).map((f) => facilityStatus(f, now));
  const results = await compoundResults(db, compound, now, resultDays);
  const notices = await noticesFor(db, compound.path, now);
  return {
    compound: { id: compound.id, name: compound.name },
    staleDays,
    items,
    results: { item: 'results', name: BOARD_ITEM_NAMES.results.zh, nameEn: BOARD_ITEM_NAMES.results.en, ...results },
    facilities,
    notices,
    staleCount: items.filter((i) => i.stale).length + facilities.filter((f) => f.overdue).length,
  };
}

/** Facilities of a compound, for the board. */
async function boardFacilities(db: Queryable, compoundId: number) {
  return db.selectFrom('facilities').selectAll().where('compound_id', '=', compoundId).where('active', '=', 1).orderBy('kind').orderBy('id').execute();
}

/** Writes one 五亮 item of a compound's board (optimistic on `version` when given). */
export async function updateBoardItem(
  tx: Tx,
  actor: SessionActor,
  now: number,
  compound: Compound,
  item: string,
  input: { content: string; version?: number },
) {
  const content = input.content.trim();
  if (!content) throw new AppError('validation', 'content', { zh: '内容不能为空', en: 'the content is empty' });
  const before = await tx.selectFrom('board_items').selectAll().where('compound_id', '=', compound.id).where('item', '=', item).executeTakeFirst();
  if (before) {
    await tx
      .updateTable('board_items')
      .set({ content, updated_by: actor.id, updated_at: now, version: before.version + 1 })
      .where('id', '=', before.id)
      .execute();
  } else {
    await tx
      .insertInto('board_items')
      .values({
        compound_id: compound.id,
        street_id: compound.street_id,
        community_id: compound.community_id,
        item,
        content,
        updated_by: actor.id,
        updated_at: now,
      })
      .execute();
  }
  await recordEvent(tx, actor, now, 'board', compound.id, 'update_item', { item, before: before?.content ?? null, after: content });
}

/** The compounds whose boards the actor keeps, with stale flags (the console's list). */
export async function listBoards(
  db: Queryable,
  actor: SessionActor,
  now: number,
  f: { placeId?: number; stale?: boolean; staleDays?: number; limit: number; offset: number },
) {
  const staleDays = f.staleDays ?? (await boardSettings(db)).staleDays ?? DEFAULT_STALE_DAYS;
  const staleBefore = now - staleDays * DAY_MS;
  let q = db.selectFrom('places as p').select(['p.id', 'p.name', 'p.path', 'p.community_id', 'p.street_id']).where('p.level', '=', 'compound');
  if (actor.role === 'handler') {
    const unitId = actor.unitId ?? -1;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('unit_places as up')
          .select('up.unit_id')
          .where('up.unit_id', '=', unitId)
          .where((e2) => e2.or([e2('up.place_id', '=', e2.ref('p.id')), e2('up.place_id', '=', e2.ref('p.community_id')), e2('up.place_id', '=', e2.ref('p.street_id'))])),
      ),
    );
  } else if (actor.role !== 'admin') {
    q = actor.placePath === null ? q.where(sql<boolean>`1 = 0`) : q.where('p.path', 'like', `${actor.placePath}%`);
  }
  if (f.placeId !== undefined) {
    const pid = f.placeId;
    q = q.where((eb) => eb.or([eb('p.id', '=', pid), eb('p.community_id', '=', pid), eb('p.street_id', '=', pid)]));
  }
  // Items up to date (each of the four present and fresh) and facilities overdue, per compound, in SQL.
  const fresh = (eb: any) =>
    eb
      .selectFrom('board_items as b')
      .select(sql<number>`count(*)`.as('n'))
      .whereRef('b.compound_id', '=', 'p.id')
      .where('b.updated_at', '>=', staleBefore);
  let rowsQ = q.select((eb) => fresh(eb).as('fresh_items'));
  if (f.stale !== undefined) {
    rowsQ = rowsQ.where((eb: any) => eb(fresh(eb), f.stale ? '<' : '>=', EDITABLE_BOARD_ITEMS.length));
  }
  const rows = await rowsQ.orderBy('p.id').limit(f.limit).offset(f.offset).execute();
  const ids = rows.map((r) => r.id);
  const items = ids.length ? await db.selectFrom('board_items').select(['compound_id', 'item', 'updated_at']).where('compound_id', 'in', ids).execute() : [];
  const facilities = ids.length
    ? await db.selectFrom('facilities').selectAll().where('compound_id', 'in', ids).where('active', '=', 1).execute()
    : [];
  return rows.map((r) => {
    const mine = items.filter((i) => i.compound_id === r.id);
    const overdue = facilities.filter((x) => x.compound_id === r.id).map((x) => facilityStatus(x, now)).filter((x) => x.overdue).length;
    const staleItems = EDITABLE_BOARD_ITEMS.length - Number((r as { fresh_items?: unknown }).fresh_items ?? 0);
    return {
      compoundId: r.id,
      compoundName: r.name,
      lastUpdatedAt: iso(mine.reduce<number | null>((m, i) => (m === null || i.updated_at > m ? i.updated_at : m), null)),
      staleItems,
      overdueFacilities: overdue,
      stale: staleItems > 0 || overdue > 0,
    };
  });
}

// ── public notices ───────────────────────────────────────────────────

const noticeColumns = ['n.id', 'n.title', 'n.body', 'n.place_id', 'n.published_at', 'n.expires_at', 'n.withdrawn_at', 'n.created_at', 'n.updated_at', 'p.name as place_name'] as const;

function presentNotice(n: {
  id: number;
  title: string;
  body: string;
  place_id: number;
  place_name: string;
  published_at: number;
  expires_at: number | null;
  withdrawn_at: number | null;
  updated_at: number;
}, now: number) {
  return {
    id: n.id,
    title: n.title,
    body: n.body,
    placeId: n.place_id,
    placeName: n.place_name,
    publishedAt: iso(n.published_at),
    expiresAt: iso(n.expires_at),
    withdrawnAt: iso(n.withdrawn_at),
    updatedAt: iso(n.updated_at),
    active: n.withdrawn_at === null && n.published_at <= now && (n.expires_at === null || n.expires_at > now),
  };
}

/** Notices in force for someone at `path`: published on their compound or any place above it. */
export async function noticesFor(db: Queryable, path: string, now: number) {
  const rows = await db
    .selectFrom('public_notices as n')
    .innerJoin('places as p', 'p.id', 'n.place_id')
    .select(noticeColumns)
    .where(sql<boolean>`${path} like p.path || '%'`)
    .where('n.withdrawn_at', 'is', null)
    .where('n.published_at', '<=', now)
    .where((eb) => eb.or([eb('n.expires_at', 'is', null), eb('n.expires_at', '>', now)]))
    .orderBy('n.published_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((n) => presentNotice(n, now));
}

/** Notices the staff member manages (in their subtree), newest first. */
export async function listNotices(
  db: Queryable,
  actor: SessionActor,
  now: number,
  f: { placeId?: number; active?: boolean; limit: number; offset: number },
) {
  let q = db.selectFrom('public_notices as n').innerJoin('places as p', 'p.id', 'n.place_id').select(noticeColumns);
  if (actor.role !== 'admin') q = actor.placePath === null ? q.where(sql<boolean>`1 = 0`) : q.where('p.path', 'like', `${actor.placePath}%`);
  if (f.placeId !== undefined) {
    const pid = f.placeId;
    q = q.where((eb) => eb.or([eb('n.place_id', '=', pid), eb('n.street_id', '=', pid), eb('n.community_id', '=', pid), eb('n.compound_id', '=', pid)]));
  }
  if (f.active === true) {
    q = q
      .where('n.withdrawn_at', 'is', null)
      .where('n.published_at', '<=', now)
      .where((eb) => eb.or([eb('n.expires_at', 'is', null), eb('n.expires_at', '>', now)]));
  }
  const rows = await q.orderBy('n.id', 'desc').limit(f.limit).offset(f.offset).execute();
  return rows.map((n) => presentNotice(n, now));
}

export async function findNotice(db: Queryable, actor: SessionActor, id: number, now: number) {
  const n = await db.selectFrom('public_notices as n').innerJoin('places as p', 'p.id', 'n.place_id').select([...noticeColumns, 'p.path']).where('n.id', '=', id).executeTakeFirst();
  if (!n || !placeWithinActor(actor, n)) throw notFound('id');
  return presentNotice(n, now);
}

function checkWindow(published: number, expires: number | null | undefined) {
  if (expires != null && expires <= published) {
    throw new AppError('validation', 'expiresAt', { zh: '到期时间应晚于发布时间', en: 'expiresAt must be after publishedAt' });
  }
}

/** Publishes a notice at a place in the actor's reach. */
export async function createNotice(
  tx: Tx,
  actor: SessionActor,
  now: number,
  input: { placeId: number; title: string; body: string; publishedAt?: number; expiresAt?: number | null },
) {
  const place = await reachablePlace(tx, actor, input.placeId);
  const published = input.publishedAt ?? now;
  checkWindow(published, input.expiresAt);
  const { id } = await tx
    .insertInto('public_notices')
    .values({
      place_id: place.id,
      street_id: place.street_id,
      community_id: place.community_id,
      compound_id: place.compound_id,
      building_id: place.building_id,
      title: input.title.trim(),
      body: input.body.trim(),
      published_at: published,
      expires_at: input.expiresAt ?? null,
      withdrawn_at: null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, actor, now, 'notice', id, 'publish', { placeId: place.id, title: input.title });
  return id;
}

/** Corrects a notice (not once withdrawn). */
export async function updateNotice(
  tx: Tx,
  actor: SessionActor,
  now: number,
  id: number,
  input: { title?: string; body?: string; publishedAt?: number; expiresAt?: number | null },
) {
  const n = await findNotice(tx, actor, id, now);
  if (n.withdrawnAt) throw new AppError('rule_violation', 'id', { zh: '已撤回的公告不能修改', en: 'a withdrawn notice cannot be changed' });
  const published = input.publishedAt ?? Date.parse(n.publishedAt!);
  const expires = input.expiresAt !== undefined ? input.expiresAt : n.expiresAt ? Date.parse(n.expiresAt) : null;
  checkWindow(published, expires);
  const set = {
    ...(input.title !== undefined ? { title: input.title.trim() } : {}),
    ...(input.body !== undefined ? { body: input.body.trim() } : {}),
    ...(input.publishedAt !== undefined ? { published_at: input.publishedAt } : {}),
    ...(input.expiresAt !== undefined ? { expires_at: input.expiresAt } : {}),
  };
  await tx.updateTable('public_notices').set({ ...set, updated_at: now }).where('id', '=', id).execute();
  await recordEvent(tx, actor, now, 'notice', id, 'update', { after: set });
}

/** Takes a notice down. */
export async function withdrawNotice(tx: Tx, actor: SessionActor, now: number, id: number) {
  const n = await findNotice(tx, actor, id, now);
  if (n.withdrawnAt) throw new AppError('rule_violation', 'id', { zh: '公告已撤回', en: 'the notice is already withdrawn' });
  await tx.updateTable('public_notices').set({ withdrawn_at: now, updated_at: now }).where('id', '=', id).execute();
  await recordEvent(tx, actor, now, 'notice', id, 'withdraw');
}
