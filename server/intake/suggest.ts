/** The category side of a suggestion: the model's labels turned into categories with rounded scores. */
import type { Db } from '../db';
import { cached, tableCache } from '../db/row-cache';
import type { Scored } from './classifier/model';

export interface CategoryScore {
  id: number;
  code: string;
  name: string;
  score: number;
}

/** Every category by id (cached; dropped by any write to categories, row-cache.ts). */
async function categoriesById(db: Db): Promise<Map<number, { id: number; code: string; name: string }>> {
  const all = await cached(tableCache<'all', Map<number, { id: number; code: string; name: string }>>(db, 'intake-categories', ['categories']), 'all', async () => {
    const rows = await db.selectFrom('categories').select(['id', 'code', 'name']).execute();
    return new Map(rows.map((c) => [c.id, c]));
  });
  return all!;
}

/** The model's top labels as categories (labels of since-deleted categories are dropped). */
export async function categoryAdvice(db: Db, scored: Scored[]): Promise<CategoryScore[]> {
  if (!scored.length) return [];
  const cats = await categoriesById(db);
  return scored.flatMap((x) => {
    const c = cats.get(Number(x.label));
    return c ? [{ id: c.id, code: c.code, name: c.name, score: Math.round(x.score * 1000) / 1000 }] : [];
  });
}
