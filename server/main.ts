/** Starts the server: database, demo data on first start, HTTP, the deadline sweep; prints how to sign in. */
import { buildApp } from './app';
import { createContext } from './bootstrap';
import { loadConfig, type Config } from './config';
import { DEMO_PASSWORD, USERS } from './demo/district';
import { isSeeded, seedDistrict } from './demo/seed';
import { scheduleSweep } from './jobs/sweep';
import { ensureWebBuilt } from './web-build';
import { scheduleWebhooks } from './webhooks';
import { loadDemoYear } from './demo/demo-year';
import { progressBar } from './progress';
import { seedDutyRosters } from './duty/seed';
import { scheduleTraining } from './intake/classifier/schedule';
import { scheduleCogovSweep, seedCogov } from './cogov';
import { seedFieldwork } from './supervision';
import type { AppContext } from './context';

/** The demo district and a year of its orders, on a fresh database. */
export async function loadDemo(ctx: AppContext) {
  const bar = progressBar('Loading the demo district 平城区 and a year of orders');
  await seedDistrict(ctx.db);
  const n = await loadDemoYear(ctx.db, ctx.engine, await ctx.calendar.get(), ctx.clock.now(), { onProgress: (d, t) => bar.update(d, t) });
  await seedDutyRosters(ctx.db, ctx.clock.now());
  await seedCogov(ctx.db, ctx.clock.now());
  await seedFieldwork(ctx.db, ctx.clock.now());
  bar.done(`${n} orders`);
}

export async function startServer(config: Config = loadConfig()) {
  await ensureWebBuilt();
  const ctx = await createContext(config);
  const fresh = !(await isSeeded(ctx.db));
  if (fresh && process.env.GZ_DEMO !== '0') await loadDemo(ctx);
  const app = await buildApp(ctx, { logger: { level: config.logLevel } });
  await app.listen({ port: config.port, host: config.host });
  const stopSweep = scheduleSweep(ctx, config.sweepIntervalMs);
  const stopWebhooks = scheduleWebhooks(ctx, 1000);
  const stopTraining = scheduleTraining(ctx);
  // Points whose public notice ended settle, and unused reward codes expire, without anyone opening a page.
  const stopCogov = scheduleCogovSweep(ctx, config.sweepIntervalMs);
  const url = `http://localhost:${config.port}`;
  const roles = new Map<string, string>();
  for (const u of USERS) if (!roles.has(u.role)) roles.set(u.role, u.username);
  console.log(`\n  共治 Gongzhi is running at ${url}  (database: ${ctx.engine.kind}${ctx.engine.kind === 'sqlite' ? `, ${config.dataDir}` : ''})`);
  console.log(`  API docs: ${url}/api/docs`);
  if (fresh || process.env.GZ_PRINT_LOGINS !== '0') {
    console.log(`  Demo logins (password ${DEMO_PASSWORD}):`);
    for (const [role, username] of roles) console.log(`    ${role.padEnd(11)} ${username}`);
  }
  const shutdown = async () => {
    stopSweep();
    stopWebhooks();
    stopTraining();
    stopCogov();
    await app.close();
    await ctx.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  return { app, ctx };
}
