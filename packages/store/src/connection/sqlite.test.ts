import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite, WAL_AUTOCHECKPOINT_PAGES } from './sqlite.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-sqlite-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const pragma = async (db: ReturnType<typeof openSqlite>, name: string) =>
  (await sql.raw(`pragma ${name}`).execute(db)).rows[0];

describe('openSqlite', () => {
  it('opens a file in WAL mode with checkpoints far apart and NORMAL syncs', async () => {
    const db = openSqlite(join(folder, 'wal.db'));
    try {
      expect(await pragma(db, 'journal_mode')).toEqual({ journal_mode: 'wal' });
      expect(await pragma(db, 'wal_autocheckpoint')).toEqual({
        wal_autocheckpoint: WAL_AUTOCHECKPOINT_PAGES,
      });
      expect(await pragma(db, 'synchronous')).toEqual({ synchronous: 1 });
      expect(await pragma(db, 'foreign_keys')).toEqual({ foreign_keys: 1 });
    } finally {
      await db.destroy();
    }
  });

  it('runs repeated statements through its statement cache with fresh parameters each time', async () => {
    const db = openSqlite(':memory:');
    try {
      await sql`create table t (x integer)`.execute(db);
      for (let x = 1; x <= 3; x++) await sql`insert into t (x) values (${x})`.execute(db);
      const sums = [];
      for (const min of [1, 2, 3]) {
        sums.push(
          (await sql<{ total: number }>`select sum(x) as total from t where x >= ${min}`.execute(db)).rows[0],
        );
      }
      expect(sums).toEqual([{ total: 6 }, { total: 5 }, { total: 3 }]);
    } finally {
      await db.destroy();
    }
  });
});
