/** Starts the server: database, demo data on first start, HTTP, the deadline sweep; prints how to sign in. */
import { buildApp } from './app';
import { createContext } from './bootstrap';
import { loadConfig, type Config } from './config';
import { DEMO_PASSWORD, USERS } from './demo/district';
import { isSeeded, seedDistrict } from './demo/seed';
import { scheduleSweep } from './jobs/sweep';

export async function startServer(config: Config = loadConfig()) {
  const ctx = await createContext(config);
  const fresh = !(await isSeeded(ctx.db));
  if (fresh) {
    const t0 = Date.now();
    process.stdout.write('Loading the demo district (平城区)… ');
    await seedDistrict(ctx.db);
    console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const app = await buildApp(ctx, { logger: { level: config.logLevel } });
  await app.listen({ port: config.port, host: config.host });
  const stopSweep = scheduleSweep(ctx, config.sweepIntervalMs);
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
    await app.close();
    await ctx.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  return { app, ctx };
}
