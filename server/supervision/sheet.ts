/**
 * The ledger sheet (台账表): one column layout for export and import, xlsx or csv. Import checks
 * every row first and reports problems by row and column; the good rows are then written in one
 * transaction, each with its event, so a bad row never half-imports. A row whose 编号 is already
 * in the ledger is skipped, so re-importing an export changes nothing.
 */
import ExcelJS from 'exceljs';
import type { SessionActor } from '../auth/actor';
import type { Db } from '../db';
import { ledgerTime, parseLedgerTime } from '../exchange/columns';
import { csvLine } from '../exchange/csv';
import { readGrid } from '../exchange/grid';
import { createLedgerEntry } from './commands/ledger';
import { LEDGER_STATUS_ZH, type LedgerStatus } from './lifecycle';
import { ledgerQuery, placeWithinActor, type LedgerFilter } from './queries';
import { problemScope } from './scope';

export const SHEET_COLUMNS = [
  { key: 'id', zh: '编号', width: 8 },
  { key: 'title', zh: '问题描述', width: 36 },
  { key: 'place', zh: '地点', width: 32 },
  { key: 'problem', zh: '问题编号', width: 10 },
  { key: 'category', zh: '问题类别', width: 16 },
  { key: 'unit', zh: '责任单位', width: 28 },
  { key: 'person', zh: '责任人', width: 10 },
  { key: 'measures', zh: '整改措施', width: 40 },
  { key: 'deadline', zh: '整改时限', width: 18 },
  { key: 'status', zh: '状态', width: 10 },
  { key: 'closedAt', zh: '销号时间', width: 18 },
] as const;
type SheetKey = (typeof SHEET_COLUMNS)[number]['key'];
type SheetRow = Partial<Record<SheetKey, string>>;

/** '白登山街道/白登苑社区/白登佳园': a place named from its street down (the district is implied). */
async function placeLabels(db: Db) {
  const rows = await db.selectFrom('places').select(['id', 'parent_id', 'level', 'name', 'path']).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const label = new Map<number, string>();
  for (const r of rows) {
    const names: string[] = [];
    for (let p: typeof r | undefined = r; p && p.level !== 'district'; p = p.parent_id ? byId.get(p.parent_id) : undefined)
      names.unshift(p.name);
    label.set(r.id, names.join('/') || r.name);
  }
  return { rows, label };
}

/** Writes the entries the actor sees (with the list's filters) as a sheet. */
export async function exportLedgerSheet(
  db: Db,
  actor: SessionActor,
  f: Omit<LedgerFilter, 'limit' | 'offset'>,
  format: 'xlsx' | 'csv',
): Promise<Buffer> {
  const entries = await ledgerQuery(db, actor, f).orderBy('le.id').execute();
  const { label } = await placeLabels(db);
  const rows: SheetRow[] = entries.map((e) => ({
    id: String(e.id),
    title: e.title,
    place: label.get(e.place_id) ?? e.place_name,
    problem: e.problem_id === null ? '' : String(e.problem_id),
    category: e.category_name ?? '',
    unit: e.unit_name ?? '',
    person: e.responsible_person ?? '',
    measures: e.measures,
    deadline: ledgerTime(e.deadline_at),
    status: LEDGER_STATUS_ZH[e.status as LedgerStatus] ?? e.status,
    closedAt: ledgerTime(e.closed_at),
  }));
  if (format === 'csv') {
    return Buffer.from(
      '\ufeff' + csvLine(SHEET_COLUMNS.map((c) => c.zh)) + rows.map((r) => csvLine(SHEET_COLUMNS.map((c) => r[c.key] ?? ''))).join(''),
      'utf8',
    );
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = SHEET_COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads a sheet into header-keyed rows of text (first worksheet for xlsx). */
export async function readLedgerSheet(
  bytes: Buffer,
  format: 'xlsx' | 'csv',
): Promise<{ rowNumber: number; cells: SheetRow; raw: Partial<Record<SheetKey, unknown>> }[]> {
  const grid = await readGrid(bytes, format);
  const [header, ...body] = grid;
  const keys = (header ?? []).map((h) => SHEET_COLUMNS.find((c) => c.zh === String(h ?? '').trim())?.key);
  return body.map((cells, i) => {
    const raw: Partial<Record<SheetKey, unknown>> = {};
    keys.forEach((k, j) => {
      const v = cells[j];
      if (k && v !== undefined && v !== null && v !== '') raw[k] = v;
    });
    const text = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v instanceof Date ? '' : String(v).trim()])) as SheetRow;
    return { rowNumber: i + 2, cells: text, raw };
  });
}

export interface SheetRowError {
  row: number;
  column: string;
  message_zh: string;
  message_en: string;
}

export interface SheetImportReport {
  total: number;
  imported: number;
  skipped: number;
  errors: SheetRowError[];
}

const MAX = { title: 200, person: 64, measures: 2000 } as const;

/** Checks every row, then writes the good ones in one transaction. */
export async function importLedgerSheet(
  db: Db,
  actor: SessionActor,
  now: number,
  rows: Awaited<ReturnType<typeof readLedgerSheet>>,
): Promise<SheetImportReport> {
  const { rows: places, label } = await placeLabels(db);
  const byLabel = new Map<string, number>();
  const byName = new Map<string, number[]>();
  for (const p of places) {
    byLabel.set(label.get(p.id)!, p.id);
    if (p.level === 'compound') byName.set(p.name, [...(byName.get(p.name) ?? []), p.id]);
  }
  const pathOf = new Map(places.map((p) => [p.id, p.path]));
  const categories = await db.selectFrom('categories').select(['id', 'code', 'name']).execute();
  const units = await db.selectFrom('units').select(['id', 'name']).execute();
  const problems = new Set((await db.selectFrom('problems as pr').select('pr.id').where(problemScope(actor)).execute()).map((p) => p.id));
  const existing = new Set((await db.selectFrom('ledger_entries').select('id').execute()).map((e) => e.id));

  const report: SheetImportReport = { total: rows.length, imported: 0, skipped: 0, errors: [] };
  const good: Parameters<typeof createLedgerEntry>[3][] = [];
  for (const { rowNumber, cells, raw } of rows) {
    const errs: SheetRowError[] = [];
    const fail = (key: SheetKey, zh: string, en: string) =>
      errs.push({ row: rowNumber, column: SHEET_COLUMNS.find((c) => c.key === key)!.zh, message_zh: zh, message_en: en });
    if (cells.id) {
      if (/^\d+$/.test(cells.id) && existing.has(Number(cells.id))) {
        report.skipped++;
        continue;
      }
      fail('id', '编号不存在（新条目请留空）', 'no such entry (leave empty for a new one)');
    }
    if (!cells.title) fail('title', '问题描述必填', 'required');
    else if ([...cells.title].length > MAX.title) fail('title', `最多 ${MAX.title} 个字符`, `at most ${MAX.title} characters`);
    let placeId: number | undefined;
    if (!cells.place) fail('place', '地点必填', 'required');
    else {
      const hit =
        byLabel.get(cells.place.replace(/\s*\/\s*/g, '/')) ??
        (byName.get(cells.place)?.length === 1 ? byName.get(cells.place)![0] : undefined);
      if (hit === undefined)
        fail('place', `找不到地点“${cells.place}”（写作 街道/社区/小区）`, `unknown place ${cells.place} (street/community/compound)`);
      else if (!placeWithinActor(actor, { path: pathOf.get(hit)! }))
        fail('place', '地点不在您的管辖范围内', 'the place is outside your area');
      else placeId = hit;
    }
    let problemId: number | null = null;
    if (cells.problem) {
      if (!/^\d+$/.test(cells.problem) || !problems.has(Number(cells.problem))) fail('problem', '问题编号不存在', 'no such problem');
      else problemId = Number(cells.problem);
    }
    let categoryId: number | null = null;
    if (cells.category) {
      const c = categories.find((x) => x.name === cells.category || x.code === cells.category);
      if (!c) fail('category', `未知类别“${cells.category}”`, `unknown category ${cells.category}`);
      else categoryId = c.id;
    }
    let unitId: number | null = null;
    if (cells.unit) {
      const u = units.find((x) => x.name === cells.unit);
      if (!u) fail('unit', `未知单位“${cells.unit}”`, `unknown unit ${cells.unit}`);
      else unitId = u.id;
    }
    if (cells.person && [...cells.person].length > MAX.person)
      fail('person', `最多 ${MAX.person} 个字符`, `at most ${MAX.person} characters`);
    if (cells.measures && [...cells.measures].length > MAX.measures)
      fail('measures', `最多 ${MAX.measures} 个字符`, `at most ${MAX.measures} characters`);
    let deadline: number | null = null;
    if (raw.deadline !== undefined) {
      deadline = parseLedgerTime(raw.deadline);
      if (deadline === null) fail('deadline', '时间格式应为 YYYY-MM-DD HH:mm', 'time must be YYYY-MM-DD HH:mm');
    }
    if (cells.status && cells.status !== LEDGER_STATUS_ZH.open && cells.status !== 'open') {
      fail('status', '导入的新台账从“待整改”开始', 'new entries start as open');
    }
    if (errs.length) {
      report.errors.push(...errs);
      continue;
    }
    good.push({
      title: cells.title!,
      placeId: placeId!,
      problemId,
      categoryId,
      unitId,
      responsiblePerson: cells.person ?? null,
      measures: cells.measures ?? '',
      deadline,
      source: 'import',
    });
  }
  if (good.length) {
    await db.transaction().execute(async (tx) => {
      for (const input of good) await createLedgerEntry(tx, actor, now, input);
    });
  }
  report.imported = good.length;
  return report;
}
