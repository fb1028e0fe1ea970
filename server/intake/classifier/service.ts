/**
 * The product side of the category model: training from the database (closed orders plus the
 * dispatchers' corrections), versioned storage, and suggestions with their reasons.
 */
import type { Jieba } from '@node-rs/jieba';
import type { Db } from '../../db';
import { cached, tableCache } from '../../db/row-cache';
import { features, segmenter } from './features';
import { predictNb, prepareNb, trainNb, type NbModel } from './model';
import { importDispatchHistory } from '../routing';
import { flushSuggestionLog } from '../suggestion-log';

/** Below this posterior the suggestion says it is unsure instead of guessing. */
export const CONFIDENCE = 0.55;

export interface LoadedModel {
  id: number;
  model: NbModel;
  names: string[];
  /** the segmenter with the district's names, loaded once with the model */
  jieba: Jieba;
}

/** The model each database last loaded or trained in this process. */
const LOADED = new WeakMap<Db, LoadedModel>();

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
  await flushSuggestionLog(db); // the corrections still in memory are learned too
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
  prepareNb(model);
  LOADED.set(db, { id, model, names, jieba });
  return { id, trainedOn: docs.length, labels: model.labels.length, trainMs, routesImported };
}

/**
 * The newest model, kept in memory with its segmenter. Which version is newest is itself cached and
 * dropped by any write to intake_models in this process (row-cache.ts): another server's newer
 * training is picked up within the cache's lifetime.
 */
export async function currentModel(db: Db): Promise<LoadedModel | null> {
  const latest = await cached(tableCache<'latest', { id: number | null }>(db, 'intake-model-latest', ['intake_models']), 'latest', async () => {
    const row = await db.selectFrom('intake_models').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return { id: row?.id ?? null };
  });
  if (!latest?.id) return null;
  const have = LOADED.get(db);
  if (have?.id === latest.id) return have;
  const row = await db.selectFrom('intake_models').select(['id', 'model_json']).where('id', '=', latest.id).executeTakeFirstOrThrow();
  const names = await districtNames(db);
  const loaded = { id: row.id, model: JSON.parse(row.model_json) as NbModel, names, jieba: segmenter(names) };
  prepareNb(loaded.model);
  // A slower load of an older version must not replace a newer one.
  if ((LOADED.get(db)?.id ?? 0) <= loaded.id) LOADED.set(db, loaded);
  return loaded;
}

/** The top 3 labels for a text: segmented once, scored from the model's precomputed log-probabilities. */
export function suggestWith(m: LoadedModel, text: string, compoundId: number | null) {
  return predictNb(m.model, features(text, { jieba: m.jieba, placeToken: compoundId ? String(compoundId) : null }), 3);
}
