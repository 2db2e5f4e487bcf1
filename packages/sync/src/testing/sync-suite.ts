/**
 * The sync cycle end to end over a real store: SCIM writes in, platform state out. Run once per database
 * (sync-engine.sqlite.test.ts, sync-engine.postgres.test.ts) so both dialects behave alike.
 */
import type { PlatformClient, PlatformUser } from '@scim-connector/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { type LinkRecord, readLink } from '../link-state.ts';
import {
  CONNECTOR_USER,
  createHarness,
  type Harness,
  type HarnessOptions,
  repositoryRules,
  type StoreOpener,
} from './harness.ts';

/** The user's link as the engine reads it. */
async function linkOf(h: Harness, userId: string): Promise<LinkRecord | undefined> {
  const stored = await h.store.getLink(userId);
  return stored && readLink(stored);
}

const D = 'AGENT_134_STORE_ASSISTANT';
const LOGICAL = 'AGENT_134_Store_Colleague';
const LOGICAL_TARGETS = [
  'AGENT_134_CUSTOMER_COLLECTION_MANAGER',
  'AGENT_134_RETURNS_MANAGER',
  'AGENT_134_STORE',
];
const UNKNOWN_A = 'AGENT_134_NOT_A_ROLE';
const UNKNOWN_B = 'RETAILER_199_NO_SUCH_ROLE';

export function syncEngineSuite(label: string, openStore: StoreOpener): void {
  describe(`sync engine (${label})`, () => {
    let open: Harness[] = [];
    afterEach(async () => {
      for (const harness of open) await harness.close();
      open = [];
    });
    async function harnessWith(options: HarnessOptions = {}): Promise<Harness> {
      const harness = await createHarness(openStore, options);
      open.push(harness);
      return harness;
    }

    it("follows the scenario table of Fluent's SCIM connector documentation", async () => {
      const h = await harnessWith();
      await h.createUser('none@example.com');
      await h.createUser('d@example.com', [D]);
      await h.createUser('c@example.com', [LOGICAL]);
      await h.createUser('cd@example.com', [LOGICAL, D]);
      await h.createUser('ab@example.com', [UNKNOWN_A, UNKNOWN_B]);
      await h.createUser('abc@example.com', [UNKNOWN_A, UNKNOWN_B, LOGICAL]);
      const summary = await h.engine.drain();

      expect(summary).toMatchObject({ claimed: 6, created: 3, blocked: 3, deferred: 0, parked: 0 });
      expect(h.platformUser('none@example.com')).toBeUndefined();
      expect(h.platformUser('d@example.com')).toMatchObject({ status: 'ACTIVE', roles: [D] });
      expect(h.platformUser('c@example.com')?.roles).toEqual(LOGICAL_TARGETS);
      expect(h.platformUser('cd@example.com')?.roles).toEqual([...LOGICAL_TARGETS, D].sort());
      expect(h.platformUser('ab@example.com')).toBeUndefined();
      expect(h.platformUser('abc@example.com')).toBeUndefined();
      expect((await h.store.queueStats()).depth).toBe(0);
    });

    it('records pushes that finish together in one commit, each with its own audit entry', async () => {
      const h = await harnessWith();
      const batches: number[] = [];
      const recordSyncMany = h.store.recordSyncMany.bind(h.store);
      h.store.recordSyncMany = (records) => {
        batches.push(records.length);
        return recordSyncMany(records);
      };
      const ids: string[] = [];
      for (let index = 0; index < 12; index++) ids.push(await h.createUser(`batch${index}@example.com`, [D]));
      const summary = await h.engine.drain();

      expect(summary).toMatchObject({ claimed: 12, created: 12 });
      // Twelve pushes in flight at once finish in the same turns: fewer commits than pushes, none lost.
      expect(batches.reduce((sum, size) => sum + size, 0)).toBe(12);
      expect(batches.length).toBeLessThan(12);
      for (const id of ids) {
        expect(await h.store.listAudit({ userId: id, limit: 5 })).toEqual([
          expect.objectContaining({ userId: id, outcome: 'create' }),
        ]);
      }
      expect((await h.store.queueStats()).depth).toBe(0);
    });

    it("reads the states of a claim's users together, each user's own, and falls back to one by one", async () => {
      const h = await harnessWith();
      const batches: string[][] = [];
      const getPushStates = h.store.getPushStates.bind(h.store);
      let failNext = false;
      h.store.getPushStates = (userIds) => {
        batches.push([...userIds]);
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('one batched read failed'));
        }
        return getPushStates(userIds);
      };
      const ids: string[] = [];
      // Users of one claim with different roles, so a state handed to the wrong user shows on the platform.
      const rolesOf = (index: number) => (index % 3 === 0 ? [D] : index % 3 === 1 ? [LOGICAL] : [LOGICAL, D]);
      const expectedRoles = (roles: string[]) =>
        roles.flatMap((role) => (role === LOGICAL ? LOGICAL_TARGETS : [role])).sort();
      // Each user's link names the account made with that user's own name and roles.
      const expectOwnAccounts = async (from: number, to: number) => {
        for (let index = from; index < to; index++) {
          const user = h.platformUser(`read${index}@example.com`);
          expect(user?.status, `read${index}`).toBe('ACTIVE');
          expect(user?.roles, `read${index}`).toEqual(expectedRoles(rolesOf(index)));
          const link = await h.store.getLink(ids[index] as string);
          expect(link && readLink(link).link, `read${index}`).toMatchObject({
            kind: 'linked',
            platformUserId: user?.id,
          });
        }
      };
      for (let index = 0; index < 12; index++)
        ids.push(await h.createUser(`read${index}@example.com`, rolesOf(index)));
      expect(await h.engine.drain()).toMatchObject({ claimed: 12, created: 12 });
      // Twelve users claimed together start in the same turn: fewer reads than users, every user read once.
      expect(batches.flat().sort()).toEqual([...ids].sort());
      expect(batches.length).toBeLessThan(12);
      await expectOwnAccounts(0, 12);

      // A failed batched read costs no push: each user is read on its own instead.
      batches.length = 0;
      failNext = true;
      for (let index = 12; index < 16; index++)
        ids.push(await h.createUser(`read${index}@example.com`, rolesOf(index)));
      expect(await h.engine.drain()).toMatchObject({ claimed: 4, created: 4, deferred: 0 });
      expect(batches.length).toBeGreaterThan(0);
      await expectOwnAccounts(12, 16);
      expect((await h.store.queueStats()).depth).toBe(0);
    });

    it('stores the create intents of creates that start together in one commit, before any of them is made', async () => {
      const h = await harnessWith();
      const batches: string[][] = [];
      const createdTooSoon: string[] = [];
      const calls: Promise<void>[] = [];
      const saveLinks = h.store.saveLinks.bind(h.store);
      h.store.saveLinks = (links) => {
        const call = (async () => {
          batches.push(links.map((link) => link.userId));
          // An intent is what lets a crash after the create find the account again, so no create may start
          // before its intent is committed: a create that did not wait for this call would have run by now.
          await new Promise((resolve) => setTimeout(resolve, 20));
          for (const link of links) {
            const intent = readLink(link).link;
            if (intent?.kind !== 'creating' || h.platformUser(intent.username) !== undefined) {
              createdTooSoon.push(link.userId);
            }
          }
          await saveLinks(links);
        })();
        calls.push(call);
        return call;
      };
      const ids: string[] = [];
      for (let index = 0; index < 12; index++)
        ids.push(await h.createUser(`intent${index}@example.com`, [D]));
      const summary = await h.engine.drain();
      // A drain that did not wait for its intents could end before the checks above have run.
      await Promise.allSettled(calls);

      expect(summary).toMatchObject({ claimed: 12, created: 12 });
      expect(createdTooSoon).toEqual([]);
      expect(batches.flat().sort()).toEqual([...ids].sort());
      expect(batches.length).toBeLessThan(12);
      for (const id of ids) expect((await linkOf(h, id))?.link).toMatchObject({ kind: 'linked' });
    });

    it('creates an account, links it, audits the decision and shows it on the SCIM resource', async () => {
      const h = await harnessWith();
      const id = await h.createUser('alice@example.com', [D]);
      await h.engine.drain();

      const account = h.platformUser('alice@example.com');
      expect(account).toMatchObject({ status: 'ACTIVE', roles: [D] });
      expect((await linkOf(h, id))?.link).toEqual({
        kind: 'linked',
        platformUserId: account?.id,
        username: 'alice@example.com',
        createdByConnector: true,
        status: 'ACTIVE',
        roles: [D],
      });
      const [audit] = await h.store.listAudit({ userId: id, limit: 10 });
      expect(audit).toMatchObject({
        trigger: 'user.created',
        outcome: 'create',
        changes: { createAccount: true, addRoles: [D], applied: true },
      });
      expect(audit?.explanation).toMatchObject({ decidedBy: ['create-new-user'] });
      // The decision event carries governance's whole decision, for consumers that print or explain it.
      const decided = h.events.find((event) => event.type === 'decision');
      if (decided?.type !== 'decision') throw new Error('no decision event');
      expect(decided.decision).toMatchObject({ outcome: 'create', changes: { createAccount: true } });
      expect(decided.decision.explanation.decidedBy).toEqual(['create-new-user']);
      expect(await h.store.queueStats()).toMatchObject({ depth: 0, inFlight: 0 });
      const { json } = await h.scim('GET', `/Users/${id}`);
      expect(json[CONNECTOR_USER]).toMatchObject({
        platformStatus: 'ACTIVE',
        lastSyncedAt: h.clock.now().toISOString(),
      });
      expect(h.model.getUserByUsername('alice@example.com')).toMatchObject({
        firstName: 'Given',
        lastName: 'Family',
        primaryEmail: 'alice@example.com',
      });
    });

    it('updates profile and the exact role set, and does nothing when already in sync', async () => {
      const h = await harnessWith();
      const id = await h.createUser('bob@example.com', [D, 'AGENT_135_STORE']);
      await h.engine.drain();
      await h.patchUser(id, [
        { op: 'replace', path: 'name.givenName', value: 'Robert' },
        { op: 'remove', path: `roles[value eq "AGENT_135_STORE"]` },
        { op: 'add', path: 'roles', value: [{ value: 'RETAILER_199_STORE_MANAGER' }] },
      ]);
      const summary = await h.engine.drain();

      expect(summary.updated).toBe(1);
      expect(h.platformUser('bob@example.com')?.roles).toEqual([D, 'RETAILER_199_STORE_MANAGER']);
      expect(h.model.getUserByUsername('bob@example.com')?.firstName).toBe('Robert');

      await h.store.markDirty([id], 'resync');
      const again = await h.engine.drain();
      expect(again).toMatchObject({ claimed: 1, unchanged: 1 });
      const [audit] = await h.store.listAudit({ userId: id, limit: 1 });
      expect(audit).toMatchObject({ outcome: 'none', changes: { applied: false } });
    });

    it('deactivates (INACTIVE, every role withdrawn) and reactivation restores the roles', async () => {
      const h = await harnessWith();
      const id = await h.createUser('carol@example.com', [D, LOGICAL]);
      await h.engine.drain();
      await h.patchUser(id, [{ op: 'replace', path: 'active', value: false }]);
      await h.engine.drain();
      expect(h.platformUser('carol@example.com')).toMatchObject({ status: 'INACTIVE', roles: [] });
      const { json } = await h.scim('GET', `/Users/${id}`);
      expect(json[CONNECTOR_USER]).toMatchObject({ platformStatus: 'INACTIVE' });

      await h.patchUser(id, [{ op: 'replace', path: 'active', value: true }]);
      await h.engine.drain();
      expect(h.platformUser('carol@example.com')).toMatchObject({
        status: 'ACTIVE',
        roles: [...LOGICAL_TARGETS, D].sort(),
      });
    });

    it('deactivates a deleted user and never deletes the account', async () => {
      const h = await harnessWith();
      const id = await h.createUser('dave@example.com', [D]);
      await h.engine.drain();
      await h.scim('DELETE', `/Users/${id}`);
      await h.engine.drain();
      expect(h.platformUser('dave@example.com')).toMatchObject({ status: 'INACTIVE', roles: [] });
      const [audit] = await h.store.listAudit({ userId: id, limit: 1 });
      expect(audit).toMatchObject({ trigger: 'user.deleted', outcome: 'deactivate', reasons: ['deleted'] });
    });

    it('fans group changes out to members: join, leave, rename and delete', async () => {
      // A group's name grants nothing by itself: group-roles.json gives these two names their roles.
      const base = await repositoryRules();
      const h = await harnessWith({
        rules: {
          ...base,
          groupRoles: [
            { displayName: 'Store 135 managers', roles: ['AGENT_135_STORE_MANAGER'] },
            { displayName: 'Store 136 managers', roles: ['AGENT_136_STORE_MANAGER'] },
          ],
        },
      });
      const erin = await h.createUser('erin@example.com', [D]);
      const frank = await h.createUser('frank@example.com');
      const group = await h.createGroup('Store 135 managers', [erin, frank]);
      await h.engine.drain();
      expect(h.platformUser('erin@example.com')?.roles).toEqual([D, 'AGENT_135_STORE_MANAGER']);
      expect(h.platformUser('frank@example.com')?.roles).toEqual(['AGENT_135_STORE_MANAGER']);

      // Rename: group-roles.json maps the new name to another role, so every member swaps it.
      await h.patchGroup(group, [{ op: 'replace', path: 'displayName', value: 'Store 136 managers' }]);
      await h.engine.drain();
      expect(h.platformUser('erin@example.com')?.roles).toEqual([D, 'AGENT_136_STORE_MANAGER']);
      expect(h.platformUser('frank@example.com')?.roles).toEqual(['AGENT_136_STORE_MANAGER']);

      // Leave: the group's role goes, direct roles stay.
      await h.patchGroup(group, [{ op: 'remove', path: `members[value eq "${erin}"]` }]);
      await h.engine.drain();
      expect(h.platformUser('erin@example.com')).toMatchObject({ status: 'ACTIVE', roles: [D] });

      // Rejoin, then delete the group: Frank is left with no roles and is deactivated.
      await h.patchGroup(group, [{ op: 'add', path: 'members', value: [{ value: erin }] }]);
      await h.engine.drain();
      expect(h.platformUser('erin@example.com')?.roles).toEqual([D, 'AGENT_136_STORE_MANAGER']);
      await h.scim('DELETE', `/Groups/${group}`);
      await h.engine.drain();
      expect(h.platformUser('erin@example.com')).toMatchObject({ status: 'ACTIVE', roles: [D] });
      expect(h.platformUser('frank@example.com')).toMatchObject({ status: 'INACTIVE', roles: [] });
      const [audit] = await h.store.listAudit({ userId: frank, limit: 1 });
      expect(audit).toMatchObject({ trigger: 'group.deleted', outcome: 'deactivate', reasons: ['no-roles'] });
    });

    it('grants the roles of a group extension and keeps a role another source still grants', async () => {
      const h = await harnessWith();
      const gina = await h.createUser('gina@example.com', ['AGENT_137_STORE']);
      const group = await h.createGroup('Dublin Staff', [gina], {
        roles: ['AGENT_137_STORE', 'AGENT_137_GRAPHQL'],
      });
      await h.engine.drain();
      expect(h.platformUser('gina@example.com')?.roles).toEqual(['AGENT_137_GRAPHQL', 'AGENT_137_STORE']);
      await h.patchGroup(group, [{ op: 'remove', path: `members[value eq "${gina}"]` }]);
      await h.engine.drain();
      expect(h.platformUser('gina@example.com')?.roles).toEqual(['AGENT_137_STORE']);
    });

    it('blocks an unknown role: no account for a new user, no change at all for an existing one', async () => {
      const h = await harnessWith();
      const newcomer = await h.createUser('harry@example.com', [D, UNKNOWN_A]);
      const existing = await h.createUser('iris@example.com', [D]);
      await h.engine.drain();
      expect(h.platformUser('harry@example.com')).toBeUndefined();
      const { json } = await h.scim('GET', `/Users/${newcomer}`);
      expect(json[CONNECTOR_USER]).toMatchObject({
        platformStatus: 'ABSENT',
        blockedReasons: ['unresolved-role'],
      });

      await h.patchUser(existing, [
        { op: 'add', path: 'roles', value: [{ value: UNKNOWN_A }, { value: 'AGENT_138_STORE' }] },
      ]);
      await h.engine.drain();
      expect(h.platformUser('iris@example.com')?.roles).toEqual([D]);
      const link = await linkOf(h, existing);
      expect(link?.link).toMatchObject({ kind: 'linked', status: 'ACTIVE' });
      expect(link?.lastDecision).toMatchObject({
        outcome: 'block',
        reasons: ['unresolved-role'],
        unresolved: [{ name: UNKNOWN_A, reason: 'unknown-role' }],
      });
      expect((await h.store.queueStats()).depth).toBe(0);
    });

    it('expands logical roles from the platform setting when the rules say so', async () => {
      const base = await repositoryRules();
      const h = await harnessWith({
        rules: { ...base, options: { ...base.options, roleMappingsSource: 'platform-setting' } },
      });
      const [setting] = h.model.listSettings({
        name: ['fc.connect.scim-connector.provisioning.pipeline.config'],
      });
      h.model.updateSetting({
        id: setting?.id ?? '',
        valueType: 'JSON',
        context: 'ACCOUNT',
        contextId: 0,
        lobValue: {
          rules: [
            {
              condition: { type: 'HAS_APP_ROLE', appRole: 'Store_Colleague' },
              action: {
                type: 'MAPPING_ROLE_ASSIGNMENT',
                sourceAppRole: 'Store_Colleague',
                targetRoles: ['GRAPHQL', 'STORE'],
              },
            },
          ],
        },
      });
      await h.createUser('jack@example.com', [LOGICAL]);
      await h.engine.drain();
      expect(h.platformUser('jack@example.com')?.roles).toEqual(['AGENT_134_GRAPHQL', 'AGENT_134_STORE']);
    });

    it('is idempotent after a crash between the platform create and saving the link', async () => {
      let crashOnCreate = true;
      let created!: () => void;
      const createdOnPlatform = new Promise<void>((resolve) => {
        created = resolve;
      });
      const h = await harnessWith({
        wrapPlatform: (client) => ({
          ...client,
          async createUser(user) {
            const result = await client.createUser(user);
            if (!crashOnCreate) return result;
            created();
            return new Promise<PlatformUser>(() => {}); // the process dies here: the answer never arrives
          },
        }),
      });
      const id = await h.createUser('kate@example.com', [D]);
      const first = h.newEngine({ workerId: 'crashing-process' });
      void first.runOnce();
      await createdOnPlatform;
      crashOnCreate = false;

      // A new process: the dead one's lease must run out before the user can be claimed again.
      const restarted = h.newEngine({ workerId: 'restarted-process' });
      expect((await restarted.drain()).claimed).toBe(0);
      h.clock.advance(31_000);
      const summary = await restarted.drain();

      expect(summary).toMatchObject({ claimed: 1, parked: 0, deferred: 0, blocked: 0 });
      expect(h.model.listUsers({ username: ['kate@example.com'] })).toHaveLength(1);
      expect(h.platformUser('kate@example.com')).toMatchObject({ status: 'ACTIVE', roles: [D] });
      expect((await linkOf(h, id))?.link).toMatchObject({ createdByConnector: true, status: 'ACTIVE' });
    });

    it('never takes over an account it did not create, unless the rules allow adopting', async () => {
      const fixture = {
        users: [{ username: 'legacy@example.com', status: 'ACTIVE' as const, roles: ['AGENT_134_STORE'] }],
      };
      const h = await harnessWith({ fixture });
      const id = await h.createUser('legacy@example.com', [D]);
      await h.engine.drain();
      expect(h.platformUser('legacy@example.com')?.roles).toEqual(['AGENT_134_STORE']);
      const { json } = await h.scim('GET', `/Users/${id}`);
      expect(json[CONNECTOR_USER]).toMatchObject({
        platformStatus: 'NOT_LINKED',
        blockedReasons: ['not-new'],
      });

      const base = await repositoryRules();
      h.rules = { ...base, options: { ...base.options, adoptExistingAccounts: true } };
      await h.store.markAllDirty('rules.changed');
      await h.engine.drain();
      expect(h.platformUser('legacy@example.com')?.roles).toEqual([D]);
      expect((await linkOf(h, id))?.link).toMatchObject({ createdByConnector: false, status: 'ACTIVE' });
    });

    it('keeps a mark that arrives while the user is being pushed', async () => {
      let patchDuringPush: (() => Promise<void>) | undefined;
      const h = await harnessWith({
        wrapPlatform: (client) => ({
          ...client,
          async createUser(user) {
            const result = await client.createUser(user);
            const patch = patchDuringPush;
            patchDuringPush = undefined;
            await patch?.();
            return result;
          },
        }),
      });
      const id = await h.createUser('liam@example.com', [D]);
      patchDuringPush = () =>
        h.patchUser(id, [{ op: 'add', path: 'roles', value: [{ value: 'AGENT_139_STORE' }] }]);
      const first = await h.engine.runOnce();
      expect(first.created).toBe(1);
      expect((await h.store.queueStats()).depth).toBe(1);
      await h.engine.drain();
      expect(h.platformUser('liam@example.com')?.roles).toEqual([D, 'AGENT_139_STORE']);
      expect((await h.store.queueStats()).depth).toBe(0);
    });

    it('converges through 429 and 503 answers, backing off per user', async () => {
      const h = await harnessWith();
      const names = Array.from({ length: 30 }, (_, i) => `flaky${i}@example.com`);
      for (const name of names) await h.createUser(name, [D]);
      h.faults.set({ rate429: 0.2, rate503: 0.1, retryAfterSeconds: 2, randomSeed: 42 });
      let rounds = 0;
      while ((await h.store.queueStats()).depth > 0 && rounds < 50) {
        await h.engine.drain();
        h.clock.advance(60_000);
        rounds++;
      }
      expect(h.faults.counts.tooManyRequests + h.faults.counts.unavailable).toBeGreaterThan(0);
      expect(h.events.some((event) => event.type === 'retry')).toBe(true);
      const retry = h.events.find((event) => event.type === 'retry');
      expect(retry && retry.type === 'retry' && retry.delayMs).toBeGreaterThanOrEqual(2000);
      for (const name of names) expect(h.platformUser(name)).toMatchObject({ status: 'ACTIVE', roles: [D] });
      expect(await h.store.queueStats()).toMatchObject({ depth: 0, parked: 0 });
    });

    it('parks a permanently failing user and carries on with the others', async () => {
      const h = await harnessWith();
      h.faults.set({ failingUsernames: ['mallory@example.com'] });
      const mallory = await h.createUser('mallory@example.com', [D]);
      await h.createUser('nina@example.com', [D]);
      const summary = await h.engine.drain();
      expect(summary).toMatchObject({ created: 1, parked: 1 });
      expect(h.platformUser('nina@example.com')).toMatchObject({ status: 'ACTIVE' });
      const parked = await h.store.listParked();
      expect(parked).toMatchObject([{ userId: mallory, userName: 'mallory@example.com', attempts: 1 }]);
      expect(parked[0]?.lastError).toContain('refused');
      // The failed create left no intent behind.
      expect((await linkOf(h, mallory))?.link).toEqual({ kind: 'absent' });

      h.faults.reset();
      await h.store.unpark(mallory);
      await h.engine.drain();
      expect(h.platformUser('mallory@example.com')).toMatchObject({ status: 'ACTIVE', roles: [D] });
    });

    it('parks a user after maxAttempts transient failures', async () => {
      const h = await harnessWith({ engine: { retry: { baseMs: 10, maxMs: 100, maxAttempts: 3 } } });
      const id = await h.createUser('olga@example.com', [D]);
      h.faults.set({ outage: true });
      for (let i = 0; i < 5; i++) {
        await h.engine.drain();
        h.clock.advance(10_000);
      }
      expect(await h.store.listParked()).toMatchObject([{ userId: id, attempts: 3 }]);
      expect(h.events.filter((event) => event.type === 'parked')).toHaveLength(1);
    });

    it('refreshes the role catalogue when the platform reports a role unknown', async () => {
      let invalidated = 0;
      const h = await harnessWith();
      let stale = true;
      const engine = h.newEngine({
        catalog: {
          // A catalogue that still lists a role the platform no longer has, until refreshed.
          hasRole: async (role) => (stale && role === 'VANISHED') || h.model.getRole(role) !== undefined,
          hasContext: async () => true,
          invalidate: () => {
            invalidated++;
            stale = false;
          },
        },
      });
      const id = await h.createUser('pat@example.com', ['AGENT_134_VANISHED']);
      const first = await engine.drain();
      expect(first.deferred).toBe(1);
      expect(invalidated).toBe(1);
      h.clock.advance(60_000);
      await engine.drain();
      expect((await linkOf(h, id))?.lastDecision).toMatchObject({
        outcome: 'block',
        reasons: ['unresolved-role'],
      });
    });

    it('runs as a background loop that a SCIM write wakes, and never waits on a slow user', async () => {
      let releaseSlow!: () => void;
      const slowGate = new Promise<void>((resolve) => {
        releaseSlow = resolve;
      });
      const h = await harnessWith({
        wrapPlatform: (client): PlatformClient => ({
          ...client,
          async findUserByUsername(username) {
            if (username === 'slow@example.com') await slowGate;
            return client.findUserByUsername(username);
          },
        }),
      });
      await h.createUser('slow@example.com', [D]);
      h.engine.start({ intervalMs: 60_000 });
      h.engine.wake();
      const fast = await h.createUser('fast@example.com', [D]);
      h.engine.wake();
      await waitFor(async () => (await linkOf(h, fast))?.link.kind === 'linked');
      expect(h.platformUser('slow@example.com')).toBeUndefined();
      releaseSlow();
      await waitFor(() => h.platformUser('slow@example.com') !== undefined);
      await h.engine.stop();
      expect((await h.store.queueStats()).depth).toBe(0);
    });

    it('renews the lease of a push that outlasts it, so no other worker takes the user meanwhile', async () => {
      let releaseSlow!: () => void;
      const slowGate = new Promise<void>((resolve) => {
        releaseSlow = resolve;
      });
      let lookups = 0;
      const h = await harnessWith({
        engine: { leaseMs: 600 },
        wrapPlatform: (client): PlatformClient => ({
          ...client,
          async findUserByUsername(username) {
            lookups++;
            // Only the first push waits: a second worker that took the user would get through and be seen.
            if (lookups === 1) await slowGate;
            return client.findUserByUsername(username);
          },
        }),
      });
      await h.createUser('patient@example.com', [D]);
      h.engine.start({ intervalMs: 60_000 });
      h.engine.wake();
      await waitFor(() => lookups === 1);
      const other = h.newEngine({ workerId: 'other-replica', leaseMs: 600 });
      // Two whole leases pass on the store's clock, a quarter lease at a time, each followed by a renewal round
      // (the loop's timer runs the same round every third of a lease; calling it keeps the test off real time).
      // Without renewals the other worker would claim the user once the first lease ran out.
      try {
        for (let term = 0; term < 8; term++) {
          const events = h.events.length;
          h.clock.advance(150);
          await h.engine.renewLeases();
          expect(h.events.length, 'no event while the push waits').toBe(events);
          expect(await other.runOnce()).toMatchObject({ claimed: 0 });
        }
      } finally {
        // Also when an assertion fails, so the held push (and the harness's close after it) can finish.
        releaseSlow();
      }
      await waitFor(() => h.platformUser('patient@example.com') !== undefined);
      await h.engine.stop();
      expect(lookups).toBe(1);
      expect(h.events.filter((event) => event.type === 'lease-lost')).toEqual([]);
      expect((await h.store.queueStats()).depth).toBe(0);
    });

    it('syncUser and inspectUser work outside the queue', async () => {
      const h = await harnessWith();
      const id = await h.createUser('quinn@example.com', [LOGICAL]);
      const inspection = await h.engine.inspectUser(id);
      expect(inspection?.currentDecision).toMatchObject({ outcome: 'create' });
      expect(inspection?.effectiveRoles.map((role) => role.name).sort()).toEqual(LOGICAL_TARGETS);
      expect(inspection?.effectiveRoles[0]?.sources[0]).toMatchObject({
        type: 'direct',
        mapping: { logicalRole: 'Store_Colleague' },
      });
      const result = await h.engine.syncUser(id);
      expect(result).toMatchObject({ status: 'synced', trigger: 'resync' });
      expect(h.platformUser('quinn@example.com')?.roles).toEqual(LOGICAL_TARGETS);
      expect((await h.engine.inspectUser(id))?.lastDecision).toMatchObject({ outcome: 'create' });
      expect(await h.engine.syncUser('no-such-user')).toMatchObject({ status: 'skipped' });
      // The queue still holds the SCIM write's mark; deciding it again changes nothing.
      expect(await h.engine.drain()).toMatchObject({ claimed: 1, unchanged: 1 });
    });
  });
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
