/**
 * The server as a child process (`node --import tsx src/main.ts`), exactly as `pnpm start` runs it, for the
 * tests that need several replicas with no shared memory, or a process to SIGKILL. Its stdout and stderr (the
 * pino log and the listener lines) are kept so tests can inspect them; the URL comes from the listener line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOKEN_FILE_NAME } from '../tokens.ts';
import { RULES_DIR, ServerClient } from './connector-harness.ts';

const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;

export interface ServerProcessOptions {
  /** Shown in failure messages, e.g. `replica-a`. */
  name: string;
  /** SCIM_TOKEN and ADMIN_TOKEN; without them the server generates its own, as on a first `pnpm start`. */
  scimToken?: string;
  adminToken?: string;
  /** DATA_DIR, kept when the process ends (to start again over it); by default a temporary one, removed. */
  dataDir?: string;
  /** DATABASE_URL, DATABASE_SCHEMA, PLATFORM and FLUENT_*, SYNC_* ... */
  env: Record<string, string>;
  /** Run the compiled server (`node dist/main.js`, after `pnpm build`) instead of the sources through tsx. */
  compiled?: boolean;
}

export interface ServerProcess {
  name: string;
  url: string;
  client: ServerClient;
  pid: number;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** SIGKILL: no draining, no cleanup, as a crash or an OOM kill. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a graceful exit. */
  stop(): Promise<void>;
  /** Sends a signal to the server process itself (SIGHUP: rules reload). */
  signal(name: NodeJS.Signals): void;
  /** The exit code once the process has exited (after `stop`). */
  exitCode(): number | null;
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), `scim-${options.name}-`)));
  const entry = options.compiled ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: APP_DIR,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      RULES_DIR,
      ...(options.scimToken ? { SCIM_TOKEN: options.scimToken } : {}),
      ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
      LOG_LEVEL: 'info',
      // The suites load users as fast as the server takes them, beyond any IdP's pace (rate-limit tests set their own).
      SCIM_RATE_LIMIT: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (text: string) => chunks.push(text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => chunks.push(text));
  const output = () => chunks.join('');
  // 'close', not 'exit': the process can exit before its last output has been read from the pipes, and callers read
  // the output once the process is gone (the drain's last log line, say).
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const cleanUp = async () => {
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  };

  let url: string;
  try {
    url = await listenerUrl(child, output, exited, options.name);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await cleanUp();
    throw error;
  }
  return {
    name: options.name,
    url,
    client: new ServerClient(url, ...(await tokensOf(options, dataDir))),
    pid: child.pid ?? -1,
    output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await cleanUp();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await cleanUp();
    },
    signal(name) {
      child.kill(name);
    },
    exitCode: () => child.exitCode,
  };
}

/** The tokens the process uses: the ones it was given, or the ones it generated into its data folder. */
async function tokensOf(options: ServerProcessOptions, dataDir: string): Promise<[string, string]> {
  if (options.scimToken && options.adminToken) return [options.scimToken, options.adminToken];
  const stored = JSON.parse(await readFile(path.join(dataDir, TOKEN_FILE_NAME), 'utf8')) as {
    scimToken?: string;
    adminToken?: string;
  };
  return [options.scimToken ?? stored.scimToken ?? '', options.adminToken ?? stored.adminToken ?? ''];
}

async function listenerUrl(
  child: ChildProcess,
  output: () => string,
  exited: Promise<void>,
  name: string,
): Promise<string> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    const match = /SCIM server listening on (http:\/\/\S+?)\/scim\/v2/.exec(output());
    if (match?.[1]) return match[1];
    if (gone)
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}) before listening:\n${output()}`,
      );
    if (Date.now() > deadline)
      throw new Error(`${name} did not start within ${STARTUP_TIMEOUT_MS} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
