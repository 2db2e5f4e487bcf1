/**
 * The identity property: for a journal the server recorded, `simulate` ends in the platform state the server
 * reached. The server runs as a child process (`apps/scim-server`, PORT=0, its built-in simulator, SQLite in a
 * temporary folder); SCIM requests go to it over HTTP; its journal comes from GET /admin/journal and its platform
 * state from the simulator's GraphQL API. The CLI then replays the journal as a child process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulateDocument } from './commands/simulate.ts';
import { REPO_ROOT, runCliProcess } from './testing/run-cli.ts';

const SERVER_MAIN = join(REPO_ROOT, 'apps', 'scim-server', 'src', 'main.ts');
const RULES = join(REPO_ROOT, 'rules');
const SCIM_TOKEN = 'identity-test-scim-token';
const ADMIN_TOKEN = 'identity-test-admin-token';
const FLUENT = {
  clientId: 'identity-client',
  clientSecret: 'identity-secret',
  username: 'sync',
  password: 'sync-pw',
};
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Groups grant roles through their roles extension: a group's name grants nothing by default. */
const CONNECTOR_GROUP = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface PlatformUser {
  username: string;
  status: string;
  roles: string[];
  /** Fluent's type with its primary context, as the contract's PlatformUserType spells it. */
  userType: { type: string; primaryRetailer?: string | undefined; primaryLocation?: string | undefined };
}

let dir: string;
let server: ChildProcess;
let scimUrl: string;
let adminUrl: string;
let simulatorUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-rules-identity-'));
  server = spawn(process.execPath, ['--import', 'tsx', SERVER_MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      SIMULATOR_PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'connector.db')}`,
      RULES_DIR: RULES,
      SCIM_TOKEN,
      ADMIN_TOKEN,
      FLUENT_CLIENT_ID: FLUENT.clientId,
      FLUENT_CLIENT_SECRET: FLUENT.clientSecret,
      FLUENT_USERNAME: FLUENT.username,
      FLUENT_PASSWORD: FLUENT.password,
      SYNC_INTERVAL_MS: '20',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const urls = await listenerUrls(server);
  scimUrl = urls.scim;
  adminUrl = urls.admin;
  simulatorUrl = urls.simulator;
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

describe('simulate replays a recorded journal to the state the server reached', () => {
  it('ends with the same platform users, statuses and roles', async () => {
    await driveScimTraffic();
    await waitForSyncToSettle();
    const serverState = await simulatorUsers();
    // The scenario must leave a mix behind, or equal states would prove little.
    expect(serverState.map((user) => user.status).sort()).toEqual([
      'ACTIVE',
      'ACTIVE',
      'ACTIVE',
      'INACTIVE',
      'INACTIVE',
    ]);

    const journal = await (await fetch(`${adminUrl}/journal`, { headers: auth(ADMIN_TOKEN) })).text();
    const lines = journal.trim().split('\n');
    expect(lines.length).toBe(14);
    expect(lines.filter((line) => JSON.parse(line).id !== undefined)).toHaveLength(8);
    const journalFile = join(dir, 'journal.jsonl');
    await writeFile(journalFile, journal);

    const run = await runCliProcess(['simulate', journalFile, '--rules', RULES, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as SimulateDocument;
    expect(document.summary).toMatchObject({ rejected: 0, failedPushes: 0, badLines: 0 });
    expect(document.platform.users).toEqual(serverState);
  });
});

/**
 * A day of IdP traffic: users with direct and logical roles, groups joined and left, changes, offboarding. The
 * server's worker is let finish after each write, as it does when traffic is light: the journal records requests,
 * not when the worker ran, and a replay decides after each line. (A busy server may sync a user once for several
 * writes: a user created and emptied of roles before the worker reached them never gets an account, where the
 * replay creates and then deactivates one.)
 */
async function driveScimTraffic(): Promise<void> {
  const ids = new Map<string, string>();
  const create = async (kind: 'Users' | 'Groups', key: string, body: object) => {
    const response = await scim('POST', `/${kind}`, body);
    expect(response.status).toBe(201);
    ids.set(key, ((await response.json()) as { id: string }).id);
  };
  const id = (key: string) => ids.get(key) ?? '';
  const patch = async (kind: 'Users' | 'Groups', key: string, operations: object[]) => {
    const response = await scim('PATCH', `/${kind}/${id(key)}`, {
      schemas: [PATCH_OP],
      Operations: operations,
    });
    expect(response.status).toBeLessThan(300);
  };
  const user = (userName: string, roles: string[], extra: object = {}) => ({
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: userName.split('@')[0], familyName: 'Identity' },
    emails: [{ value: userName, type: 'work', primary: true }],
    roles: roles.map((value) => ({ value })),
    ...extra,
  });

  await create('Users', 'ann', user('ann@example.com', ['AGENT_134_STORE']));
  await create(
    'Users',
    'ben',
    user('ben@example.com', ['AGENT_135_Store_Colleague', 'RETAILER_199_STORE_MANAGER']),
  );
  await create('Users', 'cat', user('cat@example.com', []));
  await create('Users', 'dan', user('dan@example.com', ['AGENT_136_STORE', 'AGENT_136_WAREHOUSE_PICKER']));
  await create('Users', 'eve', user('eve@example.com', ['AGENT_137_STORE_ASSISTANT']));
  await create('Users', 'fay', user('fay@example.com', ['AGENT_138_GRAPHQL']));
  await create('Groups', 'managers', {
    schemas: [GROUP_SCHEMA, CONNECTOR_GROUP],
    displayName: 'EU Store Managers',
    members: [{ value: id('ann') }],
    [CONNECTOR_GROUP]: { roles: [{ value: 'RETAILER_199_STORE_MANAGER' }] },
  });
  await create('Groups', 'colleagues', {
    schemas: [GROUP_SCHEMA, CONNECTOR_GROUP],
    displayName: 'Store 139 colleagues',
    members: [],
    [CONNECTOR_GROUP]: { roles: [{ value: 'AGENT_139_Store_Colleague' }] },
  });
  await patch('Groups', 'colleagues', [
    { op: 'add', path: 'members', value: [{ value: id('cat') }, { value: id('eve') }] },
  ]);
  await patch('Users', 'eve', [{ op: 'replace', path: 'active', value: false }]);
  await patch('Users', 'ann', [{ op: 'replace', path: 'title', value: 'Store lead' }]);
  await patch('Groups', 'colleagues', [{ op: 'remove', path: `members[value eq "${id('cat')}"]` }]);
  const duplicate = await scim('POST', '/Users', user('ann@example.com', []));
  expect(duplicate.status).toBe(409);
  const put = await scim(
    'PUT',
    `/Users/${id('fay')}`,
    user('fay@example.com', ['AGENT_138_RETURNS_MANAGER']),
  );
  expect(put.status).toBe(200);
  expect((await scim('DELETE', `/Users/${id('dan')}`)).status).toBe(204);
}

async function waitForSyncToSettle(): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const response = await fetch(`${adminUrl}/sync`, { headers: auth(ADMIN_TOKEN) });
    const { queue } = (await response.json()) as { queue: { depth: number; parked: number } };
    expect(queue.parked).toBe(0);
    if (queue.depth === 0) return;
    await sleep(50);
  }
  throw new Error('the server did not finish syncing');
}

/** The simulator's users, in the CLI's shape: canonical role names, sorted; users sorted by username. */
async function simulatorUsers(): Promise<PlatformUser[]> {
  const query = new URLSearchParams({
    grant_type: 'password',
    scope: 'api',
    client_id: FLUENT.clientId,
    client_secret: FLUENT.clientSecret,
    username: FLUENT.username,
    password: FLUENT.password,
  });
  const token = await fetch(`${simulatorUrl}/oauth/token?${query}`, { method: 'POST' });
  const { access_token } = (await token.json()) as { access_token: string };
  const response = await fetch(`${simulatorUrl}/graphql`, {
    method: 'POST',
    headers: { ...auth(access_token), 'Content-Type': 'application/json' },
    body: JSON.stringify({
      query:
        '{ users(first: 500) { edges { node { username status type primaryRetailer { id } primaryLocation { id } roles { role { name } contexts { contextType contextId } } } } } }',
    }),
  });
  const { data } = (await response.json()) as {
    data: {
      users: {
        edges: {
          node: {
            username: string;
            status: string;
            type: string;
            primaryRetailer: { id: string } | null;
            primaryLocation: { id: string } | null;
            roles: { role: { name: string }; contexts: { contextType: string; contextId: string }[] }[];
          };
        }[];
      };
    };
  };
  return data.users.edges
    .map(({ node }) => ({
      username: node.username,
      status: node.status,
      roles: node.roles
        .flatMap((userRole) =>
          userRole.contexts.map(
            (context) => `${context.contextType}_${context.contextId}_${userRole.role.name}`,
          ),
        )
        .sort(),
      userType:
        node.type === 'RETAILER'
          ? { type: node.type, primaryRetailer: node.primaryRetailer?.id }
          : node.type === 'LOCATION'
            ? { type: node.type, primaryLocation: node.primaryLocation?.id }
            : { type: node.type },
    }))
    .sort((a, b) => (a.username < b.username ? -1 : 1));
}

async function scim(method: string, path: string, body?: object): Promise<Response> {
  const response = await fetch(`${scimUrl}${path}`, {
    method,
    headers: { ...auth(SCIM_TOKEN), 'Content-Type': 'application/scim+json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  await waitForSyncToSettle();
  return response;
}

function auth(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** Reads the server's start-up lines: the SCIM listener and the built-in simulator's. */
function listenerUrls(child: ChildProcess): Promise<{ scim: string; admin: string; simulator: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const scim = /SCIM server listening on (\S+) \(admin API: (\S+)\)/.exec(stdout);
      const simulator = /Fluent simulator listening on (\S+)/.exec(stdout);
      if (scim?.[1] && scim[2] && simulator?.[1])
        resolve({ scim: scim[1], admin: scim[2], simulator: simulator[1] });
    });
    child.once('exit', (code) =>
      reject(new Error(`the server exited with ${code} before listening: ${stderr}`)),
    );
  });
}
