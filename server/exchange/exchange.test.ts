import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { LEDGER_COLUMNS } from './columns';
import { csvLine, parseCsv } from './csv';

let s: TestServer;
let dispatcher: Client;
beforeAll(async () => {
  s = await startTestServer();
  dispatcher = await s.login('dispatcher');
});
afterAll(async () => s?.close());

const header = (keys: readonly string[]) => keys.map((k) => LEDGER_COLUMNS.find((c) => c.key === k)!.zh);

function csvFile(rows: string[][]) {
  const form = new FormData();
  form.append('file', new Blob([rows.map((r) => csvLine(r)).join('')], { type: 'text/csv' }), 'ledger.csv');
  return form;
}

describe('ledger import', () => {
  const keys = [
    'number',
    'receivedAt',
    'street',
    'community',
    'compound',
    'location',
    'category',
    'title',
    'description',
    'leadUnit',
    'status',
    'closedAt',
    'satisfaction',
    'resolution',
    'callerPhone',
  ] as const;
  const good = [
    'HIST-0001',
    '2026-03-02 09:15',
    '清远街道',
    '和信社区',
    '上华苑',
    '3号楼',
    '保洁不到位',
    '楼道卫生差',
    '三楼楼道堆放杂物',
    '大同华宇物业服务有限公司',
    '已办结',
    '2026-03-05 10:00',
    '不满意',
    '部分解决',
    '13812341234',
  ];

  it('imports good rows with their history and reports each bad row by row number and column, importing nothing of it', async () => {
    const rows = [
      header(keys),
      good,
      ['HIST-0002', '2026-13-40 09:00', '清远街道', '', '上华苑', '', '保洁不到位', '标题', '', '', '', '', '', '', ''],
      ['HIST-0003', '2026-03-03 10:00', '', '', '不存在的小区', '', '暖气不热', '暖气不热', '', '', '', '', '', '', ''],
      ['HIST-0004', '2026-03-04 10:00', '清远街道', '', '上华苑', '', '没有这个类别', '标题', '', '', '', '', '非常满意', '', ''],
      ['HIST-0005', '2026-03-04 11:00', '清远街道', '', '上华苑', '5号楼', '电梯故障停运', '电梯坏了', '', '', '待派单', '', '', '', ''],
    ];
    const res = await dispatcher.post('/api/work-orders/import', csvFile(rows));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);
    expect(res.body.imported).toBe(2);
    expect(res.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
      '3:受理时间',
      '4:小区',
      '5:诉求类别',
      '5:满意度',
    ]);
    const imported = await s.ctx.db
      .selectFrom('work_orders')
      .selectAll()
      .where('number', 'in', ['HIST-0001', 'HIST-0002', 'HIST-0003', 'HIST-0004', 'HIST-0005'])
      .orderBy('number')
      .execute();
    expect(imported.map((o) => o.number)).toEqual(['HIST-0001', 'HIST-0005']);
    const h1 = imported[0]!;
    expect(h1).toMatchObject({
      status: 'closed',
      channel: 'import',
      rating_satisfaction: 'unsatisfied',
      rating_resolution: 'partly',
      building_id: s.ids.places.get('cp-shanghuayuan-b3'),
      lead_unit_id: s.ids.units.get('pc-huayu'),
    });
    expect(new Date(h1.received_at).toISOString()).toBe('2026-03-02T01:15:00.000Z');
    const events = await s.ctx.db.selectFrom('order_events').select(['action', 'actor_id']).where('order_id', '=', h1.id).execute();
    expect(events).toEqual([{ action: 'import', actor_id: s.ids.users.get('dispatcher') }]);

    // The same file again: nothing is duplicated.
    const again = await dispatcher.post('/api/work-orders/import', csvFile(rows));
    expect(again.body).toMatchObject({ imported: 0, skipped: 2 });
  });

  it('refuses residents and files that are not ledgers', async () => {
    const resident = await s.login('resident');
    expect((await resident.post('/api/work-orders/import', csvFile([header(keys), good]))).status).toBe(403);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from([0, 1, 2, 3, 0, 5])]), 'x.bin');
    expect((await dispatcher.post('/api/work-orders/import', form)).status).toBe(415);
    expect((await dispatcher.post('/api/work-orders/import', { file: 'x' })).status).toBe(415);
  });
});

describe('ledger export', () => {
  it('answers bad filters with a 400 naming the field, before any byte of the file', async () => {
    for (const format of ['csv', 'xlsx']) {
      const bad = await dispatcher.get(`/api/work-orders/export.${format}?status=closed,nonsense`);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'validation', field: 'status' });
      const unknown = await dispatcher.get(`/api/work-orders/export.${format}?placeId=987654`);
      expect(unknown.status).toBe(422); // unknown_reference, as the list answers
      expect(unknown.body.error).toMatchObject({ code: 'unknown_reference', field: 'placeId' });
    }
  });

  it('exports the caller’s orders as xlsx and csv with masked phones, and a re-import of the export is a no-op', async () => {
    const created = await dispatcher.post('/api/work-orders', {
      title: '导出测试：2号楼楼道灯不亮',
      description: '楼道灯坏了',
      categoryId: s.ids.categories.get('property-cleaning'),
      placeId: s.ids.places.get('cp-shanghuayuan-b2'),
      callerName: '赵女士',
      callerPhone: '13987654321',
    });
    expect(created.status).toBe(201);
    const csv = await dispatcher.get('/api/work-orders/export.csv?q=' + encodeURIComponent('导出测试'));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parseCsv((csv.body as Buffer).toString('utf8'));
    expect(rows[0]).toEqual(LEDGER_COLUMNS.map((c) => c.zh));
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]]));
    expect(row).toMatchObject({
      工单编号: created.body.number,
      联系电话: '139****4321',
      小区: '上华苑',
      具体位置: '2号楼',
      诉求类别: '保洁不到位',
      工单状态: '待派单',
    });

    const xlsx = await dispatcher.get('/api/work-orders/export.xlsx?q=' + encodeURIComponent('导出测试'));
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('工单编号');
    expect(ws.getRow(2).getCell(1).value).toBe(created.body.number);
    expect(ws.rowCount).toBe(2);

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(xlsx.body as Buffer)]), 'export.xlsx');
    const reimport = await dispatcher.post('/api/work-orders/import', form);
    expect(reimport.body).toMatchObject({ total: 1, imported: 0, skipped: 1, errors: [] });

    // A handler of another company exports nothing of it.
    const other = await s.login('handler.txlj');
    const theirs = parseCsv(
      ((await other.get('/api/work-orders/export.csv?q=' + encodeURIComponent('导出测试'))).body as Buffer).toString('utf8'),
    );
    expect(theirs).toHaveLength(1);
  });
});
