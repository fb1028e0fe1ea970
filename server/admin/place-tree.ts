/**
 * The place tree's levels and how a node's materialised path and ancestor ids follow from its
 * parent's. Pure: the seeder and the administrator's place commands both compute rows with it.
 */

/** Levels from the root down (DOMAIN.md §2); a township is stored at level 'street'. */
export const PLACE_LEVELS = ['district', 'street', 'community', 'compound', 'building', 'unit'] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

/** The level a child of a `level` place must have; null below the leaves (a household or shop). */
export function childLevel(level: string): PlaceLevel | null {
  const i = PLACE_LEVELS.indexOf(level as PlaceLevel);
  return i >= 0 && i < PLACE_LEVELS.length - 1 ? PLACE_LEVELS[i + 1]! : null;
}

/** What a place row carries about its ancestors. Orders copy the four ids for scoped lists. */
export interface PlaceAncestry {
  /** '/1/4/17/': the ids from the root down to the place itself; a subtree is a path prefix. */
  path: string;
  street_id: number | null;
  community_id: number | null;
  compound_id: number | null;
  building_id: number | null;
}

const OWN_COLUMN: Partial<Record<string, 'street_id' | 'community_id' | 'compound_id' | 'building_id'>> = {
  street: 'street_id',
  community: 'community_id',
  compound: 'compound_id',
  building: 'building_id',
};

/** Path and ancestor ids of place `id` at `level` under `parent` (null for a root): the parent's plus its own. */
export function placeAncestry(parent: PlaceAncestry | null | undefined, id: number, level: string): PlaceAncestry {
  const row: PlaceAncestry = {
    path: `${parent?.path ?? '/'}${id}/`,
    street_id: parent?.street_id ?? null,
    community_id: parent?.community_id ?? null,
    compound_id: parent?.compound_id ?? null,
    building_id: parent?.building_id ?? null,
  };
  const own = OWN_COLUMN[level];
  if (own) row[own] = id;
  return row;
}
