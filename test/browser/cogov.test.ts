/**
 * Co-governance in Chromium on the built bundle and a real database (issue 7): an organiser
 * creates an activity with a session in the console, a resident enrolls on the phone page, the
 * organiser shows the check-in code, the resident checks in with it and the points appear after
 * review; a resident redeems a reward and the merchant verifies the code once; a wrong check-in
 * code gives a clear error and changes nothing. Each step checks the page and the database.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedCogov } from '../../server/cogov';
import { choose, httpError, loginConsole, PASSWORD, startBrowserEnv, type BrowserEnv } from './helpers';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
  // The demo's activities, points of resident.txlj (95, settled) and the points shop.
  await seedCogov(env.server.ctx.db, env.server.clock.now());
});
afterAll(async () => env?.close());

const TXLJ_PHONE = '18503520019';

async function loginPhone(page: Page, phone: string) {
  await page.goto('/m/');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '参与' }).waitFor();
}

/** Types a time into an antd date picker found by its label and commits it. */
async function pickTime(page: Page, label: string, value: string) {
  const input = page.getByLabel(label, { exact: true }).first();
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
}

const balanceOf = async (userId: number) =>
  (await env.server.ctx.db.selectFrom('points_balances').select('balance').where('user_id', '=', userId).executeTakeFirst())?.balance ?? 0;

describe('co-governance journeys', () => {
  it('organiser creates an activity, resident enrolls and checks in with the shown code, points after review', async () => {
    const db = env.server.ctx.db;
    const residentId = env.server.ids.users.get('resident.txlj')!;
    const title = '周一早间垃圾分类督导';
    const before = await balanceOf(residentId);

    // ── 1. The organiser's first screen is their activities; they create one with a session ──
    const org = await env.open();
    const op = org.page;
    await loginConsole(op, 'organiser');
    await op.getByRole('heading', { name: '共治活动' }).waitFor();
    await op.getByRole('button', { name: '新建活动' }).click();
    await op.getByLabel('活动名称').fill(title);
    await choose(op, '活动地点', '天香蓝郡');
    await op.getByLabel('活动说明').fill('在3号楼垃圾投放点引导分类投放');
    await op.getByLabel('名额').fill('15');
    await op.getByRole('radio', { name: '按次' }).check();
    await op.getByLabel('每小时/每次积分').fill('10');
    await op.getByLabel('本活动积分上限').fill('10');
    await op.getByLabel('公示天数').fill('0');
    await op.getByRole('checkbox', { name: '积分须审核' }).check();
    await pickTime(op, '开始时间', '2026-11-16 08:30');
    await pickTime(op, '结束时间', '2026-11-16 11:00');
    await op.getByText('共 1 个时段').waitFor();
    await org.screenshot('cogov-1-organiser-new-activity');
    await op.getByRole('button', { name: '创建' }).click();
    await op.getByText('活动已创建').waitFor();
    await op.getByRole('tab', { name: '场次与签到' }).waitFor();

    const activity = await db.selectFrom('activities').selectAll().where('title', '=', title).executeTakeFirstOrThrow();
    expect(activity).toMatchObject({
      kind: 'duty',
      place_id: env.server.ids.places.get('cp-tianxianglanjun'),
      capacity: 15,
      points_mode: 'per_attendance',
      points_rate: 10,
      points_cap: 10,
      review_required: 1,
      notice_days: 0,
    });
    const sessions = await db.selectFrom('activity_sessions').selectAll().where('activity_id', '=', activity.id).execute();
    expect(sessions.map((s) => [s.starts_at, s.ends_at])).toEqual([[Date.parse('2026-11-16T00:30:00Z'), Date.parse('2026-11-16T03:00:00Z')]]);

    // The organiser corrects the capacity afterwards.
    await op.getByRole('button', { name: '编辑' }).click();
    await op.getByLabel('名额').fill('16');
    await op.getByRole('button', { name: '保 存' }).or(op.getByRole('button', { name: '保存' })).click();
    await op.getByText('已保存').waitFor();
    await op.getByText('0 / 16').waitFor();
    expect((await db.selectFrom('activities').select('capacity').where('id', '=', activity.id).executeTakeFirstOrThrow()).capacity).toBe(16);

    // ── 2. The resident finds it near home on the phone page and enrolls ──
    const res = await env.open({ phone: true });
    const rp = res.page;
    await loginPhone(rp, TXLJ_PHONE);
    await rp.getByRole('link', { name: '参与' }).click();
    await rp.getByRole('link', { name: new RegExp(title) }).waitFor();
    await res.screenshot('cogov-2a-resident-near-me');
    await rp.getByRole('link', { name: new RegExp(title) }).click();
    await rp.getByRole('button', { name: '报名' }).click();
    await rp.getByText('报名成功').waitFor();
    await rp.getByLabel('签到码').waitFor();
    await res.screenshot('cogov-2-resident-enrolled');
    const enrollment = await db.selectFrom('enrollments').selectAll().where('activity_id', '=', activity.id).where('user_id', '=', residentId).executeTakeFirstOrThrow();
    expect(enrollment).toMatchObject({ status: 'enrolled', show_publicly: 1 });

    // ── 3. The organiser shows the check-in code ──
    await op.getByRole('button', { name: '出示签到码 第 1 场' }).click();
    const codeBox = op.getByRole('status', { name: '当前签到码' });
    await codeBox.waitFor();
    const code = (await codeBox.getAttribute('data-code'))!;
    expect(code).toMatch(/^\d{6}$/);
    expect(await codeBox.innerText()).toBe(code);
    await op.getByRole('img', { name: /签到二维码/ }).waitFor();
    await op.getByRole('cell', { name: '李建华' }).first().waitFor();
    await org.screenshot('cogov-3-checkin-code');

    // ── 4. The resident checks in with it ──
    await rp.getByLabel('签到码').fill(code);
    await rp.getByRole('button', { name: '签到' }).click();
    await rp.getByText('签到成功').waitFor();
    await rp.getByText('已签到 09:00').waitFor();
    await rp.getByText('+10 积分 · 待组织者审核').waitFor();
    await res.screenshot('cogov-4-resident-checked-in');
    const attendance = await db.selectFrom('attendance').selectAll().where('session_id', '=', sessions[0]!.id).where('user_id', '=', residentId).executeTakeFirstOrThrow();
    expect(attendance).toMatchObject({ in_method: 'code', points: 10, review: 'pending', ledger_entry_id: null });
    // The organiser's screen sees the arrival (it refreshes every few seconds).
    await expect.poll(() => op.getByRole('row', { name: /李建华/ }).getByText('已签到').isVisible(), { timeout: 15_000 }).toBe(true);

    // ── 5. The organiser approves the points; with no notice period they settle at once ──
    await op.getByRole('button', { name: '返回' }).click();
    await op.getByRole('tab', { name: '积分审核' }).click();
    await op.getByRole('button', { name: '通过 李建华', exact: true }).click();
    await op.getByText('已通过').first().waitFor();
    await op.getByRole('row', { name: /李建华/ }).getByText('已到账').waitFor();
    await org.screenshot('cogov-5-points-review');
    const entry = await db.selectFrom('points_ledger').selectAll().where('ref_type', '=', 'attendance').where('ref_id', '=', attendance.id).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ kind: 'credit', delta: 10, user_id: residentId, activity_id: activity.id });
    expect(await balanceOf(residentId)).toBe(before + 10);

    // ── 6. The resident sees them in their points ──
    await rp.getByRole('button', { name: '返回' }).click();
    await rp.getByText('积分', { exact: true }).click();
    await rp.getByRole('list', { name: '积分明细' }).getByText(`${title}（第1场）`).waitFor();
    await expect.poll(() => rp.locator('.ant-statistic').first().innerText()).toContain(String(before + 10));
    await res.screenshot('cogov-6-resident-points');

    org.expectNoConsoleErrors();
    res.expectNoConsoleErrors();
  });

  it('resident redeems a reward; the merchant verifies the code once, a second time is refused', async () => {
    const db = env.server.ctx.db;
    const residentId = env.server.ids.users.get('resident.txlj')!;
    const reward = await db.selectFrom('rewards').selectAll().where('name', '=', '免费停车券').executeTakeFirstOrThrow();
    const before = await balanceOf(residentId);
    expect(before).toBeGreaterThanOrEqual(reward.price);

    const res = await env.open({ phone: true });
    const rp = res.page;
    await loginPhone(rp, TXLJ_PHONE);
    await rp.goto('/m/cogov/shop');
    await rp.getByRole('button', { name: '兑换 免费停车券' }).click();
    await rp.getByRole('button', { name: /确\s*定/ }).click();
    const codeBox = rp.getByRole('status', { name: '您的兑换码' });
    await codeBox.waitFor();
    const code = (await codeBox.innerText()).trim();
    expect(code).toMatch(/^[A-Z0-9]{10}$/);
    await res.screenshot('cogov-7-resident-code');
    const redemption = await db.selectFrom('redemptions').selectAll().where('user_id', '=', residentId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(redemption).toMatchObject({ reward_id: reward.id, status: 'issued', cost: reward.price, code_hint: code.slice(-3) });
    expect(await balanceOf(residentId)).toBe(before - reward.price);
    expect((await db.selectFrom('rewards').select('stock').where('id', '=', reward.id).executeTakeFirstOrThrow()).stock).toBe(reward.stock - 1);
    await rp.getByRole('button', { name: '关闭' }).last().click();
    await rp.getByText('兑换码', { exact: true }).click();
    await rp.getByRole('list', { name: '兑换码' }).getByText('待使用').first().waitFor();

    // The merchant's first screen is the code check.
    const mer = await env.open();
    const mp = mer.page;
    await loginConsole(mp, 'merchant');
    await mp.getByLabel('兑换码').fill(code.toLowerCase());
    await mp.getByRole('button', { name: '核 销' }).or(mp.getByRole('button', { name: '核销' })).click();
    await mp.getByText('核销成功').waitFor();
    await mp.getByText(/免费停车券 · 50 积分/).waitFor();
    await mp.getByRole('cell', { name: `…${code.slice(-3)}` }).waitFor();
    await mer.screenshot('cogov-8-merchant-verified');
    const used = await db.selectFrom('redemptions').selectAll().where('id', '=', redemption.id).executeTakeFirstOrThrow();
    expect(used).toMatchObject({ status: 'used', used_by: env.server.ids.users.get('merchant') });

    await mp.getByLabel('兑换码').fill(code);
    await mp.getByRole('button', { name: '核 销' }).or(mp.getByRole('button', { name: '核销' })).click();
    await mp.getByText('核销失败').waitFor();
    await mp.getByText('兑换码已使用').waitFor();
    await mer.screenshot('cogov-9-merchant-second-verify');
    expect(await db.selectFrom('redemptions').selectAll().where('id', '=', redemption.id).executeTakeFirstOrThrow()).toEqual(used);

    // The resident's codes show it used.
    await rp.reload();
    await rp.getByRole('list', { name: '兑换码' }).getByText('已使用').first().waitFor();
    res.expectNoConsoleErrors();
    mer.expectNoConsoleErrors([httpError(409)]);
  });

  it('a wrong check-in code shows a clear error and records nothing; the scanned link fills the right one', async () => {
    const db = env.server.ctx.db;
    const s = env.server;
    const organiser = await s.login('organiser');
    const shyId = s.ids.users.get('resident.shy')!;
    const now = s.clock.now();
    const created = await organiser.post('/api/cogov/activities', {
      kind: 'duty',
      title: '上华苑楼道巡查',
      placeId: s.ids.places.get('cp-shanghuayuan')!,
      capacity: 5,
      pointsMode: 'per_attendance',
      pointsRate: 5,
      pointsCap: 5,
      sessions: [{ startsAt: new Date(now - 15 * 60_000).toISOString(), endsAt: new Date(now + 2 * 3600_000).toISOString() }],
    });
    expect(created.status).toBe(201);
    const shy = await s.login('resident.shy');
    expect((await shy.post(`/api/cogov/activities/${created.body.id}/enroll`, {})).status).toBe(200);
    const issued = await organiser.post(`/api/cogov/sessions/${created.body.sessions[0].id}/codes`, { purpose: 'in' });
    expect(issued.status).toBe(201);
    const wrong = issued.body.code === '000000' ? '111111' : '000000';

    const res = await env.open({ phone: true });
    const rp = res.page;
    await loginPhone(rp, '13303520021');
    await rp.goto(`/m/cogov/activities/${created.body.id}`);
    const input = rp.getByLabel('签到码');
    await input.fill('12345');
    expect(await rp.getByRole('button', { name: '签到' }).isDisabled()).toBe(true);
    await input.fill(wrong);
    await rp.getByRole('button', { name: '签到' }).click();
    await rp.getByRole('alert').getByText('签到码不正确').waitFor();
    await res.screenshot('cogov-10-wrong-code');
    expect(await db.selectFrom('attendance').select('id').where('user_id', '=', shyId).where('activity_id', '=', created.body.id).execute()).toEqual([]);
    expect(await rp.getByText('签到成功').count()).toBe(0);

    // Scanning the organiser's QR code opens the page with the right code filled in.
    await rp.goto(`/m/cogov/activities/${created.body.id}?code=${issued.body.code}`);
    expect(await rp.getByLabel('签到码').inputValue()).toBe(issued.body.code);
    await rp.getByRole('button', { name: '签到' }).click();
    await rp.getByText('签到成功').waitFor();
    expect(await db.selectFrom('attendance').select('in_method').where('user_id', '=', shyId).where('activity_id', '=', created.body.id).execute()).toEqual([
      { in_method: 'code' },
    ]);
    res.expectNoConsoleErrors([httpError(422)]);
  });

  it('the organiser’s and merchant’s first screens stay under 400 KB of gzipped JS; the report loads ECharts on demand; English too', async () => {
    const sizes: Record<string, number> = {};
    const watch = (page: Page) => {
      const m = new Map<string, number>();
      page.on('response', (res) => {
        const url = new URL(res.url());
        if (url.pathname.endsWith('.js'))
          void res
            .body()
            .then((b) => m.set(url.pathname, zlib.gzipSync(b, { level: 9 }).length))
            .catch(() => undefined);
      });
      return m;
    };
    for (const [user, heading] of [
      ['organiser', '共治活动'],
      ['merchant', '核销兑换码'],
    ] as const) {
      const s = await env.open();
      const scripts = watch(s.page);
      await loginConsole(s.page, user);
      await s.page.getByRole('heading', { name: heading }).waitFor();
      await s.page.waitForLoadState('networkidle');
      sizes[user] = [...scripts.values()].reduce((a, b) => a + b, 0);
      expect([...scripts.keys()].some((k) => /StatusChart/.test(k)), `${user} loads no chart`).toBe(false);
      if (user === 'organiser') {
        // The participation report pulls the chart chunk only when opened.
        await s.page.getByRole('menuitem', { name: '参与统计' }).click();
        await choose(s.page, '小区', '天香蓝郡');
        await s.page.getByRole('img', { name: /天香蓝郡 近 6 个月参与人数与积分/ }).waitFor();
        await s.page.getByText('李建华').first().waitFor();
        expect([...scripts.keys()].some((k) => /StatusChart/.test(k))).toBe(true);
        await s.screenshot('cogov-11-participation');
      } else {
        await s.page.getByRole('button', { name: 'English' }).click();
        await s.page.getByRole('heading', { name: 'Verify a code' }).waitFor();
        await s.page.getByRole('button', { name: '中文' }).click();
      }
      s.expectNoConsoleErrors();
    }
    console.log(Object.entries(sizes).map(([k, v]) => `first screen, gzipped JS: ${k} ${Math.round(v / 1024)} KB`).join('\n'));
    for (const [k, v] of Object.entries(sizes)) {
      expect(v, k).toBeGreaterThan(100 * 1024);
      expect(v, k).toBeLessThan(400 * 1024);
    }
  });
});
