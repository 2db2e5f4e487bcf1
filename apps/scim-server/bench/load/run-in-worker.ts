/**
 * Runs a load plan on a worker thread: the generator gets an event loop (and, on a two-core machine, a core) of
 * its own instead of competing with the server it measures, which lives on the main thread. The main thread's
 * CPU time over the measured phase is the server's cost.
 */
import { Worker } from 'node:worker_threads';
import type { LoadJob } from './jobs.ts';
import type { LoadPlan, LoadResult } from './load-loop.ts';
import { mainThreadCpuMs } from './thread-cpu.ts';

export interface MeasuredLoad extends LoadResult {
  /** Main-thread CPU milliseconds per request during the measured phase. */
  serverCpuMsPerRequest: number;
}

type WorkerMessage = { kind: 'measuring' } | { kind: 'result'; result: LoadResult };

export function loadInWorker(plan: LoadPlan, job: LoadJob): Promise<MeasuredLoad> {
  const worker = new Worker(new URL('./boot-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./load-worker.ts', import.meta.url).href, plan, job },
  });
  let cpuAtStart = Number.NaN;
  return new Promise((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'measuring') {
        cpuAtStart = mainThreadCpuMs();
        return;
      }
      const { result } = message;
      const cpuMs = mainThreadCpuMs() - cpuAtStart;
      resolve({ ...result, serverCpuMsPerRequest: cpuMs / Math.max(result.summary.requests, 1) });
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load worker exited with code ${code}`));
    });
  });
}
