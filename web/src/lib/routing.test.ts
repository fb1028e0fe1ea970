import { describe, expect, it } from 'vitest';
import type { Category, Unit } from './data';
import { suggestLead } from './routing';

const cat = (id: number, parentId: number | null, defaultUnitKind: string | null) => ({ id, parentId, defaultUnitKind }) as Category;
const unit = (id: number, kind: string, placeIds: number[]) => ({ id, name: `u${id}`, kind, placeIds }) as Unit;

describe('lead unit suggestion while typing', () => {
  const categories = [cat(1, null, 'property_company'), cat(2, 1, null), cat(3, null, null)];
  const units = [unit(10, 'property_company', [30]), unit(11, 'community_committee', [20]), unit(12, 'property_company', [1]), unit(13, 'heating_company', [1])];
  // building 40 in compound 30 in community 20 in district 1, nearest first
  const chain = [40, 30, 20, 1].map((id) => ({ id, name: `p${id}` }));

  it('takes the category default kind (inherited from the parent) and the nearest covering unit', () => {
    const s = suggestLead(2, chain, categories, units);
    expect(s.map((x) => x.unit.id)).toEqual([10, 12]);
    expect(s[0]!.via.id).toBe(30);
  });

  it('without a kind, any unit covering the place, nearest first', () => {
    expect(suggestLead(3, chain, categories, units).map((x) => x.unit.id)).toEqual([10, 11, 12, 13]);
  });

  it('suggests nothing for an unknown category', () => {
    expect(suggestLead(99, chain, categories, units)).toEqual([]);
  });
});
