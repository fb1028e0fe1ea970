/**
 * What-if experiments on the application server, for proposing fixes with numbers instead of
 * editing server/ code: `--experiment stmt-cache` reuses each SQL text's prepared statement
 * (better-sqlite3: one Statement per text; pg: a named prepared statement per text) in the app
 * child. Results of an experiment run are marked in the JSON and never published.
 */
import crypto from 'node:crypto';

export const EXPERIMENTS = ['stmt-cache'] as const;
export type Experiment = (typeof EXPERIMENTS)[number];

/** Patches the database drivers before the application is imported. */
export async function applyExperiment(name: string | undefined): Promise<void> {
  if (name !== 'stmt-cache') return;
  const { default: Database } = await import('better-sqlite3');
  const caches = new WeakMap<object, Map<string, unknown>>();
  const prepare = Database.prototype.prepare;
  // Kysely's SQLite driver prepares every query anew; with the FTS triggers an INSERT's compile is costly.
  (Database.prototype as { prepare: (source: string) => unknown }).prepare = function (this: object, source: string) {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map()));
    let stmt = cache.get(source);
    if (!stmt) cache.set(source, (stmt = prepare.call(this as never, source)));
    return stmt;
  };
  const { default: pg } = await import('pg');
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  // Kysely's pg driver sends unnamed statements (parse + plan every time); name them by their text.
  (pg.Client.prototype as { query: (...args: unknown[]) => unknown }).query = function (this: unknown, ...args: unknown[]) {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && args.length === 2) {
      const name = `k${crypto.createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      return query.call(this, { name, text, values });
    }
    return query.apply(this, args);
  };
}
