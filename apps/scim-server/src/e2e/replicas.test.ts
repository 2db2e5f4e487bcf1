/**
 * Two server processes on one PostgreSQL database, sharing no memory, in front of one Fluent simulator (PLATFORM
 * =fluent, FLUENT_URL pointing at the simulator this test runs): SCIM requests spread across both, workers claim
 * with FOR UPDATE SKIP LOCKED, no account is created twice and no change is pushed twice, nothing is lost, and
 * userName stays unique under concurrent creates on different replicas.
 */
import type { SimulatorServer } from '@scim-connector/fluent-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformEnv, type ServerClient } from './connector-harness.ts';
import { type MutationLog, platformState } from './platform-recorder.ts';
import { type ReplicaSet, startReplicaSet } from './replica-set.ts';
import { CORE_USER, inPool, membersPatch, roleGroupBody, userBody } from './scim-load.ts';
import type { ServerProcess } from './server-process.ts';

const SCHEMA = `scim_replicas_${process.pid}`;
const SUITE_TIMEOUT_MS = 180_000;
const USERS = 400;

describe('two replicas on one PostgreSQL database', () => {
  let simulator: SimulatorServer;
  let mutations: MutationLog;
  let replicas: ServerProcess[] = [];
  let set: ReplicaSet | undefined;
  const clients = () => replicas.map((replica) => replica.client);

  beforeAll(async () => {
    // Started together on an empty schema: both run the migrations at once.
    set = await startReplicaSet({
      schema: SCHEMA,
      names: ['replica-a', 'replica-b'],
      faults: { latencyMs: 5 },
      env: { SYNC_INTERVAL_MS: '200', SYNC_RETRY_BASE_MS: '100', SYNC_RETRY_MAX_MS: '1000' },
    });
    ({ simulator, mutations, replicas } = set);
  }, SUITE_TIMEOUT_MS);

  afterAll(() => set?.stop(), SUITE_TIMEOUT_MS);

  async function settledEverywhere(): Promise<void> {
    for (const client of clients()) await client.settled(120_000);
  }

  it("serves each replica's writes from the other: create on one, read, patch and delete on the other", async () => {
    const [a, b] = clients() as [ServerClient, ServerClient];
    const created = await a.write(
      'POST',
      '/Users',
      userBody('crossover@replicas.example', 'AGENT_134_STORE'),
    );
    const read = await b.scim('GET', `/Users/${created.id as string}`);
    expect(read.status).toBe(200);
    expect(read.json.userName).toBe('crossover@replicas.example');
    const found = await b.scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "CROSSOVER@replicas.example"')}`,
    );
    expect(found.json.totalResults).toBe(1);
    await b.write('PATCH', `/Users/${created.id as string}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'title', value: 'Lead' }],
    });
    expect((await a.scim('GET', `/Users/${created.id as string}`)).json.title).toBe('Lead');
    expect((await a.scim('DELETE', `/Users/${created.id as string}`)).status).toBe(204);
    expect((await b.scim('GET', `/Users/${created.id as string}`)).status).toBe(404);
  });

  it('holds userName unique under concurrent creates on different replicas: one 201, one 409, every time', async () => {
    const [a, b] = clients() as [ServerClient, ServerClient];
    for (let round = 0; round < 25; round++) {
      const [first, second] = await Promise.all([
        a.scim('POST', '/Users', { schemas: [CORE_USER], userName: `race${round}@replicas.example` }),
        b.scim('POST', '/Users', { schemas: [CORE_USER], userName: `RACE${round}@Replicas.Example` }),
      ]);
      expect([first.status, second.status].sort(), `round ${round}`).toEqual([201, 409]);
      const loser = first.status === 409 ? first : second;
      expect(loser.json).toMatchObject({ status: '409', scimType: 'uniqueness' });
    }
    const listed = await b.scim('GET', `/Users?filter=${encodeURIComponent('userName sw "race"')}&count=100`);
    expect(listed.json.totalResults).toBe(25);
  });

  it(
    'spreads a load over both replicas and pushes every user exactly once, losing nothing',
    async () => {
      mutations.reset();
      const names = Array.from({ length: USERS }, (_, i) => `spread${i}@replicas.example`);
      const replies = await inPool(names, 16, (userName, i) =>
        (clients()[i % 2] as ServerClient).scim('POST', '/Users', userBody(userName, 'AGENT_134_STORE')),
      );
      expect(replies.filter((reply) => reply.status !== 201).map((reply) => reply.text)).toEqual([]);
      await settledEverywhere();

      const state = platformState(simulator).filter((line) => line.startsWith('spread'));
      expect(state).toEqual(names.map((name) => `${name} ACTIVE AGENT_134_STORE`).sort());
      expect(mutations.total('createUser')).toBe(USERS);
      expect(mutations.over('createUser', 1)).toEqual({});
      // A new account gets its roles in the createUser call itself: any further mutation is a second push.
      expect(mutations.total('updateUser') + mutations.total('removeUserRolesFromUser')).toBe(0);
      // Both workers took part: the claims were shared, not serialised on one replica.
      for (const replica of replicas) expect(await pushesOf(replica), replica.name).toBeGreaterThan(0);
    },
    SUITE_TIMEOUT_MS,
  );

  it(
    'fans a group change out through both workers, one push per member',
    async () => {
      const [a, b] = clients() as [ServerClient, ServerClient];
      const listed = await a.scim(
        'GET',
        `/Users?filter=${encodeURIComponent('userName sw "spread"')}&count=200`,
      );
      const ids = (listed.json.Resources as { id: string }[]).map((user) => user.id);
      expect(ids).toHaveLength(200);
      mutations.reset();
      const pushesBefore = await Promise.all(replicas.map(pushesOf));
      const group = await b.write('POST', '/Groups', roleGroupBody('Store 135', 'AGENT_135_STORE'));
      // Slower platform calls keep the fan-out going long enough for both workers to take part, and the member
      // batches go to both replicas, as a load balancer would send them.
      simulator.faults.set({ latencyMs: 20 });
      for (let i = 0; i < ids.length; i += 100) {
        const via = i % 200 === 0 ? a : b;
        await via.write('PATCH', `/Groups/${group.id as string}`, membersPatch('add', ids.slice(i, i + 100)));
      }
      await settledEverywhere();
      simulator.faults.set({ latencyMs: 5 });

      const members = new Set((listed.json.Resources as { userName: string }[]).map((user) => user.userName));
      const state = platformState(simulator).filter((line) => members.has(line.split(' ')[0] ?? ''));
      expect(state).toHaveLength(200);
      expect(state.every((line) => line.endsWith(' ACTIVE AGENT_134_STORE,AGENT_135_STORE'))).toBe(true);
      expect(mutations.total('updateUser')).toBe(200);
      expect(mutations.over('updateUser', 1)).toEqual({});
      expect(mutations.total('createUser')).toBe(0);
      const pushesAfter = await Promise.all(replicas.map(pushesOf));
      expect(pushesAfter.map((after, i) => after - (pushesBefore[i] ?? 0)).every((delta) => delta > 0)).toBe(
        true,
      );
    },
    SUITE_TIMEOUT_MS,
  );

  it('keeps both replicas ready and their logs free of the tokens and platform secrets', async () => {
    for (const replica of replicas) {
      const ready = await fetch(`${replica.url}/readyz`);
      expect(ready.status).toBe(200);
    }
    const secrets = Object.entries(platformEnv(simulator))
      .filter(([name]) => /SECRET|PASSWORD/.test(name))
      .map(([, value]) => value);
    for (const replica of replicas) {
      const output = replica.output();
      expect(output).toMatch(/"msg":"request"/);
      for (const secret of secrets) expect(output).not.toContain(secret);
    }
  });
});

/** Pushes a replica's worker carried out (any outcome), from its /metrics. */
async function pushesOf(replica: ServerProcess): Promise<number> {
  const text = await fetch(`${replica.url}/metrics`).then((response) => response.text());
  let total = 0;
  for (const match of text.matchAll(/^scim_sync_pushes_total\{[^}]*result="ok"[^}]*\} (\d+)/gm))
    total += Number(match[1]);
  return total;
}
