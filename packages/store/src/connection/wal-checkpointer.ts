/**
 * Checkpoints a SQLite WAL from a worker thread with its own connection, so that the event loop serving SCIM
 * requests and pushes never copies WAL pages into the database file or waits for their fsyncs.
 *
 * Why (docs/architecture.md, "SQLite checkpoints off the event loop"): with SQLite's automatic checkpoints, the
 * commit that crosses `wal_autocheckpoint` pays for the whole checkpoint. An initial load's statement timing showed
 * commits of 0.18 ms at the median and up to 85 ms for those that checkpointed, nearly half of all commit time in
 * under 1% of the commits, on the one thread that does everything else.
 *
 * A PASSIVE checkpoint (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html) takes no lock that a writer needs:
 * the server's connection keeps appending to the WAL while the worker copies the frames already committed, and the
 * next write after a complete checkpoint starts the WAL again from its beginning. The server's connection keeps a
 * higher automatic threshold as a backstop, so that a worker that falls behind or dies cannot let the WAL grow
 * without bound.
 *
 * The worker is plain CommonJS evaluated from a string, so it runs the same under tsx and from compiled output;
 * it is given the driver's resolved path because an evaluated worker resolves modules from the working directory.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints; an idle WAL costs one cheap call. */
export const CHECKPOINT_INTERVAL_MS = 250;

export interface WalCheckpointer {
  /** Stops the timer and closes the worker's connection; resolves when the thread has exited. */
  stop(): Promise<void>;
}

export interface WalCheckpointerOptions {
  file: string;
  intervalMs?: number;
  /** Called when the worker cannot open the database or a checkpoint fails; the backstop threshold still holds. */
  onError?: (error: Error) => void;
}

interface WorkerSettings {
  driver: string;
  file: string;
  intervalMs: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const database = new Database(workerData.file, { fileMustExist: true });
// Never wait for a lock: a checkpoint that cannot run now runs on the next tick.
database.pragma('busy_timeout = 0');
const checkpoint = database.prepare('pragma wal_checkpoint(PASSIVE)');
let failed = false;
const timer = setInterval(() => {
  try {
    checkpoint.run();
    failed = false;
  } catch (error) {
    // One report per run of failures, not one every tick.
    if (!failed) parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
    failed = true;
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  database.close();
  parentPort.close();
});
`;

export function startWalCheckpointer(options: WalCheckpointerOptions): WalCheckpointer {
  const settings: WorkerSettings = {
    driver: createRequire(import.meta.url).resolve('better-sqlite3'),
    file: options.file,
    intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS,
  };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: settings });
  // The thread must not keep a process alive that has nothing else to do.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (message: { error?: string }) => {
    if (message.error !== undefined) options.onError?.(new Error(`WAL checkpoint failed: ${message.error}`));
  });
  worker.on('error', (error) => options.onError?.(error));
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        // Held again while it stops: an unreferenced thread is not waited for, so a process whose last work is
        // this stop would end before the thread had closed its connection, and before the caller went on.
        worker.ref();
        worker.postMessage('stop');
        await exited;
      })();
      return stopping;
    },
  };
}
