/**
 * The whole life of one request through the two faces of the product, in Chromium on the built
 * bundle and a real database: resident submits on the phone page → dispatcher dispatches →
 * handler accepts, contacts and replies with a photo → supervisor approves the reply → resident
 * rates → closed. Each step checks what the page shows and what the database holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, loginConsole, PASSWORD, png, startBrowserEnv, type BrowserEnv } from './helpers';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => env?.close());

describe('a request from the resident page to 销号', () => {
  it('resident → dispatcher → handler → reviewer → resident rating → closed', async () => {
    const db = env.server.ctx.db;
    const ids = env.server.ids;
    const text = '2号楼3单元楼道垃圾三天没人清理，气味很大。请物业尽快处理';

    // ── 1. The resident reports on the phone page ─────────────────────────────────
    const resident = await env.open({ phone: true });
    const rp = resident.page;
    await rp.goto('/m/');
    await rp.getByLabel('手机号').fill('13303520021');
    await rp.getByLabel('密码').fill(PASSWORD);
    await rp.getByRole('button', { name: '登录' }).click();
    await rp.getByLabel('问题描述').waitFor();
    // Home compound and building come pre-filled from the resident's account (上华苑 2号楼).
    await rp.getByTitle('上华苑').waitFor();
    await rp.getByTitle('2号楼').waitFor();
    await choose(rp, '问题类型', '楼道脏', '保洁不到位');
    await rp.getByLabel('问题描述').fill(text);
    await rp.getByLabel('照片', { exact: true }).setInputFiles({ name: 'before.png', mimeType: 'image/png', buffer: png(96, 96, [180, 120, 60]) });
    await rp.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();
    await rp.getByRole('button', { name: '提交', exact: true }).click();
    await rp.getByText('提交成功').waitFor();
    await resident.screenshot('journey-1-resident-submitted');

    const residentUser = await db.selectFrom('users').select('id').where('username', '=', 'resident.shy').executeTakeFirstOrThrow();
    const created = await db.selectFrom('work_orders').selectAll().where('reporter_user_id', '=', residentUser.id).executeTakeFirstOrThrow();
    expect(created).toMatchObject({ status: 'received', channel: 'h5', place_id: ids.places.get('cp-shanghuayuan-b2'), description: text, anonymous: 0 });
    expect(created.title).toBe('2号楼3单元楼道垃圾三天没人清理，气味很大');
    const before = await db.selectFrom('attachments').select(['phase', 'mime']).where('order_id', '=', created.id).execute();
    expect(before).toEqual([{ phase: 'before', mime: 'image/png' }]);
    const number = created.number;
    expect(await rp.getByText(number).count()).toBeGreaterThan(0);

    // ── 2. The dispatcher dispatches it to the suggested property company, with a co-unit ──
    const dispatcher = await env.open();
    const dp = dispatcher.page;
    await loginConsole(dp, 'dispatcher');
    await dp.getByRole('tab', { name: /待派单/ }).click();
    await dp.getByRole('button', { name: `派单 ${number}`, exact: true }).click();
    const dialog = dp.getByRole('dialog');
    await dialog.getByText('建议主办').waitFor();
    await dialog.getByText('上华苑由大同华宇物业服务有限公司负责').waitFor();
    await choose(dp, '协办单位', '和信社区', '和信社区居民委员会');
    await dispatcher.screenshot('journey-2-dispatch-dialog');
    await dialog.getByRole('button', { name: '派单', exact: true }).click();
    await dp.getByText('派单成功').waitFor();

    let row = await db.selectFrom('work_orders').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('dispatched');
    expect(row.lead_unit_id).toBe(ids.units.get('pc-huayu'));
    const units = await db.selectFrom('order_units').select(['unit_id', 'role']).where('order_id', '=', created.id).orderBy('role', 'desc').execute();
    expect(units).toEqual([
      { unit_id: ids.units.get('pc-huayu'), role: 'lead' },
      { unit_id: ids.units.get('cc-hexin'), role: 'co' },
    ]);

    // ── 3. The handler signs for it, contacts the resident and replies with an "after" photo ──
    const handler = await env.open();
    const hp = handler.page;
    await loginConsole(hp, 'handler.shy');
    await hp.getByRole('tab', { name: /待签收/ }).waitFor();
    await hp.getByRole('button', { name: `签收 ${number}`, exact: true }).click();
    await hp.getByRole('dialog').getByRole('button', { name: '签收', exact: true }).click();
    await hp.getByText('签收成功').waitFor();
    await hp.getByRole('tab', { name: /办理中/ }).click();
    await hp.getByRole('link', { name: created.title }).click();
    await hp.getByRole('heading', { name: created.title }).waitFor();
    // Only what the handler may do now is offered.
    const offered = await hp.getByRole('button').allInnerTexts();
    expect(offered).toEqual(expect.arrayContaining(['已联系诉求人', '申请延期', '答复', '申请退单']));
    expect(offered).not.toContain('派单');
    expect(offered).not.toContain('审核通过');

    await hp.getByRole('button', { name: '已联系诉求人' }).click();
    await hp.getByRole('dialog').getByRole('button', { name: '已联系诉求人' }).click();
    await hp.getByText('已联系诉求人成功').waitFor();
    await hp.getByRole('button', { name: '答复', exact: true }).click();
    const reply = hp.getByRole('dialog');
    await reply.getByLabel('答复内容').fill('已安排保洁员清理楼道并增加每日保洁频次，请您监督。');
    await reply.getByLabel('处理后照片').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: png(96, 96, [60, 160, 90]) });
    await reply.locator('.ant-upload-list-item-done').first().waitFor();
    await reply.getByRole('button', { name: '答复', exact: true }).click();
    await hp.getByText('答复成功').waitFor();
    await hp.getByText('答复待审').first().waitFor();
    await handler.screenshot('journey-3-handler-replied');

    row = await db.selectFrom('work_orders').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('replied');
    expect(row.contacted_at).not.toBeNull();
    const after = await db.selectFrom('attachments').select(['phase']).where('order_id', '=', created.id).where('phase', '=', 'after').execute();
    expect(after).toHaveLength(1);

    // ── 4. The supervisor approves the reply from the review queue ──────────────────
    const supervisor = await env.open();
    const sp = supervisor.page;
    await loginConsole(sp, 'supervisor');
    await sp.getByRole('tab', { name: /答复审核/ }).click();
    await sp.getByRole('button', { name: `审核通过 ${number}`, exact: true }).click();
    await sp.getByRole('dialog').getByRole('button', { name: '审核通过', exact: true }).click();
    // Success shows a toast; a refusal shows its reason in the dialog: say which, not just "timeout".
    const refused = sp.getByRole('dialog').locator('.ant-alert-error');
    await sp.getByText('审核通过成功').or(refused).first().waitFor();
    if (await refused.isVisible()) throw new Error(`the approval was refused: ${await refused.innerText()}`);
    await supervisor.screenshot('journey-4-supervisor-approved');
    row = await db.selectFrom('work_orders').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('callback');

    // ── 5. The resident rates it on the phone; the order closes ──────────────────────
    await rp.goto('/m/mine');
    await rp.getByRole('link', { name: new RegExp(created.title) }).click();
    await rp.getByText('请对办理结果进行评价').waitFor();
    // antd hides each radio input under its button face: click the face (the input's label).
    const pickRadio = (name: string) => rp.locator('label', { has: rp.getByRole('radio', { name, exact: true }) }).click();
    await pickRadio('已解决');
    await pickRadio('满意');
    await rp.getByLabel('评价意见').fill('保洁及时，谢谢！');
    await rp.getByRole('button', { name: '提交评价' }).click();
    await rp.getByText('感谢您的评价').waitFor();
    await rp.locator('.ant-tag').filter({ hasText: '已办结' }).first().waitFor();
    await resident.screenshot('journey-5-resident-rated');

    row = await db.selectFrom('work_orders').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'closed', rating_resolution: 'resolved', rating_satisfaction: 'satisfied' });
    expect(row.closed_at).not.toBeNull();
    const events = await db.selectFrom('order_events').select('action').where('order_id', '=', created.id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'dispatch', 'accept', 'contact', 'reply', 'approve_reply', 'rate']);

    // The inbox lists the messages the server wrote for this resident.
    const messages = await db.selectFrom('messages').select('id').where('user_id', '=', residentUser.id).execute();
    expect(messages.length).toBeGreaterThan(0);
    await rp.getByRole('link', { name: /消息/ }).click();
    await rp.getByRole('list', { name: '消息' }).waitFor();
    await expect.poll(() => rp.getByRole('list', { name: '消息' }).getByRole('listitem').count()).toBe(messages.length);
    await resident.screenshot('journey-6-resident-inbox');

    for (const s of [resident, dispatcher, handler, supervisor]) s.expectNoConsoleErrors();
  });
});
