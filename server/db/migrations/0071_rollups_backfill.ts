import type { Kysely } from 'kysely';
import type { Engine } from '../engine';
import { rebuildRollups } from '../../evaluation/rollups';

/** Fills the rollups from the orders already there (a database older than the rollups). */
export default (_e: Engine) => ({
  async up(db: Kysely<any>) {
    await rebuildRollups(db);
  },
});
