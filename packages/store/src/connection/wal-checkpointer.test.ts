import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite, WAL_BACKSTOP_CHECKPOINT_PAGES } from './sqlite.ts';
import { CHECKPOINT_INTERVAL_MS, startWalCheckpointer } from './wal-checkpointer.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-wal-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** 300 rows of 4 KiB: about 1.2 MiB of pages, far below either automatic threshold. */
async function writePages(db: ReturnType<typeof openSqlite>): Promise<void> {
  await sql`create table t (x blob)`.execute(db);
  for (let i = 0; i < 30; i++) {
    await sql`insert into t select randomblob(4096) from (select 1 union all select 2 union all select 3 union all
      select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
      union all select 10)`.execute(db);
  }
}

const ONE_MIB = 1024 * 1024;

async function waitForSize(file: string, atLeast: number, withinMs: number): Promise<number> {
  const deadline = Date.now() + withinMs;
  let size = statSync(file).size;
  while (size < atLeast && Date.now() < deadline) {
    await sleep(25);
    size = statSync(file).size;
  }
  return size;
}

describe('WAL checkpoints in a worker thread', () => {
  it('copies committed pages into the database file without the writing connection checkpointing', async () => {
    const file = join(folder, 'background.db');
    const errors: Error[] = [];
    const db = openSqlite(file, { backgroundCheckpoints: { onError: (error) => errors.push(error) } });
    try {
      expect((await sql.raw('pragma wal_autocheckpoint').execute(db)).rows[0]).toEqual({
        wal_autocheckpoint: WAL_BACKSTOP_CHECKPOINT_PAGES,
      });
      await writePages(db);
      // Only a checkpoint moves pages from the WAL into the database file.
      expect(await waitForSize(file, ONE_MIB, 5_000)).toBeGreaterThanOrEqual(ONE_MIB);
      expect(errors).toEqual([]);
    } finally {
      await db.destroy();
    }
    // The worker's connection closed first, so the server's was the last one and SQLite removed the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('leaves the pages in the WAL when no thread checkpoints (the control for the test above)', async () => {
    const file = join(folder, 'inline.db');
    const db = openSqlite(file);
    try {
      await writePages(db);
      await sleep(CHECKPOINT_INTERVAL_MS * 3);
      expect(statSync(file).size).toBeLessThan(ONE_MIB);
    } finally {
      await db.destroy();
    }
  });

  it('reports a worker that cannot open the database, and stop() still settles', async () => {
    const errors: Error[] = [];
    const checkpointer = startWalCheckpointer({
      file: join(folder, 'missing', 'none.db'),
      onError: (error) => errors.push(error),
    });
    const deadline = Date.now() + 5_000;
    while (errors.length === 0 && Date.now() < deadline) await sleep(25);
    expect(errors[0]?.message).toMatch(/unable to open database|does not exist|directory does not exist/i);
    await checkpointer.stop();
  });
});
