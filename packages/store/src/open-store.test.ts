import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';
import { newUser } from './testing/fixtures.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-open-store-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens an in-memory SQLite store, migrated and usable', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      const user = newUser('memory@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      expect((await store.getUser(user.id))?.userName).toBe('memory@example.com');
    } finally {
      await store.close();
    }
  });

  it('creates the folder of a SQLite file and keeps it in WAL mode', async () => {
    const file = join(folder, 'nested', 'deeper', 'connector.db');
    const store = await openStore(`sqlite:${file}`);
    await store.transaction((tx) => tx.insertUser(newUser('wal@example.com')));
    expect(existsSync(`${file}-wal`)).toBe(true);
    await store.close();
    // Reopening runs the migrations again, which finds nothing to do.
    const reopened = await openStore(`sqlite:${file}`);
    expect((await reopened.listUsers({ startIndex: 1, count: 10 })).totalResults).toBe(1);
    await reopened.close();
  });

  it('gives the SCIM writes of one turn on SQLite one commit, each failing alone', async () => {
    const file = join(folder, 'shared-commit.db');
    const store = await openStore(`sqlite:${file}`);
    const observer = new SqliteDatabase(file, { readonly: true });
    const stored = () => (observer.prepare('select count(*) as n from users').get() as { n: number }).n;
    try {
      let seenBySecond: number | undefined;
      const first = newUser('first@example.com');
      const results = await Promise.allSettled([
        store.transaction((tx) => tx.insertUser(first)),
        store.transaction(async (tx) => {
          seenBySecond = stored();
          await tx.insertUser(newUser('second@example.com'));
        }),
        // The same userName again: a uniqueness conflict that fails this write and no other.
        store.transaction((tx) => tx.insertUser(newUser('first@example.com'))),
      ]);
      expect(results.map(({ status }) => status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      // The first write was in the second's transaction, not committed before it (connection/shared-commit.ts).
      expect(seenBySecond).toBe(0);
      expect(stored()).toBe(2);
    } finally {
      observer.close();
      await store.close();
    }
  });

  it('names the database and the cause when PostgreSQL cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const opening = openStore('postgres://app:secret@127.0.0.1:1/db', { schema: 'unreachable' });
    await expect(opening).rejects.toThrow(
      /^cannot open the database postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/db: .*ECONNREFUSED/,
    );
  });

  it('rejects a PostgreSQL schema name that search_path would fold or misread', async () => {
    await expect(openStore('postgres://127.0.0.1:1/db', { schema: 'My-Schema' })).rejects.toThrow(
      /PostgreSQL schema "My-Schema" is not a plain identifier/,
    );
  });
});
