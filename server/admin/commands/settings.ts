/** Configuration kept in the settings table; the caller drops ctx.settings' cache after commit. */
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import type { Tx } from '../../db';
import type { SweepRules } from '../../work-orders/sla';
import { readSweepRules } from '../queries';
import { recordAudit } from './record-audit';

/** Replaces the deadline sweep's thresholds (setting 'sla.sweep'). */
export async function putSweepRules(ctx: AppContext, tx: Tx, actor: SessionActor, rules: SweepRules): Promise<SweepRules> {
  const before = await readSweepRules(tx);
  const value = {
    urgeWhenLeft: rules.urgeWhenLeft,
    superviseAfterWorkdays: rules.superviseAfterWorkdays,
    flagMultiple: rules.flagMultiple,
  };
  const json = JSON.stringify(value);
  await tx
    .insertInto('settings')
    .values({ key: 'sla.sweep', value_json: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: json }))
    .execute();
  await recordAudit(tx, {
    actor,
    action: 'settings.put',
    entity: 'setting',
    entityId: 'sla.sweep',
    before,
    after: value,
    at: ctx.clock.now(),
  });
  return value;
}
