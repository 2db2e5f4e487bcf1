/**
 * The offboarding claim on SQLite reads migration 0014's partial index in order and nothing else, so its cost
 * follows the offboardings waiting, never the length of the queue (docs/architecture.md, "Offboarding first").
 * SQLite has no statistics here (nothing runs ANALYZE), as in a deployment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../connection/sqlite.ts';
import { openStore } from '../open-store.ts';
import { sqliteOffboardingQuery } from './claims.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-claims-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('claiming offboardings on SQLite', () => {
  it('reads only the partial index of offboardings, in order, whatever the queue holds', async () => {
    const file = join(folder, 'claims.db');
    const store = await openStore(`sqlite:${file}`);
    await store.close();
    const db = openSqlite(file);
    try {
      // 20,000 pending users, ten of them offboardings, one of those parked.
      await sql`
        with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000)
        insert into sync_queue (user_id, generation, synced_generation, pending, queued_at, last_marked_at, attempts,
          parked, offboarding_generation, offboarding_since)
        select 'user-' || i, 1, 0, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 0, i = 2000,
          case when i % 2000 = 0 then 1 end, case when i % 2000 = 0 then '2026-01-02T00:00:00Z' end from n`.execute(
        db,
      );
      const query = sqliteOffboardingQuery(db, '2026-06-01T00:00:00.000Z', 50);
      const compiled = query.compile();
      expect(compiled.sql).toContain('pending = 1 and parked = 0 and offboarding_since is not null');
      const claimed = (await db.executeQuery(compiled)).rows;
      const explained = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
      );
      const plan = explained.rows.map((row) => row.detail);
      expect(claimed.map((row) => row.user_id).sort()).toEqual(
        [
          'user-4000',
          'user-6000',
          'user-8000',
          'user-10000',
          'user-12000',
          'user-14000',
          'user-16000',
          'user-18000',
          'user-20000',
        ].sort(),
      );
      // One read, of the offboarding index, in its order (no temporary B-tree for the ORDER BY).
      expect(plan).toHaveLength(1);
      expect(plan[0]).toMatch(/^(SCAN|SEARCH) sync_queue USING INDEX sync_queue_offboarding\b/);
    } finally {
      await db.destroy();
    }
  });
});
