/**
 * The dispatch dialog shows the same learned unit suggestion as the intake form — "dispatchers
 * chose X for 1 of the last 1 similar orders" — not coverage alone; the dispatcher overrides it,
 * and the override is recorded and learned by the next suggestion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, loginConsole, startBrowserEnv, type BrowserEnv } from './helpers';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
}, 180_000);
afterAll(async () => env?.close());

describe('the dispatch dialog', () => {
  it('shows the learned suggestion with its reason, and records and learns an override', async () => {
    const { db } = env.server.ctx;
    const ids = env.server.ids;
    const unit = (k: string) => ids.units.get(k)!;
    const api = await env.server.login('dispatcher');
    const newOrder = async (title: string, building: string) => {
      const r = await api.post('/api/work-orders', { title, description: '', categoryId: ids.categories.get('property-cleaning'), placeId: ids.places.get(building), callerPhone: '13912345678' });
      expect(r.status).toBe(201);
      return r.body as { id: number; number: string; version: number };
    };
    // History: an earlier order of the category in 天香蓝郡 went to the street office, not the property company.
    const earlier = await newOrder('楼道垃圾清运不及时', 'cp-tianxianglanjun-b1');
    const shown = await api.post(`/api/intake/orders/${earlier.id}/route`, {});
    expect(shown.body.units[0]).toMatchObject({ unitId: unit('pc-lanjun'), learned: false });
    expect((await api.post(`/api/work-orders/${earlier.id}/dispatch`, { version: earlier.version, leadUnitId: unit('so-wenyinghu') })).status).toBe(200);
    expect((await api.post(`/api/intake/routes/${shown.body.routeId}/outcome`, { unitId: unit('so-wenyinghu'), orderId: earlier.id })).status).toBe(200);

    const order = await newOrder('垃圾桶满了没人清理', 'cp-tianxianglanjun-b2');
    const s = await env.open();
    await loginConsole(s.page, 'dispatcher');
    await s.page.getByRole('tab', { name: /待派单/ }).click();
    await s.page.getByRole('button', { name: `派单 ${order.number}`, exact: true }).click();
    const dialog = s.page.getByRole('dialog');
    const advice = dialog.getByRole('group', { name: '建议主办' });
    await advice.getByText('调度员最近1件同类工单中有1件派给了文瀛湖街道办事处').waitFor();
    expect(await advice.locator('strong').innerText()).toBe('文瀛湖街道办事处');
    await advice.getByText('按调度习惯').waitFor();
    await s.screenshot('dispatch-dialog-1-learned');

    // The dispatcher knows better: the property company leads this one.
    await choose(s.page, '主办单位', '大同蓝郡', '大同蓝郡物业管理有限公司');
    await advice.getByText('已改选，保存后记录').waitFor();
    await dialog.getByRole('button', { name: '派单', exact: true }).click();
    await s.page.getByText('派单成功').waitFor();
    expect(await db.selectFrom('work_orders').select('lead_unit_id').where('id', '=', order.id).executeTakeFirstOrThrow()).toEqual({ lead_unit_id: unit('pc-lanjun') });
    await expect
      .poll(async () => db.selectFrom('intake_routes').select(['source', 'suggested_unit_id', 'chosen_unit_id', 'learned']).where('order_id', '=', order.id).where('decided_at', 'is not', null).execute())
      .toEqual([{ source: 'dialog', suggested_unit_id: unit('so-wenyinghu'), chosen_unit_id: unit('pc-lanjun'), learned: 1 }]);

    // Learned: for the next order the two decisions tie, and the newest (the override) leads.
    const next = await newOrder('楼下垃圾没人收', 'cp-tianxianglanjun-b3');
    const advised = await api.get(`/api/work-orders/${next.id}/unit-suggestions`);
    expect(advised.body[0]).toMatchObject({ unitId: unit('pc-lanjun'), learned: true, chosen: 1, of: 2 });
    s.expectNoConsoleErrors();
  });
});
