/**
 * The server process killed with SIGKILL (no draining, no cleanup: a crash, an OOM kill) in the middle of a
 * 5,000-user initial load and in the middle of a group fan-out, then started again on the same PostgreSQL
 * database. The load carries on as an IdP would, re-sending whatever got no answer. Afterwards: every request that
 * was answered 2xx is in the directory, the platform holds exactly the state a clean run reaches (each user once,
 * ACTIVE, with exactly its roles), and no account was created twice.
 */
import type { SimulatorServer } from '@scim-connector/fluent-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MutationLog, platformState } from './platform-recorder.ts';
import { type ReplicaSet, startReplicaSet } from './replica-set.ts';
import {
  attempt,
  inPool,
  membersPatch,
  type Outcome,
  roleGroupBody,
  userBody,
  waitFor,
} from './scim-load.ts';
import type { ServerProcess } from './server-process.ts';

const USERS = 5000;
const FAN_OUT = 1000;
const SCHEMA = `scim_process_faults_${process.pid}`;
const TIMEOUT_MS = 300_000;

/** One server at a time; a killed one is replaced, and requests wait for the replacement. */
class RestartableServer {
  private current!: ServerProcess;
  private replacing: Promise<void> | undefined;
  kills = 0;

  constructor(private readonly start: () => Promise<ServerProcess>) {}

  async boot(): Promise<void> {
    this.current = await this.start();
  }

  get process(): ServerProcess {
    return this.current;
  }

  /** SIGKILL, then start a new process on the same database. */
  killAndRestart(): Promise<void> {
    this.replacing ??= (async () => {
      this.kills++;
      await this.current.kill();
      this.current = await this.start();
    })().finally(() => {
      this.replacing = undefined;
    });
    return this.replacing;
  }

  /**
   * A SCIM request as an IdP sends it: no answer (connection refused or reset) means send it again once the
   * server is back. Returns the first answer the server gave.
   */
  async request(method: string, path: string, body?: unknown): Promise<Outcome> {
    for (let tries = 0; tries < 200; tries++) {
      await this.replacing;
      const outcome = await attempt(this.current.client, method, path, body);
      if (outcome.status !== 0 && outcome.status !== 503) return outcome;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${method} ${path} never got an answer`);
  }
}

describe('SIGKILL of the server under load, and a restart', () => {
  let simulator: SimulatorServer;
  let mutations: MutationLog;
  let server: RestartableServer;
  let set: ReplicaSet | undefined;
  const names = Array.from({ length: USERS }, (_, i) => `load${String(i).padStart(4, '0')}@kill.example`);
  const ids = new Map<string, string>();

  beforeAll(async () => {
    const replicas = await startReplicaSet({
      schema: SCHEMA,
      // A little platform latency keeps the worker busy while the load runs, so the kill lands mid-push.
      faults: { latencyMs: 2 },
      env: {
        SYNC_INTERVAL_MS: '200',
        SYNC_RETRY_BASE_MS: '100',
        SYNC_RETRY_MAX_MS: '1000',
        // The dead process's leases run out quickly, so its claimed users are taken over soon after.
        SYNC_LEASE_MS: '3000',
        LOG_LEVEL: 'warn',
      },
    });
    set = replicas;
    ({ simulator, mutations } = replicas);
    let generation = 0;
    server = new RestartableServer(() => replicas.add(`killable-${++generation}`));
    await server.boot();
  }, TIMEOUT_MS);

  // Stops the running server (the killed ones are gone already), the simulator, and drops the schema.
  afterAll(() => set?.stop(), TIMEOUT_MS);

  it(
    `loses no acknowledged create and converges when killed during a ${USERS}-user load`,
    async () => {
      const acknowledged = new Set<string>();
      let killing: Promise<void> | undefined;
      await inPool(names, 16, async (userName) => {
        const outcome = await server.request('POST', '/Users', userBody(userName, 'AGENT_134_STORE'));
        // 409: an earlier try was applied but its answer was lost in the kill; the IdP would look it up.
        expect([201, 409], `${userName}: ${JSON.stringify(outcome.json)}`).toContain(outcome.status);
        if (outcome.status === 201) {
          acknowledged.add(userName);
          ids.set(userName, outcome.json.id as string);
        }
        // Kill once a good part of the load is in and the worker is busy pushing.
        if (!killing && acknowledged.size >= USERS * 0.3 && simulator.model.userCount > 0) {
          killing = server.killAndRestart();
        }
      });
      await killing;
      expect(server.kills).toBe(1);

      // Every acknowledged create is in the directory; together with the 409s, every user is.
      const listed = await listUserNames(server);
      expect([...acknowledged].filter((name) => !listed.has(name))).toEqual([]);
      expect(listed.size).toBe(USERS);
      for (const name of names) if (!ids.has(name)) ids.set(name, listed.get(name) as string);
      await server.process.client.settled(TIMEOUT_MS);
      const queue = (await server.process.client.admin('GET', '/sync')).json.queue as { parked: number };
      expect(queue.parked).toBe(0);
      // The state a clean run reaches: each user once, ACTIVE, with its one role.
      expect(platformState(simulator)).toEqual(names.map((name) => `${name} ACTIVE AGENT_134_STORE`));
      expect(mutations.over('createUser', 1)).toEqual({});
      expect(mutations.total('createUser')).toBe(USERS);
    },
    TIMEOUT_MS,
  );

  it(
    `converges when killed during a group fan-out to ${FAN_OUT} members`,
    async () => {
      mutations.reset();
      const members = names.slice(0, FAN_OUT).map((name) => ids.get(name) as string);
      const group = await server.request('POST', '/Groups', roleGroupBody('Store 135', 'AGENT_135_STORE'));
      expect(group.status).toBe(201);
      const groupPath = `/Groups/${group.json.id as string}`;
      const patching = (async () => {
        for (let i = 0; i < members.length; i += 100) {
          const outcome = await server.request(
            'PATCH',
            groupPath,
            membersPatch('add', members.slice(i, i + 100)),
          );
          expect([200, 204]).toContain(outcome.status);
        }
      })();
      // Kill while the worker is part-way through the members' pushes.
      await waitFor(
        () => mutations.total('updateUser') >= FAN_OUT * 0.2,
        120_000,
        () => `only ${mutations.total('updateUser')} member pushes`,
        5,
      );
      const pushedBeforeKill = mutations.total('updateUser');
      await server.killAndRestart();
      await patching;
      expect(pushedBeforeKill).toBeLessThan(FAN_OUT);

      const membership = await server.request('GET', `${groupPath}?attributes=members`);
      expect((membership.json.members as unknown[]).length).toBe(FAN_OUT);
      await server.process.client.settled(TIMEOUT_MS);
      const expected = names.map(
        (name, i) => `${name} ACTIVE ${i < FAN_OUT ? 'AGENT_134_STORE,AGENT_135_STORE' : 'AGENT_134_STORE'}`,
      );
      expect(platformState(simulator)).toEqual(expected);
      // One role added per member: a push repeated after the kill found the role there and changed nothing.
      expect(mutations.over('updateUser', 1)).toEqual({});
      expect(mutations.total('createUser')).toBe(0);
      expect(mutations.total('removeUserRolesFromUser')).toBe(0);
    },
    TIMEOUT_MS,
  );
});

/** userName -> id of every user in the directory, paging through GET /Users. */
async function listUserNames(server: RestartableServer): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let startIndex = 1; ; startIndex += 200) {
    const page = await server.request('GET', `/Users?startIndex=${startIndex}&count=200&attributes=userName`);
    const resources = (page.json.Resources ?? []) as { id: string; userName: string }[];
    for (const user of resources) found.set(user.userName, user.id);
    if (resources.length < 200) return found;
  }
}
