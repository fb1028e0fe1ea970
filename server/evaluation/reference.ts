/**
 * What every dashboard and report names and scopes by — places down to compounds (with households
 * rolled up), units, categories, the score schemes — read once into per-database caches
 * (server/db/row-cache.ts: dropped by any write to their tables in this process at once; from
 * another process at most the cache's TTL old), so a dashboard request spends its queries on the
 * rollups only. Buildings are not held (a district has thousands); they are read when asked for.
 */
import type { SchemeSettings } from '../../common/evaluation';
import type { SessionActor } from '../auth/actor';
import type { Db } from '../db';
import { cached, tableCache } from '../db/row-cache';
import { readSchemes } from './schemes';

export interface RefPlace {
  id: number;
  name: string;
  level: string;
  path: string;
  street_id: number | null;
  community_id: number | null;
  /** Its own, or the sum of its compounds' (null when none is known). */
  households: number | null;
}

export interface Reference {
  /** The district, streets, communities and compounds, by id. */
  places: Map<number, RefPlace>;
  /** The same, by level, in id order. */
  byLevel: Map<string, RefPlace[]>;
  units: Map<number, { id: number; name: string; kind: string }>;
  categories: Map<number, { id: number; name: string; kind: string; parent_id: number | null }>;
}

const LEVELS = ['district', 'street', 'community', 'compound'];

async function loadReference(db: Db): Promise<Reference> {
  const [places, units, categories] = await Promise.all([
    db
      .selectFrom('places')
      .select(['id', 'name', 'level', 'path', 'street_id', 'community_id', 'households'])
      .where('level', 'in', LEVELS)
      .orderBy('id')
      .execute(),
    db.selectFrom('units').select(['id', 'name', 'kind']).execute(),
    db.selectFrom('categories').select(['id', 'name', 'kind', 'parent_id']).execute(),
  ]);
  const sums = new Map<number, number>();
  let total = 0;
  for (const p of places) {
    if (p.level !== 'compound' || p.households === null) continue;
    const h = Number(p.households);
    total += h;
    for (const up of [p.street_id, p.community_id]) if (up !== null) sums.set(Number(up), (sums.get(Number(up)) ?? 0) + h);
  }
  const byId = new Map<number, RefPlace>();
  const byLevel = new Map<string, RefPlace[]>(LEVELS.map((l) => [l, []]));
  for (const p of places) {
    const own = p.households === null ? null : Number(p.households);
    const rolled = p.level === 'district' ? total || null : p.level === 'compound' ? null : sums.get(p.id) || null;
    const r: RefPlace = {
      id: p.id,
      name: p.name,
      level: p.level,
      path: p.path,
      street_id: p.street_id,
      community_id: p.community_id,
      households: own ?? rolled,
    };
    byId.set(p.id, r);
    byLevel.get(p.level)!.push(r);
  }
  return {
    places: byId,
    byLevel,
    units: new Map(units.map((u) => [u.id, { id: u.id, name: u.name, kind: u.kind }])),
    categories: new Map(categories.map((c) => [c.id, { id: c.id, name: c.name, kind: c.kind, parent_id: c.parent_id }])),
  };
}

/** The reference snapshot of `db` (cached; read fresh on a database handle without a write feed). */
export async function reference(db: Db): Promise<Reference> {
  return (await cached(tableCache<'all', Reference>(db, 'evaluation-reference', ['places', 'units', 'categories']), 'all', () =>
    loadReference(db),
  ))!;
}

/** The score schemes in force (cached like the reference; an admin's change is seen at once). */
export async function schemesCached(db: Db): Promise<SchemeSettings> {
  return (await cached(tableCache<'all', SchemeSettings>(db, 'evaluation-schemes', ['settings']), 'all', () => readSchemes(db)))!;
}

/** Whether the actor reads the whole district (an administrator, or staff placed at the district). */
export function districtWide(actor: SessionActor): boolean {
  return actor.role === 'admin' || (actor.placeLevel === 'district' && actor.placeId !== null);
}
