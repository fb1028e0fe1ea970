/**
 * Where an Open311 request is: our place id given as address_id, the nearest compound or building
 * to lat/long, or the deepest place named in address_string. A request we cannot place goes to the
 * district root, where the dispatcher sees it and routes it by hand.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../db';

type Queryable = Db | Tx;

/** How far (metres) a reported point may be from a compound/building centre and still be placed there. */
export const MAX_PLACE_DISTANCE_M = 1000;
const DEG_LAT_M = 111_320;

/** Great-circle distance in metres (haversine). */
export function distanceM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(a)));
}

export async function districtRoot(db: Queryable): Promise<number> {
  const root = await db.selectFrom('places').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
  if (!root) throw new Error('the places tree is empty');
  return root.id;
}

/** The nearest compound or building with coordinates within MAX_PLACE_DISTANCE_M, or null. */
export async function nearestPlace(db: Queryable, lat: number, lng: number): Promise<number | null> {
  const dLat = MAX_PLACE_DISTANCE_M / DEG_LAT_M;
  // A latitude band per level (index places_level_lat); longitude is checked in the distance.
  const rows = await db
    .selectFrom('places')
    .select(['id', 'lat', 'lng'])
    .where('level', 'in', ['compound', 'building'])
    .where('lat', '>=', lat - dLat)
    .where('lat', '<=', lat + dLat)
    .where('lng', 'is not', null)
    .execute();
  let best: { id: number; d: number } | null = null;
  for (const r of rows) {
    const d = distanceM(lat, lng, r.lat!, r.lng!);
    if (d <= MAX_PLACE_DISTANCE_M && (!best || d < best.d || (d === best.d && r.id < best.id))) best = { id: r.id, d };
  }
  return best?.id ?? null;
}

const LEVEL_RANK: Record<string, number> = { street: 1, community: 2, compound: 3, building: 4, unit: 5 };

/**
 * The deepest place whose name the address contains ("绿地璀璨天城 三期5号楼" → that building).
 * Building and household names ("3号楼") repeat across compounds, so they count only when their
 * compound is named too; among equals the longest name wins.
 */
export async function placeByAddress(db: Queryable, address: string): Promise<number | null> {
  const a = address.trim().slice(0, 500);
  if (!a) return null;
  const rows = await db
    .selectFrom('places')
    .select(['id', 'level', 'name', 'compound_id'])
    .where('level', '!=', 'district')
    .where(sql<boolean>`${a} like '%' || name || '%'`)
    .execute();
  const compounds = new Set(rows.filter((r) => r.level === 'compound').map((r) => r.id));
  const eligible = rows.filter((r) => (r.level !== 'building' && r.level !== 'unit') || (r.compound_id !== null && compounds.has(r.compound_id)));
  eligible.sort((x, y) => (LEVEL_RANK[y.level] ?? 0) - (LEVEL_RANK[x.level] ?? 0) || [...y.name].length - [...x.name].length || x.id - y.id);
  return eligible[0]?.id ?? null;
}

export interface Location {
  lat?: number | undefined;
  lng?: number | undefined;
  addressString?: string | undefined;
  addressId?: string | undefined;
}

/** The place a request is filed under: address_id, then lat/long, then address_string, else the district root. */
export async function resolvePlace(db: Queryable, loc: Location): Promise<number> {
  if (loc.addressId && /^\d{1,15}$/.test(loc.addressId)) {
    const p = await db.selectFrom('places').select('id').where('id', '=', Number(loc.addressId)).executeTakeFirst();
    if (p) return p.id;
  }
  if (loc.lat !== undefined && loc.lng !== undefined) {
    const id = await nearestPlace(db, loc.lat, loc.lng);
    if (id !== null) return id;
  }
  if (loc.addressString) {
    const id = await placeByAddress(db, loc.addressString);
    if (id !== null) return id;
  }
  return districtRoot(db);
}
