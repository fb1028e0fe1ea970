import type { Kysely } from 'kysely';
import type { Engine } from '../engine';

/** Substring search over order title and description (engine-specific, see db/engine.ts). */
export default (e: Engine) => ({
  async up(db: Kysely<any>) {
    await e.createOrderSearch(db);
  },
});
