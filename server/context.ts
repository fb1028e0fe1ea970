/** What every route and command reaches through: the database, the clock, the calendar, files. */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config';
import type { Db } from './db';
import type { Engine } from './db/engine';
import type { CalendarService } from './calendar';
import type { FileStore } from './attachments/store';
import type { SettingsService } from './settings';

/** Wall-clock time, injectable so tests can walk an order across holidays without waiting. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now() {
    return this.t;
  }
  set(t: number) {
    this.t = t;
  }
  advance(ms: number) {
    this.t += ms;
  }
}

export interface AppContext {
  db: Db;
  /**
   * For analytical reads that may run beside the request path (dashboard rollup sums): on SQLite a
   * read-only connection on its own thread (db/reader.ts), on PostgreSQL `db` itself. It sees what
   * is committed, never an open transaction's writes.
   */
  reads: Db;
  engine: Engine;
  config: Config;
  clock: Clock;
  calendar: CalendarService;
  files: FileStore;
  settings: SettingsService;
  log: FastifyBaseLogger;
}
