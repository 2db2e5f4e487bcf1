import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
