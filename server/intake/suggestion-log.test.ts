/**
 * The suggestion log is written after the answer, in batches: ids are known at once, a later
 * suggestion of the same intake revises its row, every reader of the log (outcome, unit route,
 * stats, training) sees what still waits, and closing the app writes everything — a normal
 * shutdown loses nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { features, segmenter } from './classifier/features';
import { trainNb } from './classifier/model';
import { suggestionLog } from './suggestion-log';

let s: TestServer;
let dispatcher: Client;
const category = (k: string) => s.ids.categories.get(k)!;
const place = (k: string) => s.ids.places.get(k)!;

beforeAll(async () => {
  s = await startTestServer();
  dispatcher = await s.login('dispatcher');
  // A small model over three categories, stored as training would.
  const jieba = segmenter([]);
  const docs = [
    ['heating-cold', ['暖气不热', '家里暖气片是凉的', '暖气温度太低', '供暖不热室温低']],
    ['property-cleaning', ['楼道垃圾没人清理', '楼道很脏没人打扫', '垃圾堆积有异味', '保洁不到位']],
    ['elevator-fault', ['电梯坏了', '电梯停运', '电梯困人', '电梯异响']],
  ] as const;
  const model = trainNb(docs.flatMap(([code, texts]) => texts.map((t) => ({ features: features(t, { jieba }), label: String(category(code)) }))));
  await s.ctx.db
    .insertInto('intake_models')
    .values({ created_at: s.clock.now(), trained_on: model.trainedOn, labels: model.labels.length, train_ms: 1, model_json: JSON.stringify(model) })
    .execute();
});
afterAll(async () => s?.close());

const rowsOf = (ids: number[]) => s.ctx.db.selectFrom('intake_suggestions').selectAll().where('id', 'in', ids).orderBy('id').execute();

describe('the suggestion log', () => {
  it('lets the outcome, the unit route and the stats see a suggestion that still waits', async () => {
    const log = suggestionLog(s.ctx.db, s.ctx.log);
    log.delayMs = 60_000;
    try {
      const before = (await dispatcher.get('/api/intake/stats')).body.find((m: { month: string }) => m.month === '2026-11') ?? { shown: 0, decided: 0, accepted: 0 };
      const a = await dispatcher.post('/api/intake/suggest', { title: '楼道很脏没人打扫', description: '', placeId: place('cp-shanghuayuan-b2') });
      const b = await dispatcher.post('/api/intake/suggest', { title: '电梯停运', description: '' });
      expect(log.waiting).toBeGreaterThanOrEqual(2);
      // The unit route refers to the category suggestion's row: it is written first.
      const route = await dispatcher.post('/api/intake/route', { categoryId: category('property-cleaning'), placeId: place('cp-shanghuayuan-b2'), suggestionId: a.body.suggestionId });
      expect(route.status).toBe(200);
      const routed = await s.ctx.db.selectFrom('intake_routes').select('suggestion_id').where('id', '=', route.body.routeId).executeTakeFirstOrThrow();
      expect(routed.suggestion_id).toBe(a.body.suggestionId);

      const c = await dispatcher.post('/api/intake/suggest', { title: '电梯困人', description: '' });
      const accepted = await dispatcher.post(`/api/intake/suggestions/${c.body.suggestionId}/outcome`, { categoryId: c.body.categories[0].id });
      expect(accepted.body).toEqual({ accepted: true, unitAccepted: null });
      const corrected = await dispatcher.post(`/api/intake/suggestions/${b.body.suggestionId}/outcome`, { categoryId: category('heating-cold') });
      expect(corrected.body.accepted).toBe(false);
      // A decided suggestion is not revised: the next one for the same form is a new row.
      const after = await dispatcher.post('/api/intake/suggest', { title: '电梯困人了', description: '', suggestionId: c.body.suggestionId });
      expect(after.body.suggestionId).not.toBe(c.body.suggestionId);
      // Someone else's suggestion is neither revised nor found.
      const admin = await s.login('admin');
      const foreign = await admin.post('/api/intake/suggest', { title: '电梯坏了', description: '', suggestionId: a.body.suggestionId });
      expect(foreign.body.suggestionId).not.toBe(a.body.suggestionId);
      expect((await admin.post(`/api/intake/suggestions/${a.body.suggestionId}/outcome`, { categoryId: category('property-cleaning') })).status).toBe(404);

      const month = (await dispatcher.get('/api/intake/stats')).body.find((m: { month: string }) => m.month === '2026-11');
      expect(month).toMatchObject({ shown: before.shown + 5, decided: before.decided + 2, accepted: before.accepted + 1 });
      expect(log.waiting).toBe(0);
    } finally {
      log.delayMs = 100;
    }
  });

  it('keeps a row whose id another writer took, under a new id', async () => {
    const log = suggestionLog(s.ctx.db, s.ctx.log);
    log.delayMs = 60_000;
    try {
      const a = await dispatcher.post('/api/intake/suggest', { title: '暖气温度太低', description: '' });
      // A writer that does not go through the log (on SQLite it takes the next id, the one handed out).
      await s.ctx.db
        .insertInto('intake_suggestions')
        .values({ user_id: s.ids.users.get('admin')!, model_id: null, text: 'direct', place_id: null, suggested_json: '[]', top_category_id: null, top_unit_id: null, created_at: s.clock.now() })
        .execute();
      await log.flush();
      const mine = await s.ctx.db.selectFrom('intake_suggestions').select(['id', 'user_id']).where('text', '=', '暖气温度太低').execute();
      expect(mine).toHaveLength(1);
      expect(mine[0]!.user_id).toBe(s.ids.users.get('dispatcher'));
      expect(await s.ctx.db.selectFrom('intake_suggestions').select('id').where('text', '=', 'direct').execute()).toHaveLength(1);
      // Ids handed out later do not clash either.
      const b = await dispatcher.post('/api/intake/suggest', { title: '暖气不热', description: '' });
      await log.flush();
      expect((await rowsOf([b.body.suggestionId]))[0]).toMatchObject({ text: '暖气不热', user_id: s.ids.users.get('dispatcher') });
      expect(a.status).toBe(200);
    } finally {
      log.delayMs = 100;
    }
  });

  it('writes the good rows of a batch when one cannot be written, and drops that one after its attempts', async () => {
    const log = suggestionLog(s.ctx.db, s.ctx.log);
    log.delayMs = 60_000;
    try {
      // A row whose user no longer exists (the foreign key refuses it).
      const bad = await log.add({ user_id: 99_999_999, model_id: null, text: 'orphan', place_id: null, suggested_json: '[]', top_category_id: null, top_unit_id: null, created_at: s.clock.now() });
      const good = await dispatcher.post('/api/intake/suggest', { title: '电梯异响', description: '' });
      await log.flush();
      expect(await rowsOf([good.body.suggestionId])).toHaveLength(1);
      expect(log.waiting).toBe(1); // kept for another try
      for (let i = 0; i < 10; i++) await log.flush();
      expect(log.waiting).toBe(0);
      expect(await rowsOf([bad])).toEqual([]);
      // The log goes on.
      const after = await dispatcher.post('/api/intake/suggest', { title: '电梯停运', description: '' });
      await log.flush();
      expect(await rowsOf([after.body.suggestionId])).toHaveLength(1);
    } finally {
      log.delayMs = 100;
    }
  });

  // Last: the log stays closed afterwards (rows are then written at once).
  it('answers before writing, revises the same intake’s row, and writes what waits when the app closes', async () => {
    // A second app on the same database, closed like a server shutting down (the test server stays up).
    const app = await buildApp(s.ctx);
    await app.ready();
    const log = suggestionLog(s.ctx.db, s.ctx.log);
    log.delayMs = 60_000; // nothing is written by the timer during this test
    try {
      const suggest = async (body: Record<string, unknown>) => {
        const r = await app.inject({ method: 'POST', url: '/api/intake/suggest', headers: { cookie: dispatcher.cookie! }, payload: body });
        expect(r.statusCode).toBe(200);
        return r.json<{ suggestionId: number; categories: { id: number }[]; units: { unitId: number }[] }>();
      };
      const first = await suggest({ title: '暖气', description: '', placeId: place('cp-shanghuayuan-b2') });
      // The same intake typed further: the same row, holding the last suggestion.
      const typed = await suggest({ title: '暖气不热', description: '家里暖气片是凉的', placeId: place('cp-shanghuayuan-b2'), suggestionId: first.suggestionId });
      expect(typed.suggestionId).toBe(first.suggestionId);
      const others = [];
      for (const title of ['楼道垃圾没人清理', '电梯坏了', '电梯困人']) others.push((await suggest({ title, description: '' })).suggestionId);
      const ids = [first.suggestionId, ...others];
      expect(new Set(ids).size).toBe(4);
      // Answered, not yet written.
      expect(await rowsOf(ids)).toEqual([]);
      expect(log.waiting).toBe(4);

      await app.close();
      const rows = await rowsOf(ids);
      expect(rows.map((r) => r.id)).toEqual([...ids].sort((a, b) => a - b));
      const heating = rows.find((r) => r.id === first.suggestionId)!;
      expect(heating).toMatchObject({
        user_id: s.ids.users.get('dispatcher'),
        text: '暖气不热 家里暖气片是凉的',
        place_id: place('cp-shanghuayuan-b2'),
        top_category_id: category('heating-cold'),
        top_unit_id: typed.units[0]?.unitId ?? null,
        decided_at: null,
      });
      expect(JSON.parse(heating.suggested_json)[0].id).toBe(category('heating-cold'));
      expect(log.waiting).toBe(0);

      // After the close a row is written at once.
      const late = await dispatcher.post('/api/intake/suggest', { title: '保洁不到位', description: '' });
      await expect.poll(async () => (await rowsOf([late.body.suggestionId])).length).toBe(1);
    } finally {
      log.delayMs = 100;
      await app.close(); // a second close does nothing
    }
  });
});
