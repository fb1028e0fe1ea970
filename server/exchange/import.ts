/**
 * Imports a historical work-order ledger (xlsx or csv in the layout of columns.ts). Every row is
 * checked first and reported by row number and column; good rows are written in short batched
 * transactions (so a running server keeps answering), each row atomically with its events — a bad
 * row never half-imports, and re-importing the same file skips the numbers already present.
 */
import type { Calendar } from '../../common/calendar';
import { CLOCK_STATUSES, type Status } from '../../common/lifecycle';
import type { SessionActor } from '../auth/actor';
import type { Db, Tx } from '../db';
import type { NewWorkOrder } from '../db/schema';
import { fromDatabaseError } from '../errors';
import { limitsFor, nextCheckAt, nextOrderNumber, recordEvent, unitClocks, DEFAULT_SWEEP_RULES } from '../work-orders';
import {
  CHANNEL_NAMES,
  LEDGER_COLUMNS,
  PRIORITY_NAMES,
  RESOLUTION_NAMES,
  SATISFACTION_NAMES,
  STATUS_ZH,
  codeOf,
  parseLedgerTime,
  type LedgerKey,
} from './columns';
import { readGrid } from './grid';
import { rollupOrderChange, rollupRow } from '../evaluation/rollups';

export interface RowError {
  row: number; // 1-based, as the spreadsheet shows it (header is row 1)
  column: string;
  message_zh: string;
  message_en: string;
}

export interface ImportReport {
  total: number;
  imported: number;
  skipped: number;
  errors: RowError[];
}

/** Reads the sheet into header-keyed rows (first worksheet for xlsx). */
export async function readLedger(
  bytes: Buffer,
  format: 'xlsx' | 'csv',
): Promise<{ rowNumber: number; cells: Partial<Record<LedgerKey, unknown>> }[]> {
  const grid = await readGrid(bytes, format);
  const [header, ...body] = grid;
  const keys = (header ?? []).map((h) => LEDGER_COLUMNS.find((c) => c.zh === String(h ?? '').trim())?.key);
  return body.map((cells, i) => ({
    rowNumber: i + 2,
    cells: Object.fromEntries(keys.map((k, j) => [k, cells[j]]).filter(([k, v]) => k && v !== undefined && v !== null && v !== '')),
  }));
}

interface Lookups {
  categories: { id: number; code: string; name: string; parent_id: number | null }[];
  places: {
    id: number;
    level: string;
    name: string;
    parent_id: number | null;
    street_id: number | null;
    community_id: number | null;
    compound_id: number | null;
    building_id: number | null;
    lat: number | null;
    lng: number | null;
  }[];
  units: { id: number; name: string }[];
}

async function loadLookups(db: Db): Promise<Lookups> {
  const [categories, places, units] = await Promise.all([
    db.selectFrom('categories').select(['id', 'code', 'name', 'parent_id']).where('active', '=', 1).execute(),
    db
      .selectFrom('places')
      .select(['id', 'level', 'name', 'parent_id', 'street_id', 'community_id', 'compound_id', 'building_id', 'lat', 'lng'])
      .execute(),
    db.selectFrom('units').select(['id', 'name']).execute(),
  ]);
  return { categories, places, units };
}

const str = (v: unknown) => (v === undefined || v === null ? '' : v instanceof Date ? v.toISOString() : String(v).trim());

/** Checks one row and turns it into an order row, or returns its errors. */
function checkRow(n: number, c: Partial<Record<LedgerKey, unknown>>, L: Lookups, now: number) {
  const errors: RowError[] = [];
  const err = (key: LedgerKey, zh: string, en: string) =>
    errors.push({ row: n, column: LEDGER_COLUMNS.find((x) => x.key === key)!.zh, message_zh: zh, message_en: en });
  const time = (key: LedgerKey, required = false) => {
    const raw = c[key];
    if (raw === undefined || raw === '') {
      if (required) err(key, '必填', 'required');
      return null;
    }
    const t = parseLedgerTime(raw instanceof Date ? raw : str(raw));
    if (t === null) err(key, `时间格式不正确：${str(raw)}（应为 YYYY-MM-DD HH:mm）`, `bad time ${str(raw)} (use YYYY-MM-DD HH:mm)`);
    else if (t > now) err(key, '时间晚于当前时间', 'time is in the future');
    return t;
  };
  const receivedAt = time('receivedAt', true);
  const title = str(c.title) || str(c.description).slice(0, 30);
  if (!title) err('title', '诉求标题和诉求内容不能都为空', 'title and description cannot both be empty');
  if (title.length > 100) err('title', '标题超过100字', 'title longer than 100 characters');
  if (str(c.description).length > 4000) err('description', '内容超过4000字', 'description longer than 4000 characters');
  const catCell = str(c.category);
  const category = L.categories.find((x) => x.code === catCell || x.name === catCell);
  if (!catCell) err('category', '必填', 'required');
  else if (!category) err('category', `未知类别：${catCell}`, `unknown category ${catCell}`);

  // The deepest place the row names: building (具体位置) within compound within community within street.
  const named = (level: string, name: string, parentOk: (p: Lookups['places'][number]) => boolean) =>
    name ? L.places.filter((p) => p.level === level && p.name === name && parentOk(p)) : [];
  const streets = named('street', str(c.street), () => true);
  const communities = named('community', str(c.community), (p) => !streets.length || streets.some((s) => s.id === p.street_id));
  const compounds = named(
    'compound',
    str(c.compound),
    (p) =>
      (!communities.length || communities.some((x) => x.id === p.community_id)) &&
      (!streets.length || streets.some((s) => s.id === p.street_id)),
  );
  const buildings = compounds.length === 1 ? named('building', str(c.location), (p) => p.compound_id === compounds[0]!.id) : [];
  const candidates = buildings.length ? buildings : compounds.length ? compounds : communities.length ? communities : streets;
  if (!str(c.street) && !str(c.community) && !str(c.compound))
    err('compound', '所属街道、社区或小区至少填一项', 'name at least the street, community or compound');
  else if (!candidates.length) err('compound', '找不到对应地点', 'no such place');
  else if (candidates.length > 1) err('compound', '地点不唯一，请补充所属街道/社区', 'place is ambiguous; add the street or community');
  const place = candidates.length === 1 ? candidates[0]! : null;

  const leadName = str(c.leadUnit);
  const lead = leadName ? L.units.find((u) => u.name === leadName) : undefined;
  if (leadName && !lead) err('leadUnit', `未知单位：${leadName}`, `unknown unit ${leadName}`);
  const status = (codeOf(STATUS_ZH, str(c.status)) as Status | undefined) ?? (str(c.closedAt) ? 'closed' : lead ? 'handling' : 'received');
  if (str(c.status) && !codeOf(STATUS_ZH, str(c.status))) err('status', `未知状态：${str(c.status)}`, `unknown status ${str(c.status)}`);
  if (status !== 'received' && status !== 'cancelled' && !lead)
    err('leadUnit', '已派单的工单须填写主办单位', 'a dispatched order needs its lead unit');
  const priority = codeOf(PRIORITY_NAMES, str(c.priority)) ?? 'normal';
  if (str(c.priority) && !codeOf(PRIORITY_NAMES, str(c.priority)))
    err('priority', `未知紧急程度：${str(c.priority)}`, `unknown priority ${str(c.priority)}`);
  const resolution = codeOf(RESOLUTION_NAMES, str(c.resolution));
  if (str(c.resolution) && !resolution) err('resolution', `未知解决情况：${str(c.resolution)}`, `unknown resolution ${str(c.resolution)}`);
  const satisfaction = codeOf(SATISFACTION_NAMES, str(c.satisfaction));
  if (str(c.satisfaction) && !satisfaction)
    err('satisfaction', `未知满意度：${str(c.satisfaction)}`, `unknown satisfaction ${str(c.satisfaction)}`);
  // An exported ledger carries masked numbers (138****1234): they are no number, so none is kept.
  const phone = str(c.callerPhone).includes('*') ? '' : str(c.callerPhone);
  if (phone && !/^[0-9+\- ]{5,20}$/.test(phone)) err('callerPhone', '电话号码格式不正确', 'bad phone number');
  const number = str(c.number);
  if (number && !/^[\w-]{4,40}$/.test(number)) err('number', '工单编号格式不正确', 'bad order number');
  const dispatchedAt = time('dispatchedAt');
  const acceptedAt = time('acceptedAt');
  const repliedAt = time('repliedAt');
  const closedAt = time('closedAt');
  if (status === 'closed' && closedAt === null && !errors.length)
    err('closedAt', '已办结的工单须填写办结时间', 'a closed order needs its closing time');
  if (errors.length || !place || !category || receivedAt === null) return { errors };
  return {
    errors,
    order: {
      number,
      title,
      description: str(c.description),
      category,
      place,
      priority,
      status,
      lead,
      channel: codeOf(CHANNEL_NAMES, str(c.channel)) ?? 'import',
      callerName: str(c.callerName) || null,
      callerPhone: phone || null,
      receivedAt,
      dispatchedAt: dispatchedAt ?? (lead ? receivedAt : null),
      acceptedAt,
      repliedAt,
      closedAt,
      resolution: resolution ?? null,
      satisfaction: satisfaction ?? null,
      reply: str(c.reply),
    },
  };
}

type Checked = NonNullable<ReturnType<typeof checkRow>['order']>;

async function writeRow(tx: Tx, actor: SessionActor, o: Checked, cal: Calendar, now: number, sourceRow: number) {
  const clocks = o.lead && o.dispatchedAt !== null ? unitClocks(o.dispatchedAt, await limitsFor(tx, o.category.id, o.priority), cal) : null;
  const row: NewWorkOrder = {
    number: o.number || (await nextOrderNumber(tx, o.receivedAt)),
    title: o.title,
    description: o.description,
    category_id: o.category.id,
    priority: o.priority,
    channel: o.channel,
    status: o.status,
    place_id: o.place.id,
    street_id: o.place.street_id,
    community_id: o.place.community_id,
    compound_id: o.place.compound_id,
    building_id: o.place.building_id,
    lat: o.place.lat,
    lng: o.place.lng,
    caller_name: o.callerName,
    caller_phone: o.callerPhone,
    received_by: actor.id,
    lead_unit_id: o.lead?.id ?? null,
    received_at: o.receivedAt,
    ...(clocks ?? {}),
    accepted_at: o.acceptedAt ?? (o.status !== 'dispatched' && clocks ? o.dispatchedAt : null),
    replied_at: o.repliedAt,
    closed_at: o.status === 'closed' ? o.closedAt : null,
    rating_resolution: o.resolution,
    rating_satisfaction: o.satisfaction,
    rated_at: o.satisfaction ? (o.closedAt ?? o.repliedAt) : null,
    overdue: clocks && (o.repliedAt ?? (CLOCK_STATUSES.includes(o.status) ? now : 0)) > clocks.resolution_due_at ? 1 : 0,
    updated_at: now,
  };
  row.next_check_at = clocks
    ? nextCheckAt(
        { ...row, supervision_level: 0, flagged_3x: 0, auto_urged: 0, overdue: row.overdue ?? 0 } as never,
        DEFAULT_SWEEP_RULES,
        cal,
      )
    : null;
  const { id } = await tx.insertInto('work_orders').values(row).returning('id').executeTakeFirstOrThrow();
  await rollupOrderChange(tx, null, rollupRow({ ...row, id }), { co: [] });
  if (o.lead)
    await tx
      .insertInto('order_units')
      .values({ order_id: id, unit_id: o.lead.id, role: 'lead', assigned_at: o.dispatchedAt ?? o.receivedAt })
      .execute();
  await recordEvent(tx, {
    orderId: id,
    action: 'import',
    actor,
    at: now,
    from: null,
    to: o.status,
    public: false,
    payload: { sourceRow, reply: o.reply || undefined, receivedAt: new Date(o.receivedAt).toISOString() },
  });
}

/** Imports ledger rows as `actor`. `onProgress(done, total)` after each batch. */
export async function importLedger(
  db: Db,
  actor: SessionActor,
  rows: Awaited<ReturnType<typeof readLedger>>,
  opts: { cal: Calendar; now: number; batch?: number; onProgress?: (done: number, total: number) => void },
): Promise<ImportReport> {
  const L = await loadLookups(db);
  const report: ImportReport = { total: rows.length, imported: 0, skipped: 0, errors: [] };
  const good: { n: number; o: Checked }[] = [];
  const seenNumbers = new Set<string>();
  for (const r of rows) {
    const checked = checkRow(r.rowNumber, r.cells, L, opts.now);
    if (checked.order?.number && seenNumbers.has(checked.order.number)) {
      checked.errors.push({
        row: r.rowNumber,
        column: '工单编号',
        message_zh: '文件内工单编号重复',
        message_en: 'order number repeated in the file',
      });
    }
    if (checked.order?.number) seenNumbers.add(checked.order.number);
    if (checked.errors.length || !checked.order) report.errors.push(...checked.errors);
    else good.push({ n: r.rowNumber, o: checked.order });
  }
  // Numbers already in the database: the file was imported before — skip, don't duplicate.
  const numbers = good.map((g) => g.o.number).filter(Boolean);
  const existing = new Set<string>();
  for (let i = 0; i < numbers.length; i += 500) {
    for (const r of await db
      .selectFrom('work_orders')
      .select('number')
      .where('number', 'in', numbers.slice(i, i + 500))
      .execute())
      existing.add(r.number);
  }
  const todo = good.filter((g) => !(g.o.number && existing.has(g.o.number)));
  report.skipped = good.length - todo.length;
  const batch = opts.batch ?? 200;
  for (let i = 0; i < todo.length; i += batch) {
    const chunk = todo.slice(i, i + batch);
    try {
      await db.transaction().execute(async (tx) => {
        for (const g of chunk) await writeRow(tx, actor, g.o, opts.cal, opts.now, g.n);
      });
      report.imported += chunk.length;
    } catch {
      // One row broke the batch (e.g. its number was taken meanwhile): redo row by row.
      for (const g of chunk) {
        try {
          await db.transaction().execute((tx) => writeRow(tx, actor, g.o, opts.cal, opts.now, g.n));
          report.imported++;
        } catch (e) {
          const app = fromDatabaseError(e);
          report.errors.push({
            row: g.n,
            column: app?.field === 'number' ? '工单编号' : '',
            message_zh: app?.code === 'duplicate' ? '工单编号已存在' : '写入失败',
            message_en: app?.code === 'duplicate' ? 'order number already exists' : 'could not be written',
          });
        }
      }
    }
    opts.onProgress?.(Math.min(i + batch, todo.length), todo.length);
  }
  report.errors.sort((a, b) => a.row - b.row);
  return report;
}
