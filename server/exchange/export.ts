/**
 * Exports the orders a user may see, with the list's filters, as a ledger sheet (xlsx or csv).
 * Phone numbers are masked as in every list. Streams page by page and reports progress.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ListOrdersInput } from '../../common/api';
import { maskPhone } from '../../common/mask';
import type { SessionActor } from '../auth/actor';
import type { Db } from '../db';
import type { Engine } from '../db/engine';
import { listOrders } from '../work-orders';
import {
  CHANNEL_NAMES,
  LEDGER_COLUMNS,
  PRIORITY_NAMES,
  RESOLUTION_NAMES,
  SATISFACTION_NAMES,
  STATUS_ZH,
  ledgerTime,
  type LedgerRow,
} from './columns';
import { csvLine } from './csv';

const PAGE = 500;

type Row = Awaited<ReturnType<typeof listOrders>>['rows'][number];

async function ledgerRows(db: Db, rows: Row[]): Promise<LedgerRow[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const placeIds = [...new Set(rows.flatMap((r) => [r.street_id, r.community_id]).filter((x): x is number => x !== null))];
  const [places, replies] = await Promise.all([
    placeIds.length ? db.selectFrom('places').select(['id', 'name']).where('id', 'in', placeIds).execute() : [],
    db
      .selectFrom('order_events')
      .select(['order_id', 'payload_json'])
      .where('order_id', 'in', ids)
      .where('action', 'in', ['reply', 'answer_directly'])
      .orderBy('id')
      .execute(),
  ]);
  const name = (id: number | null) => (id === null ? '' : (places.find((p) => p.id === id)?.name ?? ''));
  const replyOf = new Map<number, string>();
  for (const e of replies) {
    const p = e.payload_json ? (JSON.parse(e.payload_json) as { text?: string; reply?: string }) : {};
    replyOf.set(e.order_id, p.text ?? p.reply ?? '');
  }
  return rows.map((r) => ({
    number: r.number,
    receivedAt: ledgerTime(r.received_at),
    channel: CHANNEL_NAMES[r.channel] ?? r.channel,
    callerName: r.anonymous ? '匿名' : (r.caller_name ?? ''),
    callerPhone: maskPhone(r.caller_phone) ?? '',
    street: name(r.street_id),
    community: name(r.community_id),
    compound: r.compound_name ?? '',
    location: r.place_name && r.place_name !== r.compound_name ? r.place_name : '',
    category: r.category_name ?? '',
    title: r.title,
    description: r.description,
    priority: PRIORITY_NAMES[r.priority] ?? r.priority,
    leadUnit: r.lead_unit_name ?? '',
    dispatchedAt: ledgerTime(r.dispatched_at),
    acceptedAt: ledgerTime(r.accepted_at),
    resolutionDueAt: ledgerTime(r.resolution_due_at),
    repliedAt: ledgerTime(r.replied_at),
    reply: replyOf.get(r.id) ?? '',
    closedAt: ledgerTime(r.closed_at),
    status: STATUS_ZH[r.status] ?? r.status,
    overdue: r.overdue ? '是' : '否',
    urgeCount: String(r.urge_count),
    supervisionLevel: String(r.supervision_level),
    resolution: r.rating_resolution ? (RESOLUTION_NAMES[r.rating_resolution] ?? '') : '',
    satisfaction: r.rating_satisfaction ? (SATISFACTION_NAMES[r.rating_satisfaction] ?? '') : '',
    redoCount: String(r.redo_count),
  }));
}

/**
 * Reads the first page before a byte is written, so bad filters (an unknown status or place) and
 * scope errors surface as a 4xx while the response can still carry one; `write` then streams the
 * whole ledger page by page.
 */
export async function openExport(db: Db, engine: Engine, actor: SessionActor, filters: ListOrdersInput) {
  const page = (n: number) => listOrders(db, engine, actor, { ...filters, page: n, pageSize: PAGE, sort: 'received_at' });
  const first = await page(1);
  return {
    total: first.total,
    async write(format: 'xlsx' | 'csv', out: Writable, onProgress?: (done: number, total: number) => void): Promise<number> {
      let workbook: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
      let sheet: ExcelJS.Worksheet | null = null;
      if (format === 'xlsx') {
        workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
        sheet = workbook.addWorksheet('工单台账', { views: [{ state: 'frozen', ySplit: 1 }] });
        sheet.columns = LEDGER_COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.width }));
        sheet.getRow(1).font = { bold: true };
        sheet.getRow(1).commit();
      } else {
        out.write('\ufeff' + csvLine(LEDGER_COLUMNS.map((c) => c.zh))); // BOM: Excel opens UTF-8 CSV correctly
      }
      let done = 0;
      for (let n = 1, res = first; ; res = await page(++n)) {
        for (const row of await ledgerRows(db, res.rows)) {
          if (sheet) sheet.addRow(row).commit();
          else out.write(csvLine(LEDGER_COLUMNS.map((c) => row[c.key] ?? '')));
        }
        done += res.rows.length;
        onProgress?.(done, Math.max(res.total, done));
        if (res.rows.length < PAGE) break;
      }
      if (workbook) {
        sheet!.commit();
        await workbook.commit();
      } else out.end();
      return done;
    },
  };
}

export async function exportOrders(
  db: Db,
  engine: Engine,
  actor: SessionActor,
  filters: ListOrdersInput,
  format: 'xlsx' | 'csv',
  out: Writable,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  return (await openExport(db, engine, actor, filters)).write(format, out, onProgress);
}
