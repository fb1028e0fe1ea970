/**
 * The disclosure board (公示) from both sides: a supervisor publishes a 五亮 item and a notice for
 * 绿地璀璨天城 in the console; a resident of that compound reads them on the phone page with the
 * elevator's maintenance date, 亮结果 and the stale flags of what was never published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginConsole, startBrowserEnv, type BrowserEnv } from './helpers';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => env?.close());

async function loginPhone(page: import('playwright-core').Page, phone: string) {
  await page.goto('/m/');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
}

describe('the compound board and notices', () => {
  it('staff publish in the console; the resident sees the board, the elevator maintenance and the notice at 375 px', async () => {
    const { ids, ctx } = env.server;
    const compound = ids.places.get('cp-lvdi')!;
    // An elevator with its last maintenance (through the API, as the register is kept).
    const supervisor = await env.server.login('supervisor');
    const lift = await supervisor.post('/api/facilities', { kind: 'elevator', name: '5号楼1单元电梯', placeId: ids.places.get('cp-lvdi-b5'), maintainEveryDays: 15 });
    expect(lift.status).toBe(201);
    expect((await supervisor.post(`/api/facilities/${lift.body.id}/records`, { kind: 'maintenance', outcome: 'ok', note: '半月保养' })).status).toBe(201);

    // The supervisor keeps the board in the console.
    const s = await env.open();
    await loginConsole(s.page, 'supervisor');
    await s.page.getByRole('menuitem', { name: '小区公示栏' }).click();
    await s.page.getByRole('heading', { name: '小区公示栏' }).waitFor();
    await s.page.goto(`/supervision/boards/${compound}`);
    await s.page.getByRole('heading', { name: /绿地璀璨天城/ }).waitFor();
    await s.page.getByRole('button', { name: '编辑 亮职责' }).click();
    await s.page.getByLabel('亮职责内容').fill('物业服务范围：保洁、绿化、秩序维护、共用设施维修');
    await s.page.getByRole('button', { name: '保存' }).click();
    await s.page.getByText('已保存').waitFor();
    const form = s.page.getByRole('form', { name: '发布公告' });
    await form.getByRole('button', { name: '发布公告' }).click();
    await form.getByText('请填写公告标题').waitFor(); // a label-bound error for the empty form
    await form.getByLabel('公告标题').fill('三、四期停水通知');
    await form.getByLabel('公告内容').fill('12月2日9:00–15:00 更换供水阀门，届时停水。');
    await form.getByRole('button', { name: '发布公告' }).click();
    await s.page.getByText('公告已发布').waitFor();
    await s.screenshot('supervision-board-1-console');
    const item = await ctx.db.selectFrom('board_items').selectAll().where('compound_id', '=', compound).where('item', '=', 'duties').executeTakeFirstOrThrow();
    expect(item).toMatchObject({ content: '物业服务范围：保洁、绿化、秩序维护、共用设施维修', updated_by: ids.users.get('supervisor') });
    const notice = await ctx.db.selectFrom('public_notices').selectAll().where('title', '=', '三、四期停水通知').executeTakeFirstOrThrow();
    expect(notice.place_id).toBe(compound);
    s.expectNoConsoleErrors();

    // The resident of 5号楼 reads it on the phone.
    const r = await env.open({ phone: true });
    await loginPhone(r.page, '13403520018');
    await r.page.getByRole('link', { name: '公示' }).click();
    await r.page.getByRole('heading', { name: /小区公示 · 绿地璀璨天城/ }).waitFor();
    const notices = r.page.getByRole('region', { name: '公告' });
    await notices.getByText('三、四期停水通知').waitFor();
    const duties = r.page.getByRole('listitem', { name: '亮职责' });
    await duties.getByText('物业服务范围：保洁、绿化、秩序维护、共用设施维修').waitFor();
    expect(await duties.getByText('尚未公示').count()).toBe(0);
    await r.page.getByRole('listitem', { name: '亮承诺' }).getByText('尚未公示').waitFor(); // stale: never published
    await r.page.getByRole('listitem', { name: '亮结果' }).getByText('满意率').waitFor();
    const liftRow = r.page.getByRole('listitem', { name: '5号楼1单元电梯' });
    await liftRow.getByText(/上次维保: 2026-11-16/).waitFor();
    await r.page.getByText('3 项公示未及时更新').waitFor();
    const width = await r.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await r.screenshot('supervision-board-2-resident');
    r.expectNoConsoleErrors();
  });
});
