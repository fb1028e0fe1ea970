/**
 * The lead unit to suggest while a call is still being typed, before the order exists: the same
 * rule as the server's routing (server/work-orders/routing.ts) — units of the category's default
 * kind covering the place or its nearest ancestor. After intake the dispatch dialog asks the server.
 */
import type { Category, Unit } from './data';

export interface ClientSuggestion {
  unit: Unit;
  /** the covered place that matched, nearest first */
  via: { id: number; name: string };
}

/** `chain` is the place and its ancestors, nearest first. */
export function suggestLead(categoryId: number, chain: { id: number; name: string }[], categories: Category[], units: Unit[]): ClientSuggestion[] {
  const cat = categories.find((c) => c.id === categoryId);
  if (!cat) return [];
  const parent = cat.parentId ? categories.find((c) => c.id === cat.parentId) : undefined;
  const kind = cat.defaultUnitKind ?? parent?.defaultUnitKind ?? null;
  const out: ClientSuggestion[] = [];
  const seen = new Set<number>();
  for (const place of chain) {
    for (const u of units) {
      if (seen.has(u.id) || (kind !== null && u.kind !== kind) || !u.placeIds.includes(place.id)) continue;
      seen.add(u.id);
      out.push({ unit: u, via: place });
    }
  }
  return out;
}
