/**
 * Bad input shows where it is wrong: a wrong password comes back from the server as an error on
 * the password field; the intake form refuses a malformed phone number and missing required
 * fields under each field, and nothing reaches the database; a second call about the same thing
 * shows the first order as a possible duplicate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, httpError, loginConsole, startBrowserEnv, type BrowserEnv } from './helpers';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => env?.close());

const countOrders = async () => Number((await env.server.ctx.db.selectFrom('work_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('form errors land on their fields', () => {
  it('puts the server’s wrong-password error under the password field', async () => {
    const s = await env.open();
    await s.page.goto('/');
    await s.page.getByLabel('用户名').fill('dispatcher');
    await s.page.getByLabel('密码').fill('not-the-password');
    await s.page.getByRole('button', { name: '登录' }).click();
    // antd links a field's error to its input through aria-describedby.
    const password = s.page.getByLabel('密码');
    await s.page.getByText('用户名或密码错误').waitFor();
    const describedBy = await password.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    expect(await s.page.locator(`[id="${describedBy!.split(' ')[0]}"]`).innerText()).toContain('用户名或密码错误');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    await s.screenshot('forms-1-wrong-password');

    const dispatcher = await env.server.ctx.db.selectFrom('users').select('id').where('username', '=', 'dispatcher').executeTakeFirstOrThrow();
    const sessions = await env.server.ctx.db.selectFrom('sessions').select('id').where('user_id', '=', dispatcher.id).execute();
    expect(sessions).toEqual([]);
    s.expectNoConsoleErrors([httpError(401)]);
  });

  it('refuses a malformed phone number and empty required fields in the intake form', async () => {
    const before = await countOrders();
    const s = await env.open();
    await loginConsole(s.page, 'dispatcher');
    const form = s.page.getByRole('tabpanel', { name: '受理登记' });
    await form.getByLabel('联系电话').fill('12ab');
    await form.getByLabel('诉求内容').fill('楼下商铺大喇叭整天叫卖，吵得没法休息');
    await form.getByRole('button', { name: '提交受理' }).click();
    await form.getByText('电话号码格式不正确').waitFor();
    await form.getByText('请选择小区').waitFor();
    await form.getByText('请选择诉求分类').waitFor();
    await form.getByText('请填写诉求标题').waitFor();
    expect(await form.getByLabel('联系电话').getAttribute('aria-invalid')).toBe('true');
    await s.screenshot('forms-2-intake-errors');
    expect(await countOrders()).toBe(before);

    // Fixing the fields clears their errors and the order goes in.
    await form.getByLabel('联系电话').fill('13912345678');
    await choose(s.page, '小区', '上华', '上华苑');
    await choose(s.page, '诉求分类', '叫卖', '商铺经营噪音');
    await form.getByLabel('诉求标题').fill('商铺喇叭叫卖扰民');
    await form.getByRole('button', { name: '提交受理' }).click();
    await s.page.getByText(/已受理，工单号/).waitFor();
    expect(await form.getByText('电话号码格式不正确').count()).toBe(0);
    expect(await countOrders()).toBe(before + 1);
    const row = await env.server.ctx.db.selectFrom('work_orders').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: '商铺喇叭叫卖扰民', caller_phone: '13912345678', channel: 'hotline', status: 'received', place_id: env.server.ids.places.get('cp-shanghuayuan') });

    // A second caller about the same thing: the form shows the first order as a possible duplicate.
    await choose(s.page, '小区', '上华', '上华苑');
    await form.getByLabel('诉求内容').fill('又是那家商铺的喇叭在叫卖');
    const duplicates = s.page.getByRole('list', { name: /可能重复的诉求/ });
    await duplicates.getByRole('link', { name: '商铺喇叭叫卖扰民' }).waitFor();
    await s.screenshot('forms-3-possible-duplicate');
    s.expectNoConsoleErrors();
  });
});
