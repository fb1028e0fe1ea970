/** Runs the numbered migrations in server/db/migrations (one change per file) up to the latest. */
import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Engine } from './engine';
import { MIGRATIONS } from './migrations';

export async function migrateToLatest(db: Kysely<any>, engine: Engine): Promise<string[]> {
  const migrations: Record<string, Migration> = {};
  for (const [name, make] of Object.entries(MIGRATIONS)) migrations[name] = make(engine);
  // Unordered: migrations written on parallel branches may land with lower numbers than ones already run.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
