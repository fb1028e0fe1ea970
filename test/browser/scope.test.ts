/**
 * Scope in the browser: a handler of another property company can neither open nor find an order
 * that is not his unit's — the detail page says "not found" (the API answers 404, never 403),
 * and the list does not contain it — while the order's own handler sees it in 待签收.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpError, loginConsole, startBrowserEnv, type BrowserEnv } from './helpers';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => env?.close());

describe('a handler sees only his unit’s orders', () => {
  it('shows 天香蓝郡’s handler a 404 page and an empty search for 上华苑’s order', async () => {
    const { ids, ctx } = env.server;
    const api = await env.server.login('dispatcher');
    const created = await api.post('/api/work-orders', {
      title: '上华苑5号楼电梯异响',
      description: '电梯运行时有异响，住户担心安全',
      categoryId: ids.categories.get('property-cleaning'),
      placeId: ids.places.get('cp-shanghuayuan'),
      callerName: '张先生',
      callerPhone: '13912345678',
    });
    expect(created.status).toBe(201);
    const dispatched = await api.post(`/api/work-orders/${created.body.id}/dispatch`, { version: created.body.version, leadUnitId: ids.units.get('pc-huayu') });
    expect(dispatched.status).toBe(200);
    const number: string = created.body.number;

    // The database holds it for 华宇 only; 蓝郡 (handler.txlj's company) has no link to it.
    const links = await ctx.db.selectFrom('order_units').select('unit_id').where('order_id', '=', created.body.id).execute();
    expect(links.map((l) => l.unit_id)).toEqual([ids.units.get('pc-huayu')]);
    expect(links.map((l) => l.unit_id)).not.toContain(ids.units.get('pc-lanjun'));

    const other = await env.open();
    await loginConsole(other.page, 'handler.txlj');
    await other.page.goto(`/orders/${created.body.id}`);
    await other.page.getByText('工单不存在或无权查看').waitFor();
    expect(await other.page.getByText(number).count()).toBe(0);
    expect(await other.page.getByText('上华苑5号楼电梯异响').count()).toBe(0);
    await other.screenshot('scope-1-other-company-404');

    await other.page.goto(`/orders?q=${encodeURIComponent(number)}`);
    await other.page.getByText('暂无数据').waitFor();
    expect(await other.page.getByRole('link', { name: '上华苑5号楼电梯异响' }).count()).toBe(0);
    await other.page.goto('/');
    await other.page.getByRole('tab', { name: /待签收/ }).waitFor();
    await other.page.getByText('暂无数据').waitFor();
    await other.screenshot('scope-2-other-company-queue');

    const own = await env.open();
    await loginConsole(own.page, 'handler.shy');
    await own.page.getByRole('link', { name: '上华苑5号楼电梯异响' }).waitFor();
    // The handler of the order sees the caller's whole number; lists mask it.
    await own.page.getByRole('link', { name: '上华苑5号楼电梯异响' }).click();
    await own.page.getByText('13912345678').waitFor();
    await own.screenshot('scope-3-own-company-detail');

    other.expectNoConsoleErrors([httpError(404)]);
    own.expectNoConsoleErrors();
  });
});
