/**
 * Governance that fails closed, end to end over real HTTP (docs/architecture.md §5.2, docs/rules.md): a block
 * withholds grants but never a revocation, and what was withheld stays visible to the IdP (the SCIM extension)
 * and to admins (the admin view of a user, the audit log).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { accountOf, CONNECTOR_USER, startTestConnector, type TestConnector } from './connector-harness.ts';
import { testDatabases } from './databases.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const CONNECTOR_GROUP = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const E2E_TIMEOUT_MS = 90_000;

const replaceRoles = (...values: string[]) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: 'replace', path: 'roles', value: values.map((value) => ({ value })) }],
});

describe.each(testDatabases('governance'))('governance end to end ($name)', (database) => {
  let dispose: (() => Promise<void>) | undefined;

  async function start(): Promise<TestConnector> {
    const opened = await database.open();
    const connector = await startTestConnector(opened.store);
    dispose = async () => {
      await connector.stop();
      await opened.dispose();
    };
    return connector;
  }

  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it(
    'a role reduction goes through while a grant beside it is blocked; a user left with only unresolved roles becomes INACTIVE',
    async () => {
      const { client, simulator } = await start();
      const userName = 'reduced@example.com';
      const created = await client.write('POST', '/Users', {
        schemas: [CORE_USER],
        userName,
        emails: [{ value: userName, primary: true }],
        roles: [{ value: 'AGENT_134_STORE' }, { value: 'AGENT_134_GRAPHQL' }],
      });
      const id = created.id as string;
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({
        status: 'ACTIVE',
        roles: ['AGENT_134_GRAPHQL', 'AGENT_134_STORE'],
      });

      // GRAPHQL is taken away; RETURNS_MANAGER (known) is granted beside a misspelt role that does not resolve.
      await client.write(
        'PATCH',
        `/Users/${id}`,
        replaceRoles('AGENT_134_STORE', 'AGENT_134_RETURNS_MANAGER', 'AGENT_134_RETURNS_MANGER'),
      );
      await client.settled();
      expect(accountOf(simulator, userName), 'the reduction went through, the grant did not').toEqual({
        status: 'ACTIVE',
        roles: ['AGENT_134_STORE'],
      });

      const resource = await client.scim('GET', `/Users/${id}`);
      expect(resource.json[CONNECTOR_USER]).toMatchObject({
        platformStatus: 'ACTIVE',
        blockedReasons: ['unresolved-role'],
      });
      const inspected = await client.admin('GET', `/users/${id}`);
      expect(inspected.status).toBe(200);
      expect(inspected.json.lastDecision).toMatchObject({
        outcome: 'block',
        blockedReasons: ['unresolved-role'],
        unresolved: [{ name: 'AGENT_134_RETURNS_MANGER', reason: 'unknown-role' }],
      });
      const audit = await client.admin('GET', `/audit?userId=${id}&limit=5`);
      const [latest] = audit.json.entries as { outcome: string; changes: Record<string, unknown> }[];
      expect(latest).toMatchObject({
        outcome: 'block',
        changes: {
          removeRoles: ['AGENT_134_GRAPHQL'],
          addRoles: [],
          applied: true,
          withheld: { reasons: ['unresolved-role'], addRoles: ['AGENT_134_RETURNS_MANAGER'] },
        },
      });

      // Only the misspelt role is left: no role on the platform, so the account is deactivated (fails closed).
      await client.write('PATCH', `/Users/${id}`, replaceRoles('AGENT_134_RETURNS_MANGER'));
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({ status: 'INACTIVE', roles: [] });
      const deactivated = await client.scim('GET', `/Users/${id}`);
      expect(deactivated.json[CONNECTOR_USER]).toMatchObject({
        platformStatus: 'INACTIVE',
        blockedReasons: ['unresolved-role'],
      });
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'attack: a group named like the account admin role, renamed to it, or given it in its roles extension by a crafted PATCH grants nothing',
    async () => {
      const { client, simulator } = await start();
      const userName = 'mallory@example.com';
      const created = await client.write('POST', '/Users', {
        schemas: [CORE_USER],
        userName,
        emails: [{ value: userName, primary: true }],
        roles: [{ value: 'AGENT_134_STORE' }],
      });
      const id = created.id as string;
      await client.write('POST', '/Groups', {
        schemas: [CORE_GROUP],
        displayName: ' account_0_ADMIN ',
        members: [{ value: id }],
      });
      const lunch = await client.write('POST', '/Groups', {
        schemas: [CORE_GROUP],
        displayName: 'Lunch club',
        members: [{ value: id }],
      });
      await client.write('PATCH', `/Groups/${lunch.id as string}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'displayName', value: 'ACCOUNT_0_ADMIN' }],
      });
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({ status: 'ACTIVE', roles: ['AGENT_134_STORE'] });
      const inspected = await client.admin('GET', `/users/${id}`);
      expect((inspected.json.effectiveRoles as { name: string }[]).map((role) => role.name)).toEqual([
        'AGENT_134_STORE',
      ]);

      // The roles extension cannot carry an ACCOUNT role either (privilegedRoles): refused, and it blocks grants.
      await client.write('PATCH', `/Groups/${lunch.id as string}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: `${CONNECTOR_GROUP}:roles`, value: [{ value: 'ACCOUNT_0_ADMIN' }] }],
      });
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({ status: 'ACTIVE', roles: ['AGENT_134_STORE'] });
      const resource = await client.scim('GET', `/Users/${id}`);
      expect(resource.json[CONNECTOR_USER]).toMatchObject({ blockedReasons: ['unresolved-role'] });
      const refused = await client.admin('GET', `/users/${id}`);
      expect(refused.json.unresolved).toMatchObject([
        { name: 'ACCOUNT_0_ADMIN', source: 'group', reason: 'source-not-allowed' },
      ]);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'the user type comes from the roles: only a RETAILER role makes a RETAILER with primaryRetailer, an IdP userType ADMIN makes no ADMIN',
    async () => {
      const { client, simulator } = await start();
      const userName = 'retail-lead@example.com';
      const created = await client.write('POST', '/Users', {
        schemas: [CORE_USER],
        userName,
        userType: 'ADMIN',
        emails: [{ value: userName, primary: true }],
        roles: [{ value: 'RETAILER_199_STORE_MANAGER' }],
      });
      const id = created.id as string;
      await client.settled();
      expect(accountOf(simulator, userName)).toEqual({
        status: 'ACTIVE',
        roles: ['RETAILER_199_STORE_MANAGER'],
      });
      const account = simulator.model.getUserByUsername(userName);
      expect(account?.type, 'the IdP sent userType ADMIN; the roles say RETAILER').toBe('RETAILER');
      expect(account?.primaryRetailerId).toBe('199');

      const inspected = await client.admin('GET', `/users/${id}`);
      expect(inspected.status).toBe(200);
      expect(inspected.json.currentDecision).toMatchObject({
        userType: {
          userType: { type: 'RETAILER', primaryRetailer: '199' },
          from: 'roles',
          role: 'RETAILER_199_STORE_MANAGER',
        },
      });
      expect(inspected.json.lastDecision).toMatchObject({
        userType: { type: 'RETAILER', primaryRetailer: '199' },
      });
      expect(inspected.json.platform).toMatchObject({
        account: { userType: { type: 'RETAILER', primaryRetailer: '199' } },
      });

      // Given an ACCOUNT role the account becomes ADMIN; without it again, RETAILER once more.
      await client.write(
        'PATCH',
        `/Users/${id}`,
        replaceRoles('RETAILER_199_STORE_MANAGER', 'ACCOUNT_0_ADMIN'),
      );
      await client.settled();
      expect(simulator.model.getUserByUsername(userName)?.type).toBe('ADMIN');
      await client.write('PATCH', `/Users/${id}`, replaceRoles('RETAILER_199_STORE_MANAGER'));
      await client.settled();
      expect(simulator.model.getUserByUsername(userName)).toMatchObject({
        type: 'RETAILER',
        primaryRetailerId: '199',
      });
      expect(accountOf(simulator, userName)?.roles).toEqual(['RETAILER_199_STORE_MANAGER']);
    },
    E2E_TIMEOUT_MS,
  );
});
