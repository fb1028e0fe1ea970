/** The demo's hotlines and a roster around `now`: the district line and the heating line, two shifts a day. */
import { shanghaiDate, shanghaiDayStart } from '../../common/calendar';
import type { Db } from '../db';

export const DEMO_HOTLINES = [
  { code: '12345', name: '12345政务服务便民热线（转办）', phone: '12345', unit: null },
  { code: 'heating', name: '供热专线', phone: '0352-96577', unit: 'dept-heating' },
  { code: 'haili-heating', name: '海力村供暖问题反馈专线', phone: '0352-2045300', unit: 'vc-haili' },
] as const;

export async function seedDutyRosters(db: Db, now: number, days = 14) {
  const units = await db.selectFrom('units').select(['id', 'name']).execute();
  const users = await db.selectFrom('users').select(['id', 'username']).where('role', '=', 'dispatcher').execute();
  const unitIds = new Map<string, number>();
  // Demo unit keys are not stored; match by the names the demo uses.
  for (const u of units) if (u.name.includes('供热办')) unitIds.set('dept-heating', u.id);
  for (const u of units) if (u.name.includes('海力村')) unitIds.set('vc-haili', u.id);
  await db
    .insertInto('hotlines')
    .values(
      DEMO_HOTLINES.map((h) => ({ code: h.code, name: h.name, phone: h.phone, unit_id: h.unit ? (unitIds.get(h.unit) ?? null) : null })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const seat = (name: string) => users.find((u) => u.username === name)?.id;
  const main = seat('dispatcher');
  const heating = seat('dispatcher.heating');
  const rows = [];
  const today = shanghaiDayStart(shanghaiDate(now));
  for (let d = -days; d <= days; d++) {
    const day = today + d * 24 * 3600_000;
    if (main)
      rows.push({
        hotline: '12345',
        user_id: main,
        starts_at: day + 8 * 3600_000,
        ends_at: day + 20 * 3600_000,
        created_by: null,
        created_at: now,
      });
    if (heating) {
      rows.push({
        hotline: 'heating',
        user_id: heating,
        starts_at: day + 8 * 3600_000,
        ends_at: day + 20 * 3600_000,
        created_by: null,
        created_at: now,
      });
      if (main)
        rows.push({
          hotline: 'heating',
          user_id: main,
          starts_at: day + 20 * 3600_000,
          ends_at: day + 32 * 3600_000,
          created_by: null,
          created_at: now,
        });
    }
  }
  if (rows.length) await db.insertInto('duty_shifts').values(rows).execute();
}
