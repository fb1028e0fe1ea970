/**
 * Routing suggestion (place × category → unit): the units of the category's default kind that
 * cover the order's place or its nearest ancestor, nearest first, with the reason in words.
 */
import type { Db } from '../db';

export async function suggestUnits(db: Db, categoryId: number, placeId: number) {
  const cat = await db.selectFrom('categories').select(['default_unit_kind', 'parent_id']).where('id', '=', categoryId).executeTakeFirst();
  let kind = cat?.default_unit_kind ?? null;
  if (!kind && cat?.parent_id) {
    const parent = await db.selectFrom('categories').select('default_unit_kind').where('id', '=', cat.parent_id).executeTakeFirst();
    kind = parent?.default_unit_kind ?? null;
  }
  const place = await db.selectFrom('places').select(['path']).where('id', '=', placeId).executeTakeFirst();
  if (!place) return [];
  // '/1/4/17/' → [17, 4, 1]: nearest ancestor first.
  const chain = place.path.split('/').filter(Boolean).map(Number).reverse();
  const rows = await db
    .selectFrom('unit_places as up')
    .innerJoin('units as u', 'u.id', 'up.unit_id')
    .innerJoin('places as p', 'p.id', 'up.place_id')
    .innerJoin('unit_kinds as k', 'k.code', 'u.kind')
    .select(['u.id', 'u.name', 'u.kind', 'k.name_zh', 'k.name_en', 'up.place_id', 'p.name as place_name'])
    .where('up.place_id', 'in', chain)
    .where('u.active', '=', 1)
    .execute();
  const ranked = rows
    .filter((r) => kind === null || r.kind === kind)
    .sort((a, b) => chain.indexOf(a.place_id) - chain.indexOf(b.place_id));
  const seen = new Set<number>();
  return ranked
    .filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)))
    .map((r) => ({
      unitId: r.id,
      name: r.name,
      kind: r.kind,
      reason: `${r.place_name}由${r.name}负责（${r.name_zh}）`,
      reasonEn: `${r.place_name} is served by ${r.name} (${r.name_en})`,
    }));
}
