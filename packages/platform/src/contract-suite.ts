/**
 * The contract every PlatformClient must honour, as a vitest suite a plugin's own test file calls:
 *
 *   platformContractSuite('fluent over HTTP', async () => ({ client, seed, failRequests, clearFaults, close }));
 *
 * Each test gets a fresh subject and uses its own usernames, so the suite also runs against a long-lived platform.
 * Plugins that retry transient failures should be built with a small retry budget here: the fault tests expect the
 * call to give up with a transient PlatformError within vitest's default timeout.
 */
import { randomUUID } from 'node:crypto';
import { type ContextType, formatRoleName, type RoleRef } from '@scim-connector/role-grammar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type NewPlatformUser, type PlatformClient, PlatformError, type PlatformUser } from './contract.ts';

export interface ContractContext {
  contextType: ContextType;
  contextId: string;
}

/** Facts about the platform the subject runs against, which the suite relies on. */
export interface ContractSeed {
  /** Two distinct role names in the platform's catalogue. */
  roles: readonly [string, string];
  /** Two distinct contexts that exist on the platform. */
  contexts: readonly [ContractContext, ContractContext];
  /** A context that does not exist. */
  missingContext: ContractContext;
  /** A setting the platform holds, and its JSON value. */
  setting: { name: string; context?: ContractContext; value: unknown };
}

export interface ContractSubject {
  client: PlatformClient;
  seed: ContractSeed;
  /** From now until `clearFaults`, every platform request is answered with this HTTP status. */
  failRequests(status: 429 | 503): void;
  clearFaults(): void;
  close?(): Promise<void>;
}

export function platformContractSuite(name: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`platform contract: ${name}`, () => {
    let subject: ContractSubject;
    let client: PlatformClient;
    let seed: ContractSeed;
    const run = randomUUID().slice(0, 8);
    let counter = 0;
    /** A username no other test (nor an earlier run) has used. */
    const freshUsername = (label: string) => `contract-${run}-${++counter}-${label}@example.com`;

    const assign = (role: string, context: ContractContext): RoleRef => ({ ...context, role });
    const newUser = (label: string, roles: RoleRef[], status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE') => {
      const username = freshUsername(label);
      const user: NewPlatformUser = {
        username,
        ref: username,
        status,
        profile: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          primaryEmail: username,
          timezone: 'Europe/London',
        },
        userType: { type: 'ADMIN' },
        roles,
      };
      return user;
    };

    beforeEach(async () => {
      subject = await makeSubject();
      client = subject.client;
      seed = subject.seed;
    });
    afterEach(async () => {
      subject.clearFaults();
      await subject.close?.();
    });

    it('lists the role catalogue', async () => {
      const roles = await client.listRoles();
      expect(roles).toEqual(expect.arrayContaining([...seed.roles]));
      expect(new Set(roles).size).toBe(roles.length);
    });

    it('tells existing contexts from missing ones', async () => {
      for (const context of seed.contexts) {
        expect(await client.contextExists(context.contextType, context.contextId)).toBe(true);
      }
      expect(await client.contextExists(seed.missingContext.contextType, seed.missingContext.contextId)).toBe(
        false,
      );
    });

    it('reads a setting, and answers undefined for an absent one', async () => {
      expect(await client.readSetting(seed.setting.name, seed.setting.context)).toEqual(seed.setting.value);
      expect(await client.readSetting(`contract.absent.${run}`, seed.setting.context)).toBeUndefined();
    });

    it('lists every account page by page, each once, with a cursor that survives new accounts', async () => {
      const created = [];
      for (const label of ['list-a', 'list-b', 'list-c']) {
        created.push(await client.createUser(newUser(label, [assign(seed.roles[0], seed.contexts[0])])));
      }
      const seen = new Map<string, string>();
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await client.listUsers({ limit: 2, ...(after !== undefined && { after }) });
        expect(page.users.length).toBeLessThanOrEqual(2);
        if (pages === 0)
          await client.createUser(newUser('list-late', [assign(seed.roles[0], seed.contexts[0])]));
        for (const user of page.users) {
          expect(seen.has(user.id)).toBe(false);
          seen.set(user.id, user.username);
        }
        after = page.nextCursor;
        pages++;
      } while (after !== undefined && pages < 10_000);
      for (const user of created) expect(seen.get(user.id)).toBe(user.username);
      const listed = [...seen.keys()];
      const [first] = created;
      const account =
        first && (await client.listUsers({ limit: listed.length + 5 })).users.find((u) => u.id === first.id);
      expect(roleNames(account?.roles ?? [])).toEqual([
        formatRoleName(assign(seed.roles[0], seed.contexts[0])),
      ]);
    });

    it('finds no user for an unknown username', async () => {
      expect(await client.findUserByUsername(freshUsername('absent'))).toBeUndefined();
    });

    it('creates a user and finds it again by its exact username', async () => {
      const [role0, role1] = seed.roles;
      const [context0, context1] = seed.contexts;
      const wanted = newUser('create', [
        assign(role0, context0),
        assign(role1, context0),
        assign(role1, context1),
      ]);
      const created = await client.createUser(wanted);
      expect(created.id).toMatch(/\S/);
      expect(created).toMatchObject({ username: wanted.username, ref: wanted.ref, status: 'ACTIVE' });
      expect(created.profile).toMatchObject(wanted.profile);
      expect(roleNames(created.roles)).toEqual(roleNames(wanted.roles));

      const found = await client.findUserByUsername(wanted.username);
      expect(found).toMatchObject({ id: created.id, username: wanted.username, status: 'ACTIVE' });
      expect(found?.profile).toMatchObject(wanted.profile);
      expect(roleNames(found?.roles ?? [])).toEqual(roleNames(wanted.roles));
      expect(await client.findUserByUsername(wanted.username.slice(0, -4))).toBeUndefined();
    });

    it('answers look-ups made at once each with its own account, or none', async () => {
      const [role0] = seed.roles;
      const [context0] = seed.contexts;
      const wanted = [newUser('at-once-a', [assign(role0, context0)]), newUser('at-once-b', [])];
      const created = await Promise.all(wanted.map((user) => client.createUser(user)));
      const asked = [wanted[1]?.username, freshUsername('at-once-absent'), wanted[0]?.username];
      const found = await Promise.all(asked.map((username) => client.findUserByUsername(String(username))));
      expect(found.map((user) => user?.id)).toEqual([created[1]?.id, undefined, created[0]?.id]);
      expect(roleNames(found[2]?.roles ?? [])).toEqual(roleNames(wanted[0]?.roles ?? []));
    });

    it('creates a user INACTIVE when asked', async () => {
      const wanted = newUser('inactive', [assign(seed.roles[0], seed.contexts[0])], 'INACTIVE');
      const created = await client.createUser(wanted);
      expect(created.status).toBe('INACTIVE');
      expect((await client.findUserByUsername(wanted.username))?.status).toBe('INACTIVE');
    });

    it('refuses a second user with the same username, permanently', async () => {
      const wanted = newUser('duplicate', [assign(seed.roles[0], seed.contexts[0])]);
      await client.createUser(wanted);
      expectPermanent(await failureOf(client.createUser({ ...wanted, ref: `${wanted.ref}-2` })));
    });

    it('updates only the profile fields given and leaves roles alone', async () => {
      const wanted = newUser('profile', [assign(seed.roles[0], seed.contexts[0])]);
      const created = await client.createUser(wanted);
      const updated = await client.updateUser(created.id, {
        profile: { firstName: 'Grace', department: 'Ops' },
      });
      const expectedProfile = { ...wanted.profile, firstName: 'Grace', department: 'Ops' };
      expect(updated.profile).toMatchObject(expectedProfile);
      const found = await client.findUserByUsername(wanted.username);
      expect(found?.profile).toMatchObject(expectedProfile);
      expect(roleNames(found?.roles ?? [])).toEqual(roleNames(wanted.roles));
    });

    it('creates a user with the type decided and changes it, with the primary context it needs', async () => {
      const retailer = seed.contexts.find((context) => context.contextType === 'RETAILER');
      const location = seed.contexts.find((context) => context.contextType === 'AGENT');
      if (retailer === undefined || location === undefined)
        throw new Error('the contract seed needs a RETAILER and an AGENT context among its contexts');
      const wanted = {
        ...newUser('type', [assign(seed.roles[0], retailer)]),
        userType: { type: 'RETAILER', primaryRetailer: retailer.contextId } as const,
      };
      const created = await client.createUser(wanted);
      expect(created.userType).toEqual(wanted.userType);
      expect((await client.findUserByUsername(wanted.username))?.userType).toEqual(wanted.userType);
      const toLocation = { type: 'LOCATION', primaryLocation: location.contextId } as const;
      expect((await client.updateUser(created.id, { userType: toLocation })).userType).toEqual(toLocation);
      const found = await client.findUserByUsername(wanted.username);
      expect(found?.userType).toEqual(toLocation);
      expect(roleNames(found?.roles ?? [])).toEqual(roleNames(wanted.roles));
      expect((await client.updateUser(created.id, { userType: { type: 'ADMIN' } })).userType).toEqual({
        type: 'ADMIN',
      });
      // Reconciliation reads accounts only by the page: the type must be there too (user-type drift).
      await client.updateUser(created.id, { userType: toLocation });
      expect((await listedUser(client, created.id))?.userType).toEqual(toLocation);
    });

    it('deactivates and reactivates a user without touching its roles', async () => {
      const wanted = newUser('status', [assign(seed.roles[0], seed.contexts[0])]);
      const created = await client.createUser(wanted);
      expect((await client.updateUser(created.id, { status: 'INACTIVE' })).status).toBe('INACTIVE');
      const inactive = await client.findUserByUsername(wanted.username);
      expect(inactive?.status).toBe('INACTIVE');
      expect(roleNames(inactive?.roles ?? [])).toEqual(roleNames(wanted.roles));
      expect((await client.updateUser(created.id, { status: 'ACTIVE' })).status).toBe('ACTIVE');
      expect((await client.findUserByUsername(wanted.username))?.status).toBe('ACTIVE');
    });

    it('adds role assignments idempotently', async () => {
      const [role0, role1] = seed.roles;
      const [context0, context1] = seed.contexts;
      const created = await client.createUser(newUser('add', [assign(role0, context0)]));
      const additions = [assign(role0, context0), assign(role0, context1), assign(role1, context1)];
      await client.addRoles(created.id, additions);
      await client.addRoles(created.id, additions);
      const found = await client.findUserByUsername(created.username);
      expect(roleNames(found?.roles ?? [])).toEqual(roleNames(additions));
    });

    it('removes role assignments per context, idempotently', async () => {
      const [role0, role1] = seed.roles;
      const [context0, context1] = seed.contexts;
      const created = await client.createUser(
        newUser('remove', [assign(role0, context0), assign(role0, context1), assign(role1, context0)]),
      );
      await client.removeRoles(created.id, [assign(role0, context0)]);
      await client.removeRoles(created.id, [assign(role0, context0), assign(role1, context1)]);
      let found = await client.findUserByUsername(created.username);
      expect(roleNames(found?.roles ?? [])).toEqual(
        roleNames([assign(role0, context1), assign(role1, context0)]),
      );
      await client.removeRoles(created.id, [assign(role0, context1), assign(role1, context0)]);
      found = await client.findUserByUsername(created.username);
      expect(found?.roles).toEqual([]);
    });

    it('rejects an unknown role on create as a permanent error and creates nothing', async () => {
      const wanted = newUser('unknown-role', [assign(`NO_SUCH_ROLE_${run}`, seed.contexts[0])]);
      expectPermanent(await failureOf(client.createUser(wanted)));
      expect(await client.findUserByUsername(wanted.username)).toBeUndefined();
    });

    it('rejects an unknown role on addRoles as a permanent error', async () => {
      const created = await client.createUser(
        newUser('unknown-add', [assign(seed.roles[0], seed.contexts[0])]),
      );
      expectPermanent(
        await failureOf(client.addRoles(created.id, [assign(`NO_SUCH_ROLE_${run}`, seed.contexts[0])])),
      );
    });

    it('carries out changes made at once each on its own account, and refuses only the bad one', async () => {
      const [role0, role1] = seed.roles;
      const [context0, context1] = seed.contexts;
      const [first, second, third] = await Promise.all(
        ['at-once-1', 'at-once-2', 'at-once-3'].map((label) =>
          client.createUser(newUser(label, [assign(role0, context0)])),
        ),
      );
      const [added, deactivated, refused] = await Promise.allSettled([
        client.addRoles(String(first?.id), [assign(role1, context1)]),
        client.updateUser(String(second?.id), { status: 'INACTIVE' }),
        client.addRoles(String(third?.id), [assign(`NO_SUCH_ROLE_${run}`, context0)]),
      ]);
      expect([added.status, deactivated.status]).toEqual(['fulfilled', 'fulfilled']);
      expect(deactivated).toMatchObject({ value: { id: second?.id, status: 'INACTIVE' } });
      expect(refused.status).toBe('rejected');
      if (refused.status === 'rejected') expectPermanent(refused.reason);
      const found = await Promise.all(
        [first, second, third].map((user) => client.findUserByUsername(String(user?.username))),
      );
      expect(found.map((user) => user?.status)).toEqual(['ACTIVE', 'INACTIVE', 'ACTIVE']);
      expect(found.map((user) => roleNames(user?.roles ?? []))).toEqual([
        roleNames([assign(role0, context0), assign(role1, context1)]),
        roleNames([assign(role0, context0)]),
        roleNames([assign(role0, context0)]),
      ]);
    });

    it('rejects an update of a user that does not exist as a permanent error', async () => {
      expectPermanent(await failureOf(client.updateUser('987654321987', { status: 'INACTIVE' })));
    });

    it.each([503, 429] as const)('classifies HTTP %i from the platform as transient', async (status) => {
      subject.failRequests(status);
      const failure = await failureOf(client.findUserByUsername(freshUsername('fault')));
      expect(failure).toBeInstanceOf(PlatformError);
      expect((failure as PlatformError).transient).toBe(true);
      subject.clearFaults();
      expect(await client.findUserByUsername(freshUsername('recovered'))).toBeUndefined();
    });
  });
}

/** Canonical, sorted role names: assignment sets compare regardless of order. */
function roleNames(roles: readonly RoleRef[]): string[] {
  return roles.map(formatRoleName).sort();
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the platform call to fail, but it succeeded');
}

function expectPermanent(failure: unknown): void {
  expect(failure).toBeInstanceOf(PlatformError);
  expect((failure as PlatformError).transient).toBe(false);
}

/** An account as `listUsers` returns it, paging through every account until it is found. */
async function listedUser(client: PlatformClient, id: string): Promise<PlatformUser | undefined> {
  let after: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await client.listUsers({ limit: 50, ...(after !== undefined && { after }) });
    const found = page.users.find((user) => user.id === id);
    if (found !== undefined || page.nextCursor === undefined) return found;
    after = page.nextCursor;
  }
  return undefined;
}
