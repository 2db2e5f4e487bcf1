/**
 * `pnpm --filter @scim-connector/scim bench`: the PATCH scenarios (patch-scenarios.ts) over the in-memory store,
 * so the figures are the engine's and the service's, not a database's. `BENCH_RUNS`, `BENCH_MEMBERS` change the
 * runs per scenario and the group size.
 */
import { createMemoryStore } from '../src/service/testing/memory-store.ts';
import { runPatchScenarios } from './patch-scenarios.ts';

const met = await runPatchScenarios('the in-memory store', async () =>
  Object.assign(createMemoryStore(), { close: async () => {} }),
);
if (!met) process.exitCode = 1;
