/**
 * The product side of the category model: training from the database (closed orders plus the
 * dispatchers' corrections), versioned storage, and suggestions with their reasons.
 */
import type { Db } from '../../db';
import { features, segmenter } from './features';
import { predictNb, trainNb, type NbModel } from './model';
import { importDispatchHistory } from '../routing';

/** Below this posterior the suggestion says it is unsure instead of guessing. */
export const CONFIDENCE = 0.55;

export interface LoadedModel {
  id: number;
  model: NbModel;
  names: string[];
}

let cached: LoadedModel | null = null;

/** Place and unit names for the segmenter's user dictionary. */
async function districtNames(db: Db): Promise<string[]> {
  const [places, units] = await Promise.all([
    db.selectFrom('places').select('name').where('level', 'in', ['street', 'community', 'compound']).execute(),
    db.selectFrom('units').select('name').execute(),
  ]);
  return [...new Set([...places, ...units].map((r) => r.name))].sort();
}

/** Training text of an order. */
export const orderText = (title: string, description: string) => `${title} ${description}`.trim();

/**
 * Trains on closed orders (their final category) and later corrections, stores a new version; first
 * imports the dispatches made since the last training, which the unit suggestions learn from.
 */
export async function trainCategoryModel(db: Db, now: number, limit = 200_000) {
  const t0 = Date.now();
  const routesImported = await importDispatchHistory(db);
  const names = await districtNames(db);
  const jieba = segmenter(names);
  const orders = await db
    .selectFrom('work_orders')
    .select(['title', 'description', 'category_id', 'compound_id'])
    .where('status', '=', 'closed')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const corrections = await db
    .selectFrom('intake_suggestions as s')
    .leftJoin('places as p', 'p.id', 's.place_id')
    .select(['s.text', 's.chosen_category_id', 'p.compound_id'])
    .where('s.chosen_category_id', 'is not', null)
    .whereRef('s.chosen_category_id', '!=', 's.top_category_id')
    .where('s.order_id', 'is', null) // ones tied to an order are already in `orders` once closed
    .execute();
  const docs = [
    ...orders.map((o) => ({ features: features(orderText(o.title, o.description), { jieba, placeToken: o.compound_id ? String(o.compound_id) : null }), label: String(o.category_id) })),
    ...corrections.map((c) => ({ features: features(c.text, { jieba, placeToken: c.compound_id ? String(c.compound_id) : null }), label: String(c.chosen_category_id) })),
  ];
  if (docs.length < 20) return null;
  const model = trainNb(docs);
  const trainMs = Date.now() - t0;
  const { id } = await db
    .insertInto('intake_models')
    .values({ created_at: now, trained_on: docs.length, labels: model.labels.length, train_ms: trainMs, model_json: JSON.stringify(model) })
    .returning('id')
    .executeTakeFirstOrThrow();
  cached = { id, model, names };
  return { id, trainedOn: docs.length, labels: model.labels.length, trainMs, routesImported };
}

/** The newest model (cached in memory; another server's newer training is picked up on the next miss). */
export async function currentModel(db: Db): Promise<LoadedModel | null> {
  const latest = await db.selectFrom('intake_models').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!latest) return null;
  if (cached?.id === latest.id) return cached;
  const row = await db.selectFrom('intake_models').select(['id', 'model_json']).where('id', '=', latest.id).executeTakeFirstOrThrow();
  cached = { id: row.id, model: JSON.parse(row.model_json) as NbModel, names: await districtNames(db) };
  return cached;
}

export function suggestWith(m: LoadedModel, text: string, compoundId: number | null) {
  const jieba = segmenter(m.names);
  return predictNb(m.model, features(text, { jieba, placeToken: compoundId ? String(compoundId) : null }), 3);
}
