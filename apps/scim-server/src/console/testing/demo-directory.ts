/**
 * A small directory that shows every part of the console: a user who syncs, a logical role granted through a group,
 * a user blocked by an unresolved role, and a user the platform refuses until the sync worker parks it. The
 * browser tests and the screenshot script (`pnpm screenshots`) both start from it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '@scim-connector/store';
import { startTestConnector, type TestConnector } from '../../e2e/connector-harness.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const GROUP_EXTENSION = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';

export const DEMO = {
  synced: 'ada@example.com',
  grouped: 'grace@example.com',
  blocked: 'mallory@example.com',
  refused: 'parker@example.com',
  group: 'Sydney Store Managers',
  /** The logical role the group grants; role-mappings.json expands Store_Colleague to three platform roles. */
  logicalRole: 'AGENT_134_Store_Colleague',
  /** A role on a location the platform does not have: unresolved, so governance blocks the user. */
  unknownRole: 'AGENT_999_STORE',
} as const;

export interface DemoConnector extends TestConnector {
  ids: Record<'synced' | 'grouped' | 'blocked' | 'refused', string>;
  groupId: string;
}

function user(userName: string, displayName: string, roles: string[]) {
  return {
    schemas: [CORE_USER],
    userName,
    displayName,
    active: true,
    emails: [{ value: userName, primary: true }],
    roles: roles.map((value) => ({ value })),
  };
}

/** The connector on a fresh SQLite file with the demo directory synced; the refused user ends up parked. */
export async function startDemoConnector(): Promise<DemoConnector> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scim-console-'));
  const store = await openStore(`sqlite:${path.join(dir, 'connector.db')}`);
  const running = await startTestConnector(store, {
    env: { SYNC_MAX_ATTEMPTS: '2', SYNC_RETRY_BASE_MS: '50', SYNC_RETRY_MAX_MS: '100' },
  });
  const { client, simulator } = running;
  simulator.faults.set({ failingUsernames: [DEMO.refused] });
  const synced = await client.write(
    'POST',
    '/Users',
    user(DEMO.synced, 'Ada Lovelace', ['AGENT_134_STORE_ASSISTANT']),
  );
  const grouped = await client.write('POST', '/Users', user(DEMO.grouped, 'Grace Hopper', []));
  const blocked = await client.write(
    'POST',
    '/Users',
    user(DEMO.blocked, 'Mallory Mole', [DEMO.unknownRole]),
  );
  const refused = await client.write(
    'POST',
    '/Users',
    user(DEMO.refused, 'Parker Lewis', ['AGENT_134_STORE']),
  );
  const group = await client.write('POST', '/Groups', {
    schemas: [CORE_GROUP, GROUP_EXTENSION],
    displayName: DEMO.group,
    members: [{ value: grouped.id }],
    [GROUP_EXTENSION]: { roles: [{ value: DEMO.logicalRole }] },
  });
  await client.settled();
  return {
    ...running,
    ids: {
      synced: synced.id as string,
      grouped: grouped.id as string,
      blocked: blocked.id as string,
      refused: refused.id as string,
    },
    groupId: group.id as string,
    async stop() {
      await running.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
