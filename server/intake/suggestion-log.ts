/**
 * The log of category suggestions shown (intake_suggestions: what training learns corrections
 * from and the acceptance rate counts), written off the request path. A suggestion is asked for on
 * every pause while a seat types; its row used to be written (and, on SQLite with synchronous=FULL,
 * fsynced) before the answer left. Now:
 *
 * - the row's id is handed out from memory at once (PostgreSQL: blocks reserved from the table's
 *   identity sequence, safe with several app servers; SQLite: one counter past max(id), re-read
 *   after any write to the table this log did not make), so the answer carries its suggestionId;
 * - new rows, and revisions of rows already written, wait in memory and are written in one
 *   transaction shortly after (FLUSH_MS, or at once when BATCH rows wait);
 * - whoever reads the table for a decision (the outcome, the unit route, the queue, the acceptance
 *   stats, training) calls `flush()` first, so nothing reads a stale log in this process;
 * - `close()` (the app's onClose) writes whatever waits: a normal shutdown loses nothing.
 *
 * Another app server reading the table sees a row at most FLUSH_MS late.
 */
import { sql, type Insertable } from 'kysely';
import type { Db, Tx } from '../db';
import { dbEngineKind, tableWrites } from '../db';
import type { IntakeSuggestionsTable } from '../db/schema';

export type SuggestionRow = Omit<Insertable<IntakeSuggestionsTable>, 'id'>;
/** What a later suggestion for the same intake replaces. */
export type SuggestionRevision = Pick<SuggestionRow, 'model_id' | 'text' | 'place_id' | 'suggested_json' | 'top_category_id' | 'top_unit_id' | 'created_at'>;

/** Written at most this long after the answer. */
export const FLUSH_MS = 100;
/** Written at once when this many rows wait. */
const BATCH = 200;
/** Ids reserved per round trip on PostgreSQL. */
const ID_BLOCK = 64;
/** A row that fails this many flushes on its own, RETRY_MS apart, is dropped (with an error logged). */
const MAX_ATTEMPTS = 10;
const RETRY_MS = 1000;
/** Undecided suggestions remembered (id → user) to revise without reading the table. */
const OPEN_MAX = 50_000;

type Logger = { error(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };

export class SuggestionLog {
  /** Rows not written yet, by their id. */
  private readonly inserts = new Map<number, SuggestionRow>();
  /** Revisions of rows already written, by id (the newest wins). */
  private readonly revisions = new Map<number, { userId: number; values: SuggestionRevision }>();
  /** Suggestions handed out by this process and not known to be decided: id → user. */
  private readonly open = new Map<number, number>();
  private ids: number[] = [];
  private reserving: Promise<void> | null = null;
  /** SQLite: next id, and whether someone else wrote the table since it was read. */
  private next = 1;
  private stale = true;
  private seeding: Promise<void> | null = null;
  private writing = 0;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  /** Rows that failed on their own, by id: how many times. */
  private readonly failures = new Map<number, number>();
  private readonly postgres: boolean;
  /** How long a row waits before it is written (tests lengthen it to see what a close writes). */
  delayMs = FLUSH_MS;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {
    this.postgres = dbEngineKind(db) === 'postgres';
    tableWrites(db)?.on(['intake_suggestions'], () => {
      if (!this.writing) this.stale = true;
    });
  }

  /** Rows and revisions waiting to be written. */
  get waiting(): number {
    return this.inserts.size + this.revisions.size;
  }

  /** Queues a new row for `userId`; its id is known at once. */
  async add(row: SuggestionRow): Promise<number> {
    const id = await this.nextId();
    this.inserts.set(id, row);
    this.remember(id, row.user_id);
    this.schedule();
    return id;
  }

  /**
   * Replaces what suggestion `id` showed, when it is `userId`'s and not decided yet (false
   * otherwise: the caller logs a new one). Read from memory; the table only for an id this process
   * did not hand out (another server's, or one from before a restart).
   */
  async revise(id: number, userId: number, values: SuggestionRevision): Promise<boolean> {
    const pending = this.inserts.get(id);
    if (pending) {
      if (pending.user_id !== userId || pending.decided_at != null) return false;
      this.inserts.set(id, { ...pending, ...values });
      return true;
    }
    if (this.open.get(id) !== userId) {
      if (this.open.has(id)) return false;
      const row = await this.db.selectFrom('intake_suggestions').select('id').where('id', '=', id).where('user_id', '=', userId).where('decided_at', 'is', null).executeTakeFirst();
      if (!row) return false;
      this.remember(id, userId);
    }
    this.revisions.set(id, { userId, values });
    this.schedule();
    return true;
  }

  /** Whether `id` is a suggestion of `userId` (written or waiting). */
  async owns(id: number, userId: number): Promise<boolean> {
    const pending = this.inserts.get(id);
    if (pending) return pending.user_id === userId;
    if (this.open.get(id) === userId) return true;
    return !!(await this.db.selectFrom('intake_suggestions').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst());
  }

  /** Suggestion `id` was decided: later revisions of it are refused. */
  decided(id: number): void {
    this.open.delete(id);
  }

  /** Writes everything waiting (and whatever was queued before this call); resolves when it is in the table. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const run = this.chain.then(() => this.write());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Stops the timer and writes what waits; later rows are written at once. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private remember(id: number, userId: number) {
    this.open.delete(id);
    this.open.set(id, userId);
    if (this.open.size > OPEN_MAX) this.open.delete(this.open.keys().next().value!);
  }

  private schedule(delay = this.delayMs) {
    if (this.closed || this.waiting >= BATCH) {
      void this.flush().catch((err: unknown) => this.log.error({ err }, 'writing the suggestion log failed'));
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch((err: unknown) => this.log.error({ err }, 'writing the suggestion log failed'));
    }, delay);
    this.timer.unref();
  }

  private async nextId(): Promise<number> {
    if (this.postgres) {
      while (!this.ids.length) await this.reserve();
      if (this.ids.length < ID_BLOCK / 4) void this.reserve().catch(() => undefined);
      return this.ids.shift()!;
    }
    while (this.stale || this.seeding) {
      if (!this.seeding) {
        this.stale = false;
        this.seeding = this.readMax()
          .catch((err: unknown) => {
            this.stale = true;
            throw err;
          })
          .finally(() => {
            this.seeding = null;
          });
      }
      await this.seeding;
    }
    return this.next++;
  }

  /** PostgreSQL: a block of ids from the identity sequence (one reservation at a time). */
  private reserve(): Promise<void> {
    this.reserving ??= sql<{ id: number }>`select nextval(pg_get_serial_sequence('intake_suggestions', 'id')) as id from generate_series(1, ${ID_BLOCK})`
      .execute(this.db)
      .then((r) => {
        this.ids.push(...r.rows.map((x) => Number(x.id)));
      })
      .finally(() => {
        this.reserving = null;
      });
    return this.reserving;
  }

  /** SQLite: the counter moves past the table's newest id (never back). */
  private async readMax(q: Db | Tx = this.db) {
    const r = await q
      .selectFrom('intake_suggestions')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst();
    this.next = Math.max(this.next, Number(r?.m ?? 0) + 1);
  }

  private async write(): Promise<void> {
    if (!this.waiting) return;
    const inserts = [...this.inserts];
    const revisions = [...this.revisions];
    this.inserts.clear();
    this.revisions.clear();
    this.writing++;
    try {
      let clashed: [number, SuggestionRow][];
      try {
        clashed = await this.db.transaction().execute((tx) => this.put(tx, inserts, revisions));
        if (this.failures.size) for (const [id] of [...inserts, ...revisions]) this.failures.delete(id);
      } catch (err) {
        // One bad row (its user deleted meanwhile, …) must not hold the others back: each on its own.
        this.log.warn({ err }, 'suggestion log: the batch failed; writing its rows one by one');
        clashed = await this.putEach(inserts, revisions);
      }
      // Another writer took an id this log handed out (SQLite, a second process): keep the row under a new id.
      for (const [id, row] of clashed) {
        this.log.warn({ id }, 'suggestion log: id taken by another writer; the row is kept under a new id');
        this.open.delete(id);
        this.inserts.set(await this.nextId(), row);
      }
      if (clashed.length) await this.write();
    } finally {
      this.writing--;
    }
  }

  /** Writes rows and revisions with `q`; returns the rows whose id was taken. */
  private async put(q: Db | Tx, inserts: [number, SuggestionRow][], revisions: [number, { userId: number; values: SuggestionRevision }][]) {
    const clashed: [number, SuggestionRow][] = [];
    for (let i = 0; i < inserts.length; i += 100) {
      const chunk = inserts.slice(i, i + 100);
      const done = await q
        .insertInto('intake_suggestions')
        .values(chunk.map(([id, row]) => ({ ...row, id })))
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      const written = new Set(done.map((r) => Number(r.id)));
      clashed.push(...chunk.filter(([id]) => !written.has(id)));
    }
    for (const [id, r] of revisions) {
      await q.updateTable('intake_suggestions').set(r.values).where('id', '=', id).where('user_id', '=', r.userId).where('decided_at', 'is', null).execute();
    }
    if (!this.postgres) await this.readMax(q);
    return clashed;
  }

  /**
   * After a failed batch: each row and revision alone. One that fails is kept for the next flush
   * (unless newer values came meanwhile) and dropped, with an error logged, after MAX_ATTEMPTS.
   */
  private async putEach(inserts: [number, SuggestionRow][], revisions: [number, { userId: number; values: SuggestionRevision }][]) {
    const clashed: [number, SuggestionRow][] = [];
    const failed = (id: number, err: unknown, keep: () => void) => {
      const n = (this.failures.get(id) ?? 0) + 1;
      if (n < MAX_ATTEMPTS) {
        this.failures.set(id, n);
        keep();
        return;
      }
      this.failures.delete(id);
      this.log.error({ err, id }, 'suggestion log: a row could not be written and is dropped');
    };
    for (const [id, row] of inserts) {
      try {
        clashed.push(...(await this.put(this.db, [[id, row]], [])));
        this.failures.delete(id);
      } catch (err) {
        failed(id, err, () => !this.inserts.has(id) && this.inserts.set(id, row));
      }
    }
    for (const [id, r] of revisions) {
      try {
        await this.put(this.db, [], [[id, r]]);
        this.failures.delete(id);
      } catch (err) {
        failed(id, err, () => !this.revisions.has(id) && this.revisions.set(id, r));
      }
    }
    if (this.waiting) this.schedule(RETRY_MS);
    return clashed;
  }
}

const LOGS = new WeakMap<Db, SuggestionLog>();

/** The suggestion log of a database (one per database handle in this process). */
export function suggestionLog(db: Db, log: Logger): SuggestionLog {
  let l = LOGS.get(db);
  if (!l) LOGS.set(db, (l = new SuggestionLog(db, log)));
  return l;
}

/** Writes what waits in `db`'s suggestion log, if it has one (before training reads the corrections). */
export async function flushSuggestionLog(db: Db): Promise<void> {
  await LOGS.get(db)?.flush();
}
