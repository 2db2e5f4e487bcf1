/**
 * The server as a child process (`src/main.ts`, the same entry point as `pnpm start`), so its memory can be
 * measured on its own. Its stdout and stderr go to files in the run's data folder; the listening line printed
 * at start-up says where it is.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));
const LISTENING = /SCIM server listening on (http:\/\/\S+)\/scim\/v2/;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export interface ServerProcess {
  /** e.g. `http://127.0.0.1:40123`. */
  url: string;
  pid: number;
  /** Stops with SIGTERM (SIGKILL after a deadline); resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** `nodeArgs`: extra node options, e.g. `--cpu-prof` to profile the server. */
export async function startServerProcess(
  env: Record<string, string>,
  dataDir: string,
  nodeArgs: readonly string[] = [],
): Promise<ServerProcess> {
  const stdoutFile = path.join(dataDir, 'server.stdout.log');
  const stderrFile = path.join(dataDir, 'server.stderr.log');
  const [stdout, stderr] = await Promise.all([open(stdoutFile, 'w'), open(stderrFile, 'w')]);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(APP_DIR, 'src/main.ts')], {
    cwd: APP_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout.fd, stderr.fd],
  });
  await Promise.all([stdout.close(), stderr.close()]);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await waitForListening(child, stdoutFile, stderrFile);
    return { url, pid: child.pid ?? -1, stop: () => stopChild(child, exited) };
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
}

async function waitForListening(
  child: ChildProcess,
  stdoutFile: string,
  stderrFile: string,
): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const match = LISTENING.exec(await readFile(stdoutFile, 'utf8'));
    if (match?.[1]) return match[1];
    if (child.exitCode !== null) {
      const stderr = (await readFile(stderrFile, 'utf8')).slice(-2000);
      throw new Error(`the server exited with code ${child.exitCode} before listening:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not print its listening line within ${START_TIMEOUT_MS / 1000} s`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}
