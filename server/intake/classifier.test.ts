import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoYear } from '../demo/demo-year';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { predictNb, trainNb } from './classifier/model';

let s: TestServer;
let admin: Client;
let dispatcher: Client;
beforeAll(async () => {
  s = await startTestServer({ now: Date.parse('2026-11-30T02:00:00Z') });
  await loadDemoYear(s.ctx.db, s.ctx.engine, await s.ctx.calendar.get(), s.clock.now(), { perDay: 3 });
  admin = await s.login('admin');
  dispatcher = await s.login('dispatcher');
}, 120_000);
afterAll(async () => s?.close());

describe('naive Bayes', () => {
  it('learns from counts and ranks by posterior', () => {
    const m = trainNb([
      { features: ['w:暖气', 'w:不热'], label: 'heat' },
      { features: ['w:暖气', 'w:漏水'], label: 'leak' },
      { features: ['w:管道', 'w:漏水'], label: 'leak' },
    ]);
    const p = predictNb(m, ['w:漏水', 'w:管道']);
    expect(p[0]!.label).toBe('leak');
    expect(p[0]!.score).toBeGreaterThan(p[1]!.score);
    expect(p.reduce((a, x) => a + x.score, 0)).toBeCloseTo(1, 10);
    // Unknown features leave the prior: 2 of 3 documents are leaks.
    expect(predictNb(m, ['w:未知'])[0]!.label).toBe('leak');
  });
});

describe('naive Bayes scoring from precomputed log-probabilities', () => {
  it('gives the textbook posterior: log prior plus, per feature occurrence, log((count + α) / (total + α·V))', () => {
    // A deterministic pseudo-random corpus: 6 labels, 40 features, repeated features in documents.
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const docs = Array.from({ length: 300 }, () => {
      const label = `L${Math.floor(rand() * 6)}`;
      return { label, features: Array.from({ length: 3 + Math.floor(rand() * 8) }, () => `w:${Math.floor(rand() * 40 * (label === 'L0' ? 0.5 : 1))}`) };
    });
    const m = trainNb(docs);
    const reference = (features: string[]) => {
      const logp = m.labels.map((_, li) => {
        let x = m.priors[li]!;
        for (const f of features) {
          if (!m.counts[f]) continue;
          const c = m.counts[f]!.find(([l]) => l === li)?.[1] ?? 0;
          x += Math.log(c + m.alpha) - Math.log(m.totals[li]! + m.alpha * m.vocabulary);
        }
        return x;
      });
      const max = Math.max(...logp);
      const sum = logp.reduce((a, x) => a + Math.exp(x - max), 0);
      return logp.map((x, li) => ({ label: m.labels[li]!, score: Math.exp(x - max) / sum })).sort((a, b) => b.score - a.score);
    };
    for (const features of [['w:1', 'w:1', 'w:7', 'w:unknown'], ['w:3'], [], ['w:39', 'w:2', 'w:2', 'w:2', 'w:18']]) {
      const got = predictNb(m, features, 6);
      const want = reference(features);
      expect(got.map((x) => x.label)).toEqual(want.map((x) => x.label));
      got.forEach((x, i) => expect(x.score).toBeCloseTo(want[i]!.score, 12));
    }
    expect(predictNb(m, ['w:1'])).toHaveLength(3);
  });
});

describe('smart intake suggestions', () => {
  it('trains a versioned model and suggests the category, the unit with its reason, and logs acceptance', async () => {
    expect((await dispatcher.post('/api/intake/train')).status).toBe(403);
    const trained = await admin.post('/api/intake/train');
    expect(trained.status).toBe(200);
    expect(trained.body.trainedOn).toBeGreaterThan(500);

    const place = s.ids.places.get('cp-shanghuayuan-b2');
    const r = await dispatcher.post('/api/intake/suggest', { title: '家里暖气不热', description: '暖气片下半截是凉的，室内只有15度', placeId: place });
    expect(r.status).toBe(200);
    expect(r.body.confident).toBe(true);
    expect(r.body.categories[0].code).toBe('heating-cold');
    expect(r.body.categories).toHaveLength(3);
    expect(r.body.units[0].kind).toBe('heating_company');
    expect(r.body.units[0].reason).toContain('负责');
    // The demo year's dispatches were imported at training: the reason also says what dispatchers chose.
    expect(trained.body.routesImported).toBeGreaterThan(500);
    expect(r.body.units[0]).toMatchObject({ learned: true, of: 5 });
    expect(r.body.units[0].reasonEn).toMatch(/dispatchers chose .+ for \d of the last 5 similar orders/);

    const accepted = await dispatcher.post(`/api/intake/suggestions/${r.body.suggestionId}/outcome`, { categoryId: r.body.categories[0].id });
    expect(accepted.body).toEqual({ accepted: true, unitAccepted: null });
    const corrected = await dispatcher.post('/api/intake/suggest', { title: '电梯间很脏', description: '', placeId: place });
    const other = s.ids.categories.get('elevator-fault')!;
    const c = await dispatcher.post(`/api/intake/suggestions/${corrected.body.suggestionId}/outcome`, { categoryId: other });
    expect(c.body.accepted).toBe(corrected.body.categories[0].id === other);
    // Someone else's suggestion is not found.
    expect((await admin.post(`/api/intake/suggestions/${r.body.suggestionId}/outcome`, { categoryId: other })).status).toBe(404);

    const stats = await dispatcher.get('/api/intake/stats');
    expect(stats.body).toEqual([
      {
        month: '2026-11',
        shown: 2,
        decided: 2,
        accepted: c.body.accepted ? 2 : 1,
        acceptanceRate: c.body.accepted ? 1 : 0.5,
        units: { shown: 0, decided: 0, accepted: 0, acceptanceRate: null },
        queue: { shown: 0, decided: 0, accepted: 0, acceptanceRate: null },
      },
    ]);

    // The correction is learned: the next version trains on one more document.
    const next = await admin.post('/api/intake/train');
    expect(next.body.id).toBeGreaterThan(trained.body.id);
    expect(next.body.trainedOn).toBe(trained.body.trainedOn + (c.body.accepted ? 0 : 1));
    // The new version answers at once (the model in memory follows the newest).
    expect((await dispatcher.post('/api/intake/suggest', { title: '家里暖气不热', description: '', placeId: place })).body.modelId).toBe(next.body.id);
  });

  it('says it is unsure rather than guessing, and refuses bad input', async () => {
    const r = await dispatcher.post('/api/intake/suggest', { title: 'xyz', description: 'qwerty' });
    expect(r.status).toBe(200);
    expect(r.body.confident).toBe(false);
    expect(r.body.message).toContain('not sure');
    expect((await dispatcher.post('/api/intake/suggest', { title: '', description: '' })).body.error).toMatchObject({ code: 'validation', field: 'description' });
    expect((await dispatcher.post('/api/intake/suggest', { title: 'a', description: 'b', placeId: 999999 })).body.error).toMatchObject({ code: 'unknown_reference', field: 'placeId' });
    expect((await s.anonymous().post('/api/intake/suggest', { title: 'a', description: 'b' })).status).toBe(401);
  });
});
