/**
 * The SQLite read connection (reader.ts): a second, read-only connection on its own thread. It
 * sees what is committed and nothing of an open transaction, refuses writes and transactions,
 * reports SQL errors as errors, and comes back after its thread dies. On PostgreSQL `reads` is the
 * main handle (checked too).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './index';
import { ENGINE, startTestServer, type TestServer } from '../test/harness';

describe.runIf(ENGINE === 'sqlite')('the SQLite read connection', () => {
  let dir: string;
  let h: DatabaseHandle;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-reader-'));
    h = await openDatabase({ databaseUrl: null, sqliteFile: path.join(dir, 'gongzhi.db') });
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const count = async () =>
    Number(
      (
        await h.reads
          .selectFrom('settings')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('is a second connection, and sees every commit at once', async () => {
    expect(h.reads).not.toBe(h.db);
    const before = await count();
    await h.db.insertInto('settings').values({ key: 'reader.test.1', value_json: '1' }).execute();
    expect(await count()).toBe(before + 1);
  });

  it('sees nothing of an open transaction until it commits', async () => {
    const before = await count();
    await h.db.transaction().execute(async (tx) => {
      await tx.insertInto('settings').values({ key: 'reader.test.2', value_json: '2' }).execute();
      expect(await count()).toBe(before);
    });
    expect(await count()).toBe(before + 1);
  });

  it('refuses writes and transactions, and reports SQL errors', async () => {
    await expect(h.reads.insertInto('settings').values({ key: 'reader.test.3', value_json: '3' }).execute()).rejects.toThrow(/reads only/);
    await expect(h.reads.transaction().execute(async () => {})).rejects.toThrow(/no transactions/);
    await expect(sql`select * from no_such_table`.execute(h.reads)).rejects.toThrow(/no such table/);
    expect(await h.db.selectFrom('settings').select('key').where('key', '=', 'reader.test.3').executeTakeFirst()).toBeUndefined();
  });

  it('answers queries sent together, each with its own rows', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `reader.many.${i}`);
    await h.db
      .insertInto('settings')
      .values(keys.map((key, i) => ({ key, value_json: String(i) })))
      .execute();
    const got = await Promise.all(
      keys.map((k) => h.reads.selectFrom('settings').select('value_json').where('key', '=', k).executeTakeFirstOrThrow()),
    );
    expect(got.map((r) => r.value_json)).toEqual(keys.map((_, i) => String(i)));
  });

  it('starts a new thread after its thread dies', async () => {
    const before = await count();
    const conn = await (
      h.reads.getExecutor() as unknown as {
        provideConnection<T>(f: (c: { worker: { terminate(): Promise<number> } | null }) => Promise<T>): Promise<T>;
      }
    ).provideConnection(async (c) => c);
    await conn.worker!.terminate();
    expect(await count()).toBe(before);
  });
});

describe.runIf(ENGINE === 'postgres')('reads on PostgreSQL', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());
  it('go through the main pool', () => {
    expect(s.ctx.reads).toBe(s.ctx.db);
  });
});
