/**
 * Reconciliation over a real SQLite store and the simulator's in-process platform: someone changes accounts on
 * the platform behind the connector's back (through the platform API, as a person in Fluent's UI would), and a
 * run finds it; in enforce mode the normal sync cycle reverts it.
 */
import { openStore } from '@scim-connector/store';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.ts';
import { type ReconcileEvent, type ReconcilerOptions, reconcile } from './reconciler.ts';

const D = 'AGENT_134_STORE_ASSISTANT';
const ADMIN = { contextType: 'RETAILER' as const, contextId: '199', role: 'ADMIN' };
const STORE_ASSISTANT = { contextType: 'AGENT' as const, contextId: '134', role: 'STORE_ASSISTANT' };

let open: Harness[] = [];
afterEach(async () => {
  for (const harness of open) await harness.close();
  open = [];
});

async function harness(): Promise<Harness> {
  const h = await createHarness((options) => openStore('sqlite::memory:', options));
  open.push(h);
  return h;
}

function options(
  h: Harness,
  overrides: Partial<ReconcilerOptions> = {},
): ReconcilerOptions & { events: ReconcileEvent[] } {
  const events: ReconcileEvent[] = [];
  return {
    store: h.store,
    platform: h.platform,
    judge: (userId, account) => h.engine.judgeAccount(userId, account),
    mode: 'report',
    ownerId: 'replica-a',
    pageSize: 2,
    ratePerSecond: 0,
    now: h.clock.now,
    random: () => 0.5,
    sleep: async () => {},
    onEvent: (event) => events.push(event),
    events,
    ...overrides,
  };
}

/** Four linked users, then four kinds of hand-made change on the platform, and one account made by hand. */
async function driftedPlatform(h: Harness) {
  const ids = {
    added: await h.createUser('added@example.com', [D]),
    removed: await h.createUser('removed@example.com', [D]),
    deactivated: await h.createUser('deactivated@example.com', [D]),
    untouched: await h.createUser('untouched@example.com', [D]),
  };
  await h.engine.drain();
  const id = (username: string) => h.platformUser(username)?.id as string;
  await h.platform.addRoles(id('added@example.com'), [ADMIN]);
  await h.platform.removeRoles(id('removed@example.com'), [STORE_ASSISTANT]);
  await h.platform.updateUser(id('deactivated@example.com'), { status: 'INACTIVE' });
  await h.platform.createUser({
    username: 'contractor@example.com',
    ref: 'contractor',
    status: 'ACTIVE',
    profile: { primaryEmail: 'contractor@example.com' },
    userType: { type: 'ADMIN' },
    roles: [ADMIN],
  });
  return ids;
}

describe('reconciliation', () => {
  it('in report mode finds each hand-made change and the hand-made account, and changes nothing', async () => {
    const h = await harness();
    const ids = await driftedPlatform(h);
    const before = ['added', 'removed', 'deactivated', 'untouched', 'contractor'].map((name) =>
      h.platformUser(`${name}@example.com`),
    );

    const result = await reconcile(options(h), { requestedBy: 'admin' });

    expect(result).toMatchObject({
      status: 'done',
      run: {
        state: 'finished',
        accountsRead: 5,
        counts: { unmanaged: 1, 'extra-role': 1, 'missing-role': 1, status: 1, profile: 0, 'user-type': 0 },
      },
    });
    const findings = await h.store.listDriftFindings({ limit: 10 });
    expect(
      findings.map(({ platformUsername, userId, kinds }) => ({ platformUsername, userId, kinds })),
    ).toEqual([
      { platformUsername: 'added@example.com', userId: ids.added, kinds: ['extra-role'] },
      { platformUsername: 'contractor@example.com', userId: undefined, kinds: ['unmanaged'] },
      { platformUsername: 'deactivated@example.com', userId: ids.deactivated, kinds: ['status'] },
      { platformUsername: 'removed@example.com', userId: ids.removed, kinds: ['missing-role'] },
    ]);
    expect(findings[0]?.differences).toMatchObject({ extraRoles: ['RETAILER_199_ADMIN'], missingRoles: [] });
    expect(
      ['added', 'removed', 'deactivated', 'untouched', 'contractor'].map((name) =>
        h.platformUser(`${name}@example.com`),
      ),
    ).toEqual(before);
    expect((await h.store.queueStats()).depth).toBe(0);
  });

  it('in enforce mode reverts each through the sync cycle and only reports the unmanaged account', async () => {
    const h = await harness();
    const ids = await driftedPlatform(h);
    const contractor = h.platformUser('contractor@example.com');

    await reconcile(options(h, { mode: 'enforce' }), { requestedBy: 'schedule' });
    expect((await h.store.queueStats()).depth).toBe(3);
    await h.engine.drain();

    for (const name of ['added', 'removed', 'deactivated', 'untouched']) {
      expect(h.platformUser(`${name}@example.com`)).toMatchObject({ status: 'ACTIVE', roles: [D] });
    }
    expect(h.platformUser('contractor@example.com')).toEqual(contractor);
    const audit = await h.store.listAudit({ userId: ids.added, limit: 5 });
    expect(audit.map((entry) => [entry.trigger, entry.outcome])).toEqual([
      ['drift', 'update'],
      ['drift', 'drift-found'],
      ['user.created', 'create'],
    ]);
    expect(audit[0]?.changes).toMatchObject({ removeRoles: ['RETAILER_199_ADMIN'], applied: true });

    // The next run finds the platform in line: only the unmanaged account is left.
    const again = await reconcile(options(h, { mode: 'enforce' }), { requestedBy: 'schedule' });
    expect(again).toMatchObject({
      run: { counts: { unmanaged: 1, 'extra-role': 0, 'missing-role': 0, status: 0 } },
    });
  });

  it('finds a user type raised by hand, and enforce puts it back through the sync cycle', async () => {
    const h = await harness();
    const id = await h.createUser('typed@example.com', [D]);
    await h.engine.drain();
    const account = h.platformUser('typed@example.com')?.id as string;
    await h.platform.updateUser(account, { userType: { type: 'ADMIN' } });

    const report = await reconcile(options(h), { requestedBy: 'admin' });
    expect(report).toMatchObject({ run: { counts: { 'user-type': 1, 'extra-role': 0 } } });
    expect(await h.store.driftFindingOfUser(id)).toMatchObject({
      kinds: ['user-type'],
      userType: { expected: 'LOCATION:134', actual: 'ADMIN' },
      differences: { userType: { expected: 'LOCATION:134', actual: 'ADMIN' } },
    });
    expect((await h.platform.findUserByUsername('typed@example.com'))?.userType).toEqual({ type: 'ADMIN' });

    await reconcile(options(h, { mode: 'enforce' }), { requestedBy: 'admin' });
    await h.engine.drain();
    expect((await h.platform.findUserByUsername('typed@example.com'))?.userType).toEqual({
      type: 'LOCATION',
      primaryLocation: '134',
    });
    const [push] = await h.store.listAudit({ userId: id, limit: 1 });
    expect(push).toMatchObject({
      trigger: 'drift',
      outcome: 'update',
      changes: { userType: { type: 'LOCATION', primaryLocation: '134' } },
    });
    const again = await reconcile(options(h, { mode: 'report' }), { requestedBy: 'admin' });
    expect(again).toMatchObject({ run: { counts: { 'user-type': 0 } } });
  });

  it('never turns a grant governance withholds into drift to correct', async () => {
    const h = await harness();
    const id = await h.createUser('held@example.com', [D]);
    await h.engine.drain();
    // The IdP now also asks for a role the platform does not have: governance blocks the user's grants.
    await h.patchUser(id, [{ op: 'add', path: 'roles', value: [{ value: 'AGENT_134_NOT_A_ROLE' }] }]);
    await h.engine.drain();
    // By hand, someone takes the granted role away and adds an admin role.
    const account = h.platformUser('held@example.com')?.id as string;
    await h.platform.removeRoles(account, [STORE_ASSISTANT]);
    await h.platform.addRoles(account, [ADMIN]);

    await reconcile(options(h, { mode: 'enforce' }), { requestedBy: 'admin' });
    const [finding] = await h.store.listDriftFindings({ limit: 5 });
    expect(finding).toMatchObject({
      kinds: ['extra-role'],
      differences: { outcome: 'block', missingRoles: [] },
    });
    await h.engine.drain();
    // Nothing was granted: the withheld role stays off. (Whether the block also revokes the hand-added role is
    // governance's decision, which the sync cycle applies as for any push.)
    expect(h.platformUser('held@example.com')?.roles).not.toContain(D);
    const [push] = await h.store.listAudit({ userId: id, limit: 1 });
    expect(push).toMatchObject({ trigger: 'drift', outcome: 'block', changes: { addRoles: [] } });
  });

  it('records drift seen in passing: a push finds the account changed by hand since the last push', async () => {
    const h = await harness();
    const id = await h.createUser('passing@example.com', [D]);
    await h.engine.drain();
    await h.platform.addRoles(h.platformUser('passing@example.com')?.id as string, [ADMIN]);
    // No reconciliation runs: the IdP's next change makes the worker read the account, and it notices.
    await h.patchUser(id, [{ op: 'replace', path: 'title', value: 'Lead' }]);
    await h.engine.drain();
    const audit = await h.store.listAudit({ userId: id, limit: 3 });
    expect(audit.map((entry) => [entry.trigger, entry.outcome])).toEqual([
      ['user.updated', 'update'],
      ['drift', 'drift-seen'],
      ['user.created', 'create'],
    ]);
    expect(audit[1]).toMatchObject({
      reasons: ['extra-role'],
      changes: { found: { extraRoles: ['RETAILER_199_ADMIN'] } },
    });
    expect(h.events).toContainEqual(
      expect.objectContaining({ type: 'drift-seen', userName: 'passing@example.com' }),
    );
    expect(h.platformUser('passing@example.com')?.roles).toEqual([D]);
  });

  it('leaves service accounts matching the exclusion out of the report', async () => {
    const h = await harness();
    await driftedPlatform(h);
    const result = await reconcile(options(h, { exclude: (name) => name.startsWith('contractor') }), {
      requestedBy: 'cli',
    });
    expect(result).toMatchObject({ run: { accountsRead: 5, counts: { unmanaged: 0 } } });
  });

  it('runs once at a time: a second replica finds the lease taken', async () => {
    const h = await harness();
    await driftedPlatform(h);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = options(h, {
      platform: {
        listUsers: async (page) => {
          await gate;
          return h.platform.listUsers(page);
        },
      },
    });
    const first = reconcile(slow, { requestedBy: 'schedule' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await reconcile(options(h, { ownerId: 'replica-b' }), { requestedBy: 'admin' })).toEqual({
      status: 'busy',
    });
    release();
    expect(await first).toMatchObject({ status: 'done', run: { state: 'finished', accountsRead: 5 } });
    expect(await h.store.listReconcileRuns({ limit: 5 })).toHaveLength(1);
  });

  it('resumes a run whose process died from its last saved page, once the lease runs out', async () => {
    const h = await harness();
    await driftedPlatform(h);
    const asked: (string | undefined)[] = [];
    let pages = 0;
    // The first process reads two pages, then never hears back from the platform again (as if killed).
    const dying = options(h, {
      leaseMs: 60_000,
      platform: {
        listUsers: async (page) => {
          if (++pages > 2) return new Promise(() => {});
          return h.platform.listUsers(page);
        },
      },
    });
    void reconcile(dying, { requestedBy: 'schedule' });
    await waitFor(async () => (await h.store.unfinishedReconcileRun())?.accountsRead === 4);
    expect(await reconcile(options(h, { ownerId: 'replica-b' }), { requestedBy: 'schedule' })).toEqual({
      status: 'busy',
    });

    h.clock.advance(60_001);
    const resumed = options(h, {
      ownerId: 'replica-b',
      platform: {
        listUsers: (page) => {
          asked.push(page.after);
          return h.platform.listUsers(page);
        },
      },
    });
    const result = await reconcile(resumed, { requestedBy: 'schedule' });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toBeDefined();
    expect(result).toMatchObject({ status: 'done', run: { state: 'finished', accountsRead: 5 } });
    expect(resumed.events).toContainEqual(expect.objectContaining({ type: 'run-started', resumed: true }));
    expect((await h.store.driftCounts()).unmanaged).toBe(1);
  });

  it('waits out 429s and 503s, as long as the platform asks, and loses no account', async () => {
    const h = await harness();
    await driftedPlatform(h);
    let calls = 0;
    const waits: number[] = [];
    const flaky = options(h, {
      sleep: async (ms) => {
        waits.push(ms);
      },
      platform: {
        listUsers: async (page) => {
          calls++;
          h.faults.set(calls % 2 === 1 ? { rate429: 1, retryAfterSeconds: 7 } : { rate429: 0, rate503: 0 });
          try {
            return await h.platform.listUsers(page);
          } finally {
            h.faults.reset();
          }
        },
      },
    });
    const result = await reconcile(flaky, { requestedBy: 'admin' });
    expect(result).toMatchObject({ status: 'done', run: { state: 'finished', accountsRead: 5, errors: 3 } });
    expect(waits.filter((ms) => ms >= 7000)).toHaveLength(3);
    expect((await h.store.driftCounts())['extra-role']).toBe(1);
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met in time');
}
