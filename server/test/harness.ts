/**
 * Test harness: a real database (a fresh SQLite file, or a fresh PostgreSQL database when
 * GZ_TEST_DB=postgres), migrated and loaded with the demo district, behind the real HTTP app on a
 * loopback port. Tests speak HTTP to it as users would and read the database to check effects.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../app';
import { createContext } from '../bootstrap';
import { loadConfig } from '../config';
import { ManualClock } from '../context';
import { DEMO_PASSWORD } from '../demo/district';
import { seedDistrict, type SeededIds } from '../demo/seed';

export const ENGINE = process.env.GZ_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/** A Monday, 09:00 in Shanghai (01:00Z), with no holiday near: a calm default "now". */
export const DEFAULT_NOW = Date.parse('2026-11-16T01:00:00Z');

async function freshPostgresUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('GZ_TEST_DB=postgres needs TEST_DATABASE_URL (npm test starts a throwaway cluster)');
  const name = `gz_test_${crypto.randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A signed-in (or anonymous) HTTP client with its own cookie. */
export class Client {
  cookie: string | null = null;
  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> {
    const h: Record<string, string> = { ...this.headers, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (typeof body === 'string') {
      payload = body;
      h['content-type'] ??= 'application/json';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + url, { method, headers: h, body: payload ?? null });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const type = res.headers.get('content-type') ?? '';
    const data = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: data as T, headers: res.headers };
  }
  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body, headers);
  }
}

export interface TestServer {
  url: string;
  ctx: Awaited<ReturnType<typeof createContext>>;
  clock: ManualClock;
  ids: SeededIds;
  /** A client signed in as a demo user (password demo1234). */
  login(username: string): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** The clock's starting time (default DEFAULT_NOW). */
  now?: number;
  /** Upload size limit in bytes, to test 413 without sending megabytes. */
  maxUploadBytes?: number;
}

/** A client of the server at `url` signed in as a demo user (password demo1234). */
export async function loginAs(url: string, username: string): Promise<Client> {
  const c = new Client(url);
  const res = await c.post('/api/auth/login', { username, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return c;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-test-'));
  const pgdb = ENGINE === 'postgres' ? await freshPostgresUrl() : null;
  const base = loadConfig({});
  const config = { ...base, dataDir, databaseUrl: pgdb?.url ?? null, logLevel: 'silent', maxUploadBytes: opts.maxUploadBytes ?? base.maxUploadBytes, trustProxy: true }; // as behind a proxy: tests send X-Forwarded-*
  const clock = new ManualClock(opts.now ?? DEFAULT_NOW);
  const ctx = await createContext(config, { clock, poolSize: 20 });
  const ids = await seedDistrict(ctx.db, clock.now());
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url,
    ctx,
    clock,
    ids,
    login: (username) => loginAs(url, username),
    anonymous: () => new Client(url),
    async close() {
      await app.close();
      await ctx.close();
      await pgdb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
