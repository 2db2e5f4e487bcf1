/**
 * SCIM writes that reach SQLite while a commit is open (up to 64 writes, over turns of the event loop for up to
 * 25 ms) share that transaction and its commit (docs/architecture.md, "Group commit"). Each write runs alone inside its own savepoint, one after
 * another, so a write that fails is rolled back to its savepoint and fails alone, as its own transaction would
 * have. Every write's promise settles only after the shared commit, a failed write's too: a client is never told of a
 * write that is not stored, nor of a failure that rested on one, and when the commit itself fails, every write in
 * it fails with the commit's error and none of them is kept.
 *
 * Why only SQLite: its one connection already runs writes one at a time, and a commit (writing the dirty pages to
 * the WAL) cost about as much as the rest of a SCIM create, once per request. On PostgreSQL each transaction has
 * its own connection and commits on its own.
 */
import { type ControlledTransaction, type Kysely, sql } from 'kysely';

/** Writes per commit at most, so one busy stretch cannot hold the write lock, and its callers, without end. */
export const MAX_WRITES_PER_COMMIT = 64;

/**
 * Milliseconds a commit waits for later turns' writes at most. While it is open it holds SQLite's one connection,
 * so every read, claim and push record waits for it: a commit older than this takes the writes already received
 * (up to MAX_WRITES_PER_COMMIT) and waits for no further turn.
 */
export const MAX_COMMIT_OPEN_MS = 25;

interface Waiting<DB> {
  work: (trx: Kysely<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** How a write that ran ended, kept until its commit decides what its caller hears. */
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The one savepoint name: the writes of a commit run one at a time, so savepoints never nest. */
const SAVEPOINT = sql.id('shared_commit_write');

export class SharedCommit<DB> {
  readonly #db: Kysely<DB>;
  readonly #maxWrites: number;
  readonly #maxOpenMs: number;
  #waiting: Waiting<DB>[] = [];
  #running = false;

  constructor(db: Kysely<DB>, maxWrites = MAX_WRITES_PER_COMMIT, maxOpenMs = MAX_COMMIT_OPEN_MS) {
    if (!Number.isInteger(maxWrites) || maxWrites < 1) {
      throw new Error(`SharedCommit: maxWrites must be a positive integer, got ${maxWrites}`);
    }
    if (!Number.isFinite(maxOpenMs) || maxOpenMs < 0) {
      throw new Error(
        `SharedCommit: maxOpenMs must be a finite number of milliseconds >= 0, got ${maxOpenMs}`,
      );
    }
    this.#db = db;
    this.#maxWrites = maxWrites;
    this.#maxOpenMs = maxOpenMs;
  }

  /** Runs `work` in a transaction shared with the writes of the same turn; settles after the commit. */
  run<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#running) {
        this.#running = true;
        void this.#drain();
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#waiting.length > 0) await this.#commitOneGroup();
    } finally {
      this.#running = false;
    }
  }

  async #commitOneGroup(): Promise<void> {
    let trx: ControlledTransaction<DB>;
    try {
      trx = await this.#db.startTransaction().execute();
    } catch (error) {
      // Nothing ran: every write waiting now fails as its own `begin` would have (a locked or closed database).
      for (const waiting of this.#waiting.splice(0)) waiting.reject(error);
      return;
    }
    const openedAt = performance.now();
    // Every write that ran, in the order it came, answered only after the commit, a failed one too: a write may
    // have failed because of an earlier write of this group (a uniqueness conflict with it), and if the commit
    // fails, that earlier write was never stored.
    const ran: { waiting: Waiting<DB>; outcome: Outcome }[] = [];
    let current: Waiting<DB> | undefined;
    try {
      for (let count = 0; count < this.#maxWrites; count++) {
        // Writes already received join whatever the time; only waiting a turn for more is bounded, so how slow the
        // machine is decides how many turns a commit spans, never whether the writes of one turn share it.
        current =
          this.#waiting.shift() ??
          (performance.now() - openedAt < this.#maxOpenMs ? await this.#nextTurnsWrite() : undefined);
        if (current === undefined) break;
        await sql`savepoint ${SAVEPOINT}`.execute(trx);
        let outcome: Outcome;
        try {
          outcome = { ok: true, value: await current.work(trx) };
        } catch (error) {
          await this.#rollBackToSavepoint(trx, error);
          outcome = { ok: false, error };
        }
        // A release that fails ends the group (the catch below), as a failed rollback to the savepoint does.
        if (outcome.ok) await sql`release ${SAVEPOINT}`.execute(trx);
        ran.push({ waiting: current, outcome });
        current = undefined;
      }
      await trx.commit().execute();
    } catch (error) {
      // The savepoint machinery or the commit failed: nothing of this group is stored, so every write in it fails
      // with that error, those that had failed on their own too (their failure may rest on what was not stored).
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
      current?.reject(error);
      for (const { waiting } of ran) waiting.reject(error);
      return;
    }
    for (const { waiting, outcome } of ran) {
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    }
  }

  /** Undoes a failed write; if that fails too, the group cannot go on, and both errors are kept. */
  async #rollBackToSavepoint(trx: ControlledTransaction<DB>, writeError: unknown): Promise<void> {
    try {
      await sql`rollback to ${SAVEPOINT}`.execute(trx);
      await sql`release ${SAVEPOINT}`.execute(trx);
    } catch (cleanupError) {
      throw new AggregateError(
        [writeError, cleanupError],
        'a failed write could not be rolled back to its savepoint, so its whole shared commit is rolled back',
      );
    }
  }

  /** Lets the event loop turn once, so requests already received can join this commit; undefined if none did. */
  async #nextTurnsWrite(): Promise<Waiting<DB> | undefined> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return this.#waiting.shift();
  }
}
