/**
 * Where the order list's "50 a page" goes: the same steps as bench/web.ts's first list, with the
 * Chrome DevTools CPU profiler on around the click only. Prints the functions with the most
 * self time (and the bundle file they came from) and the total, so a change to the table can be
 * judged by what it removes. Usage, against a running server with the demo:
 *   npx tsx bench/web-profile.ts [http://127.0.0.1:3000] [--rounds 3]
 */
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD } from '../server/demo/district';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

const args = process.argv.slice(2);
const base = args.find((a) => a.startsWith('http')) ?? 'http://127.0.0.1:3000';
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 3;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', viewport: { width: 1440, height: 1200 } });
const page = await context.newPage();
await page.goto('/');
await page.getByLabel('用户名').fill('dispatcher');
await page.getByLabel('密码').fill(DEMO_PASSWORD);
await page.getByRole('button', { name: '登录' }).click();
await page.getByRole('button', { name: '退出登录' }).waitFor({ timeout: 60_000 });
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Performance.enable');
const metrics = async () =>
  Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));
const WATCH = ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration', 'RecalcStyleCount', 'LayoutCount', 'Nodes'];
const spent = new Map<string, number>();
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
const self = new Map<string, number>();
let total = 0;
const times: number[] = [];
for (let i = 0; i < rounds; i++) {
  await page.goto('/orders');
  await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor({ timeout: 60_000 });
  await page.locator('.ant-pagination-options .ant-select').click();
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '50' });
  await option.waitFor();
  await page.waitForTimeout(400);
  const before = await metrics();
  await cdp.send('Profiler.start');
  const t = Date.now();
  await option.click();
  await page.waitForFunction(() => document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length >= 50, undefined, { polling: 'raf' });
  times.push(Date.now() - t);
  const after = await metrics();
  for (const k of WATCH) spent.set(k, (spent.get(k) ?? 0) + (after[k]! - before[k]!));
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] } };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = new Map<number, number>();
  profile.samples.forEach((id, k) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000));
  for (const [id, ms] of dt) {
    const n = byId.get(id)!;
    const f = n.callFrame;
    // Bundles are minified onto few lines: the column tells their functions apart.
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}:${f.columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + ms);
    if (f.functionName !== '(idle)' && f.functionName !== '(program)') total += ms;
  }
}
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
console.log(`50 rows: ${times.join(', ')} ms (click to 50 rows, Playwright-timed); sampled JS+GC per round ${(total / rounds).toFixed(0)} ms`);
console.log(
  'per round: ' +
    WATCH.map((k) => {
      const v = spent.get(k)! / rounds;
      return k.endsWith('Duration') ? `${k.replace('Duration', '')} ${(v * 1000).toFixed(0)} ms` : `${k} ${v.toFixed(0)}`;
    }).join(', '),
);
for (const [k, ms] of top) console.log(`${(ms / rounds).toFixed(1).padStart(7)} ms  ${k}`);
await browser.close();
