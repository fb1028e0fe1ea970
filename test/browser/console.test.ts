/**
 * The console as a whole: the first screen's JavaScript stays under 400 KB gzipped (charts and
 * admin pages load later), sign-in works from the keyboard, the English switch, the order list's
 * filters / saved filters / export, the supervisor's lazily loaded chart, and the admin pages
 * (with one edit checked in the database).
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loginConsole, PASSWORD, startBrowserEnv, type BrowserEnv } from './helpers';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => env?.close());

/** Gzipped size of every script the page loads, keyed by file. */
function watchScripts(page: Page): Map<string, number> {
  const sizes = new Map<string, number>();
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (!url.pathname.endsWith('.js')) return;
    void res
      .body()
      .then((b) => sizes.set(url.pathname, zlib.gzipSync(b, { level: 9 }).length))
      .catch(() => undefined);
  });
  return sizes;
}

const kb = (n: number) => Math.round(n / 1024);
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('the staff console', () => {
  it('keeps each role’s first screen under 400 KB of gzipped JS (charts and admin pages load later)', async () => {
    const sizes: Record<string, number> = {};
    // A new visitor: the sign-in page.
    const anon = await env.open();
    const anonScripts = watchScripts(anon.page);
    await anon.page.goto('/');
    await anon.page.getByLabel('用户名').waitFor();
    await anon.page.waitForLoadState('networkidle');
    sizes['sign-in page'] = total(anonScripts);
    anon.expectNoConsoleErrors();

    // A signed-in user opening the console: each role's home.
    const homes: [string, string, (p: Page) => ReturnType<Page['getByRole']>][] = [
      ['dispatcher', '受理工作台', (p) => p.getByLabel('诉求内容')],
      ['handler.shy', '我的工单', (p) => p.getByRole('tab', { name: /待签收/ })],
      ['supervisor', '督办台', (p) => p.getByRole('tab', { name: /答复审核/ })],
      ['admin', '系统管理', (p) => p.getByRole('tree', { name: '地点树' })],
    ];
    for (const [user, heading, marker] of homes) {
      const s = await env.open();
      const res = await s.context.request.post('/api/auth/login', { data: { username: user, password: PASSWORD } });
      expect(res.status()).toBe(200);
      await s.context.addInitScript(() => localStorage.setItem('gz.signedIn', '1'));
      const scripts = watchScripts(s.page);
      await s.page.goto('/');
      await s.page.getByRole('heading', { name: heading }).waitFor();
      await marker(s.page).waitFor();
      await s.page.waitForLoadState('networkidle');
      const charts = [...scripts].filter(([k]) => /StatusChart/.test(k));
      const first = total(new Map([...scripts].filter(([k]) => !/StatusChart/.test(k))));
      sizes[`${user} home`] = first;
      const biggest = [...scripts].sort((a, b) => b[1] - a[1]).slice(0, 6);
      console.log(`${user}: ${scripts.size} scripts; largest ${biggest.map(([k, n]) => `${k.replace('/assets/', '')} ${kb(n)}`).join(', ')}`);
      if (charts.length) sizes[`${user} chart, loaded when idle`] = charts.reduce((a, [, n]) => a + n, 0);
      await s.screenshot(`console-1-home-${user}`);
      s.expectNoConsoleErrors();
    }
    console.log(
      'first-screen JavaScript, gzipped:\n' +
        Object.entries(sizes)
          .map(([k, v]) => `  ${k.padEnd(34)} ${String(kb(v)).padStart(4)} KB`)
          .join('\n'),
    );
    for (const [k, v] of Object.entries(sizes)) {
      if (k.includes('chart')) continue;
      expect(v, k).toBeGreaterThan(100 * 1024); // it did measure something
      expect(v, k).toBeLessThan(400 * 1024);
    }
  });

  it('signs in from the keyboard and switches to English and back', async () => {
    const s = await env.open();
    await s.page.goto('/');
    // The username field has focus; Tab moves to the password; Enter submits.
    await s.page.getByLabel('用户名').waitFor();
    await s.page.keyboard.type('dispatcher');
    await s.page.keyboard.press('Tab');
    await s.page.keyboard.type(PASSWORD);
    await s.page.keyboard.press('Enter');
    await s.page.getByRole('heading', { name: '受理工作台' }).waitFor();

    await s.page.getByRole('button', { name: 'Switch to English' }).click();
    await s.page.getByRole('heading', { name: 'Intake desk' }).waitFor();
    await s.page.getByRole('menuitem', { name: 'Orders' }).waitFor();
    await s.page.getByLabel('What the caller says').waitFor();
    await s.screenshot('console-2-english');
    await s.page.getByRole('button', { name: '切换到中文' }).click();
    await s.page.getByRole('heading', { name: '受理工作台' }).waitFor();
    s.expectNoConsoleErrors();
  });

  it('filters the order list, keeps a saved filter, and exports what it shows', async () => {
    const { ids } = env.server;
    const api = await env.server.login('dispatcher');
    for (const [title, place] of [
      ['上华苑楼道照明损坏', 'cp-shanghuayuan-b2'],
      ['天香蓝郡门禁失灵', 'cp-tianxianglanjun-b3'],
    ] as const) {
      const r = await api.post('/api/work-orders', { title, description: title, categoryId: ids.categories.get('property-security'), placeId: ids.places.get(place) });
      expect(r.status).toBe(201);
    }
    const s = await env.open();
    await loginConsole(s.page, 'dispatcher');
    await s.page.getByRole('menuitem', { name: '工单查询' }).click();
    const search = s.page.getByRole('search', { name: '筛选条件' });
    await search.getByLabel('关键词').fill('门禁');
    await search.getByRole('button', { name: '查询' }).click();
    await s.page.getByRole('link', { name: '天香蓝郡门禁失灵' }).waitFor();
    await expect.poll(() => s.page.getByRole('link', { name: '上华苑楼道照明损坏' }).count()).toBe(0);
    expect(new URL(s.page.url()).searchParams.get('q')).toBe('门禁');

    await search.getByRole('button', { name: '保存筛选' }).click();
    await s.page.getByLabel('筛选名称').fill('门禁问题');
    await s.page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await s.page.getByText('筛选已保存').waitFor();
    const saved = await s.page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('gz.savedFilters.')));
    expect(saved).toHaveLength(1);
    expect(JSON.parse(saved[0]![1])).toEqual([{ name: '门禁问题', filters: { q: '门禁' } }]);

    await search.getByRole('button', { name: '重置' }).click();
    await s.page.getByRole('link', { name: '上华苑楼道照明损坏' }).waitFor();
    await search.getByLabel('常用筛选').click();
    await s.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '门禁问题' }).click();
    await expect.poll(() => s.page.getByRole('link', { name: '上华苑楼道照明损坏' }).count()).toBe(0);
    await s.page.getByRole('link', { name: '天香蓝郡门禁失灵' }).waitFor();
    await s.screenshot('console-3-orders-filtered');

    // Export: the server's Excel export of the same filters (when that endpoint is deployed).
    const probe = await api.get('/api/work-orders/export.xlsx?q=x');
    if (probe.status === 200) {
      const [download] = await Promise.all([s.page.waitForEvent('download'), search.getByRole('button', { name: '导出 Excel' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^工单导出-\d{8}-\d{4}\.xlsx$/);
      const file = await download.path();
      expect(file).toBeTruthy();
    } else {
      console.log(`export endpoint not deployed yet (GET /api/work-orders/export.xlsx → ${probe.status}); the button shows a message`);
    }
    s.expectNoConsoleErrors(probe.status === 200 ? [] : [/status of (400|404)/]);
  });

  it('loads the supervisor’s chart on demand and the admin pages, saving an edit', async () => {
    const sup = await env.open();
    const scripts = watchScripts(sup.page);
    await loginConsole(sup.page, 'supervisor');
    await sup.page.getByRole('heading', { name: '督办台' }).waitFor();
    await sup.page.getByRole('img', { name: /在办工单状态分布/ }).locator('canvas').waitFor();
    expect([...scripts.keys()].some((k) => /StatusChart/.test(k))).toBe(true);
    await sup.screenshot('console-4-supervisor');
    sup.expectNoConsoleErrors();

    const s = await env.open();
    await loginConsole(s.page, 'admin');
    await s.page.getByRole('tree', { name: '地点树' }).getByText('平城区').click();
    await s.page.getByLabel('户数').first().waitFor();
    await s.page.getByText('添加下级街道/乡镇').waitFor();
    await s.screenshot('console-5-admin-places');

    await s.page.getByText('责任单位与辖区', { exact: true }).first().click();
    await s.page.getByRole('cell', { name: '大同华宇物业服务有限公司' }).waitFor();
    await s.page.getByRole('cell', { name: /上华苑/ }).first().waitFor();
    await s.screenshot('console-6-admin-units');

    await s.page.getByText('分类与时限', { exact: true }).first().click();
    await s.page.getByRole('cell', { name: /物业服务/ }).first().waitFor();
    // Leaves sit under their collapsed parent row.
    await s.page.getByRole('button', { name: '展开行' }).first().click();
    await s.page.getByRole('cell', { name: /保洁不到位/ }).waitFor();
    await s.screenshot('console-7-admin-categories');

    await s.page.getByText('节假日', { exact: true }).first().click();
    const firstDay = s.page.getByRole('button', { name: /^编辑 \d{4}-\d{2}-\d{2}$/ }).first();
    await firstDay.waitFor();
    const date = (await firstDay.getAttribute('aria-label'))!.slice(3);
    await firstDay.click();
    const dialog = s.page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('测试假日');
    await dialog.getByRole('button', { name: '保存' }).click();
    await s.page.getByText('已保存').waitFor();
    const day = await env.server.ctx.db.selectFrom('calendar_days').selectAll().where('date', '=', date).executeTakeFirstOrThrow();
    expect(day.name).toBe('测试假日');
    await s.screenshot('console-8-admin-calendar');

    await s.page.getByText('用户与角色', { exact: true }).first().click();
    await s.page.getByRole('cell', { name: 'handler.shy', exact: true }).waitFor();
    await s.screenshot('console-9-admin-users');
    s.expectNoConsoleErrors();
  });
});
