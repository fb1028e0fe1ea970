/** Opens the database and assembles the context a server, the CLI or a test runs on. */
import path from 'node:path';
import pino from 'pino';
import { fileStore } from './attachments/store';
import { calendarService } from './calendar';
import type { Config } from './config';
import { systemClock, type AppContext, type Clock } from './context';
import { openDatabase } from './db';
import { settingsService } from './settings';

export async function createContext(
  config: Config,
  opts: { clock?: Clock; log?: AppContext['log']; poolSize?: number } = {},
): Promise<AppContext & { close(): Promise<void> }> {
  const log = opts.log ?? pino({ level: config.logLevel });
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, 'gongzhi.db'),
    ...(opts.poolSize ? { poolSize: opts.poolSize } : {}),
    onIdleError: (err) => log.warn({ err }, 'an idle database connection was closed by the server'),
  });
  return {
    db: handle.db,
    reads: handle.reads,
    engine: handle.engine,
    config,
    clock: opts.clock ?? systemClock,
    calendar: calendarService(handle.db),
    settings: settingsService(handle.db),
    files: fileStore(config.dataDir),
    log,
    close: () => handle.close(),
  };
}
