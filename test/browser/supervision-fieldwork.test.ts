/**
 * Fieldwork in the browser: a daily patrol whose hazard becomes a work order at once (and the
 * day's missed checkpoints go to zero), and every fieldwork page of the console opens cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { httpError, loginConsole, startBrowserEnv, type BrowserEnv } from './helpers';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => env?.close());

describe('daily patrols (每日巡查)', () => {
  it('a supervisor walks a route: each hazard becomes a patrol order (a leak with its required 漏水位置); nothing is missed any more', async () => {
    const { ids, ctx } = env.server;
    const api = await env.server.login('supervisor');
    const team = await api.post('/api/patrol-teams', { name: '楼栋环境监督员一组', placeId: ids.places.get('cp-lvdi'), members: [] });
    expect(team.status).toBe(201);
    const route = await api.post('/api/patrol-routes', {
      teamId: team.body.id,
      name: '绿地三四期供热巡查',
      placeId: ids.places.get('cp-lvdi'),
      weekdays: '0123456',
      checkpoints: [
        { kind: 'heating_valve', name: '4号楼供热阀门', placeId: ids.places.get('cp-lvdi-b4') ?? ids.places.get('cp-lvdi'), categoryId: ids.categories.get('heating-leak') },
        { kind: 'pipe_well', name: '5号楼管井', placeId: ids.places.get('cp-lvdi-b5') },
      ],
    });
    expect(route.status).toBe(201);

    const s = await env.open();
    await loginConsole(s.page, 'supervisor');
    await s.page.getByRole('menuitem', { name: '每日巡查' }).click();
    await s.page.getByRole('heading', { name: '每日巡查' }).waitFor();
    const row = s.page.getByRole('row').filter({ hasText: '绿地三四期供热巡查' });
    await row.getByRole('cell', { name: '2', exact: true }).first().waitFor(); // 2 scheduled
    await s.page.getByText(/漏巡 2/).waitFor();
    await row.getByRole('link', { name: '绿地三四期供热巡查' }).click();
    await s.page.getByRole('heading', { name: '绿地三四期供热巡查' }).waitFor();

    // The valve leaks: its category (暖气管道漏水) asks 漏水位置, required; the sheet shows the question.
    const valve = s.page.getByRole('group', { name: '4号楼供热阀门', exact: true });
    await valve.getByText('发现隐患').click();
    await valve.getByLabel('4号楼供热阀门 说明').fill('阀门接口滴水');
    const fields = valve.getByRole('group', { name: '4号楼供热阀门 类别补充信息' });
    await fields.getByText('漏水位置').waitFor();
    const well = s.page.getByRole('group', { name: '5号楼管井', exact: true });
    await well.getByText('发现隐患').click();
    await well.getByLabel('5号楼管井 说明').fill('管井内堆放杂物，井盖未关');
    const cat = well.getByRole('group', { name: '5号楼管井 隐患类别（生成工单用）' }).getByRole('combobox');
    await cat.click();
    await cat.fill('保洁');
    await s.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '保洁不到位' }).first().click();
    await s.screenshot('supervision-patrol-1-sheet');
    await s.page.getByRole('button', { name: '提交巡查记录' }).click();
    await s.page.getByRole('alert').filter({ hasText: '漏水位置 必填' }).waitFor();
    await fields.getByRole('combobox').first().click();
    await s.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '楼道' }).first().click();
    await s.page.getByRole('button', { name: '提交巡查记录' }).click();
    await s.page.getByText('巡查已登记，隐患已生成工单').waitFor();
    const leak = await ctx.db.selectFrom('work_orders').selectAll().where('channel', '=', 'patrol').where('title', 'like', '%4号楼供热阀门%').executeTakeFirstOrThrow();
    expect(leak.category_id).toBe(ids.categories.get('heating-leak'));
    expect(JSON.parse(leak.attributes_json!)).toMatchObject({ leak_location: 'stairwell' });

    const order = await ctx.db.selectFrom('work_orders').selectAll().where('channel', '=', 'patrol').where('title', 'like', '%5号楼管井%').executeTakeFirstOrThrow();
    expect(order).toMatchObject({ category_id: ids.categories.get('property-cleaning'), place_id: ids.places.get('cp-lvdi-b5') });
    await well.getByRole('link', { name: order.number }).waitFor();

    await s.page.getByRole('link', { name: '每日巡查' }).click();
    await s.page.getByText(/应巡 2 个点，已巡 2，漏巡 0，发现隐患 2/).waitFor();
    await s.screenshot('supervision-patrol-2-coverage');
    s.expectNoConsoleErrors([httpError(400)]);
  });
});

describe('patrol team members', () => {
  it('a supervisor searches staff by name and adds a leader to a team (PUT members)', async () => {
    const { ids, ctx } = env.server;
    const api = await env.server.login('supervisor');
    const team = await api.post('/api/patrol-teams', { name: '御河东巡查二组', placeId: ids.places.get('c-yuhedong'), members: [] });
    expect(team.status).toBe(201);
    const s = await env.open();
    await loginConsole(s.page, 'supervisor');
    await s.page.getByRole('menuitem', { name: '每日巡查' }).click();
    await s.page.getByRole('heading', { name: '每日巡查' }).waitFor();
    await s.page.getByRole('tab', { name: '巡查队伍' }).click();
    await s.page.getByRole('button', { name: '调整成员 御河东巡查二组' }).click();
    const dialog = s.page.getByRole('dialog');
    const picker = dialog.getByRole('group', { name: '队伍成员' }).getByRole('combobox');
    await picker.click();
    await picker.fill('冯');
    const option = s.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '冯雪（网格员' }).first();
    await option.click();
    await dialog.getByText('冯雪（网格员）').first().waitFor();
    await s.page.keyboard.press('Escape');
    await s.page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
    const leader = dialog.getByRole('group', { name: '队长' }).getByRole('combobox');
    // The only member is the only choice: open the leader list and take it with the keyboard.
    await leader.focus();
    await s.page.keyboard.press('ArrowDown');
    await s.page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="冯雪"]').waitFor();
    await s.page.keyboard.press('Enter');
    await dialog.getByRole('group', { name: '队长' }).locator('.ant-select-content', { hasText: '冯雪' }).or(dialog.getByRole('group', { name: '队长' }).getByTitle('冯雪')).first().waitFor();
    await s.screenshot('supervision-patrol-3-members');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await s.page.getByText('成员已保存').waitFor();
    const members = await ctx.db.selectFrom('patrol_team_members').select(['user_id', 'role']).where('team_id', '=', team.body.id).execute();
    expect(members).toEqual([{ user_id: ids.users.get('inspector'), role: 'leader' }]);
    await s.page.getByRole('row').filter({ hasText: '御河东巡查二组' }).getByRole('cell', { name: '1', exact: true }).waitFor();
    s.expectNoConsoleErrors();
  });
});

describe('the fieldwork pages', () => {
  it('campaigns, facilities, visits, consultations, projects and boards open for a supervisor without errors', async () => {
    const s = await env.open();
    await loginConsole(s.page, 'supervisor');
    for (const [menu, heading] of [
      ['专项行动', '专项行动'],
      ['设施台账', '设施台账'],
      ['走访', '走访'],
      ['会商议事', '会商议事'],
      ['民生项目', '民生项目'],
      ['小区公示栏', '小区公示栏'],
      ['治理问题', '治理问题'],
      ['专项督办 · 每月一题', /每月一题/],
      ['检查计划', '检查计划'],
    ] as const) {
      await s.page.getByRole('menuitem', { name: menu, exact: true }).click();
      await s.page.getByRole('heading', { name: heading }).first().waitFor();
      await s.page.getByRole('table').first().waitFor();
    }
    // English switch: the section's strings follow.
    await s.page.getByRole('button', { name: 'Switch to English' }).click();
    await s.page.getByRole('heading', { name: 'Inspection plans' }).waitFor();
    await s.page.getByRole('button', { name: '切换到中文' }).click();
    s.expectNoConsoleErrors();
  });
});

/** Picks a compound in the 小区 field of a dialog (the page's filter has one too). */
async function pickCompound(page: Page, dialog: Locator, search: string, option: string) {
  const box = dialog.getByLabel('小区', { exact: true });
  await box.click();
  await box.fill(search);
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await item.waitFor({ state: 'visible' });
  await item.click();
}

describe('list pages with a create dialog', () => {
  it('a supervisor registers a facility, records its maintenance, filters to the overdue ones; a project is created and progressed; a problem is named; English follows', async () => {
    const s = await env.open();
    await loginConsole(s.page, 'supervisor');
    await s.page.getByRole('menuitem', { name: '设施台账', exact: true }).click();
    await s.page.getByRole('heading', { name: '设施台账' }).waitFor();
    await s.page.getByRole('button', { name: '登记设施' }).click();
    const dialog = s.page.getByRole('dialog', { name: '登记设施' });
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('请填写设施名称').waitFor();
    await dialog.getByLabel('设施名称').fill('浏览器测试9号楼电梯');
    await pickCompound(s.page, dialog, '绿地', '绿地璀璨天城');
    await dialog.getByLabel('维保周期（天）').fill('15');
    await dialog.getByRole('button', { name: '保存' }).click();
    await s.page.getByText('设施已登记').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    const row = s.page.getByRole('row').filter({ hasText: '浏览器测试9号楼电梯' });
    await row.waitFor();
    await row.getByRole('button', { name: '登记检查/维保 浏览器测试9号楼电梯' }).click();
    const rec = s.page.getByRole('dialog', { name: /登记检查\/维保 · 浏览器测试9号楼电梯/ });
    await rec.getByLabel('说明').fill('月度保养');
    await rec.getByRole('button', { name: '保存' }).click();
    await s.page.getByText('记录已保存').waitFor();
    await rec.waitFor({ state: 'hidden' });
    const { ctx, ids } = env.server;
    const f = await ctx.db.selectFrom('facilities').select(['id', 'place_id']).where('name', '=', '浏览器测试9号楼电梯').executeTakeFirstOrThrow();
    expect(f.place_id).toBe(ids.places.get('cp-lvdi'));
    const records = await ctx.db.selectFrom('facility_records').select(['kind', 'note']).where('facility_id', '=', f.id).execute();
    expect(records).toEqual([{ kind: 'maintenance', note: '月度保养' }]);
    // The overdue filter is kept in the address and narrows the list: just maintained, it is not due.
    await s.page.getByRole('checkbox', { name: '只看逾期' }).check();
    await expect.poll(() => s.page.url()).toContain('due=true');
    await row.waitFor({ state: 'detached' });
    await s.page.getByRole('checkbox', { name: '只看逾期' }).uncheck();
    await row.waitFor();

    await s.page.getByRole('menuitem', { name: '民生项目', exact: true }).click();
    await s.page.getByRole('heading', { name: '民生项目' }).waitFor();
    await s.page.getByRole('button', { name: '新建项目' }).click();
    const pd = s.page.getByRole('dialog', { name: '新建项目' });
    await pd.getByLabel('项目名称').fill('浏览器测试装表工程');
    await pickCompound(s.page, pd, '绿地', '绿地璀璨天城');
    await pd.getByLabel('指标名称 1').fill('装表');
    await pd.getByLabel('目标值 1').fill('20');
    await pd.getByRole('button', { name: '保存' }).click();
    await s.page.getByText('项目已建立').waitFor();
    const prow = s.page.getByRole('row').filter({ hasText: '浏览器测试装表工程' });
    await prow.getByRole('button', { name: '登记进度 浏览器测试装表工程' }).click();
    const pg = s.page.getByRole('dialog', { name: /登记进度 · 浏览器测试装表工程/ });
    await pg.getByRole('spinbutton').first().fill('5');
    await pg.getByRole('button', { name: '保存' }).click();
    await s.page.getByText('进度已登记').waitFor();
    await prow.getByText('装表 5/20户').waitFor();

    // 治理问题: the category filter and the compound filter over the table; naming one opens it.
    await s.page.getByRole('menuitem', { name: '治理问题', exact: true }).click();
    await s.page.getByRole('heading', { name: '治理问题' }).waitFor();
    await s.page.getByRole('button', { name: '新建问题' }).click();
    const qd = s.page.getByRole('dialog', { name: '新建问题' });
    await qd.getByLabel('问题名称').fill('浏览器测试绿地车棚充电桩故障');
    await pickCompound(s.page, qd, '绿地', '绿地璀璨天城');
    await qd.getByRole('button', { name: '保存' }).click();
    await s.page.getByRole('heading', { name: '浏览器测试绿地车棚充电桩故障' }).waitFor();
    await s.page.getByRole('menuitem', { name: '民生项目', exact: true }).click();
    await s.page.getByRole('heading', { name: '民生项目' }).waitFor();

    await s.page.getByRole('button', { name: 'Switch to English' }).click();
    await s.page.getByRole('heading', { name: 'Livelihood projects' }).waitFor();
    await s.page.getByRole('button', { name: 'New project' }).waitFor();
    await s.page.getByRole('button', { name: 'Record progress 浏览器测试装表工程' }).waitFor();
    await s.page.getByRole('button', { name: '切换到中文' }).click();
    s.expectNoConsoleErrors();
  });
});
