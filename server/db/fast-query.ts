/**
 * Hot-path statements without Kysely's per-call query building. Building and compiling a query
 * (immutable node trees, value parsing, identifier checks) costs more than better-sqlite3 takes to
 * run a small INSERT; on the intake path that was about a seventh of the app server's CPU. A
 * statement of a fixed shape is built with Kysely once per dialect, its SQL text kept, and later
 * calls send that text with their own parameters (`CompiledQuery.raw`), through the same driver,
 * statement cache and table-write feed as every other query.
 *
 * The caller names the shape (everything that changes the SQL text: table, columns, row count …)
 * and lists the parameters in the order the compiled text binds them. The first call of each shape
 * checks that order against Kysely's own compilation and throws if they differ, so a wrong order
 * fails the first test that takes the path instead of writing columns into each other.
 */
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import { PREPARE_MARK } from './statements';

const texts = new WeakMap<object, Map<string, string>>();

export async function fastQuery<R>(
  q: Kysely<any>,
  shape: string,
  params: readonly unknown[],
  build: () => Compilable<R>,
  opts: { prepare?: boolean } = {},
): Promise<QueryResult<R>> {
  // SQL text differs by dialect ($1 or ?): one map per adapter (a transaction shares its database's).
  const adapter = q.getExecutor().adapter;
  let byShape = texts.get(adapter);
  if (!byShape) texts.set(adapter, (byShape = new Map()));
  let sqlText = byShape.get(shape);
  if (sqlText === undefined) {
    const compiled = build().compile();
    const same = compiled.parameters.length === params.length && compiled.parameters.every((p, i) => Object.is(p, params[i]));
    if (!same)
      throw new Error(
        `fastQuery(${shape}): parameters ${JSON.stringify(params)} are not in the compiled order ${JSON.stringify(compiled.parameters)}`,
      );
    // `prepare`: a named prepared statement on PostgreSQL even for a read that groups or sorts (statements.ts, PREPARE_MARK).
    sqlText = opts.prepare ? PREPARE_MARK + compiled.sql : compiled.sql;
    byShape.set(shape, sqlText);
  }
  return q.executeQuery<R>(CompiledQuery.raw(sqlText, [...params]));
}

/** The columns and parameters of same-shaped rows for a multi-row INSERT (columns in the first row's key order). */
export function rowParams(rows: readonly Record<string, unknown>[]): { columns: string[]; params: unknown[] } {
  const columns = Object.keys(rows[0]!);
  return { columns, params: rows.flatMap((r) => columns.map((c) => r[c])) };
}
