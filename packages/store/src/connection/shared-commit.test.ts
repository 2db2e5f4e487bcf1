import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../schema/database.ts';
import { SharedCommit } from './shared-commit.ts';
import { openSqlite } from './sqlite.ts';

describe('SharedCommit on a SQLite file', () => {
  let dir: string;
  let db: Kysely<Database>;
  /** A second connection to the same file: it sees only what was committed. */
  let observer: SqliteDatabase.Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shared-commit-'));
    const file = join(dir, 'test.db');
    db = openSqlite(file);
    await sql`create table t (x integer primary key)`.execute(db);
    await sql`create table parent (id integer primary key)`.execute(db);
    await sql`create table child (parent_id integer references parent (id) deferrable initially deferred)`.execute(
      db,
    );
    observer = new SqliteDatabase(file, { readonly: true });
  });

  afterEach(async () => {
    observer.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const committed = (): number[] =>
    (observer.prepare('select x from t order by x').all() as { x: number }[]).map(({ x }) => x);
  const insert = (trx: Kysely<Database>, x: number) => sql`insert into t (x) values (${x})`.execute(trx);

  it('gives the writes of one turn one commit, and settles each only after it', async () => {
    const shared = new SharedCommit(db);
    const seenByThird: number[][] = [];
    const settled: number[] = [];
    const writes = [1, 2, 3].map((x) =>
      shared
        .run(async (trx) => {
          await insert(trx, x);
          if (x === 3) seenByThird.push(committed());
          return x * 10;
        })
        .then((value) => {
          settled.push(x);
          return value;
        }),
    );
    expect(await Promise.all(writes)).toEqual([10, 20, 30]);
    // When the third write ran, the first two were written but not committed: they were in its transaction.
    expect(seenByThird).toEqual([[]]);
    expect(settled).toEqual([1, 2, 3]);
    expect(committed()).toEqual([1, 2, 3]);
  });

  it('lets a write received in the next turn join the open commit', async () => {
    const shared = new SharedCommit(db);
    let seenByLater: number[] | undefined;
    let later: Promise<void> | undefined;
    setImmediate(() => {
      later = shared.run(async (trx) => {
        seenByLater = committed();
        await insert(trx, 2);
      });
    });
    await shared.run((trx) => insert(trx, 1));
    await later;
    expect(seenByLater).toEqual([]);
    expect(committed()).toEqual([1, 2]);
  });

  it('rolls a failing write back to its savepoint and fails it alone', async () => {
    const shared = new SharedCommit(db);
    const results = await Promise.allSettled([
      shared.run((trx) => insert(trx, 1)),
      shared.run(async (trx) => {
        await insert(trx, 2);
        throw new Error('the second write fails after writing');
      }),
      shared.run((trx) => insert(trx, 3)),
      // A constraint error inside a write is that write's failure too.
      shared.run((trx) => insert(trx, 1)),
    ]);
    expect(results.map(({ status }) => status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(
      new Error('the second write fails after writing'),
    );
    expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(committed()).toEqual([1, 3]);
  });

  it('fails every write of a commit that fails, keeps none of them, and commits the next ones', async () => {
    const shared = new SharedCommit(db);
    const results = await Promise.allSettled([
      shared.run((trx) => insert(trx, 1)),
      // A deferred foreign key is checked at the commit, not at the savepoint's release: the commit fails.
      shared.run((trx) => sql`insert into child (parent_id) values (42)`.execute(trx)),
    ]);
    expect(results.map(({ status }) => status)).toEqual(['rejected', 'rejected']);
    for (const result of results) {
      expect(String((result as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY constraint failed/);
    }
    expect(committed()).toEqual([]);
    expect(observer.prepare('select count(*) as n from child').get()).toEqual({ n: 0 });

    await shared.run((trx) => insert(trx, 2));
    expect(committed()).toEqual([2]);
  });

  it('answers a failed write only after the commit, and with the commit error when the commit fails', async () => {
    const shared = new SharedCommit(db);
    const seenAtRejection: number[][] = [];
    const committing = [
      shared.run((trx) => insert(trx, 1)),
      shared
        .run(() => Promise.reject(new Error('a conflict with the first write')))
        .catch((error: unknown) => {
          seenAtRejection.push(committed());
          throw error;
        }),
    ];
    const first = await Promise.allSettled(committing);
    expect(first.map(({ status }) => status)).toEqual(['fulfilled', 'rejected']);
    // The failure was told when the write it rested on was stored, not before.
    expect(seenAtRejection).toEqual([[1]]);
    expect((first[1] as PromiseRejectedResult).reason).toEqual(new Error('a conflict with the first write'));

    const second = await Promise.allSettled([
      shared.run((trx) => insert(trx, 2)),
      shared.run(() => Promise.reject(new Error('a conflict with the write above'))),
      shared.run((trx) => sql`insert into child (parent_id) values (42)`.execute(trx)),
    ]);
    // The commit failed, so the write the conflict rested on is not stored: the conflict is not told either.
    expect(second.map(({ status }) => status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const result of second) {
      expect(String((result as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY constraint failed/);
    }
    expect(committed()).toEqual([1]);
  });

  it('keeps both errors when a failed write cannot be rolled back to its savepoint, and stores nothing', async () => {
    const shared = new SharedCommit(db);
    const results = await Promise.allSettled([
      shared.run((trx) => insert(trx, 1)),
      shared.run(async (trx) => {
        // Releasing the savepoint from inside the write makes the rollback to it fail.
        await sql`release shared_commit_write`.execute(trx);
        throw new Error('the write fails');
      }),
    ]);
    expect(results.map(({ status }) => status)).toEqual(['rejected', 'rejected']);
    for (const result of results) {
      const reason = (result as PromiseRejectedResult).reason as AggregateError;
      expect(reason).toBeInstanceOf(AggregateError);
      expect(reason.errors[0]).toEqual(new Error('the write fails'));
      expect(String(reason.errors[1])).toMatch(/no such savepoint/);
    }
    expect(committed()).toEqual([]);
    await shared.run((trx) => insert(trx, 2));
    expect(committed()).toEqual([2]);
  });

  it('waits for no later turn once a commit is maxOpenMs old, but takes the writes of its own turn', async () => {
    const shared = new SharedCommit(db, 64, 0);
    const seen: number[][] = [];
    const write = (x: number) =>
      shared.run(async (trx) => {
        seen.push(committed());
        await insert(trx, x);
      });
    const later = new Promise<void>((resolve, reject) => setImmediate(() => write(3).then(resolve, reject)));
    await Promise.all([write(1), write(2), later]);
    // 1 and 2 came in one turn and share a commit; 3 came a turn later, when the commit was already 0 ms old.
    expect(seen).toEqual([[], [], [1, 2]]);
    expect(committed()).toEqual([1, 2, 3]);
  });

  it('runs the writes one at a time, in the order they came', async () => {
    const shared = new SharedCommit(db);
    const events: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name, index) =>
        shared.run(async (trx) => {
          events.push(`${name} starts`);
          await new Promise((resolve) => setImmediate(resolve));
          await insert(trx, index);
          events.push(`${name} ends`);
        }),
      ),
    );
    expect(events).toEqual(['a starts', 'a ends', 'b starts', 'b ends', 'c starts', 'c ends']);
  });

  it('commits after at most maxWrites writes', async () => {
    const shared = new SharedCommit(db, 2);
    const seen: number[][] = [];
    await Promise.all(
      [1, 2, 3, 4, 5].map((x) =>
        shared.run(async (trx) => {
          seen.push(committed());
          await insert(trx, x);
        }),
      ),
    );
    expect(seen).toEqual([[], [], [1, 2], [1, 2], [1, 2, 3, 4]]);
    expect(committed()).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new SharedCommit(db, 0)).toThrow(/positive integer/);
    expect(() => new SharedCommit(db, 1, -1)).toThrow(/>= 0/);
  });
});
