/**
 * The latency an IdP sees while a reconciliation runs, measured from a worker thread (see latency-worker.ts for
 * why not from the main thread).
 */
import { Worker } from 'node:worker_threads';

export interface LatencyProbePlan {
  url: string;
  token: string;
  ids: readonly string[];
  /** Requests at most; the probe also ends when stopped. */
  count: number;
}

export interface LatencyProbe {
  /** Asks the probe to finish after its current request, and resolves to every latency in milliseconds. */
  stop(): Promise<number[]>;
  /** Resolves when the probe has made `count` requests (or was stopped). */
  done: Promise<number[]>;
}

export function startLatencyProbe(plan: LatencyProbePlan): LatencyProbe {
  const worker = new Worker(new URL('../load/boot-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./latency-worker.ts', import.meta.url).href, ...plan },
  });
  const done = new Promise<number[]>((resolve, reject) => {
    worker.once('message', (samples: number[]) => {
      resolve(samples);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the latency probe exited with code ${code}`));
    });
  });
  return {
    done,
    stop() {
      worker.postMessage('stop');
      return done;
    },
  };
}
