/**
 * Supervision in the browser: a ledger entry (台账) from open to 销号 where the reviewer must be
 * someone other than the one who rectified it, and an inspector's 五亮 check on a phone whose
 * failure becomes a rectification and is then rechecked (检查-整改-复查). Page and database both.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginConsole, png, startBrowserEnv, type BrowserEnv } from './helpers';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => env?.close());

/** Picks an option of an antd Select labelled `label` inside `scope` (a dialog or the page). */
async function pick(page: Page, scope: Locator | Page, label: string, search: string, option: string | RegExp = search) {
  const box = scope.getByLabel(label, { exact: true });
  await box.click();
  await box.fill(search);
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await item.waitFor({ state: 'visible' });
  await item.click();
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
}

describe('the ledger (台账) from open to 销号', () => {
  it('a supervisor opens, rectifies with a photo and submits; only a second person may close it', async () => {
    const db = env.server.ctx.db;
    const users = env.server.ids.users;
    const sup = await env.open();
    await loginConsole(sup.page, 'supervisor');
    await sup.page.getByRole('menuitem', { name: '整改台账' }).click();
    await sup.page.getByRole('heading', { name: '整改台账' }).waitFor();

    // Open an entry.
    await sup.page.getByRole('button', { name: '新建台账' }).click();
    const dialog = sup.page.getByRole('dialog');
    await dialog.getByLabel('问题描述').waitFor();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('请填写问题描述').waitFor(); // the form says what is missing
    await dialog.getByLabel('问题描述').fill('上华苑2号楼楼道堆放杂物');
    await pick(sup.page, dialog, '小区', '上华苑');
    await pick(sup.page, dialog, '责任单位', '华宇');
    await dialog.getByLabel('责任人').fill('陈晓东');
    await dialog.getByLabel('整改措施').fill('清理楼道杂物，张贴禁放提示');
    await sup.screenshot('supervision-ledger-1-new');
    await dialog.getByRole('button', { name: '保存' }).click();
    await sup.page.getByRole('heading', { name: '上华苑2号楼楼道堆放杂物' }).waitFor();
    const id = Number(/\/supervision\/ledger\/(\d+)/.exec(sup.page.url())![1]);
    let row = await db.selectFrom('ledger_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'open', unit_id: env.server.ids.units.get('pc-huayu'), responsible_person: '陈晓东', created_by: users.get('supervisor') });

    // Rectify: start, note progress with a photo, submit for recheck.
    await sup.page.getByRole('button', { name: '开始整改' }).click();
    await sup.page.getByText('开始整改成功').waitFor();
    await sup.page.getByLabel('进展说明').fill('已清理杂物并张贴提示');
    await sup.page.getByLabel('现场照片').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: png(64, 64, [40, 160, 90]) });
    await sup.page.locator('.ant-upload-list-item-done').first().waitFor();
    await sup.page.getByRole('button', { name: '添加进展' }).click();
    await sup.page.getByText('进展已记录').waitFor();
    await sup.page.getByRole('img', { name: '现场照片 1' }).waitFor();
    await sup.page.getByRole('button', { name: '提交复查' }).click();
    const submit = sup.page.getByRole('dialog');
    await submit.getByLabel('整改佐证').fill('楼道已畅通，见照片');
    await submit.getByRole('button', { name: '提交复查' }).click();
    await sup.page.getByText('提交复查成功').waitFor();
    // The one who submitted may not close it: no 销号 button, and the page says why.
    await sup.page.getByText('您提交了本次整改，须由其他人员复核销号。').waitFor();
    expect(await sup.page.getByRole('button', { name: '销号' }).count()).toBe(0);
    await sup.screenshot('supervision-ledger-2-awaiting-recheck');
    row = await db.selectFrom('ledger_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'awaiting_recheck', submitted_by: users.get('supervisor'), evidence: '楼道已畅通，见照片' });

    // A second reviewer (the 住建局 inspector) closes it.
    const rev = await env.open();
    await loginConsole(rev.page, 'inspector.zj');
    await rev.page.goto(`/supervision/ledger/${id}`);
    await rev.page.getByRole('button', { name: '销号' }).click();
    const close = rev.page.getByRole('dialog');
    await close.getByText('销号须由整改人以外的人员复核').waitFor();
    await close.getByLabel('复核意见').fill('现场核实，整改到位');
    await close.getByRole('button', { name: '销号' }).click();
    await rev.page.getByText('销号成功').waitFor();
    await rev.page.locator('.ant-tag', { hasText: '已销号' }).first().waitFor();
    await rev.page.getByText('现场核实，整改到位').waitFor(); // the history shows the comment
    await rev.screenshot('supervision-ledger-3-closed');

    row = await db.selectFrom('ledger_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'closed', submitted_by: users.get('supervisor'), reviewed_by: users.get('inspector.zj') });
    expect(row.closed_at).not.toBeNull();
    const events = await db.selectFrom('ledger_events').select(['action', 'actor_id']).where('entry_id', '=', id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'start', 'note', 'submit', 'close']);
    expect(events.at(-1)!.actor_id).toBe(users.get('inspector.zj'));
    const notes = await db.selectFrom('ledger_notes as n').innerJoin('ledger_note_attachments as a', 'a.note_id', 'n.id').select('a.attachment_id').where('n.entry_id', '=', id).execute();
    expect(notes).toHaveLength(1);
    sup.expectNoConsoleErrors();
    rev.expectNoConsoleErrors();
  });
});

describe('a 五亮 inspection on the phone (检查-整改-复查)', () => {
  it('the inspector fails one point with a note and photo; it becomes a rectification; the recheck passes it', async () => {
    const db = env.server.ctx.db;
    const { ids } = env.server;
    const supervisor = await env.server.login('supervisor');
    const plan = await supervisor.post('/api/inspection-plans', { kind: 'look_back', name: '上华苑五亮回头看', period: '2026-11', compoundIds: [ids.places.get('cp-shanghuayuan')] });
    expect(plan.status).toBe(201);
    const insId = plan.body.inspections[0].id as number;

    const ins = await env.open({ phone: true });
    const page = ins.page;
    await loginConsole(page, 'inspector.zj');
    // The inspector's first screen lists the compounds to inspect.
    await page.getByRole('heading', { name: '我的检查任务' }).waitFor();
    await page.getByRole('link', { name: '上华苑 上华苑五亮回头看' }).click();
    await page.getByRole('heading', { name: '上华苑' }).waitFor();
    await page.getByText('已判定 0/15').waitFor();

    // Submitting before every point is judged says so.
    await page.getByRole('button', { name: '提交检查结果' }).click();
    await page.getByRole('alert').filter({ hasText: '还有 15 项未判定' }).waitFor();

    const duty = page.getByRole('group', { name: '亮职责·全面' });
    await duty.getByText('不合格').click();
    await duty.getByLabel('亮职责·全面说明').fill('公示栏未列出物业服务职责');
    await duty.locator('input[type=file]').setInputFiles({ name: 'board.png', mimeType: 'image/png', buffer: png(64, 64, [200, 60, 60]) });
    await duty.locator('.ant-upload-list-item-done').waitFor();
    await page.getByRole('button', { name: '其余全部合格' }).click();
    await page.getByText('已判定 15/15').waitFor();
    await ins.screenshot('supervision-inspection-1-checklist');
    await page.getByRole('button', { name: '提交检查结果' }).click();
    await page.getByText('检查结果已提交，不合格项已转为整改').waitFor();

    let row = await db.selectFrom('inspections').selectAll().where('id', '=', insId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'rectifying', inspector_id: ids.users.get('inspector.zj') });
    const entry = await db.selectFrom('ledger_entries').selectAll().where('inspection_id', '=', insId).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ source: 'inspection', status: 'open', unit_id: ids.units.get('pc-huayu') });
    const checks = await db.selectFrom('inspection_checks').selectAll().where('inspection_id', '=', insId).execute();
    expect(checks).toHaveLength(15);
    expect(checks.filter((c) => c.outcome === 'fail').map((c) => c.note)).toEqual(['公示栏未列出物业服务职责']);
    const section = page.getByRole('region', { name: '亮职责·全面' });
    await section.getByText('整改尚未提交复查（待整改）').waitFor();

    // The property company rectifies and submits (through the API, as its handler).
    const handler = await env.server.login('handler.shy');
    await handler.post(`/api/ledger/${entry.id}/start`, {});
    const submitted = await handler.post(`/api/ledger/${entry.id}/submit`, { evidence: '职责、服务范围已全部上墙' });
    expect(submitted.body.status).toBe('awaiting_recheck');

    // The recheck (复查) passes it and closes the rectification.
    await page.reload();
    const recheck = section.getByRole('form', { name: '复查 亮职责·全面' });
    await recheck.getByText('合格', { exact: true }).click();
    await recheck.getByLabel('说明').fill('已整改到位');
    await recheck.getByRole('button', { name: '复查' }).click();
    await page.getByText('复查结果已记录').waitFor();
    await page.locator('.ant-tag', { hasText: '已通过' }).waitFor();
    await section.getByRole('list', { name: '检查记录 亮职责·全面' }).getByRole('listitem').nth(1).waitFor();
    await ins.screenshot('supervision-inspection-2-rechecked');

    row = await db.selectFrom('inspections').selectAll().where('id', '=', insId).executeTakeFirstOrThrow();
    expect(row.status).toBe('passed');
    const closed = await db.selectFrom('ledger_entries').selectAll().where('id', '=', entry.id).executeTakeFirstOrThrow();
    expect(closed).toMatchObject({ status: 'closed', reviewed_by: ids.users.get('inspector.zj'), submitted_by: ids.users.get('handler.shy') });
    const rounds = await db.selectFrom('inspection_checks').select(['round', 'outcome']).where('inspection_id', '=', insId).where('ledger_entry_id', '=', entry.id).orderBy('round').execute();
    expect(rounds).toEqual([
      { round: 1, outcome: 'fail' },
      { round: 2, outcome: 'pass' },
    ]);
    ins.expectNoConsoleErrors();
  });
});
