/**
 * SCIM writes that reach SQLite in the same turn of the event loop share one transaction and one commit
 * (docs/architecture.md, "Group commit"). Each write runs alone inside its own savepoint, one after another, so
 * a write that fails is rolled back to its savepoint and fails alone, exactly as its own transaction would have.
 * Every write's promise settles only after the shared commit: a client is never told of a write that is not
 * stored, and when the commit itself fails, every write in it fails and none of them is kept.
 *
 * Why only SQLite: its one connection already runs writes one at a time, and a commit (writing the dirty pages to
 * the WAL) cost about as much as the rest of a SCIM create, once per request. On PostgreSQL each transaction has
 * its own connection and commits on its own.
 */
import { type ControlledTransaction, type Kysely, sql } from 'kysely';

/** Writes per commit at most, so one busy stretch cannot hold the write lock, and its callers, without end. */
export const MAX_WRITES_PER_COMMIT = 64;

interface Waiting<DB> {
  work: (trx: Kysely<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The one savepoint name: the writes of a commit run one at a time, so savepoints never nest. */
const SAVEPOINT = sql.id('shared_commit_write');

export class SharedCommit<DB> {
  readonly #db: Kysely<DB>;
  readonly #maxWrites: number;
  #waiting: Waiting<DB>[] = [];
  #running = false;

  constructor(db: Kysely<DB>, maxWrites = MAX_WRITES_PER_COMMIT) {
    if (!Number.isInteger(maxWrites) || maxWrites < 1) {
      throw new Error(`SharedCommit: maxWrites must be a positive integer, got ${maxWrites}`);
    }
    this.#db = db;
    this.#maxWrites = maxWrites;
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
    const written: { waiting: Waiting<DB>; value: unknown }[] = [];
    let current: Waiting<DB> | undefined;
    try {
      for (let count = 0; count < this.#maxWrites; count++) {
        current = this.#waiting.shift() ?? (await this.#nextTurnsWrite());
        if (current === undefined) break;
        await sql`savepoint ${SAVEPOINT}`.execute(trx);
        let value: unknown;
        try {
          value = await current.work(trx);
        } catch (error) {
          await sql`rollback to ${SAVEPOINT}`.execute(trx);
          await sql`release ${SAVEPOINT}`.execute(trx);
          current.reject(error);
          current = undefined;
          continue;
        }
        await sql`release ${SAVEPOINT}`.execute(trx);
        written.push({ waiting: current, value });
        current = undefined;
      }
      await trx.commit().execute();
    } catch (error) {
      // The savepoint or the commit failed: nothing of this group is stored, so nobody is told otherwise.
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
      current?.reject(error);
      for (const { waiting } of written) waiting.reject(error);
      return;
    }
    for (const { waiting, value } of written) waiting.resolve(value);
  }

  /** Lets the event loop turn once, so requests already received can join this commit; undefined if none did. */
  async #nextTurnsWrite(): Promise<Waiting<DB> | undefined> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return this.#waiting.shift();
  }
}
