/**
 * The test of migration 0009 (user roles and role grants) on either database: links and audit entries written
 * before 0009, opened again so 0009 fills its tables from them; then the triggers keep them as the sync engine
 * writes links and audit entries through the store (saveLink, appendAudit, recordSync).
 */
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import type { Database } from '../schema/database.ts';
import type { AuditEntry, JsonValue, Store } from '../types.ts';
import { type MigrationTarget, migrateTo } from './migration-target.ts';

const AT = '2025-03-01T12:00:00.000Z';
const LATER = '2025-04-01T12:00:00.000Z';

const linked = (roles: JsonValue): JsonValue => ({
  kind: 'linked',
  platformUserId: 'p',
  username: 'x',
  status: 'ACTIVE',
  createdByConnector: true,
  roles,
});
const decision = (effectiveRoles?: JsonValue): JsonValue => ({
  trigger: 'user.created',
  outcome: 'update',
  reasons: [],
  unresolved: [],
  decidedBy: [],
  ...(effectiveRoles !== undefined && { effectiveRoles }),
  at: AT,
});
const changes = (applied: boolean, addRoles: string[], removeRoles: string[] = []): JsonValue => ({
  createAccount: false,
  status: null,
  addRoles,
  removeRoles,
  updateProfile: false,
  applied,
  withheld: { reasons: [], createAccount: false, addRoles: [], updateProfile: false, status: null },
});

/** userName -> link state (undefined: no link). */
const USERS: [string, unknown][] = [
  // On the platform, written before effective roles were recorded.
  ['ada@example.com', { link: linked(['AGENT_1_STORE', 'AGENT_1_ADMIN']), lastDecision: decision() }],
  // Granted STORE, but blocked: no account.
  ['bob@example.com', { link: { kind: 'absent' }, lastDecision: decision(['AGENT_1_STORE']) }],
  // Roles that are not a list, and not strings: nothing is taken from them.
  ['cy@example.com', { link: linked('AGENT_1_STORE'), lastDecision: decision([7, null]) }],
  ['dee@example.com', undefined],
];

/** [userName index, at, changes]: Ada's STORE granted at AT; ADMIN granted, removed, granted again LATER. */
const AUDIT: [number, string, unknown][] = [
  [0, AT, changes(true, ['AGENT_1_STORE', 'AGENT_1_ADMIN'])],
  [0, AT, changes(true, [], ['AGENT_1_ADMIN'])],
  [0, AT, changes(false, ['AGENT_1_ADMIN'])],
  [0, LATER, changes(true, ['AGENT_1_ADMIN'])],
  // Bob's grant was withheld (not applied); Cy's entry is not a change list at all.
  [1, AT, changes(false, ['AGENT_1_STORE'])],
  [2, AT, { action: 'retried', origin: 'console' }],
];

const idsWithRole = async (store: Store, role: string) =>
  (await store.listAdminUsers({ role, limit: 10 })).items.map((item) => item.id);

export function userRolesMigrationTest(target: MigrationTarget): void {
  it('fills user roles and grant times from links and the audit written before 0009, then keeps them', async () => {
    const db: Kysely<Database> = await target.open();
    try {
      await migrateTo(target, db, '0007_admin_indexes');
      for (const [index, [userName, state]] of USERS.entries()) {
        await sql`insert into users (id, user_name, user_name_folded, external_id, active, resource, version, created,
          last_modified) values (${`u${index}`}, ${userName}, ${userName}, null, 1, ${JSON.stringify({ userName })},
          1, ${AT}, ${AT})`.execute(db);
        if (state !== undefined)
          await sql`insert into platform_links (user_id, state, last_synced_at)
            values (${`u${index}`}, ${JSON.stringify(state)}, ${AT})`.execute(db);
      }
      for (const [user, at, change] of AUDIT)
        await sql`insert into audit_log (user_id, trigger, outcome, reasons, changes, explanation, at)
          values (${`u${user}`}, 'resync', 'update', '[]', ${JSON.stringify(change)}, '{}', ${at})`.execute(
          db,
        );
    } finally {
      await db.destroy();
    }

    const store = await openStore(target.url, target.schema === undefined ? {} : { schema: target.schema });
    try {
      expect(await idsWithRole(store, 'AGENT_1_STORE')).toEqual(['u0', 'u1']);
      expect(await idsWithRole(store, 'AGENT_1_ADMIN')).toEqual(['u0']);
      expect(await idsWithRole(store, 'AGENT_2_STORE')).toEqual([]);
      // With another filter: both must hold.
      expect(
        (await store.listAdminUsers({ role: 'AGENT_1_STORE', search: 'bob', limit: 10 })).items,
      ).toHaveLength(1);

      const grants = await store.roleGrants(['u0', 'u1', 'u2', 'u3']);
      const ada = grants.get('u0');
      expect(ada?.get('AGENT_1_STORE')?.grantedAt).toBe(AT);
      // The newest applied change wins: ADMIN was removed, then granted again LATER.
      expect(ada?.get('AGENT_1_ADMIN')?.grantedAt).toBe(LATER);
      const seqs = [...(ada?.values() ?? [])].map((grant) => grant.auditSeq);
      expect(seqs.every((seq) => Number.isInteger(seq) && seq > 0)).toBe(true);
      expect(grants.has('u1')).toBe(false);
      expect(grants.has('u2')).toBe(false);

      // The triggers keep both as links and audit entries are written through the store.
      await store.saveLink({
        userId: 'u3',
        state: {
          link: linked(['AGENT_2_STORE']),
          lastDecision: decision(['AGENT_2_STORE', 'AGENT_2_ADMIN']),
        },
        lastSyncedAt: LATER,
      });
      expect(await idsWithRole(store, 'AGENT_2_STORE')).toEqual(['u3']);
      expect(await idsWithRole(store, 'AGENT_2_ADMIN')).toEqual(['u3']);
      const entry = (addRoles: string[], removeRoles: string[]): AuditEntry => ({
        userId: 'u0',
        trigger: 'resync',
        outcome: 'update',
        reasons: [],
        changes: changes(true, addRoles, removeRoles),
        explanation: {},
        at: LATER,
      });
      // One commit (one statement on PostgreSQL): Ada loses ADMIN and gains AGENT_2_STORE.
      const { audit } = await store.recordSync({
        link: {
          userId: 'u0',
          state: { link: linked(['AGENT_1_STORE', 'AGENT_2_STORE']), lastDecision: decision([]) },
          lastSyncedAt: LATER,
        },
        audit: entry(['AGENT_2_STORE'], ['AGENT_1_ADMIN']),
      });
      expect(await idsWithRole(store, 'AGENT_1_ADMIN')).toEqual([]);
      expect(await idsWithRole(store, 'AGENT_2_STORE')).toEqual(['u0', 'u3']);
      const after = (await store.roleGrants(['u0'])).get('u0');
      expect(after?.get('AGENT_2_STORE')).toEqual({ grantedAt: LATER, auditSeq: audit.seq });
      expect(after?.has('AGENT_1_ADMIN')).toBe(false);
      expect(after?.get('AGENT_1_STORE')?.grantedAt).toBe(AT);
      // An entry that made no platform call grants nothing.
      await store.appendAudit({
        ...entry(['AGENT_9_STORE'], []),
        changes: changes(false, ['AGENT_9_STORE']),
      });
      expect((await store.roleGrants(['u0'])).get('u0')?.has('AGENT_9_STORE')).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('counts blocked, parked and drifted users of the directory', async () => {
    const store = await openStore(target.url, target.schema === undefined ? {} : { schema: target.schema });
    try {
      const before = await store.adminStatusCounts();
      await store.saveLink({
        userId: 'u1',
        state: {},
        lastSyncedAt: AT,
        summary: { platformStatus: 'ABSENT', blockedReasons: ['unresolved-role'], decidedAt: AT },
      });
      // A link of a user the directory does not hold is not counted.
      await store.saveLink({
        userId: 'gone',
        state: {},
        lastSyncedAt: AT,
        summary: { platformStatus: 'ABSENT', blockedReasons: ['no-roles'], decidedAt: AT },
      });
      await store.markDirty(['u2'], 'resync');
      await store.parkDirty('u2', { error: 'refused' });
      expect(await store.adminStatusCounts()).toEqual({
        blocked: before.blocked + 1,
        parked: before.parked + 1,
        drifted: before.drifted,
      });
    } finally {
      await store.close();
    }
  });
}
