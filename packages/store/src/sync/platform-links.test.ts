/**
 * saveLinks is one commit however many statements it takes: a statement refused after others have run leaves
 * none of the links stored, and the links saved before untouched. Shown on SQLite, with a trigger that refuses
 * one row of the second statement (the contract suite cannot make the database refuse a row).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_SIZE } from '../chunks.ts';
import { openSqlite } from '../connection/sqlite.ts';
import { openStore } from '../open-store.ts';
import type { PlatformLink } from '../types.ts';
import { saveLinks } from './platform-links.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-links-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const link = (index: number, kind: string): PlatformLink => ({
  userId: `u${String(index).padStart(4, '0')}`,
  state: { link: { kind } },
  lastSyncedAt: '2026-01-01T00:00:00.000Z',
});

describe('saveLinks on SQLite', () => {
  it('stores none of the links when a later statement is refused', async () => {
    const file = join(folder, 'links.db');
    const store = await openStore(`sqlite:${file}`);
    await store.saveLink(link(0, 'linked'));
    await store.close();
    const db = openSqlite(file);
    try {
      const refused = link(CHUNK_SIZE + 10, 'creating');
      await sql`create trigger refuse_one before insert on platform_links when new.user_id = ${sql.lit(refused.userId)}
        begin select raise(abort, 'refused by the test'); end`.execute(db);
      const links = Array.from({ length: CHUNK_SIZE + 20 }, (_, index) => link(index, 'creating'));
      await expect(saveLinks(db, links)).rejects.toThrow(/refused by the test/);

      const stored = await db.selectFrom('platform_links').select(['user_id', 'state']).execute();
      expect(stored).toEqual([{ user_id: 'u0000', state: JSON.stringify({ link: { kind: 'linked' } }) }]);
    } finally {
      await db.destroy();
    }
  });
});
