/**
 * One server under test, in its own process so that its CPU time and peak RSS are its own:
 *   BENCH_MODE=app       the real application (createContext + buildApp) on 127.0.0.1
 *   BENCH_MODE=baseline  a bare node:http handler writing the same rows with prepared statements
 * Started by bench/run.ts as `node --import tsx bench/server-child.ts` (TypeScript through tsx, as
 * bin/gongzhi.mjs runs the real server) with an IPC channel; it
 * answers {type: 'ready', port} once listening, and runs the deadline sweep on request.
 */
import { loadConfig } from '../server/config';
import type { OrderTemplate } from './baseline';
import { applyExperiment } from './experiments';
import type { ChildReply, ChildRequest } from './protocol';

const send = (m: ChildReply) => process.send?.(m);

async function main() {
  const mode = process.env.BENCH_MODE;
  const config = {
    ...loadConfig({}),
    dataDir: process.env.DATA_DIR!,
    databaseUrl: process.env.DATABASE_URL || null,
    logLevel: 'silent',
    host: '127.0.0.1',
    port: 0,
  };
  // Each mode imports only what it runs, so the baseline's RSS is not the application's.
  if (mode === 'baseline') {
    const { startBaseline } = await import('./baseline');
    const template = JSON.parse(process.env.BENCH_TEMPLATE!) as OrderTemplate;
    const server = await startBaseline(config.databaseUrl, config.dataDir, template);
    send({ type: 'ready', port: server.port });
    process.on('message', (m: ChildRequest) => {
      if (m.type === 'exit') void server.close().then(() => process.exit(0));
    });
    return;
  }
  await applyExperiment(process.env.BENCH_EXPERIMENT);
  const [{ buildApp }, { createContext }, { runSweep }] = await Promise.all([
    import('../server/app'),
    import('../server/bootstrap'),
    import('../server/jobs/sweep'),
  ]);
  const ctx = await createContext(config);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  send({ type: 'ready', port: typeof addr === 'object' && addr ? addr.port : 0 });
  process.on('message', (m: ChildRequest) => {
    if (m.type === 'heap') {
      // With --heap-gc the child runs with --expose-gc: a full collection first shows the live heap.
      const gc = (globalThis as { gc?: () => void }).gc;
      if (m.gc && gc) gc();
      send({ type: 'heap', usage: process.memoryUsage() });
    } else if (m.type === 'sweep') {
      // A frozen clock: every sweep of a measurement sees the same instant, so "due" is exact.
      const at = m.at;
      const started = performance.now();
      runSweep({ ...ctx, clock: { now: () => at } }).then(
        (result) => send({ type: 'swept', ms: performance.now() - started, result }),
        (err: unknown) => send({ type: 'error', message: String(err) }),
      );
    } else if (m.type === 'exit') {
      void app
        .close()
        .then(() => ctx.close())
        .then(() => process.exit(0));
    }
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
