/**
 * Exports of the evaluation pages: a chart as PNG (ECharts' getDataURL) and its data as an Excel
 * workbook. ExcelJS is loaded only when a user exports, so no page pays for it up front.
 */
import type { ChartInstance } from '../../components/StatusChart';

/** The data behind a chart: a header row and its rows, as the workbook will show them. */
export interface TableData {
  columns: string[];
  rows: (string | number | null)[][];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "name-20261116-0900": a file name that sorts by when it was made (local time). */
export function stampedName(name: string, now = new Date()): string {
  const safe = name.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${safe}-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
}

function save(href: string, filename: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Saves the chart as a PNG at twice its on-screen resolution. */
export function exportPng(chart: ChartInstance, name: string, background = '#ffffff') {
  save(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }), `${stampedName(name)}.png`);
}

/** Saves the data as an .xlsx with one sheet, a bold header row and sensible column widths. */
export async function exportXlsx(data: TableData, name: string): Promise<void> {
  const mod = (await import('exceljs')) as typeof import('exceljs') & { default?: typeof import('exceljs') };
  const Excel = mod.default ?? mod;
  const wb = new Excel.Workbook();
  wb.creator = 'Gongzhi';
  const ws = wb.addWorksheet(name.slice(0, 31).replace(/[\\/?*[\]:]/g, '_') || 'Sheet1');
  ws.addRow(data.columns);
  ws.getRow(1).font = { bold: true };
  for (const row of data.rows) ws.addRow(row.map((v) => (v === null ? '' : v)));
  ws.columns.forEach((col, i) => {
    const longest = Math.max(...[data.columns[i] ?? '', ...data.rows.map((r) => r[i] ?? '')].map((v) => String(v).length));
    col.width = Math.min(40, Math.max(8, longest * 2 + 2));
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const buf = await wb.xlsx.writeBuffer();
  const href = URL.createObjectURL(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  save(href, `${stampedName(name)}.xlsx`);
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
