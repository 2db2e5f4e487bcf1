/**
 * The platform misbehaving under two replicas on PostgreSQL: latency, 429 with Retry-After, bursts of 503, a full
 * outage, a user the platform always refuses. SCIM keeps answering 2xx throughout (the IdP never sees platform
 * trouble); afterwards everything converges, the refused user is parked and shown in /admin/sync, no account is
 * created twice and nothing is lost.
 *
 * The outage lasts FAULT_OUTAGE_SECONDS (default 60, the figure the issue sets; `FAULT_OUTAGE_SECONDS=10` for a
 * quicker local run). The retry budget below is sized to outlast either.
 */
import type { SimulatorServer } from '@scim-connector/fluent-simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accountOf, type ServerClient } from './connector-harness.ts';
import type { MutationLog } from './platform-recorder.ts';
import { type ReplicaSet, startReplicaSet } from './replica-set.ts';
import { inPool, userBody } from './scim-load.ts';
import type { ServerProcess } from './server-process.ts';

const OUTAGE_SECONDS = Number(process.env.FAULT_OUTAGE_SECONDS ?? 60);
const SCHEMA = `scim_platform_faults_${process.pid}`;
const TIMEOUT_MS = 120_000 + OUTAGE_SECONDS * 2000;

describe('platform faults under two replicas', () => {
  let simulator: SimulatorServer;
  let mutations: MutationLog;
  let replicas: ServerProcess[] = [];
  let set: ReplicaSet | undefined;
  const client = (i: number) => replicas[i % replicas.length]?.client as ServerClient;

  beforeAll(async () => {
    set = await startReplicaSet({
      schema: SCHEMA,
      names: ['faults-a', 'faults-b'],
      env: {
        SYNC_INTERVAL_MS: '200',
        // Retries every 0.2 s doubling to 2 s, 60 attempts: a budget well beyond the outage.
        SYNC_RETRY_BASE_MS: '200',
        SYNC_RETRY_MAX_MS: '2000',
        SYNC_MAX_ATTEMPTS: '60',
      },
    });
    ({ simulator, mutations, replicas } = set);
  }, TIMEOUT_MS);

  afterAll(() => set?.stop(), TIMEOUT_MS);

  beforeEach(() => {
    simulator.faults.reset();
    mutations.reset();
  });

  /** Creates users spread over both replicas; every SCIM request must succeed whatever the platform does. */
  async function createUsers(prefix: string, count: number, role = 'AGENT_134_STORE'): Promise<string[]> {
    const names = Array.from({ length: count }, (_, i) => `${prefix}${i}@faults.example`);
    const replies = await inPool(names, 16, (userName, i) =>
      client(i).scim('POST', '/Users', userBody(userName, role)),
    );
    expect(replies.filter((reply) => reply.status !== 201).map((reply) => reply.text)).toEqual([]);
    return names;
  }

  async function settled(timeoutMs = 60_000): Promise<{ parked: number }> {
    let queue = { parked: 0 };
    for (const replica of replicas) queue = await replica.client.settled(timeoutMs);
    return queue;
  }

  /** Each of `names` has exactly one account, ACTIVE with exactly `roles`, created by exactly one createUser. */
  function expectConverged(names: string[], roles: string[]): void {
    const wrong = names.filter(
      (name) => JSON.stringify(accountOf(simulator, name)) !== JSON.stringify({ status: 'ACTIVE', roles }),
    );
    expect(wrong).toEqual([]);
    expect(mutations.over('createUser', 1)).toEqual({});
    for (const name of names) expect(mutations.count('createUser', name), name).toBe(1);
  }

  it(
    'absorbs latency',
    async () => {
      simulator.faults.set({ latencyMs: 40, latencyJitterMs: 60 });
      const names = await createUsers('slow', 60);
      expect((await settled()).parked).toBe(0);
      expectConverged(names, ['AGENT_134_STORE']);
    },
    TIMEOUT_MS,
  );

  it(
    'waits out 429 answers as their Retry-After says',
    async () => {
      simulator.faults.set({ rate429: 0.3, retryAfterSeconds: 1, randomSeed: 429 });
      const names = await createUsers('throttled', 60);
      expect((await settled()).parked).toBe(0);
      expect(simulator.faults.counts.tooManyRequests).toBeGreaterThan(0);
      expectConverged(names, ['AGENT_134_STORE']);
    },
    TIMEOUT_MS,
  );

  it(
    'rides out bursts of 503',
    async () => {
      simulator.faults.set({ rate503: 0.15, randomSeed: 503 });
      const loading = createUsers('bursty', 80);
      // Whole-platform bursts on top of the random 503s: half a second down, half a second up, five times.
      for (let burst = 0; burst < 5; burst++) {
        simulator.faults.set({ outage: true });
        await new Promise((resolve) => setTimeout(resolve, 500));
        simulator.faults.set({ outage: false });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const names = await loading;
      expect((await settled()).parked).toBe(0);
      expectConverged(names, ['AGENT_134_STORE']);
    },
    TIMEOUT_MS,
  );

  it(
    `loses nothing through a ${OUTAGE_SECONDS}-second outage, new users and changed ones alike`,
    async () => {
      const existing = await createUsers('steady', 20);
      await settled();
      mutations.reset();
      simulator.faults.set({ outage: true });
      const outageStarted = Date.now();
      const fresh = await createUsers('outage', 40);
      // Existing users get a second role while the platform is down.
      await inPool(existing, 8, async (userName, i) => {
        const found = await client(i).scim(
          'GET',
          `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
        );
        const id = (found.json.Resources as { id: string }[])[0]?.id;
        await client(i + 1).write('PATCH', `/Users/${id}`, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'add', path: 'roles', value: [{ value: 'AGENT_136_STORE' }] }],
        });
      });
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, OUTAGE_SECONDS * 1000 - (Date.now() - outageStarted))),
      );
      // Throughout the outage nothing reached the platform, and nobody was given up on.
      expect(mutations.total('createUser') + mutations.total('updateUser')).toBe(0);
      const during = (await client(0).admin('GET', '/sync')).json.queue as { depth: number; parked: number };
      expect(during.parked).toBe(0);
      expect(during.depth).toBe(fresh.length + existing.length);
      simulator.faults.set({ outage: false });

      expect((await settled(90_000)).parked).toBe(0);
      expectConverged(fresh, ['AGENT_134_STORE']);
      const wrong = existing.filter(
        (name) =>
          JSON.stringify(accountOf(simulator, name)) !==
          JSON.stringify({ status: 'ACTIVE', roles: ['AGENT_134_STORE', 'AGENT_136_STORE'] }),
      );
      expect(wrong).toEqual([]);
      expect(mutations.over('updateUser', 1)).toEqual({});
    },
    TIMEOUT_MS,
  );

  it(
    'parks a user the platform always refuses, shows it in /admin/sync, and lets everyone else through',
    async () => {
      const refused = 'refused0@faults.example';
      simulator.faults.set({ failingUsernames: [refused] });
      const [first, ...others] = await createUsers('refused', 20);
      expect(first).toBe(refused);
      const queue = await settled();
      expect(queue.parked).toBe(1);
      expectConverged(others, ['AGENT_134_STORE']);
      expect(accountOf(simulator, refused)).toBeUndefined();

      for (const replica of replicas) {
        const sync = await replica.client.admin('GET', '/sync');
        const parked = sync.json.parked as { userName?: string; lastError?: string }[];
        expect(parked.map((entry) => entry.userName)).toEqual([refused]);
        expect(parked[0]?.lastError).toMatch(/refused by the platform/);
      }
      // Once the platform accepts the user again, an admin's retry brings it through, created once.
      simulator.faults.set({ failingUsernames: [] });
      expect((await client(1).admin('POST', '/sync/retry', {})).json).toMatchObject({ unparked: 1 });
      expect((await settled()).parked).toBe(0);
      expectConverged([refused], ['AGENT_134_STORE']);
    },
    TIMEOUT_MS,
  );
});
