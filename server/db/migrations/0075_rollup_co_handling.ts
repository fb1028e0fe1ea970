import type { Kysely } from 'kysely';
import type { Engine } from '../engine';
import { rebuildCoHandledCells } from '../../evaluation/rollups';

/**
 * rollup_status gains cells under scope 'co': a unit's co-handled orders by status, kept with
 * every change as its lead orders are under 'unit' (a handler's home counts read them instead of
 * every co-handled order in order_units). No schema change: scope is a text key. Fills them from
 * the orders already there.
 */
export default (_e: Engine) => ({
  async up(db: Kysely<any>) {
    await rebuildCoHandledCells(db);
  },
});
