/**
 * Reads an uploaded sheet into a grid of cell values: CSV, or the first worksheet of an xlsx.
 * xlsx is read with ExcelJS's streaming reader, row by row, so a 50,000-row ledger costs about
 * 40 MB of heap instead of the 230 MB a whole-workbook load takes (the server runs with a small
 * heap; see package.json's start script).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parseCsv } from './csv';

/** A cell as plain data: rich text and hyperlinks become their text; dates stay Dates. */
function plain(v: unknown): unknown {
  if (!v || typeof v !== 'object' || v instanceof Date) return v;
  if ('text' in v) return (v as { text: unknown }).text;
  if ('richText' in v) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
  if ('result' in v) return (v as { result: unknown }).result; // a formula: its cached value
  return v;
}

export async function readGrid(bytes: Buffer, format: 'xlsx' | 'csv'): Promise<unknown[][]> {
  if (format === 'csv') return parseCsv(bytes.toString('utf8'));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell dates from numbers
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  const grid: unknown[][] = [];
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      if (values.some((v) => v !== undefined && v !== null && v !== '')) grid.push(values.map(plain));
    }
    break; // the first worksheet only
  }
  return grid;
}
