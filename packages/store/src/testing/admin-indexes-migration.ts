/**
 * The test of migration 0007 (admin indexes) on either database: a store migrated to 0006 with users and links
 * written before the new columns existed, opened again so 0007 fills them, then read through the admin list.
 */
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import type { Database } from '../schema/database.ts';
import { type MigrationTarget, migrateTo } from './migration-target.ts';

const AT = '2025-03-01T12:00:00.000Z';
const decision = (outcome: string, reasons: string[]) => ({
  trigger: 'user.created',
  outcome,
  reasons,
  unresolved: [],
  decidedBy: [],
  at: AT,
});

/** userName, displayName, link state (undefined: no link). */
const USERS: [string, string | undefined, unknown][] = [
  [
    'ada@example.com',
    'Ada Lovelace',
    {
      link: {
        kind: 'linked',
        platformUserId: '1',
        username: 'ada@example.com',
        status: 'ACTIVE',
        createdByConnector: true,
        roles: [],
      },
      lastDecision: decision('create', []),
    },
  ],
  [
    'bob@example.com',
    'Bob',
    { link: { kind: 'absent' }, lastDecision: decision('block', ['unresolved-role']) },
  ],
  [
    'cy@example.com',
    undefined,
    {
      link: {
        kind: 'linked',
        platformUserId: '3',
        username: 'cy@example.com',
        status: 'INACTIVE',
        createdByConnector: true,
        roles: [],
      },
      lastDecision: null,
    },
  ],
  ['dee@example.com', 'Dee', { unconverted: { last_status: 'SUSPENDED' } }],
  ['eve@example.com', 'Ève Noire', undefined],
];

export function adminIndexesMigrationTest(target: MigrationTarget): void {
  it('fills the display-name key and the link summary of rows written before 0007', async () => {
    const db: Kysely<Database> = await target.open();
    try {
      await migrateTo(target, db, '0006_reconcile');
      for (const [index, [userName, displayName, state]] of USERS.entries()) {
        const resource = JSON.stringify({ userName, ...(displayName !== undefined && { displayName }) });
        await sql`insert into users (id, user_name, user_name_folded, external_id, active, resource, version, created,
          last_modified) values (${`u${index}`}, ${userName}, ${userName}, null, 1, ${resource}, 1, ${AT}, ${AT})`.execute(
          db,
        );
        if (state !== undefined)
          await sql`insert into platform_links (user_id, state, last_synced_at)
            values (${`u${index}`}, ${JSON.stringify(state)}, ${AT})`.execute(db);
      }
      // Drift reconciliation found Dee's account changed on the platform (a current finding).
      await sql`insert into drift_findings (platform_username, platform_user_id, user_id, run_id, detected_at, seen_at,
        unmanaged, extra_roles, missing_roles, status, profile, differences)
        values ('dee@example.com', '4', 'u3', 'run-1', ${AT}, ${AT}, 0, 1, 0, 0, 0, '[]')`.execute(db);
    } finally {
      await db.destroy();
    }

    const store = await openStore(target.url, target.schema === undefined ? {} : { schema: target.schema });
    try {
      const page = await store.listAdminUsers({ limit: 10 });
      expect(
        page.items.map(({ userName, displayName, platformStatus, blockedReasons, lastDecisionAt }) => ({
          userName,
          displayName,
          platformStatus,
          blockedReasons,
          lastDecisionAt,
        })),
      ).toEqual([
        {
          userName: 'ada@example.com',
          displayName: 'Ada Lovelace',
          platformStatus: 'ACTIVE',
          blockedReasons: [],
          lastDecisionAt: AT,
        },
        {
          userName: 'bob@example.com',
          displayName: 'Bob',
          platformStatus: 'ABSENT',
          blockedReasons: ['unresolved-role'],
          lastDecisionAt: AT,
        },
        {
          userName: 'cy@example.com',
          displayName: null,
          platformStatus: 'INACTIVE',
          blockedReasons: [],
          lastDecisionAt: null,
        },
        {
          userName: 'dee@example.com',
          displayName: 'Dee',
          platformStatus: 'UNKNOWN',
          blockedReasons: [],
          lastDecisionAt: null,
        },
        {
          userName: 'eve@example.com',
          displayName: 'Ève Noire',
          platformStatus: 'ABSENT',
          blockedReasons: [],
          lastDecisionAt: null,
        },
      ]);
      // The display-name key is folded: found by a lower-case prefix of a name stored with capitals and accents.
      const found = await store.listAdminUsers({ search: 'ève n', limit: 10 });
      expect(found.items.map((item) => item.userName)).toEqual(['eve@example.com']);
      const blocked = await store.listAdminUsers({ status: 'blocked', limit: 10 });
      expect(blocked.items.map((item) => item.userName)).toEqual(['bob@example.com']);
      const drifted = await store.listAdminUsers({ status: 'drifted', limit: 10 });
      expect(drifted.items.map((item) => item.userName)).toEqual(['dee@example.com']);
    } finally {
      await store.close();
    }
  });
}
