/**
 * Photos: uploaded with their type sniffed from the bytes and a size limit, linked to an order on
 * creation or reply by their uploader only, and served byte for byte to those who may see them.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { fileForm, tinyJpeg, tinyPng } from '../test/images';

const LIMIT = 2048;
let s: TestServer;
let resident: Client;
let other: Client;
let dispatcher: Client;
let handler: Client;

const cat = (code: string) => s.ids.categories.get(code)!;
const place = (key: string) => s.ids.places.get(key)!;
const order = () => ({ title: '2号楼楼道墙皮脱落', description: '墙皮掉了一地', categoryId: cat('property-cleaning'), placeId: place('cp-shanghuayuan-b2') });

async function upload(c: Client, bytes: Buffer, name = 'photo.jpg', type = 'image/jpeg') {
  return c.post('/api/attachments', fileForm(bytes, name, type));
}
async function attachmentCount() {
  const r = await s.ctx.db.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
async function row(id: number) {
  return s.ctx.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  s = await startTestServer({ maxUploadBytes: LIMIT });
  resident = await s.login('resident.shy');
  other = await s.login('resident.txlj');
  dispatcher = await s.login('dispatcher');
  handler = await s.login('handler.shy');
});
afterAll(async () => s?.close());

describe('upload', () => {
  it('sniffs a JPEG whatever the name and content type say, and stores it under its digest', async () => {
    const bytes = tinyJpeg('a');
    const r = await upload(resident, bytes, 'notes.txt', 'text/plain');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual({
      id: r.body.id,
      phase: 'other',
      mime: 'image/jpeg',
      size: bytes.length,
      url: `/api/attachments/${r.body.id}`,
      originalName: 'notes.txt',
      createdAt: '2026-11-16T01:00:00.000Z',
    });
    const stored = await row(r.body.id);
    expect(stored).toMatchObject({ order_id: null, uploader_id: s.ids.users.get('resident.shy'), mime: 'image/jpeg', size: bytes.length });
    expect(stored.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
  });

  it('sniffs a PNG sent as a .jpg', async () => {
    const bytes = tinyPng(3, 4, 4);
    const r = await upload(resident, bytes, 'IMG_0001.jpg', 'image/jpeg');
    expect(r.status).toBe(201);
    expect(r.body.mime).toBe('image/png');
    expect(r.body.size).toBe(bytes.length);
  });

  it('refuses a text file renamed .jpg, an SVG and an empty file with 415, storing nothing', async () => {
    const before = await attachmentCount();
    for (const [bytes, name, type] of [
      [Buffer.from('just some text, not a photo\n'), 'evil.jpg', 'image/jpeg'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.svg', 'image/svg+xml'],
      [Buffer.from('<html><body>hi</body></html>'), 'x.png', 'image/png'],
      [Buffer.alloc(0), 'empty.jpg', 'image/jpeg'],
    ] as const) {
      const r = await upload(resident, bytes, name, type);
      expect(r.status, name).toBe(415);
      expect(r.body.error).toMatchObject({ code: 'unsupported_media', field: 'file' });
    }
    expect(await attachmentCount()).toBe(before);
  });

  it('accepts a file of exactly the size limit and refuses one byte more with 413', async () => {
    const pad = LIMIT - tinyJpeg().length - 4; // a COM segment adds 4 bytes of header
    const exact = tinyJpeg('x'.repeat(pad));
    expect(exact.length).toBe(LIMIT);
    const ok = await upload(resident, exact);
    expect(ok.status).toBe(201);
    expect(ok.body.size).toBe(LIMIT);
    const before = await attachmentCount();
    const over = await upload(resident, tinyJpeg('x'.repeat(pad + 1)));
    expect(over.status).toBe(413);
    expect(over.body.error).toMatchObject({ code: 'payload_too_large', field: 'file' });
    const huge = await upload(resident, tinyJpeg('x'.repeat(60_000)));
    expect(huge.status).toBe(413);
    expect(await attachmentCount()).toBe(before);
  });

  it('answers a form without a file, a JSON body and a broken form with 4xx', async () => {
    const form = new FormData();
    form.append('note', '没有文件');
    let r = await resident.post('/api/attachments', form);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'validation', field: 'file' });
    r = await resident.post('/api/attachments', { file: 'base64…' });
    expect(r.status).toBe(415);
    expect(r.body.error).toMatchObject({ code: 'unsupported_media', field: 'content-type' });
    r = await resident.request('POST', '/api/attachments', '--xx\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8\xff', {
      'content-type': 'multipart/form-data; boundary=xx',
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'validation', field: 'file' });
    r = await resident.request('POST', '/api/attachments', 'garbage', { 'content-type': 'multipart/form-data' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'validation', field: 'file' });
  });

  it('keeps the file name without control characters, at most 200 characters, on both engines', async () => {
    let r = await upload(resident, tinyJpeg('n1'), '楼道\u0000照片\u0007.jpg');
    expect(r.status).toBe(201);
    expect(r.body.originalName).toBe('楼道照片.jpg');
    expect((await row(r.body.id)).original_name).toBe('楼道照片.jpg');
    r = await upload(resident, tinyJpeg('n2'), `${'长'.repeat(250)}.jpg`);
    expect(r.status).toBe(201);
    expect(r.body.originalName).toBe('长'.repeat(200));
    expect((await row(r.body.id)).original_name).toBe('长'.repeat(200));
  });

  it('is for signed-in users whose role may upload', async () => {
    const anon = await upload(s.anonymous(), tinyJpeg());
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('unauthenticated');
    const organiser = await upload(await s.login('organiser'), tinyJpeg());
    expect(organiser.status).toBe(403);
    expect(organiser.body.error.code).toBe('forbidden');
  });
});

describe('download', () => {
  it('returns the exact bytes with the sniffed content type, privately cached, never sniffed by the browser', async () => {
    const jpeg = tinyJpeg('download');
    const png = tinyPng(42, 3, 2);
    for (const [bytes, mime] of [
      [jpeg, 'image/jpeg'],
      [png, 'image/png'],
    ] as const) {
      const up = await upload(resident, bytes, 'x.bin', 'application/octet-stream');
      const r = await resident.get(`/api/attachments/${up.body.id}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(mime);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('cache-control')).toBe('private, max-age=3600');
      expect(Buffer.compare(r.body as Buffer, bytes)).toBe(0);
    }
  });

  it('an unlinked upload is visible to its uploader only', async () => {
    const up = await upload(resident, tinyJpeg('private'));
    expect((await resident.get(`/api/attachments/${up.body.id}`)).status).toBe(200);
    for (const c of [other, dispatcher, await s.login('admin')]) {
      const r = await c.get(`/api/attachments/${up.body.id}`);
      expect(r.status).toBe(404);
      expect(r.body.error).toMatchObject({ code: 'not_found', field: 'id' });
    }
    expect((await s.anonymous().get(`/api/attachments/${up.body.id}`)).status).toBe(401);
  });
});

describe('linking', () => {
  it('links the uploader’s photos on create as before-photos', async () => {
    const a = await upload(resident, tinyJpeg('before-1'));
    const b = await upload(resident, tinyPng(11));
    const r = await resident.post('/api/work-orders', { ...order(), attachmentIds: [a.body.id, b.body.id, a.body.id] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.attachments.map((x: { id: number; phase: string; mime: string }) => [x.id, x.phase, x.mime])).toEqual([
      [a.body.id, 'before', 'image/jpeg'],
      [b.body.id, 'before', 'image/png'],
    ]);
    expect((await row(a.body.id)).order_id).toBe(r.body.id);
    // Now linked: anyone who sees the order sees the photo; others still do not.
    expect((await dispatcher.get(`/api/attachments/${a.body.id}`)).status).toBe(200);
    expect((await other.get(`/api/attachments/${a.body.id}`)).status).toBe(404);
  });

  it('refuses someone else’s upload with 422 and creates nothing', async () => {
    const theirs = await upload(other, tinyJpeg('theirs'));
    const mine = await upload(resident, tinyJpeg('mine'));
    const orders = await s.ctx.db.selectFrom('work_orders').select('id').execute();
    const r = await resident.post('/api/work-orders', { ...order(), attachmentIds: [mine.body.id, theirs.body.id] });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'unknown_reference', field: 'attachmentIds' });
    expect(await s.ctx.db.selectFrom('work_orders').select('id').execute()).toEqual(orders);
    expect((await row(theirs.body.id)).order_id).toBeNull();
    expect((await row(mine.body.id)).order_id).toBeNull(); // the whole create rolled back
    expect((await resident.get(`/api/attachments/${theirs.body.id}`)).status).toBe(404);
  });

  it('refuses a photo already linked to another order', async () => {
    const p = await upload(resident, tinyJpeg('once'));
    const first = await resident.post('/api/work-orders', { ...order(), attachmentIds: [p.body.id] });
    expect(first.status).toBe(201);
    const second = await resident.post('/api/work-orders', { ...order(), attachmentIds: [p.body.id] });
    expect(second.status).toBe(422);
    expect(second.body.error).toMatchObject({ code: 'unknown_reference', field: 'attachmentIds' });
    expect((await row(p.body.id)).order_id).toBe(first.body.id);
  });

  it('links the handler’s photos on reply as after-photos; a foreign one rolls the reply back', async () => {
    let o = (await resident.post('/api/work-orders', order())).body;
    o = (await dispatcher.post(`/api/work-orders/${o.id}/dispatch`, { version: o.version, leadUnitId: s.ids.units.get('pc-huayu') })).body;
    o = (await handler.post(`/api/work-orders/${o.id}/accept`, { version: o.version })).body;
    expect(o.status).toBe('handling');

    const foreign = await upload(resident, tinyJpeg('not the handler’s'));
    const bad = await handler.post(`/api/work-orders/${o.id}/reply`, { version: o.version, text: '已修补墙面', attachmentIds: [foreign.body.id] });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'unknown_reference', field: 'attachmentIds' });
    const still = await s.ctx.db.selectFrom('work_orders').select(['status', 'version']).where('id', '=', o.id).executeTakeFirstOrThrow();
    expect(still).toEqual({ status: 'handling', version: o.version });

    const after = await upload(handler, tinyPng(200, 2, 2), 'after.png', 'image/png');
    const r = await handler.post(`/api/work-orders/${o.id}/reply`, { version: o.version, text: '已修补墙面', attachmentIds: [after.body.id] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('replied');
    expect(r.body.attachments.map((x: { id: number; phase: string }) => [x.id, x.phase])).toEqual([[after.body.id, 'after']]);
    const got = await dispatcher.get(`/api/attachments/${after.body.id}`);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body as Buffer, tinyPng(200, 2, 2))).toBe(0);
    // Handlers of another company still get nothing.
    expect((await (await s.login('handler.txlj')).get(`/api/attachments/${after.body.id}`)).status).toBe(404);
  });
});
