/**
 * The production start (issue #13): `pnpm build` compiles the server to JavaScript, and `node dist/main.js` runs
 * it without tsx. This builds it, starts the compiled server as a child process against a Fluent simulator, and
 * provisions a user through it end to end; the process prints its own PID, reloads its rules on a SIGHUP sent to
 * that PID and keeps serving, and drains and exits 0 on SIGTERM.
 */
import { execFile } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../tokens.ts';
import { accountOf, platformEnv } from './connector-harness.ts';
import { CORE_USER, waitFor } from './scim-load.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT_MS = 120_000;

describe('the compiled server (pnpm build, node dist/main.js)', () => {
  let simulator: SimulatorServer;
  let server: ServerProcess;
  let databaseDir: string | undefined;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: APP_DIR });
    await access(`${APP_DIR}dist/main.js`);
    simulator = await startSimulatorServer({ port: 0 });
    databaseDir = await mkdtemp(path.join(tmpdir(), 'scim-compiled-'));
    server = await startServerProcess({
      name: 'compiled',
      scimToken: generateToken(),
      adminToken: generateToken(),
      env: {
        ...platformEnv(simulator),
        DATABASE_URL: `sqlite:${path.join(databaseDir, 'connector.db')}`,
        NODE_ENV: 'production',
        SYNC_INTERVAL_MS: '100',
      },
      compiled: true,
    });
  }, TIMEOUT_MS);

  afterAll(async () => {
    await server?.stop();
    await simulator?.close();
    if (databaseDir) await rm(databaseDir, { recursive: true, force: true });
  });

  it('runs without tsx and prints its own PID', async () => {
    await waitFor(
      () => server.output().includes(`scim-server PID ${server.pid}:`),
      10_000,
      () => server.output(),
    );
    expect(server.output()).not.toContain('SIMULATOR MODE');
  });

  it('provisions a user through the compiled server onto the platform', async () => {
    const created = await server.client.scim('POST', '/Users', {
      schemas: [CORE_USER],
      userName: 'compiled@example.com',
      active: true,
      emails: [{ value: 'compiled@example.com', primary: true }],
      roles: [{ value: 'AGENT_134_STORE_ASSISTANT' }],
    });
    expect(created.status, created.text).toBe(201);
    await waitFor(
      () => accountOf(simulator, 'compiled@example.com')?.status === 'ACTIVE',
      20_000,
      () => `no ACTIVE account; server output:\n${server.output()}`,
    );
    expect(accountOf(simulator, 'compiled@example.com')?.roles).toEqual(['AGENT_134_STORE_ASSISTANT']);
  }, 30_000);

  it('reloads its rules on SIGHUP to its PID and keeps serving', async () => {
    server.signal('SIGHUP');
    await waitFor(
      () => server.output().includes('rules reloaded on SIGHUP'),
      15_000,
      () => server.output(),
    );
    const list = await server.client.scim('GET', '/Users?filter=userName%20eq%20%22compiled@example.com%22');
    expect(list.status).toBe(200);
    expect(list.json.totalResults).toBe(1);
  });

  it('drains and exits 0 on SIGTERM', async () => {
    await server.stop();
    expect(server.exitCode()).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });
});
