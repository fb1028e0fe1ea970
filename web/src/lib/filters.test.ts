import { describe, expect, it } from 'vitest';
import { cleanFilters, deleteSaved, fromSearch, loadSaved, saveFilter, toQuery, toSearch, type KeyValueStore } from './filters';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('order-list filters', () => {
  it('round-trips through the URL, dropping empty values', () => {
    const f = { status: ['handling', 'dispatched'], categoryId: 5, q: ' 漏水 ', overdue: false, placeId: undefined, channel: '' };
    const s = toSearch(f);
    expect(s).toBe('categoryId=5&q=%E6%BC%8F%E6%B0%B4&overdue=false&status=handling%2Cdispatched');
    expect(fromSearch(s)).toEqual({ status: ['handling', 'dispatched'], categoryId: 5, q: '漏水', overdue: false });
  });

  it('ignores malformed numbers and flags from a hand-edited URL', () => {
    expect(fromSearch('categoryId=abc&unitId=-3&placeId=2.5&overdue=yes&supervised=true')).toEqual({ supervised: true });
  });

  it('builds the API query with a comma list and paging', () => {
    expect(toQuery({ status: ['received'], supervised: true }, 2, 50)).toEqual({ status: 'received', supervised: true, page: 2, pageSize: 50 });
    expect(cleanFilters({ status: [] })).toEqual({});
  });

  it('saves, replaces by name and deletes per user', () => {
    const store = memoryStore();
    saveFilter(store, 1, '超期', { overdue: true });
    saveFilter(store, 1, '超期', { overdue: true, priority: 'urgent' });
    saveFilter(store, 2, '别人的', { q: 'x' });
    expect(loadSaved(store, 1)).toEqual([{ name: '超期', filters: { overdue: true, priority: 'urgent' } }]);
    expect(deleteSaved(store, 1, '超期')).toEqual([]);
    expect(loadSaved(store, 2)).toHaveLength(1);
  });

  it('survives garbage in storage', () => {
    const store = memoryStore();
    store.setItem('gz.savedFilters.1', '{not json');
    expect(loadSaved(store, 1)).toEqual([]);
    store.setItem('gz.savedFilters.1', JSON.stringify([{ name: 1 }, null, { name: 'ok', filters: { q: 'a' } }]));
    expect(loadSaved(store, 1)).toEqual([{ name: 'ok', filters: { q: 'a' } }]);
  });
});
