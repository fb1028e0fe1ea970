/** The category side of a suggestion: the model's labels turned into categories with rounded scores. */
import type { Db } from '../db';
import type { Scored } from './classifier/model';

export interface CategoryScore {
  id: number;
  code: string;
  name: string;
  score: number;
}

/** The model's top labels as categories (labels of since-deleted categories are dropped). */
export async function categoryAdvice(db: Db, scored: Scored[]): Promise<CategoryScore[]> {
  if (!scored.length) return [];
  const cats = await db
    .selectFrom('categories')
    .select(['id', 'code', 'name'])
    .where('id', 'in', scored.map((x) => Number(x.label)))
    .execute();
  return scored.flatMap((x) => {
    const c = cats.find((k) => k.id === Number(x.label));
    return c ? [{ ...c, score: Math.round(x.score * 1000) / 1000 }] : [];
  });
}
