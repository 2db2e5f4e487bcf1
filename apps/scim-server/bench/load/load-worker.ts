/** Worker-thread entry: runs one load plan, says when the measured phase starts, and posts the result back. */
import { parentPort, workerData } from 'node:worker_threads';
import { builderFor, type LoadJob } from './jobs.ts';
import { type LoadPlan, runLoad } from './load-loop.ts';

const { plan, job } = workerData as { plan: LoadPlan; job: LoadJob };
const result = await runLoad(plan, builderFor(job), () => parentPort?.postMessage({ kind: 'measuring' }));
parentPort?.postMessage({ kind: 'result', result });
