/**
 * Categories (with their questions), places and unit names as every intake and detail reads them,
 * from per-database caches (server/db/row-cache.ts: dropped by any write to their tables in this
 * process, at once; at most a couple of seconds old from another app server on PostgreSQL).
 */
import type { Db, Tx } from '../db';
import type { CategoryFieldsTable, PlacesTable } from '../db/schema';
import { cached, tableCache } from '../db/row-cache';
import type { Selectable } from 'kysely';

type Queryable = Db | Tx;

export interface CatalogueCategory {
  id: number;
  name: string;
  active: number;
  fields: Selectable<CategoryFieldsTable>[];
}
export type CataloguePlace = Selectable<PlacesTable>;

/** Reads with `q` (inside a transaction pass it: SQLite's one connection is held by it), caches in `root`'s cache. */
export async function categoryById(root: Db, q: Queryable, id: number): Promise<CatalogueCategory | undefined> {
  return cached(tableCache<number, CatalogueCategory>(root, 'categories', ['categories', 'category_fields']), id, async () => {
    const c = await q.selectFrom('categories').select(['id', 'name', 'active']).where('id', '=', id).executeTakeFirst();
    if (!c) return undefined;
    const fields = await q.selectFrom('category_fields').selectAll().where('category_id', '=', id).orderBy('id').execute();
    return { ...c, fields };
  });
}

export async function placeById(root: Db, q: Queryable, id: number): Promise<CataloguePlace | undefined> {
  return cached(tableCache<number, CataloguePlace>(root, 'places', ['places']), id, () =>
    q.selectFrom('places').selectAll().where('id', '=', id).executeTakeFirst(),
  );
}

export async function unitById(root: Db, q: Queryable, id: number): Promise<{ id: number; name: string } | undefined> {
  return cached(tableCache<number, { id: number; name: string }>(root, 'units', ['units']), id, () =>
    q.selectFrom('units').select(['id', 'name']).where('id', '=', id).executeTakeFirst(),
  );
}
