/**
 * The test of migration 0005 (link state as one JSON document) on either database: a store migrated to 0004
 * with links in the old columns, opened again so the migration converts them, read back through the store.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import type { OldLinkRow } from '../schema/link-state-migration.ts';
import { type MigrationTarget, migrateTo } from './migration-target.ts';

const AT = '2025-03-01T12:00:00.000Z';
const DECISION = {
  trigger: 'user.created',
  outcome: 'create',
  reasons: [],
  unresolved: [],
  decidedBy: [],
  at: AT,
};

const OLD_ROWS: OldLinkRow[] = [
  {
    user_id: 'active',
    platform_user_id: '5001',
    username: 'alice@example.com',
    created_by_connector: 1,
    last_status: 'ACTIVE',
    last_roles: '["AGENT_134_STORE"]',
    last_decision: JSON.stringify(DECISION),
  },
  {
    user_id: 'inactive',
    platform_user_id: '5002',
    username: 'bob@example.com',
    created_by_connector: 0,
    last_status: 'INACTIVE',
    last_roles: '[]',
    last_decision: 'null',
  },
  row('creating', 'CREATING'),
  row('absent', 'ABSENT'),
  row('not-linked', 'NOT_LINKED'),
  // Not any old state: an "ACTIVE" row without an account id, and a status nobody wrote.
  row('no-account', 'ACTIVE'),
  row('odd', 'SUSPENDED'),
];

function row(userId: string, status: string): OldLinkRow {
  return {
    user_id: userId,
    platform_user_id: '',
    username: `${userId}@example.com`,
    created_by_connector: status === 'CREATING' ? 1 : 0,
    last_status: status,
    last_roles: '[]',
    last_decision: status === 'ABSENT' ? JSON.stringify({ ...DECISION, outcome: 'block' }) : 'not json',
  };
}

export function linkStateMigrationTest(target: MigrationTarget): void {
  it('converts every link row to a state document, keeping what was not a known state unconverted', async () => {
    const db = await target.open();
    try {
      await migrateTo(target, db, '0004_claim_order');
      for (const old of OLD_ROWS) {
        await sql`insert into platform_links (user_id, platform_user_id, username, created_by_connector, last_status,
          last_roles, last_decision, last_synced_at) values (${old.user_id}, ${old.platform_user_id}, ${old.username},
          ${old.created_by_connector}, ${old.last_status}, ${old.last_roles}, ${old.last_decision}, ${AT})`.execute(
          db,
        );
      }
    } finally {
      await db.destroy();
    }

    const store = await openStore(target.url, target.schema === undefined ? {} : { schema: target.schema });
    try {
      const links = await store.getLinks(OLD_ROWS.map((old) => old.user_id));
      const states = Object.fromEntries([...links].map(([userId, link]) => [userId, link.state]));
      expect(states).toEqual({
        active: {
          link: {
            kind: 'linked',
            platformUserId: '5001',
            username: 'alice@example.com',
            status: 'ACTIVE',
            createdByConnector: true,
            roles: ['AGENT_134_STORE'],
          },
          lastDecision: DECISION,
        },
        inactive: {
          link: {
            kind: 'linked',
            platformUserId: '5002',
            username: 'bob@example.com',
            status: 'INACTIVE',
            createdByConnector: false,
            roles: [],
          },
          lastDecision: null,
        },
        creating: { link: { kind: 'creating', username: 'creating@example.com' }, lastDecision: null },
        absent: { link: { kind: 'absent' }, lastDecision: { ...DECISION, outcome: 'block' } },
        'not-linked': {
          link: { kind: 'not-linked', username: 'not-linked@example.com' },
          lastDecision: null,
        },
        'no-account': { unconverted: unconverted('no-account', 'ACTIVE') },
        odd: { unconverted: unconverted('odd', 'SUSPENDED') },
      });
      expect((await store.getLink('active'))?.lastSyncedAt).toBe(AT);
    } finally {
      await store.close();
    }
  });
}

function unconverted(userId: string, status: string) {
  const { user_id: _userId, ...columns } = row(userId, status);
  return columns;
}
