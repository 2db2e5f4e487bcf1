/**
 * The test of migration 0013 (user-type drift) on either database: a database migrated to 0012 holding a finding
 * and a finished run written before the kind existed is opened as a store, so 0013 runs; the old finding keeps its
 * kinds and has no types, the old run counts `user-type` as 0, and a new `user-type` finding keeps both types.
 */
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import type { Database } from '../schema/database.ts';
import { type MigrationTarget, migrateTo } from './migration-target.ts';

const AT = '2026-12-01T12:00:00.000Z';

export function driftUserTypeMigrationTest(target: MigrationTarget): void {
  const options = target.schema === undefined ? {} : { schema: target.schema };

  it('adds the user-type flag and types to findings written before 0013, without changing them', async () => {
    const db: Kysely<Database> = await target.open();
    try {
      await migrateTo(target, db, '0012_email_fillfactor');
      const counts = JSON.stringify({
        unmanaged: 0,
        'extra-role': 1,
        'missing-role': 0,
        status: 0,
        profile: 0,
      });
      await sql`insert into reconcile_runs (id, mode, requested_by, state, started_at, updated_at, finished_at,
        cursor, accounts_read, accounts_expected, counts, errors, last_error) values ('r-old', 'report', 'admin',
        'finished', ${AT}, ${AT}, ${AT}, null, 1, null, ${counts}, 0, null)`.execute(db);
      await sql`insert into drift_findings (platform_username, platform_user_id, user_id, run_id, detected_at,
        seen_at, unmanaged, extra_roles, missing_roles, status, profile, differences) values ('old', 'p-old',
        'u-old', 'r-old', ${AT}, ${AT}, 0, 1, 0, 0, 0, ${JSON.stringify({ extraRoles: ['RETAILER_199_ADMIN'] })})`.execute(
        db,
      );
    } finally {
      await db.destroy();
    }

    const store = await openStore(target.url, options);
    try {
      const old = await store.driftFindingOfUser('u-old');
      expect(old).toMatchObject({
        kinds: ['extra-role'],
        differences: { extraRoles: ['RETAILER_199_ADMIN'] },
      });
      expect(old?.userType).toBeUndefined();
      expect((await store.getReconcileRun('r-old'))?.counts).toEqual({
        unmanaged: 0,
        'extra-role': 1,
        'missing-role': 0,
        status: 0,
        profile: 0,
        'user-type': 0,
      });
      expect(await store.listDriftFindings({ limit: 10, kind: 'user-type' })).toEqual([]);

      const run = await store.startReconcileRun({ id: 'r-new', mode: 'report', requestedBy: 'admin' });
      await store.saveReconcilePage({
        runId: run.id,
        cursor: undefined,
        accountsRead: 1,
        findings: [
          {
            platformUsername: 'new',
            platformUserId: 'p-new',
            userId: 'u-new',
            kinds: ['user-type'],
            differences: { userType: { expected: 'RETAILER:199', actual: 'ADMIN' } },
          },
        ],
        inLine: [],
      });
      expect(await store.listDriftFindings({ limit: 10, kind: 'user-type' })).toMatchObject([
        {
          platformUsername: 'new',
          kinds: ['user-type'],
          userType: { expected: 'RETAILER:199', actual: 'ADMIN' },
        },
      ]);
      expect(await store.driftCounts()).toMatchObject({ 'extra-role': 1, 'user-type': 1 });
    } finally {
      await store.close();
    }
  });
}
