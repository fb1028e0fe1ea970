/**
 * In-memory caches of rarely changed rows (categories, places, units, token → user), read on every
 * request. How they stay correct:
 *
 * - Within this process every write to a watched table — whoever makes it: an admin command, the
 *   CLI in-process, a test — drops the cache when the statement runs and again when its transaction
 *   ends (`TableWrites`, fed by the database layer from the SQL text). An admin edit is seen by the
 *   next request at once.
 * - Other processes (several app servers on one PostgreSQL; the CLI beside a SQLite server) are not
 *   heard: there an entry lives at most `ttlMs` — 2 s on PostgreSQL, 30 s on SQLite, where a second
 *   process is only the operator's CLI.
 * - A load that started before a drop never stores its (possibly old) result.
 * - On a database handle that openDatabase did not make (no write feed), nothing is cached.
 */
import type { Db } from './index';
import { dbEngineKind, tableWrites } from './index';

export class RowCache<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  /** The cached value, or `load()`'s (stored unless it is undefined or the cache was dropped meanwhile). */
  async get(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const gen = this.generation;
    const value = await load();
    if (value !== undefined && gen === this.generation) {
      if (this.entries.size >= this.max) this.entries.clear();
      this.entries.set(key, { value, at: now });
    }
    return value;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

const CACHES = new WeakMap<Db, Map<string, RowCache<unknown, unknown>>>();

/**
 * The cache `name` of database `db`, dropped on every write to `tables`; null when `db` has no
 * write feed (then read the database).
 */
export function tableCache<K, V>(db: Db, name: string, tables: readonly string[]): RowCache<K, V> | null {
  const writes = tableWrites(db);
  if (!writes) return null;
  let byName = CACHES.get(db);
  if (!byName) CACHES.set(db, (byName = new Map()));
  let cache = byName.get(name) as RowCache<K, V> | undefined;
  if (!cache) {
    cache = new RowCache<K, V>(dbEngineKind(db) === 'postgres' ? 2_000 : 30_000);
    const c = cache;
    writes.on(tables, () => c.clear());
    byName.set(name, cache as RowCache<unknown, unknown>);
  }
  return cache;
}

/** Reads through the cache when there is one. */
export async function cached<K, V>(cache: RowCache<K, V> | null, key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
  return cache ? cache.get(key, load) : load();
}
