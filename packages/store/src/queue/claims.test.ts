/**
 * The offboarding claim on SQLite reads migration 0014's partial index and looks each user up in the queue by
 * key, so its cost follows the offboardings waiting, never the length of the queue (docs/architecture.md,
 * "Offboarding first"). SQLite has no statistics here (nothing runs ANALYZE), as in a deployment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../connection/sqlite.ts';
import { createContext } from '../context.ts';
import { openStore } from '../open-store.ts';
import { claimableOffboardings } from './claims.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-claims-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('claiming offboardings on SQLite', () => {
  it('reads the partial index of offboardings and the queue by key, whatever the queue holds', async () => {
    const file = join(folder, 'claims.db');
    const store = await openStore(`sqlite:${file}`);
    await store.close();
    const db = openSqlite(file);
    try {
      // 20,000 pending creates, five deactivations among them.
      await sql`
        with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000)
        insert into sync_queue (user_id, generation, synced_generation, pending, queued_at, last_marked_at, attempts, parked)
        select 'user-' || i, 1, 0, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 0, 0 from n`.execute(
        db,
      );
      await sql`
        insert into sync_triggers (user_id, trigger, generation)
        select user_id, case when cast(substr(user_id, 6) as integer) % 4000 = 0 then 'user.deactivated'
          else 'user.created' end, 1 from sync_queue`.execute(db);
      const { claimed, plan } = await db.transaction().execute(async (trx) => {
        const query = await claimableOffboardings(
          trx,
          createContext('sqlite'),
          '2026-06-01T00:00:00.000Z',
          50,
        );
        const compiled = query.compile();
        const explained = await trx.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
        );
        expect(compiled.sql).toContain("in ('user.deactivated', 'user.deleted')");
        return { claimed: await query.execute(), plan: explained.rows.map((row) => row.detail) };
      });
      expect(claimed.map((row) => row.user_id).sort()).toEqual(
        ['user-4000', 'user-8000', 'user-12000', 'user-16000', 'user-20000'].sort(),
      );
      expect(plan).toContain('SCAN sync_triggers USING INDEX sync_triggers_offboarding');
      expect(plan.filter((detail) => detail.includes(' sync_queue'))).toEqual([
        'SEARCH sync_queue USING INDEX sqlite_autoindex_sync_queue_1 (user_id=?)',
      ]);
    } finally {
      await db.destroy();
    }
  });
});
