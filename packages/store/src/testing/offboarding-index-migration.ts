/**
 * The test of migration 0014 (offboarding first) on either database: a database migrated to 0013 whose queue
 * holds a pending deactivation, a pending create and a deactivation already pushed is opened as a store, so 0014
 * runs; only the pending deactivation becomes an offboarding, and it is claimed ahead of the create that waited longer.
 */
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import type { Database } from '../schema/database.ts';
import { type MigrationTarget, migrateTo } from './migration-target.ts';

export function offboardingIndexMigrationTest(target: MigrationTarget): void {
  const options = target.schema === undefined ? {} : { schema: target.schema };

  it('flags the offboardings queued before 0014, and only those', async () => {
    const db: Kysely<Database> = await target.open();
    try {
      await migrateTo(target, db, '0013_drift_user_type');
      // u-new waits since 10:00, u-leaver since 11:00; u-done's deactivation was pushed (its trigger row is gone).
      for (const [userId, generation, synced, queuedAt] of [
        ['u-new', 1, 0, '2026-12-01T10:00:00.000Z'],
        ['u-leaver', 2, 1, '2026-12-01T11:00:00.000Z'],
        ['u-done', 2, 2, '2026-12-01T09:00:00.000Z'],
      ] as const) {
        await sql`insert into sync_queue (user_id, generation, synced_generation, pending, queued_at,
          last_marked_at, attempts, parked) values (${userId}, ${generation}, ${synced},
          ${generation > synced ? 1 : 0}, ${queuedAt}, ${queuedAt}, 0, 0)`.execute(db);
      }
      await sql`insert into sync_triggers (user_id, trigger, generation) values ('u-new', 'user.created', 1),
        ('u-leaver', 'user.deactivated', 2)`.execute(db);
    } finally {
      await db.destroy();
    }

    const store = await openStore(target.url, options);
    try {
      const claimed = await store.claimDirty({ limit: 1, workerId: 'w1', leaseMs: 60_000 });
      expect(claimed.map((claim) => claim.userId)).toEqual(['u-leaver']);
      const rest = await store.claimDirty({ limit: 10, workerId: 'w1', leaseMs: 60_000 });
      expect(rest.map((claim) => claim.userId)).toEqual(['u-new']);
    } finally {
      await store.close();
    }
  });
}
