/**
 * The sync cycle end to end, as a deployment runs it: the SCIM server as a child process (`src/main.ts`, its
 * worker inside), the Fluent plugin talking HTTP to a Fluent simulator on its own port.
 *   provision - N users POSTed over SCIM by 32 clients until every account exists on the platform (target:
 *               10,000 in under 60 s).
 *   fanout    - the role of an M-member group changed by one PATCH (of its roles extension) until every
 *               member holds the new role and not the old one (target: 5,000 members in under 15 s).
 * Options: --suite provision,fanout  --db sqlite|postgres  --users 10000  --members 5000  --concurrency 32
 * Profiling the server: BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (node flags for the child).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import pg from 'pg';
import { ScimClient, withClients } from './scim-client.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Groups grant roles through their roles extension: a group's name grants nothing by default. */
const CONNECTOR_GROUP = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const IDP_CLIENTS = 32;

const { values } = parseArgs({
  options: {
    suite: { type: 'string', default: 'provision,fanout' },
    db: { type: 'string', default: 'sqlite' },
    users: { type: 'string', default: '10000' },
    members: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '32' },
  },
});
const suites = values.suite.split(',');
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Deployment {
  simulator: SimulatorServer;
  server: ServerProcess;
  scim: ScimClient;
  close(): Promise<void>;
}

async function deploy(): Promise<Deployment> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sync-bench-'));
  const testUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `sync_bench_${process.pid}`;
  const database: Record<string, string> =
    values.db === 'postgres'
      ? { DATABASE_URL: testUrl, DATABASE_SCHEMA: schema }
      : { DATABASE_URL: `sqlite:${path.join(dataDir, 'connector.db')}` };
  if (values.db === 'postgres') await dropSchema(testUrl, schema);
  const simulator = await startSimulatorServer({ port: 0 });
  const server = await startServerProcess(simulator, {
    ...database,
    DATA_DIR: dataDir,
    SYNC_CONCURRENCY: values.concurrency,
    SYNC_BATCH_SIZE: values.concurrency,
  });
  return {
    simulator,
    server,
    scim: new ScimClient(`${server.url}/scim/v2`, server.scimToken),
    async close() {
      await server.stop();
      await simulator.close();
      if (values.db === 'postgres') await dropSchema(testUrl, schema);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
}

/** Users on the platform holding exactly `roles`. */
function countHolding(simulator: SimulatorServer, usernames: ReadonlySet<string>, roles: string[]): number {
  const wanted = [...roles].sort().join();
  let count = 0;
  for (const user of simulator.model.listUsers()) {
    if (!usernames.has(user.username) || user.status !== 'ACTIVE') continue;
    const held = user.roles
      .flatMap((role) =>
        role.contexts.map((context) => `${context.contextType}_${context.contextId}_${role.roleName}`),
      )
      .sort()
      .join();
    if (held === wanted) count++;
  }
  return count;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    // Coarse enough that counting thousands of accounts costs the machine nothing worth measuring.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function createUsers(scim: ScimClient, names: readonly string[], roles: string[]): Promise<string[]> {
  return withClients(names, IDP_CLIENTS, async (userName) => {
    const user = await scim.request('POST', '/Users', {
      schemas: [CORE_USER],
      userName,
      name: { givenName: 'Bench', familyName: 'User' },
      emails: [{ value: userName, type: 'work', primary: true }],
      ...(roles.length > 0 ? { roles: roles.map((value) => ({ value })) } : {}),
    });
    return user.id as string;
  });
}

async function provision(users: number): Promise<{ seconds: number; postSeconds: number }> {
  const deployment = await deploy();
  try {
    const names = Array.from({ length: users }, (_, i) => `bench.user${i}@example.com`);
    const nameSet = new Set(names);
    const started = performance.now();
    await createUsers(deployment.scim, names, ['AGENT_134_STORE']);
    const posted = performance.now();
    await until(() => deployment.simulator.model.userCount >= users, 600_000, 'every account');
    // Accounts are created with their roles in one call, so this holds as soon as the count does.
    await until(
      () => countHolding(deployment.simulator, nameSet, ['AGENT_134_STORE']) === users,
      60_000,
      'every role',
    );
    const done = performance.now();
    return { seconds: (done - started) / 1000, postSeconds: (posted - started) / 1000 };
  } finally {
    await deployment.close();
  }
}

async function fanout(
  members: number,
): Promise<{ seconds: number; setupSeconds: number; requestsPerMember: number }> {
  const deployment = await deploy();
  try {
    const setupStarted = performance.now();
    const names = Array.from({ length: members }, (_, i) => `bench.member${i}@example.com`);
    const nameSet = new Set(names);
    const ids = await createUsers(deployment.scim, names, ['AGENT_134_STORE']);
    const group = await deployment.scim.request('POST', '/Groups', {
      schemas: [CORE_GROUP, CONNECTOR_GROUP],
      displayName: 'Store 135 assistants',
      members: ids.map((value) => ({ value })),
      [CONNECTOR_GROUP]: { roles: [{ value: 'AGENT_135_STORE_ASSISTANT' }] },
    });
    const before = ['AGENT_134_STORE', 'AGENT_135_STORE_ASSISTANT'];
    await until(
      () => countHolding(deployment.simulator, nameSet, before) === members,
      600_000,
      'the group role',
    );
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    const started = performance.now();
    const requestsBefore = deployment.simulator.stats.graphqlRequests;
    await deployment.scim.request('PATCH', `/Groups/${group.id as string}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: `${CONNECTOR_GROUP}:roles`, value: [{ value: 'AGENT_136_STORE_ASSISTANT' }] },
      ],
    });
    const after = ['AGENT_134_STORE', 'AGENT_136_STORE_ASSISTANT'];
    await until(
      () => countHolding(deployment.simulator, nameSet, after) === members,
      600_000,
      'the new role',
    );
    const seconds = (performance.now() - started) / 1000;
    const requests = deployment.simulator.stats.graphqlRequests - requestsBefore;
    return { seconds, setupSeconds, requestsPerMember: requests / members };
  } finally {
    await deployment.close();
  }
}

log(
  `sync bench, ${new Date().toISOString()}, Node ${process.version}, ${values.db}, worker concurrency ${values.concurrency}`,
);
let failed = false;
if (suites.includes('provision')) {
  const users = Number(values.users);
  const result = await provision(users);
  const target = (users / 10_000) * 60;
  failed ||= result.seconds >= target;
  log(
    `provision: ${users} users end to end in ${result.seconds.toFixed(1)} s = ${Math.round(users / result.seconds)} users/s ` +
      `(SCIM POSTs done after ${result.postSeconds.toFixed(1)} s); target < ${target.toFixed(0)} s: ` +
      `${result.seconds < target ? 'met' : 'MISSED'}`,
  );
}
if (suites.includes('fanout')) {
  const members = Number(values.members);
  const result = await fanout(members);
  const target = (members / 5_000) * 15;
  failed ||= result.seconds >= target;
  log(
    `fanout: role change on a ${members}-member group reached every member in ${result.seconds.toFixed(1)} s ` +
      `(setup ${result.setupSeconds.toFixed(1)} s, ${result.requestsPerMember.toFixed(1)} platform requests per member); target < ${target.toFixed(0)} s: ${result.seconds < target ? 'met' : 'MISSED'}`,
  );
}
if (failed) process.exitCode = 1;
