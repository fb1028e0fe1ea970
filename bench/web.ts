/**
 * The web side of the benchmark (issue 4, "it feels fast"), against the app server under test:
 *
 * - **first screen per role**: the JavaScript and CSS a role's browser fetches from a cold cache to
 *   sign in and show its home page, gzipped (level 9, what a static server or CDN sends) — target
 *   under 400 KB of JS for the console;
 * - **chart chunk**: the largest chunk that carries ECharts, gzipped (it must not be on a first screen);
 * - **time to first list**: in Chromium (headless, the browser tests' flags), a dispatcher opens the
 *   order list (cold navigation to the first rows), then switches it to 50 a page — from the click,
 *   timed inside the page, to the first frame with 50 rows in the table. Median of `rounds`.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../server/demo/district';
import { median } from './report';

const DIST = path.resolve(import.meta.dirname, '../web/dist');
/** As test/browser/helpers.ts launches it. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface WebResult {
  firstScreen: Record<string, { jsKiB: number; cssKiB: number; files: number }>;
  chartChunk: { file: string; kiB: number } | null;
  firstList: { coldMs: number; fiftyMs: number; rounds: number; rows: number };
}

const gzKiB = (buf: Buffer) => Math.round((zlib.gzipSync(buf, { level: 9 }).length / 1024) * 10) / 10;

/** The largest built chunk containing ECharts. */
function chartChunk(): WebResult['chartChunk'] {
  const dir = path.join(DIST, 'assets');
  let best: WebResult['chartChunk'] = null;
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.js')) continue;
    const buf = fs.readFileSync(path.join(dir, f));
    if (!/echarts|ECharts|zrender/.test(buf.toString('latin1'))) continue;
    const kiB = gzKiB(buf);
    if (!best || kiB > best.kiB) best = { file: f, kiB };
  }
  return best;
}

const ROLES: { role: string; user: string; mobile?: boolean }[] = [
  { role: 'dispatcher', user: 'dispatcher' },
  { role: 'handler', user: 'handler.shy' },
  { role: 'supervisor', user: 'supervisor' },
  { role: 'admin', user: 'admin' },
  { role: 'resident (phone page)', user: '13403520018', mobile: true },
];

async function signIn(page: Page, user: string, mobile: boolean) {
  await page.goto(mobile ? '/m/' : '/');
  await page.getByLabel(mobile ? '手机号' : '用户名').fill(user);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

async function firstScreen(browser: Browser, base: string, r: (typeof ROLES)[number]) {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', viewport: r.mobile ? { width: 375, height: 812 } : { width: 1440, height: 900 } });
  const page = await context.newPage();
  const files = new Set<string>();
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.origin === new URL(base).origin && /\.(js|css)$/.test(u.pathname)) files.add(u.pathname);
  });
  await signIn(page, r.user, !!r.mobile);
  // Signed in: the console shows its sign-out button, the phone page its request form.
  await (r.mobile ? page.getByLabel('问题描述') : page.getByRole('button', { name: '退出登录' })).waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  await context.close();
  let js = 0;
  let css = 0;
  for (const f of files) {
    const file = path.join(DIST, f);
    if (!fs.existsSync(file)) continue;
    const kiB = gzKiB(fs.readFileSync(file));
    if (f.endsWith('.js')) js += kiB;
    else css += kiB;
  }
  return { jsKiB: Math.round(js), cssKiB: Math.round(css), files: files.size };
}

async function firstList(browser: Browser, base: string, rounds: number): Promise<WebResult['firstList']> {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', viewport: { width: 1440, height: 1200 } });
  const page = await context.newPage();
  await signIn(page, 'dispatcher', false);
  await page.getByRole('button', { name: '退出登录' }).waitFor({ timeout: 60_000 });
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  const cold: number[] = [];
  const fifty: number[] = [];
  let n = 0;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await page.goto('/orders');
    await rows.first().waitFor({ timeout: 60_000 });
    cold.push(performance.now() - t);
    await page.locator('.ant-pagination-options .ant-select').click();
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '50' });
    await option.waitFor();
    // Timed inside the page from the click itself to the frame that has 50 rows: Playwright's own
    // wait for the dropdown's opening animation to settle is not the user's wait.
    await page.evaluate(() => {
      const w = window as unknown as { __clickAt: number | null };
      w.__clickAt = null;
      document.addEventListener('click', () => (w.__clickAt ??= performance.now()), { capture: true, once: true });
    });
    await option.click();
    const ms = await page.waitForFunction(
      () => {
        const w = window as unknown as { __clickAt: number | null };
        return w.__clickAt !== null && document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length >= 50 ? performance.now() - w.__clickAt : null;
      },
      undefined,
      { timeout: 60_000, polling: 'raf' },
    );
    fifty.push((await ms.jsonValue())!);
    n = await rows.count();
  }
  await context.close();
  return { coldMs: Math.round(median(cold)), fiftyMs: Math.round(median(fifty)), rounds, rows: n };
}

/** Everything above against the server at `base` (its web/dist is the one measured). */
export async function measureWeb(base: string, opts: { rounds?: number } = {}): Promise<WebResult> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const firstScreens: WebResult['firstScreen'] = {};
    for (const r of ROLES) firstScreens[r.role] = await firstScreen(browser, base, r);
    return { firstScreen: firstScreens, chartChunk: chartChunk(), firstList: await firstList(browser, base, opts.rounds ?? 5) };
  } finally {
    await browser.close();
  }
}
