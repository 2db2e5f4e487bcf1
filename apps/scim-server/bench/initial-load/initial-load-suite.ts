/**
 * The initial load at scale: the server as a child process on a fresh database, 16 clients sending users, groups
 * and memberships over HTTP, the sync worker pushing everything to a Fluent simulator. Done when the queue is
 * empty; then every platform account is read back over the simulator's GraphQL API and checked. Where the
 * simulator runs:
 * - `separate`: in this process on port 0 (PLATFORM=fluent pointed at it, as the end-to-end tests do);
 * - `builtin`: as under `pnpm start` (PLATFORM=simulator), the server's own child process on a free port, with
 *   credentials this run chooses so it can read the accounts back.
 * Either way the server's memory is the connector's own; with `builtin` the simulator's is measured too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSeed, type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import { freePort } from '@scim-connector/testkit/postgres';
import { generateToken } from '../../src/tokens.ts';
import { type BenchDatabaseKind, createBenchDatabase } from '../bench-database.ts';
import { cleanUpOnInterrupt } from '../interrupt-cleanup.ts';
import type { CreatedResource } from '../load/request-spec.ts';
import { loadInWorker } from '../load/run-in-worker.ts';
import type { LoadSummary } from '../load/stats.ts';
import {
  type PlatformAccount,
  readPlatformAccounts,
  type SimulatorEndpoint,
  secondsUntilStatus,
} from './platform-accounts.ts';
import { describePushProfile, type PushProfile, readPushProfile } from './push-profile.ts';
import {
  expectedRoles,
  type InitialLoadFixture,
  type InitialLoadShape,
  type InitialLoadStep,
  loadGroupName,
  loadUserName,
  type MembershipLayout,
} from './requests.ts';
import { childPids, type MemorySample, watchMemory } from './rss.ts';
import { startServerProcess } from './server-process.ts';

const RULES_DIR = fileURLToPath(new URL('../../../../rules', import.meta.url));
const CLIENTS = 16;
const STEP_TIMEOUT_MS = 30 * 60_000;
const SYNC_TIMEOUT_MS = 30 * 60_000;

export type SimulatorPlacement = 'separate' | 'builtin';

export interface InitialLoadOptions {
  users: number;
  groups: number;
  membership: MembershipLayout;
  membersPerGroup: number;
  simulator: SimulatorPlacement;
  /** A folder for a V8 CPU profile of the server process (written when it exits). */
  profileDir?: string;
  log?: (line: string) => void;
}

export interface StepResult {
  step: InitialLoadStep;
  summary: LoadSummary;
  errors: string[];
}

export interface InitialLoadResult {
  database: BenchDatabaseKind;
  simulator: SimulatorPlacement;
  shape: InitialLoadShape;
  steps: StepResult[];
  /** From the first SCIM request until the last answer. */
  scimSeconds: number;
  /** From the first SCIM request until the queue was empty: everything on the platform. */
  totalSeconds: number;
  memory?: MemorySample;
  /** Pushes by outcome and platform calls by operation, from the server's /metrics. */
  pushProfile: PushProfile;
  /** The built-in simulator's process (`builtin` only). */
  simulatorMemory?: MemorySample;
  /** One user deactivated after the SCIM requests: until inactive on the platform, and the queue then. */
  offboarding: { seconds: number; queueDepth: number };
  /** Accounts that are missing or differ from what the directory says. */
  wrongAccounts: number;
  firstWrong: string[];
  parked: number;
}

export async function runInitialLoad(
  kind: BenchDatabaseKind,
  options: InitialLoadOptions,
): Promise<InitialLoadResult> {
  const log = options.log ?? (() => {});
  const shape: InitialLoadShape = {
    users: options.users,
    groups: options.groups,
    membership: options.membership,
    membersPerGroup: options.membersPerGroup,
    locationIds: (defaultSeed.locations ?? []).map((location) => location.id),
  };
  if (shape.membership === 'blocks' && shape.groups * shape.membersPerGroup > shape.users) {
    throw new Error('groups x members per group must not exceed the number of users (one group per user)');
  }
  const database = await createBenchDatabase(kind, 'initial_load');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'scim-bench-initial-load-'));
  let separateSimulator: SimulatorServer | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    let endpoint: SimulatorEndpoint;
    let platformEnv: Record<string, string>;
    if (options.simulator === 'separate') {
      separateSimulator = await startSimulatorServer({ port: 0 });
      endpoint = { url: separateSimulator.url, credentials: separateSimulator.credentials };
      platformEnv = { PLATFORM: 'fluent', FLUENT_URL: separateSimulator.url };
    } else {
      // The simulator accepts the credentials the plugin options name (platform-plugins' simulated-platform.ts).
      const port = await freePort();
      const credentials = {
        clientId: 'bench',
        clientSecret: generateToken(),
        username: 'bench',
        password: generateToken(),
      };
      endpoint = { url: `http://127.0.0.1:${port}`, credentials };
      platformEnv = { PLATFORM: 'simulator', SIMULATOR_PORT: String(port) };
    }
    const scimToken = generateToken();
    const adminToken = generateToken();
    const server = await startServerProcess(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        ...(database.schema ? { DATABASE_SCHEMA: database.schema } : {}),
        RULES_DIR,
        SCIM_TOKEN: scimToken,
        ADMIN_TOKEN: adminToken,
        LOG_LEVEL: 'info',
        // The benchmark loads users as fast as the server takes them, far beyond any IdP's pace.
        SCIM_RATE_LIMIT: '0',
        ...platformEnv,
        FLUENT_ACCOUNT: 'SIMULATOR',
        FLUENT_CLIENT_ID: endpoint.credentials.clientId,
        FLUENT_CLIENT_SECRET: endpoint.credentials.clientSecret,
        FLUENT_USERNAME: endpoint.credentials.username,
        FLUENT_PASSWORD: endpoint.credentials.password,
      },
      dataDir,
      options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [],
    );
    cleanups.push(() => server.stop());
    cleanups.push(async () => forgetServer());
    const forgetServer = cleanUpOnInterrupt(async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    const simulatorPid =
      options.simulator === 'builtin' ? (await childPids(server.pid, 'simulator-child'))[0] : undefined;
    log(
      `  server pid ${server.pid} at ${server.url}, ${database.description}; simulator ` +
        (simulatorPid === undefined
          ? `in this process at ${endpoint.url}`
          : `pid ${simulatorPid} at ${endpoint.url}`),
    );
    const memory = watchMemory(server.pid);
    const simulatorMemory = simulatorPid === undefined ? undefined : watchMemory(simulatorPid);
    const started = performance.now();
    const progress = setInterval(() => {
      void syncStatus(server.url, adminToken).then(
        (status) =>
          log(
            `  ${((performance.now() - started) / 1000).toFixed(0)} s: ${status.queue.depth} users waiting for a push`,
          ),
        () => undefined,
      );
    }, 15_000);
    cleanups.push(async () => clearInterval(progress));
    const fixture: InitialLoadFixture = { ...shape, userIds: [], groupIds: [] };
    const steps: StepResult[] = [];
    const runStep = async (step: InitialLoadStep, requests: number) => {
      const result = await loadInWorker(
        {
          origin: server.url,
          token: scimToken,
          clients: CLIENTS,
          warmUp: { maxRequests: 0, maxMs: 0 },
          measure: { maxRequests: requests, maxMs: STEP_TIMEOUT_MS },
        },
        { kind: 'initial-load', step, fixture },
      );
      steps.push({ step, summary: result.summary, errors: result.errors });
      log(
        `  ${step}: ${result.summary.requests} requests in ${result.summary.seconds.toFixed(1)} s ` +
          `(${Math.round(result.summary.perSecond)}/s, p50 ${result.summary.p50Ms.toFixed(1)} ms, ` +
          `p99 ${result.summary.p99Ms.toFixed(1)} ms), ${result.summary.failures} failed`,
      );
      return result.created;
    };
    fixture.userIds = byIndex(await runStep('users', shape.users), shape.users, loadUserName);
    fixture.groupIds = byIndex(await runStep('groups', shape.groups), shape.groups, loadGroupName);
    await runStep('members', shape.groups);
    const scimSeconds = (performance.now() - started) / 1000;

    // Offboarding under load (docs/architecture.md, "Offboarding first"): a user leaves when the queue is at its
    // deepest. What matters is how long their account stays active on the platform.
    const leaver = leaverOf(shape);
    const depthAtOffboarding = (await syncStatus(server.url, adminToken)).queue.depth;
    const offboarding = deactivate(server.url, scimToken, fixture.userIds[leaver] ?? '').then(() =>
      secondsUntilStatus(endpoint, loadUserName(leaver), 'INACTIVE', SYNC_TIMEOUT_MS),
    );
    const parked = await waitForEmptyQueue(server.url, adminToken);
    const offboardingSeconds = await offboarding;
    log(
      `  offboarding: ${loadUserName(leaver)}, deactivated with ${depthAtOffboarding} users waiting, was ` +
        `INACTIVE on the platform ${offboardingSeconds.toFixed(1)} s later`,
    );
    const totalSeconds = (performance.now() - started) / 1000;
    const memorySample = await memory.stop();
    const simulatorSample = await simulatorMemory?.stop();
    const check = checkAccounts(await readPlatformAccounts(endpoint), shape, leaver);
    const pushProfile = await readPushProfile(server.url);
    for (const line of describePushProfile(pushProfile, shape.users)) log(`  ${line}`);
    log(
      `  synced: queue empty after ${totalSeconds.toFixed(1)} s; ${check.wrong} wrong accounts; ` +
        `server peak RSS ${memorySample?.peakRssMb.toFixed(0)} MB` +
        (simulatorSample ? `, simulator peak RSS ${simulatorSample.peakRssMb.toFixed(0)} MB` : ''),
    );
    return {
      database: kind,
      simulator: options.simulator,
      shape,
      pushProfile,
      steps,
      scimSeconds,
      totalSeconds,
      ...(memorySample ? { memory: memorySample } : {}),
      ...(simulatorSample ? { simulatorMemory: simulatorSample } : {}),
      offboarding: { seconds: offboardingSeconds, queueDepth: depthAtOffboarding },
      wrongAccounts: check.wrong,
      firstWrong: check.first,
      parked,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await separateSimulator?.close();
    await database.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Ids in request order, from what the step created (matched by name, since answers arrive in any order). */
function byIndex(
  created: readonly CreatedResource[],
  count: number,
  nameOf: (index: number) => string,
): string[] {
  const idByName = new Map(created.map((resource) => [resource.name, resource.id]));
  return Array.from({ length: count }, (_, index) => idByName.get(nameOf(index)) ?? '');
}

interface SyncStatus {
  queue: { depth: number; parked: number; inFlight: number; deferred: number };
}

async function syncStatus(url: string, adminToken: string): Promise<SyncStatus> {
  const response = await fetch(`${url}/admin/sync`, { headers: { Authorization: `Bearer ${adminToken}` } });
  if (!response.ok) throw new Error(`GET /admin/sync answered ${response.status}`);
  return (await response.json()) as SyncStatus;
}

/**
 * The user the load deactivates after its SCIM requests (by index): one created early, so most likely pushed
 * already, whose groups were the last to change (two per user: groups G-2 and G-1), so their mark is among the
 * newest in the queue, as a leaver's is when nothing else about them changed.
 */
function leaverOf(shape: InitialLoadShape): number {
  return shape.membership === 'two-per-user' ? Math.max(shape.groups - 2, 0) : 0;
}

/** A deactivation as Entra sends it (PATCH replace of `active`). */
async function deactivate(url: string, token: string, userId: string): Promise<void> {
  const response = await fetch(`${url}/scim/v2/Users/${encodeURIComponent(userId)}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/scim+json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    }),
  });
  if (!response.ok) throw new Error(`deactivating ${userId} answered ${response.status}`);
}

/** Polls the admin API until nothing waits for a push; returns how many users were parked. */
async function waitForEmptyQueue(url: string, adminToken: string): Promise<number> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const status = await syncStatus(url, adminToken);
    if (status.queue.depth === 0) return status.queue.parked;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(`the sync queue was not empty after ${SYNC_TIMEOUT_MS / 60_000} minutes`);
}

/**
 * Every user must have an ACTIVE account with exactly its direct role and its groups' roles, but `leaver`:
 * deactivated, so INACTIVE and without roles (docs/rules.md).
 */
function checkAccounts(
  accounts: ReadonlyMap<string, PlatformAccount>,
  shape: InitialLoadShape,
  leaver: number,
): { wrong: number; first: string[] } {
  let wrong = 0;
  const first: string[] = [];
  for (let index = 0; index < shape.users; index++) {
    const username = loadUserName(index);
    const account = accounts.get(username);
    const expected = index === leaver ? [] : expectedRoles(shape, index);
    const status = index === leaver ? 'INACTIVE' : 'ACTIVE';
    if (account?.status === status && account.roles.join() === expected.join()) continue;
    wrong++;
    if (first.length < 5) {
      first.push(
        `${username}: ${account ? `${account.status} ${account.roles.join(',')}` : 'no account'}, expected ${status} ${expected.join(',')}`,
      );
    }
  }
  return { wrong, first };
}
