/**
 * The server killed (SIGKILL) in the middle of its queue and started again over the same database: every user
 * converges on the platform, exactly once. The server runs as a child process, as `pnpm start` runs it; the Fluent
 * simulator runs here, so platform state survives the kill.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import { dropSchema, TEST_DATABASE_URL } from '@scim-connector/store/testing/postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { generateToken } from '../tokens.ts';
import { accountOf, platformEnv, RULES_DIR, ServerClient } from './connector-harness.ts';

const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));
const USERS = 150;
/** tsx compiles the server on every start; on a busy two-core machine that alone has taken over 30 s. */
const START_TIMEOUT_MS = 90_000;
const TIMEOUT_MS = 240_000;

interface ServerProcess {
  child: ChildProcess;
  client: ServerClient;
  output: () => string;
}

/** Starts `src/main.ts` as `pnpm start` would, and waits for its listener line. */
async function startServerProcess(env: Record<string, string>, tokens: { scim: string; admin: string }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: APP_DIR,
    env: { ...process.env, ...env, SCIM_TOKEN: tokens.scim, ADMIN_TOKEN: tokens.admin, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /SCIM server listening on (\S+)\/scim\/v2/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { child, client: new ServerClient(url, tokens.scim, tokens.admin), output: () => output };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const targets = [
  {
    name: 'sqlite',
    database: (dir: string) => ({ DATABASE_URL: `sqlite:${path.join(dir, 'connector.db')}` }),
  },
  {
    name: 'postgres',
    database: () => ({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: `scim_restart_${process.pid}` }),
  },
];

describe.each(targets)('server killed mid-queue and restarted ($name)', (target) => {
  let simulator: SimulatorServer | undefined;
  let servers: ServerProcess[] = [];
  let dataDir: string | undefined;
  let env: Record<string, string> = {};

  afterEach(async () => {
    for (const server of servers) await killed(server.child);
    servers = [];
    await simulator?.close();
    if (env.DATABASE_SCHEMA) await dropSchema(env.DATABASE_SCHEMA);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'converges with no duplicate account and no governance block',
    async () => {
      // Every platform call takes a while, so the kill lands while the worker is busy.
      simulator = await startSimulatorServer({ port: 0, faults: { latencyMs: 15 } });
      dataDir = await mkdtemp(path.join(tmpdir(), 'scim-restart-'));
      env = {
        PORT: '0',
        DATA_DIR: dataDir,
        RULES_DIR,
        SYNC_CONCURRENCY: '8',
        // The dead process's leases must run out before the new one takes its users over.
        SYNC_LEASE_MS: '3000',
        ...platformEnv(simulator),
        ...target.database(dataDir),
      };
      if (env.DATABASE_SCHEMA) await dropSchema(env.DATABASE_SCHEMA);
      const tokens = { scim: generateToken(), admin: generateToken() };
      const first = await startServerProcess(env, tokens);
      servers.push(first);

      const names = Array.from({ length: USERS }, (_, i) => `restart${i}@example.com`);
      for (let i = 0; i < names.length; i += 25) {
        await Promise.all(
          names.slice(i, i + 25).map((userName) =>
            first.client.write('POST', '/Users', {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
              userName,
              emails: [{ value: userName, primary: true }],
              roles: [{ value: 'AGENT_141_STORE' }],
            }),
          ),
        );
      }
      // Kill it once some, not all, accounts exist.
      const deadline = Date.now() + 30_000;
      while (simulator.model.userCount < 10) {
        if (Date.now() > deadline) throw new Error(`the worker never started:\n${first.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await killed(first.child);
      const createdBeforeKill = simulator.model.userCount;
      expect(createdBeforeKill).toBeLessThan(USERS);

      const second = await startServerProcess(env, tokens);
      servers.push(second);
      const queue = await second.client.settled(TIMEOUT_MS);
      expect(queue.parked).toBe(0);

      expect(simulator.model.userCount).toBe(USERS);
      for (const userName of names) {
        expect(accountOf(simulator, userName)).toEqual({ status: 'ACTIVE', roles: ['AGENT_141_STORE'] });
      }
      const audit = await second.client.admin('GET', '/audit?limit=1000');
      const entries = audit.json.entries as { outcome: string; reasons: string[] }[];
      expect(entries.filter((entry) => entry.outcome === 'block')).toEqual([]);
      expect(entries.filter((entry) => entry.outcome === 'create').length).toBeLessThanOrEqual(USERS);
    },
    TIMEOUT_MS,
  );
});
