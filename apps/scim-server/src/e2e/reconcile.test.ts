/**
 * Drift reconciliation end to end on both databases: the server and its sync worker, the Fluent plugin over
 * HTTP, and a Fluent simulator changed by hand through its GraphQL API. An admin starts a run over the admin API
 * and reads the findings back as JSON, CSV, metrics and on the user's admin view.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { accountOf, type ServerClient, startTestConnector, type TestConnector } from './connector-harness.ts';
import { testDatabases } from './databases.ts';
import { platformByHand } from './platform-by-hand.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const STORE_ASSISTANT = 'AGENT_134_STORE_ASSISTANT';
const HAND_ADMIN = { role: 'ADMIN', contextType: 'RETAILER' as const, contextId: '199' };
const ASSISTANT_AT_134 = { role: 'STORE_ASSISTANT', contextType: 'AGENT' as const, contextId: '134' };
const E2E_TIMEOUT_MS = 90_000;
const NAMES = ['added', 'removed', 'deactivated', 'retyped', 'untouched'].map(
  (name) => `${name}@example.com`,
);
/** The account type of a user the connector pushed with only STORE_ASSISTANT at location 134. */
const LOCATION_134 = { type: 'LOCATION', primaryLocationId: '134' };

function typeOf(simulator: TestConnector['simulator'], username: string) {
  const user = simulator.model.getUserByUsername(username);
  return user && { type: user.type, primaryLocationId: user.primaryLocationId };
}

describe.each(testDatabases('reconcile'))('drift reconciliation end to end ($name)', (database) => {
  let running: TestConnector | undefined;
  let dispose: (() => Promise<void>) | undefined;

  async function start(env: Record<string, string>): Promise<TestConnector> {
    const opened = await database.open();
    running = await startTestConnector(opened.store, {
      env: { RECONCILE_INTERVAL: '0', RECONCILE_RATE: '0', RECONCILE_PAGE_SIZE: '2', ...env },
    });
    const current = running;
    dispose = async () => {
      await current.stop();
      await opened.dispose();
    };
    return running;
  }
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  /** Five users pushed by the connector, four then changed by hand; plus an account made by hand. */
  async function driftThePlatform({ client, simulator }: TestConnector): Promise<Record<string, string>> {
    const ids: Record<string, string> = {};
    for (const userName of NAMES) {
      const created = await client.write('POST', '/Users', {
        schemas: [CORE_USER],
        userName,
        active: true,
        name: { givenName: 'Given', familyName: 'Family' },
        emails: [{ value: userName, type: 'work', primary: true }],
        roles: [{ value: STORE_ASSISTANT }],
      });
      ids[userName] = created.id as string;
    }
    await client.settled();
    const hand = await platformByHand(simulator);
    await hand.addRole('added@example.com', HAND_ADMIN);
    await hand.removeRole('removed@example.com', ASSISTANT_AT_134);
    await hand.setStatus('deactivated@example.com', 'INACTIVE');
    expect(typeOf(simulator, 'retyped@example.com')).toEqual(LOCATION_134);
    await hand.setUserType('retyped@example.com', 'ADMIN');
    await hand.createAccount('contractor@example.com', [HAND_ADMIN]);
    return ids;
  }

  async function runToEnd(client: ServerClient): Promise<Record<string, unknown>> {
    const started = await client.admin('POST', '/reconcile');
    expect(started.status).toBe(202);
    const runId = started.json.runId as string;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { json } = await client.admin('GET', `/reconcile/${runId}`);
      if (json.state !== 'running') return json;
      if (Date.now() > deadline) throw new Error(`run ${runId} did not finish: ${JSON.stringify(json)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it(
    'in report mode finds each hand-made change and the hand-made account, shows them, and changes nothing',
    async () => {
      const connector = await start({ RECONCILE_MODE: 'report' });
      const { client, simulator } = connector;
      const ids = await driftThePlatform(connector);
      const before = [...NAMES, 'contractor@example.com'].map((name) => accountOf(simulator, name));

      const run = await runToEnd(client);
      expect(run).toMatchObject({
        state: 'finished',
        mode: 'report',
        requestedBy: 'admin',
        progress: { accountsRead: 6, accountsTotal: 6 },
        counts: { unmanaged: 1, 'extra-role': 1, 'missing-role': 1, status: 1, profile: 0, 'user-type': 1 },
        errors: 0,
      });

      const drift = await client.admin('GET', '/drift');
      expect(drift.status).toBe(200);
      const items = drift.json.items as {
        platformUsername: string;
        userId: string | null;
        kinds: string[];
      }[];
      expect(items.map(({ platformUsername, userId, kinds }) => [platformUsername, userId, kinds])).toEqual([
        ['added@example.com', ids['added@example.com'], ['extra-role']],
        ['contractor@example.com', null, ['unmanaged']],
        ['deactivated@example.com', ids['deactivated@example.com'], ['status']],
        ['removed@example.com', ids['removed@example.com'], ['missing-role']],
        ['retyped@example.com', ids['retyped@example.com'], ['user-type']],
      ]);
      const retyped = await client.admin('GET', '/drift?kind=user-type');
      expect(retyped.json.items).toEqual([
        expect.objectContaining({
          platformUsername: 'retyped@example.com',
          kinds: ['user-type'],
          differences: expect.objectContaining({
            userType: { expected: 'LOCATION:134', actual: 'ADMIN' },
          }),
        }),
      ]);
      const unmanaged = await client.admin('GET', '/drift?kind=unmanaged&limit=1');
      expect(unmanaged.json).toMatchObject({
        items: [{ platformUsername: 'contractor@example.com' }],
        nextCursor: null,
      });
      const firstPage = await client.admin('GET', '/drift?limit=2');
      expect(firstPage.json.nextCursor).toBe('contractor@example.com');
      const secondPage = await client.admin('GET', '/drift?limit=2&cursor=contractor%40example.com');
      expect((secondPage.json.items as unknown[]).length).toBe(2);
      expect(secondPage.json.nextCursor).toBe('removed@example.com');

      const csv = await client.admin('GET', '/drift.csv');
      expect(csv.status).toBe(200);
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toMatch(/^platform_username,platform_user_id,user_id,kinds,extra_roles/);
      expect(lines[0]).toMatch(/,run_id,user_type_expected,user_type_actual$/);
      expect(lines.slice(1).find((line) => line.startsWith('added@example.com'))).toContain(
        ',RETAILER_199_ADMIN,',
      );
      expect(lines.slice(1).find((line) => line.startsWith('retyped@example.com'))).toMatch(
        /,user-type,.*,LOCATION:134,ADMIN$/,
      );
      expect(lines).toHaveLength(6);

      const view = await client.admin('GET', `/users/${ids['added@example.com']}`);
      expect(view.json.drift).toMatchObject({
        kinds: ['extra-role'],
        differences: { extraRoles: ['RETAILER_199_ADMIN'] },
      });
      const inLine = await client.admin('GET', `/users/${ids['untouched@example.com']}`);
      expect(inLine.json.drift).toBeNull();
      const scimView = await client.scim('GET', `/Users/${ids['added@example.com']}`);
      const extension = scimView.json[
        'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User'
      ] as Record<string, unknown>;
      expect(extension.driftDetectedAt).toBe((view.json.drift as { detectedAt: string }).detectedAt);
      const scimInLine = await client.scim('GET', `/Users/${ids['untouched@example.com']}`);
      expect(
        scimInLine.json['urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User'],
      ).not.toHaveProperty('driftDetectedAt');

      const metrics = await fetch(`${client.url}/metrics`).then((response) => response.text());
      expect(metrics).toMatch(/scim_drift_accounts\{kind="extra-role"\} 1/);
      expect(metrics).toMatch(/scim_drift_accounts\{kind="user-type"\} 1/);
      expect(metrics).toMatch(/scim_unmanaged_accounts 1/);
      expect(metrics).toMatch(/scim_reconcile_runs_total\{result="finished"\} 1/);
      expect(metrics).toMatch(/scim_reconcile_duration_seconds_count 1/);

      expect([...NAMES, 'contractor@example.com'].map((name) => accountOf(simulator, name))).toEqual(before);
      expect((await client.admin('GET', '/sync')).json.queue).toMatchObject({ depth: 0 });
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'in enforce mode reverts each hand-made change through the sync cycle, and leaves the unmanaged account',
    async () => {
      const connector = await start({ RECONCILE_MODE: 'enforce' });
      const { client, simulator } = connector;
      const ids = await driftThePlatform(connector);
      const contractor = accountOf(simulator, 'contractor@example.com');

      await runToEnd(client);
      await client.settled();
      for (const name of NAMES) {
        expect(accountOf(simulator, name)).toEqual({ status: 'ACTIVE', roles: [STORE_ASSISTANT] });
        expect(typeOf(simulator, name)).toEqual(LOCATION_134);
      }
      expect(accountOf(simulator, 'contractor@example.com')).toEqual(contractor);
      const audit = await client.admin('GET', `/audit?userId=${ids['added@example.com']}&limit=2`);
      expect(
        (audit.json.entries as { trigger: string; outcome: string }[]).map((e) => [e.trigger, e.outcome]),
      ).toEqual([
        ['drift', 'update'],
        ['drift', 'drift-found'],
      ]);

      const again = await runToEnd(client);
      expect(again.counts).toMatchObject({
        unmanaged: 1,
        'extra-role': 0,
        'missing-role': 0,
        status: 0,
        'user-type': 0,
      });
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'answers 400 to unknown parameters and values, and 404 to an unknown run',
    async () => {
      const { client } = await start({ RECONCILE_MODE: 'report' });
      expect((await client.admin('GET', '/drift?kind=everything')).status).toBe(400);
      expect((await client.admin('GET', '/drift?colour=red')).status).toBe(400);
      expect((await client.admin('GET', '/drift?limit=0')).status).toBe(400);
      expect((await client.admin('GET', '/drift.csv?limit=5')).status).toBe(400);
      expect((await client.admin('GET', '/reconcile?before=x')).status).toBe(400);
      expect((await client.admin('POST', '/reconcile?mode=enforce')).status).toBe(400);
      expect((await client.admin('GET', '/reconcile/r-none')).status).toBe(404);
      const runs = await client.admin('GET', '/reconcile');
      expect(runs.json).toEqual({ items: [], nextCursor: null });
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'runs one reconciliation at a time: a second request while one runs is refused with 409',
    async () => {
      // One account per page at one page a second: the run lasts long enough to ask again meanwhile.
      const { client, simulator } = await start({ RECONCILE_PAGE_SIZE: '1', RECONCILE_RATE: '1' });
      const hand = await platformByHand(simulator);
      await hand.createAccount('one@example.com', []);
      await hand.createAccount('two@example.com', []);
      const first = await client.admin('POST', '/reconcile');
      expect(first.status).toBe(202);
      const second = await client.admin('POST', '/reconcile');
      expect(second.status).toBe(409);
      expect(second.json.error).toMatch(/in progress/);
      const listed = await client.admin('GET', '/reconcile');
      expect(listed.json.items).toEqual([
        expect.objectContaining({ id: first.json.runId, state: 'running' }),
      ]);
    },
    E2E_TIMEOUT_MS,
  );
});
