import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite, SQLITE_DIR_MODE, SQLITE_FILE_MODE, WAL_AUTOCHECKPOINT_PAGES } from './sqlite.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-sqlite-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const pragma = async (db: ReturnType<typeof openSqlite>, name: string) =>
  (await sql.raw(`pragma ${name}`).execute(db)).rows[0];

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('openSqlite', () => {
  it('keeps personal data owner-only: a new folder 0700, the database, WAL and SHM files 0600', async () => {
    const file = join(folder, 'private', 'nested', 'connector.db');
    const db = openSqlite(file);
    try {
      await sql`create table t (x text)`.execute(db);
      await sql`insert into t values ('personal')`.execute(db);
      expect(modeOf(join(folder, 'private'))).toBe(SQLITE_DIR_MODE);
      expect(modeOf(join(folder, 'private', 'nested'))).toBe(SQLITE_DIR_MODE);
      for (const name of [file, `${file}-wal`, `${file}-shm`])
        expect(modeOf(name), name).toBe(SQLITE_FILE_MODE);
    } finally {
      await db.destroy();
    }
  });

  it('tightens the files an older version left world-readable', async () => {
    const file = join(folder, 'old.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '');
    chmodSync(`${file}-wal`, 0o644);
    const db = openSqlite(file);
    try {
      expect(modeOf(file)).toBe(SQLITE_FILE_MODE);
      expect(modeOf(`${file}-wal`)).toBe(SQLITE_FILE_MODE);
    } finally {
      await db.destroy();
    }
  });

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
