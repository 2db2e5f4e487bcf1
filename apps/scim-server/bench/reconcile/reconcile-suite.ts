/**
 * Reconciliation at scale (issue #11): N platform accounts on the Fluent simulator (real GraphQL over HTTP), each
 * linked to a directory user, 1% with a role added by hand and 0.5% made by hand; the server as a child process
 * reconciles them all (POST /admin/reconcile, RECONCILE_RATE=0: as fast as the platform answers). Measured: the
 * run's duration, the server's peak memory, and the SCIM p99 latency of GET /Users/{id} while idle and during the
 * run, from a worker thread of its own so the simulator's work on the main thread does not count as the server's.
 * Seeding writes the directory and the links straight into the store: what is measured is the run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulatorServer } from '@scim-connector/fluent-simulator';
import { normalizeResource } from '@scim-connector/scim';
import { openStore, type Store } from '@scim-connector/store';
import { type BenchDatabaseKind, createBenchDatabase } from '../bench-database.ts';
import { readMemory, watchMemory } from '../initial-load/rss.ts';
import { startServerProcess } from '../initial-load/server-process.ts';
import { startLatencyProbe } from './latency-probe.ts';

const RULES_DIR = path.resolve(new URL('../../../../rules', import.meta.url).pathname);
const ROLE = { role: { name: 'STORE_ASSISTANT' }, contexts: [{ contextType: 'AGENT', contextId: '134' }] };
const HAND_ROLE = { role: { name: 'ADMIN' }, contexts: [{ contextType: 'RETAILER', contextId: '199' }] };
const PER_TRANSACTION = 1000;

export interface ReconcileBenchResult {
  database: BenchDatabaseKind;
  accounts: number;
  seconds: number;
  accountsPerSecond: number;
  peakRssMb: number;
  counts: unknown;
  p99IdleMs: number;
  p99DuringMs: number;
  requestsDuring: number;
}

export async function runReconcileBench(
  kind: BenchDatabaseKind,
  options: { accounts: number; log: (line: string) => void },
): Promise<ReconcileBenchResult> {
  const { accounts, log } = options;
  const database = await createBenchDatabase(kind, 'reconcile');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'scim-bench-reconcile-'));
  const simulator = await startSimulatorServer({ port: 0 });
  try {
    log(`  seeding ${accounts} accounts, directory users and links`);
    const store = await openStore(database.url, database.schema ? { schema: database.schema } : {});
    const ids = await seed(store, simulator.model, accounts);
    await store.close();

    const scimToken = 'bench-scim-token-0123456789abcdef';
    const adminToken = 'bench-admin-token-0123456789abcdef';
    const server = await startServerProcess(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        RULES_DIR,
        DATABASE_URL: database.url,
        ...(database.schema ? { DATABASE_SCHEMA: database.schema } : {}),
        SCIM_TOKEN: scimToken,
        ADMIN_TOKEN: adminToken,
        LOG_LEVEL: 'error',
        PLATFORM: 'fluent',
        FLUENT_URL: simulator.url,
        FLUENT_ACCOUNT: 'SIMULATOR',
        FLUENT_CLIENT_ID: simulator.credentials.clientId,
        FLUENT_CLIENT_SECRET: simulator.credentials.clientSecret,
        FLUENT_USERNAME: simulator.credentials.username,
        FLUENT_PASSWORD: simulator.credentials.password,
        RECONCILE_INTERVAL: '0',
        RECONCILE_RATE: '0',
      },
      dataDir,
    );
    try {
      const admin = (method: string, route: string) =>
        fetch(`${server.url}/admin${route}`, { method, headers: { authorization: `Bearer ${adminToken}` } });
      const probe = { url: server.url, token: scimToken, ids };
      const idle = await startLatencyProbe({ ...probe, count: 1500 }).done;
      const memory = watchMemory(server.pid, 250);
      const started = performance.now();
      const reply = await admin('POST', '/reconcile');
      const { runId } = (await reply.json()) as { runId: string };
      let run: { state: string; counts: unknown; progress: { accountsRead: number } } | undefined;
      const during = startLatencyProbe({ ...probe, count: Number.MAX_SAFE_INTEGER });
      for (;;) {
        run = (await (await admin('GET', `/reconcile/${runId}`)).json()) as typeof run;
        if (run?.state !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const seconds = (performance.now() - started) / 1000;
      const duringSamples = await during.stop();
      const peak = (await memory.stop()) ?? (await readMemory(server.pid));
      if (run?.state !== 'finished') throw new Error(`the run ended ${JSON.stringify(run)}`);
      return {
        database: kind,
        accounts: run.progress.accountsRead,
        seconds,
        accountsPerSecond: run.progress.accountsRead / seconds,
        peakRssMb: peak?.peakRssMb ?? Number.NaN,
        counts: run.counts,
        p99IdleMs: p99(idle),
        p99DuringMs: p99(duringSamples),
        requestsDuring: duringSamples.length,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await simulator.close();
    await rm(dataDir, { recursive: true, force: true });
    await database.dispose();
  }
}

function p99(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? Number.NaN;
}

type Model = Awaited<ReturnType<typeof startSimulatorServer>>['model'];

async function seed(store: Store, model: Model, accounts: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < accounts; start += PER_TRANSACTION) {
    const end = Math.min(accounts, start + PER_TRANSACTION);
    const links: { userId: string; platformUserId: string; userName: string }[] = [];
    await store.transaction(async (tx) => {
      for (let i = start; i < end; i++) {
        const userName = `recon.${String(i).padStart(6, '0')}@example.test`;
        if (i % 200 === 199) {
          // Made by hand on the platform: no directory user.
          model.createUser(platformUser(`hand.${userName}`, [HAND_ROLE]));
          continue;
        }
        const { resource } = normalizeResource('User', {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName,
          active: true,
          name: { givenName: 'Given', familyName: 'Family' },
          emails: [{ value: userName, type: 'work', primary: true }],
          roles: [{ value: 'AGENT_134_STORE_ASSISTANT' }],
        });
        const user = await tx.insertUser({ id: `u${i}`, userName, active: true, resource });
        const account = model.createUser(platformUser(userName, i % 100 === 7 ? [ROLE, HAND_ROLE] : [ROLE]));
        links.push({ userId: user.id, platformUserId: account.id, userName });
        ids.push(user.id);
      }
    });
    for (const link of links) {
      await store.saveLink({
        userId: link.userId,
        lastSyncedAt: new Date().toISOString(),
        state: {
          link: {
            kind: 'linked',
            platformUserId: link.platformUserId,
            username: link.userName,
            status: 'ACTIVE',
            createdByConnector: true,
            roles: ['AGENT_134_STORE_ASSISTANT'],
          },
          lastDecision: null,
        },
      });
    }
  }
  // The directory writes marked every user dirty: the links say they are synced already.
  for (;;) {
    const claimed = await store.claimDirty({ limit: 1000, workerId: 'bench-seed', leaseMs: 60_000 });
    if (claimed.length === 0) break;
    await store.completeDirtyMany(claimed.map(({ userId, generation }) => ({ userId, generation })));
  }
  return ids;
}

function platformUser(username: string, roles: (typeof ROLE)[]) {
  return {
    ref: username,
    username,
    password: 'Bench-password-1!',
    firstName: 'Given',
    lastName: 'Family',
    primaryEmail: username,
    type: 'ADMIN',
    timezone: 'UTC',
    roles,
  };
}
