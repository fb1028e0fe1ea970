/**
 * Times the synthetic load alone on one engine and size (no servers, no HTTP), then one rebuild of
 * the rollups from the orders and `check-rollups`: the numbers behind the loader's choices
 * (COPY batch size, rollups per batch vs one rebuild at the end).
 *
 *   npx tsx bench/load-probe.ts [--engine postgres] [--size 100000] [--no-events] [--insert] [--drop-indexes] [--rebuild]
 *
 * --insert: PostgreSQL with the multi-row INSERTs (as before COPY), for comparison.
 */
import { createContext } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import type { EngineKind } from '../server/db/engine';
import { seedDistrict } from '../server/demo/seed';
import { checkRollupsReport, rebuildRollups } from '../server/evaluation/rollups';
import { freshDatabase, openCluster } from './database';
import { loadSyntheticOrders } from './load';
import { describeMachine } from './machine';
import { machineLine } from './report';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const engine = arg('engine', 'postgres') as EngineKind;
const size = Number(arg('size', '100000').replaceAll('_', ''));
const events = !process.argv.includes('--no-events');
const log = (m: string) => console.log(`[load-probe] ${m}`);

async function main() {
  log(machineLine(describeMachine()));
  const cluster = engine === 'postgres' ? await openCluster(log) : null;
  const bench = await freshDatabase(engine, cluster);
  try {
    const ctx = await createContext({ ...loadConfig({}), dataDir: bench.dataDir, databaseUrl: bench.databaseUrl, logLevel: 'silent' });
    try {
      const now = Date.now();
      await seedDistrict(ctx.db, now);
      const loaded = await loadSyntheticOrders(ctx.db, ctx.engine, await ctx.calendar.get(), {
        count: size,
        now,
        databaseUrl: process.argv.includes('--insert') ? null : bench.databaseUrl,
        events,
        dropIndexes: process.argv.includes('--drop-indexes'),
        onProgress: (d, t) => d % 100_000 < 5000 && log(`${d}/${t}`),
      });
      const rate = Math.round(loaded.orders / (loaded.ms / 1000));
      log(`${engine} ${size}: ${loaded.method}, ${loaded.orders} orders, ${loaded.events} events in ${(loaded.ms / 1000).toFixed(1)} s (${rate} orders/s); rows ${(loaded.writeMs / 1000).toFixed(1)} s, rollup upserts ${(loaded.rollupMs / 1000).toFixed(1)} s, index builds ${(loaded.indexMs / 1000).toFixed(1)} s`);
      if (process.argv.includes('--rebuild')) {
        const started = performance.now();
        await rebuildRollups(ctx.db);
        log(`rebuildRollups: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      const ok = await checkRollupsReport(ctx.db, { repair: false, log });
      if (!ok) process.exitCode = 1;
    } finally {
      await ctx.close();
    }
  } finally {
    await bench.drop();
    await cluster?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
