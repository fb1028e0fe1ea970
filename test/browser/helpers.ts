/**
 * Browser-test helpers: a real server (real SQLite database with the demo district, see
 * server/test/harness.ts) serving the built console, and Chromium driven by playwright-core.
 * No API is mocked. Every page collects its console errors; a test fails on any it did not
 * expect. Screenshots go to test-output/.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/harness';
import { ensureWebBuilt } from '../../server/web-build';

export const OUTPUT = path.resolve(import.meta.dirname, '../../test-output');
export const PASSWORD = 'demo1234';

export interface BrowserEnv {
  server: TestServer;
  browser: Browser;
  /** A fresh browser context (own cookies and storage): desktop, or a 375 px phone. */
  open(opts?: { phone?: boolean }): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  /** Fails unless every console error matches one of the expected patterns. */
  expectNoConsoleErrors(expected?: RegExp[]): void;
  screenshot(name: string): Promise<string>;
}

/** Builds web/dist if needed, starts the server on a temporary database and launches Chromium. */
export async function startBrowserEnv(): Promise<BrowserEnv> {
  const build = await ensureWebBuilt((m) => console.log(m));
  if (!build.ok) throw new Error(`the web bundle could not be built: ${build.error}`);
  const server = await startTestServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  fs.mkdirSync(OUTPUT, { recursive: true });
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    async open(opts = {}) {
      const context = await browser.newContext({
        baseURL: server.url,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: opts.phone ? { width: 375, height: 812 } : { width: 1440, height: 900 },
        deviceScaleFactor: 1,
        isMobile: !!opts.phone,
        hasTouch: !!opts.phone,
        // The app then turns Ant Design's motion off: a click never lands on a dialog or a list
        // that is still sliding into place (under load a moving target takes clicks meant for it).
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      // The server runs on a test clock; the page's clock starts at the same instant so countdowns agree.
      await context.clock.install({ time: server.clock.now() });
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      return {
        context,
        page,
        errors,
        expectNoConsoleErrors(expected = []) {
          const unexpected = errors.filter((e) => !expected.some((re) => re.test(e)));
          expect(unexpected, 'console errors in the browser').toEqual([]);
        },
        async screenshot(name) {
          const file = path.join(OUTPUT, `${name}.png`);
          // Let opening dialogs and messages finish their CSS animations (spinners never do: bounded wait).
          await page
            .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), undefined, { timeout: 2000 })
            .catch(() => undefined);
          await page.screenshot({ path: file, fullPage: true });
          return file;
        },
      };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}

/** Signs in on the console's login page, as a user would. */
export async function loginConsole(page: Page, username: string, password = PASSWORD) {
  await page.goto('/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect.poll(() => page.getByRole('button', { name: '退出登录' }).isVisible(), { timeout: 20_000 }).toBe(true);
}

/** Picks an option in an antd Select found by its label: types to search, then chooses the match. */
export async function choose(page: Page, label: string | RegExp, search: string, option: string | RegExp = search) {
  const box = page.getByLabel(label, { exact: typeof label === 'string' });
  await box.click();
  await box.fill(search);
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await item.waitFor({ state: 'visible' });
  await item.click();
  // A multiple select stays open after a pick; leaving the field closes it (as Tab would).
  await box.evaluate((el) => (el as HTMLElement).blur());
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
}

/** A small solid-colour PNG (for uploads), made here so the tests need no fixture files. */
export function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Chrome's line for an HTTP error answer, which the page cannot silence (expected in some tests). */
export const httpError = (status: number) => new RegExp(`Failed to load resource: the server responded with a status of ${status}`);
