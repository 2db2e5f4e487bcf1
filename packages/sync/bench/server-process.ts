/**
 * The SCIM server (apps/scim-server) as a child process, started the way `pnpm start` starts it, pointed at a
 * Fluent simulator of the bench's own. A process boundary, not an import: packages never depend on apps.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { SimulatorServer } from '@scim-connector/fluent-simulator';

const SERVER_DIR = fileURLToPath(new URL('../../../apps/scim-server/', import.meta.url));
export const RULES_DIR = fileURLToPath(new URL('../../../rules/', import.meta.url));

export interface ServerProcess {
  url: string;
  scimToken: string;
  adminToken: string;
  stop(): Promise<void>;
}

export async function startServerProcess(
  simulator: SimulatorServer,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const scimToken = randomBytes(24).toString('base64url');
  const adminToken = randomBytes(24).toString('base64url');
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      'src/main.ts',
    ],
    {
      cwd: SERVER_DIR,
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'warn',
        RULES_DIR,
        SCIM_TOKEN: scimToken,
        ADMIN_TOKEN: adminToken,
        PLATFORM: 'fluent',
        FLUENT_URL: simulator.url,
        FLUENT_ACCOUNT: 'SIMULATOR',
        FLUENT_CLIENT_ID: simulator.credentials.clientId,
        FLUENT_CLIENT_SECRET: simulator.credentials.clientSecret,
        FLUENT_USERNAME: simulator.credentials.username,
        FLUENT_PASSWORD: simulator.credentials.password,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /SCIM server listening on (\S+)\/scim\/v2/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${output}`)),
    );
  });
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return { url, scimToken, adminToken, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
