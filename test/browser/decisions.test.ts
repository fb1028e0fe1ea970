/**
 * The supervisor's decisions, driven from both sides in the browser: a handler asks for more time
 * and the supervisor approves it from 延期审批 (the new deadline is stored); a handler asks to give
 * an order back and the supervisor rules that the unit must handle it (binding); two overdue
 * orders are urged in one bulk action from 超期工单.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../server/jobs/sweep';
import { loginConsole, startBrowserEnv, type BrowserEnv } from './helpers';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => env?.close());

/** An order at 上华苑 dispatched to its property company and signed for, through the API. */
async function acceptedOrder(title: string) {
  const { ids } = env.server;
  const dispatcher = await env.server.login('dispatcher');
  const handler = await env.server.login('handler.shy');
  const c = await dispatcher.post('/api/work-orders', { title, description: title, categoryId: ids.categories.get('property-cleaning'), placeId: ids.places.get('cp-shanghuayuan-b2') });
  const d = await dispatcher.post(`/api/work-orders/${c.body.id}/dispatch`, { version: c.body.version, leadUnitId: ids.units.get('pc-huayu') });
  const a = await handler.post(`/api/work-orders/${c.body.id}/accept`, { version: d.body.version });
  expect(a.body.status).toBe('handling');
  return a.body as { id: number; number: string; resolutionDueAt: string };
}

describe('extension and return decisions', () => {
  it('handler asks for an extension and a return; the supervisor approves one and rules on the other', async () => {
    const db = env.server.ctx.db;
    const slow = await acceptedOrder('楼道墙面大面积返潮需要专业维修');
    const wrong = await acceptedOrder('小区外人行道地砖松动');
    expect(slow.resolutionDueAt).toBe('2026-11-25T01:00:00.000Z'); // 7 working days from Monday 09:00

    const h = await env.open();
    await loginConsole(h.page, 'handler.shy');

    // 申请延期 to 30 Nov 18:00 Shanghai time.
    await h.page.goto(`/orders/${slow.id}`);
    await h.page.getByRole('button', { name: '申请延期' }).click();
    let dialog = h.page.getByRole('dialog');
    await dialog.getByLabel('延期至').fill('2026-11-30 18:00');
    await dialog.getByLabel('延期至').press('Enter');
    await dialog.getByLabel('延期理由').fill('需等待晴天后做防水处理');
    await dialog.getByRole('button', { name: '申请延期' }).click();
    await h.page.getByText('申请延期成功').waitFor();
    await h.page.getByText('申请延期至 2026-11-30 18:00').waitFor();
    let row = await db.selectFrom('work_orders').selectAll().where('id', '=', slow.id).executeTakeFirstOrThrow();
    expect(row.extension_requested_until).toBe(Date.parse('2026-11-30T10:00:00Z'));

    // 申请退单: not our place.
    await h.page.goto(`/orders/${wrong.id}`);
    await h.page.getByRole('button', { name: '申请退单' }).click();
    dialog = h.page.getByRole('dialog');
    await dialog.locator('label', { has: h.page.getByRole('radio', { name: '地点不属本单位' }) }).click();
    await dialog.getByLabel('情况说明').fill('人行道属市政道路，不在物业管理范围');
    await dialog.getByRole('button', { name: '申请退单' }).click();
    await h.page.getByText('申请退单成功').waitFor();
    row = await db.selectFrom('work_orders').selectAll().where('id', '=', wrong.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('return_requested');
    await h.screenshot('decisions-1-handler-return-requested');

    // The supervisor decides both from the desk.
    const s = await env.open();
    await loginConsole(s.page, 'supervisor');
    await s.page.getByRole('tab', { name: '延期审批' }).click();
    await s.page.getByRole('button', { name: `批准延期 ${slow.number}`, exact: true }).click();
    dialog = s.page.getByRole('dialog');
    await dialog.getByText('申请延期至: 2026-11-30 18:00').waitFor();
    await s.screenshot('decisions-2-supervisor-extension');
    await dialog.getByRole('button', { name: '批准延期' }).click();
    await s.page.getByText('批准延期成功').waitFor();
    row = await db.selectFrom('work_orders').selectAll().where('id', '=', slow.id).executeTakeFirstOrThrow();
    expect(row.resolution_due_at).toBe(Date.parse('2026-11-30T10:00:00Z'));
    expect(row.extension_requested_until).toBeNull();

    await s.page.getByRole('tab', { name: /退单审核/ }).click();
    await s.page.getByRole('button', { name: `驳回退单（须办理） ${wrong.number}`, exact: true }).click();
    dialog = s.page.getByRole('dialog');
    await dialog.getByLabel('备注').fill('人行道在小区红线内，由物业负责');
    await dialog.getByRole('button', { name: '驳回退单（须办理）' }).click();
    await s.page.getByText('驳回退单（须办理）成功').waitFor();
    row = await db.selectFrom('work_orders').selectAll().where('id', '=', wrong.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('handling');
    const last = await db.selectFrom('order_events').select(['action', 'payload_json']).where('order_id', '=', wrong.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last.action).toBe('reject_return');
    expect(JSON.parse(last.payload_json!)).toMatchObject({ note: '人行道在小区红线内，由物业负责', binding: true });
    await s.screenshot('decisions-3-supervisor-ruled');

    h.expectNoConsoleErrors();
    s.expectNoConsoleErrors();
  });

  it('the supervisor selects two overdue orders and urges both in one bulk action', async () => {
    const db = env.server.ctx.db;
    const a = await acceptedOrder('三单元楼道声控灯全部不亮');
    const b = await acceptedOrder('地下车库排水沟堵塞有异味');
    // A day past both resolution deadlines: the sweep marks them overdue.
    env.server.clock.set(Date.parse(b.resolutionDueAt) + 24 * 3600_000);
    await runSweep(env.server.ctx);
    const before = await db.selectFrom('work_orders').select(['id', 'overdue', 'urge_count']).where('id', 'in', [a.id, b.id]).execute();
    expect(before.map((r) => r.overdue)).toEqual([1, 1]); // (the sweep also auto-urged them as the deadline neared)

    const s = await env.open();
    await loginConsole(s.page, 'supervisor');
    await s.page.getByRole('tab', { name: /超期工单/ }).click();
    for (const o of [a, b]) await s.page.getByRole('checkbox', { name: `选择 ${o.number}` }).check();
    await s.page.getByRole('button', { name: '批量催办（2）' }).click();
    const dialog = s.page.getByRole('dialog');
    await dialog.getByLabel('备注').fill('请今天内处理完毕并回复');
    await s.screenshot('decisions-4-bulk-urge');
    await dialog.getByRole('button', { name: '催办', exact: true }).click();
    await s.page.getByText('已催办 2 件').waitFor();

    const after = await db.selectFrom('work_orders').select(['id', 'urge_count']).where('id', 'in', [a.id, b.id]).execute();
    expect(after.map((r) => r.urge_count)).toEqual(before.map((r) => r.urge_count + 1));
    const events = await db
      .selectFrom('order_events as e')
      .innerJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.order_id', 'u.username', 'e.payload_json'])
      .where('e.order_id', 'in', [a.id, b.id])
      .where('e.action', '=', 'urge')
      .execute();
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e.username).toBe('supervisor');
      expect(JSON.parse(e.payload_json!)).toMatchObject({ note: '请今天内处理完毕并回复' });
    }
    s.expectNoConsoleErrors();
  });
});
