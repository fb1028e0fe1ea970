/**
 * Smart intake in the console: a dispatcher types a complaint and sees the suggested category, the
 * suggested lead unit with its reason, and a possible duplicate with its score; changes the unit;
 * saves — the database holds the logged suggestion and the override. Then the triage queue shows
 * the new order's suggestion, and one click dispatches it to the suggested unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoYear } from '../../server/demo/demo-year';
import { trainCategoryModel } from '../../server/intake/classifier/service';
import { choose, loginConsole, startBrowserEnv, type BrowserEnv } from './helpers';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
  const { ctx, clock } = env.server;
  // The demo year's own cases (about 280 orders) are the history the model and the routing learn from.
  await loadDemoYear(ctx.db, ctx.engine, await ctx.calendar.get(), clock.now(), { perDay: 0 });
  expect(await trainCategoryModel(ctx.db, clock.now())).not.toBeNull();
}, 180_000);
afterAll(async () => env?.close());

describe('smart intake', () => {
  it('suggests category and unit with reasons, shows a duplicate, logs the override, and the queue dispatches in one click', async () => {
    const { db } = env.server.ctx;
    const ids = env.server.ids;
    // An earlier caller about the same thing.
    const first = await (await env.server.login('dispatcher')).post('/api/work-orders', {
      title: '2号楼楼道垃圾堆积没人清理',
      description: '楼道垃圾好几天没人清理',
      categoryId: ids.categories.get('property-cleaning'),
      placeId: ids.places.get('cp-shanghuayuan-b2'),
      callerPhone: '13912345678',
    });
    expect(first.status).toBe(201);

    const s = await env.open();
    await loginConsole(s.page, 'dispatcher');
    const form = s.page.getByRole('tabpanel', { name: '受理登记' });
    await form.getByLabel('诉求标题').fill('2号楼楼道垃圾没人清理');
    await form.getByLabel('诉求内容').fill('楼道里垃圾好几天没人收，有异味');
    await choose(s.page, '小区', '上华', '上华苑');

    // The model's category suggestion; one click takes it.
    const cats = form.getByLabel('建议分类');
    await cats.getByText(/保洁不到位/).waitFor();
    await cats.getByText(/保洁不到位/).click();

    // The possible duplicate, with its score.
    const dupes = s.page.getByRole('list', { name: /可能重复的诉求/ });
    await dupes.getByRole('link', { name: '2号楼楼道垃圾堆积没人清理' }).waitFor();
    expect(await dupes.innerText()).toMatch(/相似度 \d+%/);

    // The lead unit the server suggests, with its reason.
    const lead = s.page.getByRole('group', { name: '建议主办单位' });
    await lead.waitFor();
    const suggestedName = (await lead.locator('strong').innerText()).trim();
    const suggested = await db.selectFrom('units').select(['id', 'name']).where('name', '=', suggestedName).executeTakeFirstOrThrow();
    expect(await lead.innerText()).toMatch(/负责|派给了/);
    await s.screenshot('intake-1-suggestions');

    // The dispatcher knows better: the community committee leads this one.
    const override = suggested.id === ids.units.get('cc-hexin') ? '大同华宇物业服务有限公司' : '和信社区居民委员会';
    await choose(s.page, '主办单位', override.slice(0, 2), override);
    await s.page.getByText('已改选，保存后记录').waitFor();
    await form.getByRole('button', { name: '提交受理' }).click();
    await s.page.getByText(/已受理，工单号/).waitFor();

    const order = await db.selectFrom('work_orders').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(order).toMatchObject({ title: '2号楼楼道垃圾没人清理', status: 'received', category_id: ids.categories.get('property-cleaning') });
    const logged = await db.selectFrom('intake_suggestions').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(logged).toMatchObject({ chosen_category_id: order.category_id, top_category_id: order.category_id });
    const overrideUnit = await db.selectFrom('units').select('id').where('name', '=', override).executeTakeFirstOrThrow();
    const route = await db.selectFrom('intake_routes').selectAll().where('order_id', '=', order.id).where('source', '=', 'intake').executeTakeFirstOrThrow();
    expect(route).toMatchObject({ suggestion_id: logged.id, suggested_unit_id: suggested.id, chosen_unit_id: overrideUnit.id });
    await s.screenshot('intake-2-saved');

    // The triage queue: the new order with its suggested unit; one click dispatches.
    await s.page.getByRole('tab', { name: /待派单/ }).click();
    const cell = s.page.getByRole('group', { name: `建议 ${order.number}` });
    await cell.waitFor();
    const shownName = (await cell.locator('.ant-tag').innerText()).replace(/^建议：/, '').trim();
    const shown = await db.selectFrom('units').select('id').where('name', '=', shownName).executeTakeFirstOrThrow();
    await s.screenshot('intake-3-queue');
    await s.page.getByRole('button', { name: `采纳派单 ${order.number}` }).click();
    await s.page.getByText(`已派单给 ${shownName}`).waitFor();
    await expect.poll(async () => (await db.selectFrom('work_orders').select(['status', 'lead_unit_id']).where('id', '=', order.id).executeTakeFirstOrThrow())).toEqual({ status: 'dispatched', lead_unit_id: shown.id });
    const queued = await db.selectFrom('intake_routes').selectAll().where('order_id', '=', order.id).where('source', '=', 'queue').executeTakeFirstOrThrow();
    expect(queued).toMatchObject({ suggested_unit_id: shown.id, chosen_unit_id: shown.id });
    expect(queued.decided_at).not.toBeNull();

    // The acceptance rate per month counts the queue's suggestions: both received orders were shown one, one was accepted.
    await s.page.getByRole('tab', { name: '建议采纳率' }).click();
    await s.page.getByText('智能建议采纳率（按月）').waitFor();
    await s.page.getByRole('cell', { name: /^100%（1\/1，展示 2）$/ }).waitFor();
    await s.screenshot('intake-4-acceptance');
    s.expectNoConsoleErrors();
  });

  it('registers a call and merges it into the duplicate in one click; on the order detail, attaches an order to a problem', async () => {
    const { db } = env.server.ctx;
    const ids = env.server.ids;
    const api = await env.server.login('dispatcher');
    const target = (
      await api.post('/api/work-orders', { title: '5号楼电梯困人', description: '电梯停在两层之间', categoryId: ids.categories.get('elevator-fault'), placeId: ids.places.get('cp-shanghuayuan-b5'), callerPhone: '13912345670' })
    ).body as { id: number; number: string };
    const problem = (await (await env.server.login('supervisor')).post('/api/problems', { title: '上华苑电梯频繁停运', description: '5号楼电梯停运困人', placeId: ids.places.get('cp-shanghuayuan') })).body as { id: number };

    const s = await env.open();
    await loginConsole(s.page, 'dispatcher');
    const form = s.page.getByRole('tabpanel', { name: '受理登记' });
    await form.getByLabel('诉求标题').fill('5号楼电梯又困人了');
    await form.getByLabel('诉求内容').fill('电梯停在两层之间，里面有人');
    await choose(s.page, '小区', '上华', '上华苑');
    await choose(s.page, '诉求分类', '电梯', '电梯故障');
    // The problem of the compound is offered too, with its score.
    await s.page.getByRole('list', { name: /可能相关的问题/ }).getByText('上华苑电梯频繁停运').waitFor();
    await s.page.getByRole('button', { name: `登记并合并到此单 ${target.number}` }).click();
    await s.page.getByText(`已合并到 ${target.number}`).waitFor();
    const merged = await db.selectFrom('work_orders').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(merged).toMatchObject({ title: '5号楼电梯又困人了', status: 'merged', merged_into_id: target.id });
    await s.screenshot('intake-5-merged');

    // On the detail of the earlier order: attach it to the problem in one click.
    await s.page.goto(`/orders/${target.id}`);
    const attach = s.page.getByRole('button', { name: '归入此问题 上华苑电梯频繁停运' });
    await attach.click();
    await s.page.getByText('已归入问题：上华苑电梯频繁停运').waitFor();
    expect(await db.selectFrom('problem_orders').select('order_id').where('problem_id', '=', problem.id).execute()).toEqual([{ order_id: target.id }]);
    await s.screenshot('intake-6-detail-attached');
    s.expectNoConsoleErrors();
  });
});
