/**
 * Worker-thread entry for the reconciliation bench's latency probe: one SCIM client, one GET /Users/{id} at a
 * time, until `count` requests are done or the parent says stop. It runs on its own event loop so that the
 * simulator, which shares the bench process's main thread and serves the run's pages, cannot delay its clock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { LatencyProbePlan } from './latency-probe.ts';

const { url, token, ids, count } = workerData as LatencyProbePlan;
let stopping = false;
parentPort?.on('message', (message: unknown) => {
  if (message === 'stop') stopping = true;
});

const samples: number[] = [];
for (let i = 0; i < count && !stopping; i++) {
  const id = ids[(i * 7919) % ids.length] as string;
  const started = performance.now();
  const response = await fetch(`${url}/scim/v2/Users/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET /Users/${id} answered ${response.status}`);
  samples.push(performance.now() - started);
  // Lets the parent's stop message in between requests.
  await new Promise((resolve) => setImmediate(resolve));
}
parentPort?.postMessage(samples);
