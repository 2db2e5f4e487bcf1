/**
 * IdP to platform, end to end over real HTTP on both databases: SCIM requests in the shapes Entra ID and Okta
 * send, the sync worker in the server, the Fluent plugin, and a Fluent simulator on its own port. Each sequence
 * ends in exactly the platform state docs/architecture.md §5.2 and §5.3 describe.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  accountOf,
  CONNECTOR_USER,
  RULES_DIR,
  startTestConnector,
  type TestConnector,
} from './connector-harness.ts';
import { testDatabases } from './databases.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const STORE_COLLEAGUE_ROLES = [
  'AGENT_134_CUSTOMER_COLLECTION_MANAGER',
  'AGENT_134_RETURNS_MANAGER',
  'AGENT_134_STORE',
];

/** Real HTTP, real retries with backoff: these take seconds, not milliseconds. */
const E2E_TIMEOUT_MS = 90_000;

const patch = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });

/**
 * The shipped rules plus group-roles.json entries for the groups these tests create: a group's name grants nothing
 * by itself (options.groupDisplayNamesAsRoles is off), so groups get roles the reviewable way.
 */
const GROUP_ROLES = {
  groups: [
    { displayName: 'EU Store Managers', roles: ['RETAILER_199_STORE_MANAGER'] },
    { displayName: 'Store 135', roles: ['AGENT_135_STORE'] },
    { displayName: 'Store 136', roles: ['AGENT_136_STORE'] },
    { displayName: 'Store 137', roles: ['AGENT_137_STORE'] },
    { displayName: 'Store 138 assistants', roles: ['AGENT_138_STORE_ASSISTANT'] },
  ],
};

async function rulesWithGroupRoles(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scim-rules-groups-'));
  await cp(RULES_DIR, dir, { recursive: true });
  await writeFile(path.join(dir, 'group-roles.json'), JSON.stringify(GROUP_ROLES));
  return dir;
}

describe.each(testDatabases('sync'))('sync end to end ($name)', (database) => {
  let running: TestConnector;
  let dispose: () => Promise<void>;

  async function start(env: Record<string, string> = {}): Promise<TestConnector> {
    const opened = await database.open();
    const rulesDir = await rulesWithGroupRoles();
    running = await startTestConnector(opened.store, { env: { RULES_DIR: rulesDir, ...env } });
    dispose = async () => {
      await running.stop();
      await opened.dispose();
      await rm(rulesDir, { recursive: true, force: true });
    };
    return running;
  }

  afterEach(async () => {
    await dispose?.();
  });

  it(
    'carries out an Entra ID lifecycle: app roles, update, group, deactivate, reactivate, delete',
    async () => {
      const { client, simulator } = await start();
      const userName = 'adele.vance@contoso.example';
      const created = await client.write('POST', '/Users', {
        schemas: [CORE_USER, ENTERPRISE_USER],
        externalId: 'a1b2c3',
        userName,
        active: true,
        displayName: 'Adele Vance',
        emails: [{ primary: true, type: 'work', value: userName }],
        name: { formatted: 'Adele Vance', familyName: 'Vance', givenName: 'Adele' },
        roles: [
          {
            primary: false,
            type: 'WindowsAzureActiveDirectoryRole',
            display: 'Store assistant',
            value: 'AGENT_134_STORE_ASSISTANT',
          },
          {
            primary: false,
            type: 'WindowsAzureActiveDirectoryRole',
            display: 'Store colleague',
            value: 'AGENT_134_Store_Colleague',
          },
        ],
        [ENTERPRISE_USER]: { department: 'Retail' },
      });
      const id = created.id as string;
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({
        status: 'ACTIVE',
        roles: ['AGENT_134_STORE_ASSISTANT', ...STORE_COLLEAGUE_ROLES].sort(),
      });
      expect(simulator.model.getUserByUsername(userName)).toMatchObject({
        firstName: 'Adele',
        lastName: 'Vance',
        department: 'Retail',
        primaryEmail: userName,
      });

      // Entra without the aadOptscim062020 flag: one capitalised Replace per attribute.
      await client.write(
        'PATCH',
        `/Users/${id}`,
        patch(
          { op: 'Replace', path: 'name.givenName', value: 'Adela' },
          { op: 'Replace', path: 'title', value: 'Store Lead' },
        ),
      );
      const group = await client.write('POST', '/Groups', {
        schemas: [CORE_GROUP],
        externalId: 'g-1',
        displayName: 'EU Store Managers',
        members: [],
      });
      await client.write(
        'PATCH',
        `/Groups/${group.id as string}`,
        patch({ op: 'Add', path: 'members', value: [{ value: id }] }),
      );
      await client.settled();
      expect(simulator.model.getUserByUsername(userName)).toMatchObject({
        firstName: 'Adela',
        title: 'Store Lead',
      });
      expect(accountOf(simulator, userName)?.roles).toContain('RETAILER_199_STORE_MANAGER');

      const inspected = await client.admin('GET', `/users/${id}`);
      expect(inspected.status).toBe(200);
      const managerRole = (inspected.json.effectiveRoles as { name: string; sources: unknown[] }[]).find(
        (role) => role.name === 'RETAILER_199_STORE_MANAGER',
      );
      expect(managerRole?.sources).toEqual([
        {
          type: 'group',
          name: 'RETAILER_199_STORE_MANAGER',
          group: { id: group.id, displayName: 'EU Store Managers' },
          via: 'group-roles',
        },
      ]);
      expect(inspected.json.platform).toMatchObject({ exists: true, linked: true, createdByConnector: true });
      // userName compares case-insensitively (RFC 7643 section 4.1.1), so an admin may type it any way.
      const byUserName = await client.admin(
        'GET',
        `/users/by-username/${encodeURIComponent(userName.toUpperCase())}`,
      );
      expect(byUserName.status).toBe(200);
      expect(byUserName.json).toMatchObject({ id, userName });
      // The group PATCH can land while a cycle for the user PATCH is in flight; that cycle already sees the
      // membership, and the re-run the second mark causes then finds nothing left to do ('none').
      expect(['update', 'none']).toContain((inspected.json.lastDecision as { outcome: string }).outcome);
      const updates = await client.admin('GET', `/audit?userId=${id}&limit=20`);
      expect((updates.json.entries as { outcome: string }[]).map((e) => e.outcome)).toContain('update');

      await client.write('PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: 'False' }));
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({ status: 'INACTIVE', roles: [] });
      const deactivated = await client.scim('GET', `/Users/${id}`);
      expect(deactivated.json[CONNECTOR_USER]).toMatchObject({ platformStatus: 'INACTIVE' });

      await client.write('PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: 'True' }));
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({
        status: 'ACTIVE',
        roles: ['AGENT_134_STORE_ASSISTANT', 'RETAILER_199_STORE_MANAGER', ...STORE_COLLEAGUE_ROLES].sort(),
      });

      await client.write(
        'PATCH',
        `/Groups/${group.id as string}`,
        patch({ op: 'Remove', path: 'members', value: [{ value: id }] }),
      );
      await client.settled();
      expect(accountOf(simulator, userName)?.roles).not.toContain('RETAILER_199_STORE_MANAGER');

      const deleted = await client.scim('DELETE', `/Users/${id}`);
      expect(deleted.status).toBe(204);
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({ status: 'INACTIVE', roles: [] });
      expect(simulator.model.listUsers({ username: [userName] })).toHaveLength(1);

      expect((await client.admin('GET', '/audit?limit=0')).json).toEqual({
        error: 'limit must be an integer from 1 to 1000, got "0".',
        parameter: 'limit',
      });
      expect((await client.admin('GET', '/users/no-such-id')).status).toBe(404);
      // Deleted users are not found by name; quotes and backslashes in a name are data, not filter syntax.
      expect((await client.admin('GET', `/users/by-username/${encodeURIComponent(userName)}`)).status).toBe(
        404,
      );
      const odd = await client.admin(
        'GET',
        `/users/by-username/${encodeURIComponent('a" or userName pr or "\\')}`,
      );
      expect(odd.status).toBe(404);
      const audit = await client.admin('GET', `/audit?userId=${id}&limit=20`);
      const outcomes = (audit.json.entries as { outcome: string; trigger: string }[])
        .map((e) => e.outcome)
        .reverse();
      expect(outcomes[0]).toBe('create');
      expect(outcomes.at(-1)).toBe('deactivate');
      expect(outcomes).toContain('deactivate');
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'carries out an Okta lifecycle: roles by group push, PUT updates, PUT deactivation',
    async () => {
      const { client, simulator } = await start();
      const userName = 'isaac.brock@example.okta';
      const userBody = (extra: Record<string, unknown>) => ({
        schemas: [CORE_USER],
        userName,
        name: { givenName: 'Isaac', familyName: 'Brock' },
        emails: [{ primary: true, value: userName, type: 'work' }],
        displayName: 'Isaac Brock',
        locale: 'en-US',
        externalId: '00ujl29u0le5T6Aj10h7',
        groups: [],
        password: '1mz050nq',
        active: true,
        ...extra,
      });
      const created = await client.write('POST', '/Users', userBody({}));
      const id = created.id as string;
      await client.settled();
      // No role anywhere yet: no account, and the IdP sees why.
      expect(accountOf(simulator, userName)).toBeUndefined();
      const blocked = await client.scim('GET', `/Users/${id}`);
      expect(blocked.json[CONNECTOR_USER]).toMatchObject({
        platformStatus: 'ABSENT',
        blockedReasons: ['no-roles'],
      });

      const group = await client.write('POST', '/Groups', {
        schemas: [CORE_GROUP],
        displayName: 'Store 135',
        members: [{ value: id, display: userName }],
      });
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({ status: 'ACTIVE', roles: ['AGENT_135_STORE'] });

      await client.write(
        'PUT',
        `/Users/${id}`,
        userBody({ name: { givenName: 'Ike', familyName: 'Brock' }, title: 'Clerk' }),
      );
      await client.write('PUT', `/Groups/${group.id as string}`, {
        schemas: [CORE_GROUP],
        id: group.id,
        displayName: 'Store 136',
        members: [{ value: id, display: userName }],
      });
      await client.settled();
      expect(simulator.model.getUserByUsername(userName)).toMatchObject({ firstName: 'Ike', title: 'Clerk' });
      expect(accountOf(simulator, userName)).toEqual({ status: 'ACTIVE', roles: ['AGENT_136_STORE'] });

      await client.write('PUT', `/Users/${id}`, userBody({ active: false }));
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({ status: 'INACTIVE', roles: [] });
      await client.write('PUT', `/Users/${id}`, userBody({ active: true }));
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({ status: 'ACTIVE', roles: ['AGENT_136_STORE'] });
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'fans a group change out to a few hundred members',
    async () => {
      const { client, simulator } = await start({ SYNC_CONCURRENCY: '32' });
      const names = Array.from({ length: 300 }, (_, i) => `member${i}@fanout.example`);
      const ids: string[] = [];
      for (let i = 0; i < names.length; i += 25) {
        const batch = names.slice(i, i + 25);
        const created = await Promise.all(
          batch.map((userName) =>
            client.write('POST', '/Users', { schemas: [CORE_USER], userName, emails: [{ value: userName }] }),
          ),
        );
        ids.push(...created.map((user) => user.id as string));
      }
      const group = await client.write('POST', '/Groups', {
        schemas: [CORE_GROUP],
        displayName: 'Store 137',
        members: ids.map((value) => ({ value })),
      });
      await client.settled(60_000);
      expect(names.filter((name) => accountOf(simulator, name)?.roles.join() !== 'AGENT_137_STORE')).toEqual(
        [],
      );

      await client.write(
        'PATCH',
        `/Groups/${group.id as string}`,
        patch({ op: 'replace', path: 'displayName', value: 'Store 138 assistants' }),
      );
      await client.settled(60_000);
      expect(
        names.filter((name) => accountOf(simulator, name)?.roles.join() !== 'AGENT_138_STORE_ASSISTANT'),
      ).toEqual([]);
      expect(simulator.model.userCount).toBe(300);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'converges after the platform was down for a while, losing nothing',
    async () => {
      const { client, simulator } = await start();
      simulator.faults.set({ outage: true });
      const names = Array.from({ length: 12 }, (_, i) => `outage${i}@example.com`);
      for (const userName of names) {
        await client.write('POST', '/Users', {
          schemas: [CORE_USER],
          userName,
          emails: [{ value: userName, primary: true }],
          roles: [{ value: 'AGENT_139_STORE' }],
        });
      }
      // Wait until the worker has met the outage and put users back for a retry.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const metrics = await fetch(`${client.url}/metrics`).then((response) => response.text());
        if (/^scim_sync_retries_total [1-9]/m.test(metrics)) break;
        if (Date.now() > deadline) throw new Error('the worker never retried during the outage');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(simulator.model.userCount).toBe(0);
      simulator.faults.reset();
      const queue = await client.settled(60_000);
      expect(queue.parked).toBe(0);
      for (const userName of names) {
        expect(accountOf(simulator, userName)).toEqual({ status: 'ACTIVE', roles: ['AGENT_139_STORE'] });
      }
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'parks a user the platform refuses, shows it, and retries it when an admin asks',
    async () => {
      const { client, simulator } = await start();
      simulator.faults.set({ failingUsernames: ['refused@example.com'] });
      const refused = await client.write('POST', '/Users', {
        schemas: [CORE_USER],
        userName: 'refused@example.com',
        emails: [{ value: 'refused@example.com' }],
        roles: [{ value: 'AGENT_140_STORE' }],
      });
      await client.write('POST', '/Users', {
        schemas: [CORE_USER],
        userName: 'fine@example.com',
        emails: [{ value: 'fine@example.com' }],
        roles: [{ value: 'AGENT_140_STORE' }],
      });
      const queue = await client.settled();
      expect(queue.parked).toBe(1);
      expect(accountOf(simulator, 'fine@example.com')?.status).toBe('ACTIVE');
      const sync = await client.admin('GET', '/sync');
      expect(sync.json.parked).toMatchObject([{ userId: refused.id, userName: 'refused@example.com' }]);
      const metrics = await fetch(`${client.url}/metrics`).then((response) => response.text());
      expect(metrics).toMatch(/^scim_sync_parked_users 1$/m);
      expect(metrics).toMatch(/^scim_sync_pushes_total\{outcome="create",result="ok"\} 1$/m);
      expect(metrics).toMatch(
        /^scim_platform_request_duration_seconds_count\{operation="createUser",result="ok"\} 1$/m,
      );

      simulator.faults.reset();
      const retried = await client.admin('POST', '/sync/retry', { userId: refused.id });
      expect(retried.json).toEqual({ unparked: 1, userId: refused.id });
      expect((await client.settled()).parked).toBe(0);
      expect(accountOf(simulator, 'refused@example.com')).toEqual({
        status: 'ACTIVE',
        roles: ['AGENT_140_STORE'],
      });
    },
    E2E_TIMEOUT_MS,
  );

  describe('rules reload', () => {
    let rulesDir: string;
    beforeEach(async () => {
      rulesDir = await mkdtemp(path.join(tmpdir(), 'scim-rules-'));
      await cp(RULES_DIR, rulesDir, { recursive: true });
    });
    afterEach(async () => {
      await rm(rulesDir, { recursive: true, force: true });
    });

    it(
      'keeps the old rules on a broken folder and re-decides everyone on a good one',
      async () => {
        const { client, simulator } = await start({ RULES_DIR: rulesDir });
        const user = await client.write('POST', '/Users', {
          schemas: [CORE_USER],
          userName: 'grouped@example.com',
          emails: [{ value: 'grouped@example.com' }],
        });
        await client.write('POST', '/Groups', {
          schemas: [CORE_GROUP],
          displayName: 'Paris Staff',
          members: [{ value: user.id }],
        });
        await client.settled();
        expect(accountOf(simulator, 'grouped@example.com')).toBeUndefined();

        const groupRoles = path.join(rulesDir, 'group-roles.json');
        await writeFile(
          groupRoles,
          '{"groups": [{"displayName": "Paris Staff", "roles": ["AGENT_138_STORE"]}',
        );
        const rejected = await client.admin('POST', '/rules/reload');
        expect(rejected.status).toBe(400);
        expect(rejected.json.error).toMatch(/previous rules stay in force/);
        expect((rejected.json.problems as { file: string }[])[0]?.file).toContain('group-roles.json');

        await writeFile(
          groupRoles,
          '{"groups": [{"displayName": "Paris Staff", "roles": ["AGENT_138_STORE"]}]}',
        );
        const reloaded = await client.admin('POST', '/rules/reload');
        expect(reloaded.status).toBe(200);
        expect(reloaded.json).toEqual({ reloaded: true, markedUsers: 1 });
        await client.settled();
        expect(accountOf(simulator, 'grouped@example.com')).toEqual({
          status: 'ACTIVE',
          roles: ['AGENT_138_STORE'],
        });
        expect(await readFile(groupRoles, 'utf8')).toContain('Paris Staff');
      },
      E2E_TIMEOUT_MS,
    );
  });

  it(
    "creates accounts with the profile defaults of the platform plugin's options file",
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'platform-options-'));
      try {
        const optionsFile = path.join(dir, 'platform.json');
        await writeFile(
          optionsFile,
          JSON.stringify({ defaults: { timezone: 'Australia/Sydney', language: 'en-AU' } }),
        );
        const { client, simulator } = await start({ PLATFORM_OPTIONS_FILE: optionsFile });
        await client.write('POST', '/Users', {
          schemas: [CORE_USER],
          userName: 'defaults@example.com',
          emails: [{ value: 'defaults@example.com' }],
          roles: [{ value: 'AGENT_134_STORE' }],
        });
        await client.settled();
        const account = simulator.model.getUserByUsername('defaults@example.com');
        // The type is governance's, from the AGENT role: the options file no longer sets one.
        expect(account).toMatchObject({
          status: 'ACTIVE',
          timezone: 'Australia/Sydney',
          type: 'LOCATION',
          primaryLocationId: '134',
        });
        expect(account?.language?.value).toBe('en-AU');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'counts the role catalogue and context lookups among the platform requests in /metrics',
    async () => {
      const { client } = await start();
      await client.write('POST', '/Users', {
        schemas: [CORE_USER],
        userName: 'catalogued@example.com',
        emails: [{ value: 'catalogued@example.com' }],
        roles: [{ value: 'AGENT_134_STORE' }],
      });
      await client.settled();
      const metrics = await fetch(`${client.url}/metrics`).then((response) => response.text());
      expect(metrics).toMatch(
        /^scim_platform_request_duration_seconds_count\{operation="listRoles",result="ok"\} [1-9]/m,
      );
      expect(metrics).toMatch(
        /^scim_platform_request_duration_seconds_count\{operation="contextExists",result="ok"\} [1-9]/m,
      );
    },
    E2E_TIMEOUT_MS,
  );
});
