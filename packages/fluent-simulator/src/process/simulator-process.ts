/**
 * The built-in simulator in a child process of its own, so that under `pnpm start` the fake platform neither
 * shares the server's event loop (its GraphQL work and 100,000 accounts would slow every SCIM request and sync
 * push) nor its heap (the server's memory figure would mix the connector with the platform). The server reaches
 * it over HTTP exactly as before; this module starts it, checks it is alive, restarts it when it dies or hangs,
 * and stops it with the server. A restarted simulator is back at its seed, as a platform restored from a backup
 * would be: `onRestart` lets the server resync everyone. Why a child process and not a worker thread:
 * docs/architecture.md §6.1.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateCredentials, type SimulatorCredentials } from '../http/token-service.ts';
import { type ChildStartOptions, isChildMessage, type ParentMessage } from './messages.ts';

const CHILD_ENTRY = fileURLToPath(new URL('./simulator-child.ts', import.meta.url));

export interface SimulatorProcessEvents {
  /** The child died or stopped answering and a new one was started from the seed. */
  onRestart?: (event: { restarts: number; reason: string }) => void;
  /** Something the operator should know, without secrets. */
  onWarning?: (message: string) => void;
}

export interface SimulatorProcessOptions extends SimulatorProcessEvents {
  /** Default 0: an ephemeral port, kept for the restarts. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seedFile?: string;
  /** Credentials the token endpoint accepts; the ones not given are generated. */
  credentials?: Partial<SimulatorCredentials>;
  /** How often the child is pinged, and how long an answer may take before it counts as hung. */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** How long a start may take (loading a large seed included). */
  startTimeoutMs?: number;
}

export interface SimulatorProcess {
  /** Base URL, e.g. `http://127.0.0.1:8081`. */
  url: string;
  port: number;
  credentials: SimulatorCredentials;
  /** The running child's process id; undefined while it is being restarted. */
  pid(): number | undefined;
  /** How many times the child was restarted. */
  restarts(): number;
  /** The child's resident memory in bytes, asked for now; undefined when it does not answer. */
  residentMemory(): Promise<number | undefined>;
  /** Stops the child (and any restart in progress); calling it again is harmless. */
  close(): Promise<void>;
}

const DEFAULTS = { pingIntervalMs: 5_000, pingTimeoutMs: 10_000, startTimeoutMs: 60_000 };
const MAX_RESTART_DELAY_MS = 10_000;

export class SimulatorStartError extends Error {
  override readonly name = 'SimulatorStartError';
}

export async function startSimulatorProcess(
  options: SimulatorProcessOptions = {},
): Promise<SimulatorProcess> {
  const settings = { ...DEFAULTS, ...options };
  const credentials = generateCredentials(options.credentials);
  const startOptions: ChildStartOptions = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    ...(options.seedFile ? { seedFile: options.seedFile } : {}),
    credentials,
  };

  let child = await spawnChild(startOptions, settings.startTimeoutMs);
  // Restarts listen on the port the first child got, so the plugin's URL stays right.
  startOptions.port = child.port;
  let restarts = 0;
  let closing = false;
  let failuresInARow = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let pingId = 0;
  const pending = new Map<number, (rssBytes: number | undefined) => void>();

  const ping = (timeoutMs: number): Promise<number | undefined> => {
    const current = child.process;
    if (!current?.connected) return Promise.resolve(undefined);
    const id = ++pingId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(undefined);
      }, timeoutMs);
      timer.unref();
      pending.set(id, (rssBytes) => {
        clearTimeout(timer);
        resolve(rssBytes);
      });
      current.send({ type: 'ping', id } satisfies ParentMessage);
    });
  };

  const watch = (running: RunningChild) => {
    running.process.on('message', (message: unknown) => {
      if (isChildMessage(message) && message.type === 'pong') {
        failuresInARow = 0;
        pending.get(message.id)?.(message.rssBytes);
        pending.delete(message.id);
      }
    });
    running.process.once('exit', (code, signal) => {
      if (closing) return;
      scheduleRestart(`the simulator process exited (${signal ?? `code ${code}`})`);
    });
  };

  const scheduleRestart = (reason: string) => {
    const delay = Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** failuresInARow);
    failuresInARow++;
    settings.onWarning?.(`${reason}; restarting it in ${delay} ms`);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      void spawnChild(startOptions, settings.startTimeoutMs).then(
        (next) => {
          if (closing) {
            next.process.kill('SIGTERM');
            return;
          }
          child = next;
          restarts++;
          watch(next);
          settings.onRestart?.({ restarts, reason });
        },
        (error: unknown) => {
          if (!closing) scheduleRestart(`the simulator did not start again: ${messageOf(error)}`);
        },
      );
    }, delay);
    restartTimer.unref();
  };

  watch(child);
  const health = setInterval(() => {
    const watched = child.process;
    void ping(settings.pingTimeoutMs).then((rss) => {
      // A child that no longer answers is hung: kill it, and its exit restarts it.
      if (rss === undefined && !closing && watched === child.process && watched.exitCode === null) {
        settings.onWarning?.('the simulator process stopped answering');
        watched.kill('SIGKILL');
      }
    });
  }, settings.pingIntervalMs);
  health.unref();

  return {
    url: child.url,
    port: child.port,
    credentials,
    pid: () => (child.process.exitCode === null ? child.process.pid : undefined),
    restarts: () => restarts,
    residentMemory: () => ping(2_000),
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(health);
      if (restartTimer) clearTimeout(restartTimer);
      await stopChild(child.process);
    },
  };
}

interface RunningChild {
  process: ChildProcess;
  url: string;
  port: number;
}

/** Forks the child, hands it its options and waits until it listens. */
function spawnChild(options: ChildStartOptions, timeoutMs: number): Promise<RunningChild> {
  const child = fork(CHILD_ENTRY, [], {
    // The packages are TypeScript consumed as source: the child needs the same loader as `pnpm start`.
    execArgv: CHILD_ENTRY.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(new SimulatorStartError(message));
    };
    const timer = setTimeout(() => fail(`the simulator did not start within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`the simulator process exited before listening (${signal ?? `code ${code}`})`);
    const onMessage = (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'failed') fail(message.message);
      if (message.type === 'listening') {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve({ process: child, url: message.url, port: message.port });
      }
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type: 'start', options } satisfies ParentMessage);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
