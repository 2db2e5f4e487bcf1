/**
 * The shared platform contract, run against the Fluent simulator over real HTTP on an ephemeral port: the plugin
 * talks to it exactly as it would to a Fluent account.
 */
import { defaultContractSeed, startSimulatorServer } from '@scim-connector/fluent-simulator';
import { platformContractSuite } from '@scim-connector/platform/contract-suite';
import { createFluentClient } from './client.ts';

platformContractSuite('Fluent plugin over HTTP against the simulator', async () => {
  const simulator = await startSimulatorServer({ port: 0 });
  const client = createFluentClient({
    url: simulator.url,
    account: 'SIMULATOR',
    ...simulator.credentials,
    timeoutMs: 5000,
    // A small budget: the suite's fault tests expect a transient failure to surface quickly.
    retries: { max: 2, baseMs: 5, maxMs: 50 },
  });
  return {
    client,
    seed: defaultContractSeed,
    failRequests: (status) => simulator.faults.set(status === 429 ? { rate429: 1 } : { rate503: 1 }),
    clearFaults: () => simulator.faults.reset(),
    close: async () => {
      await client.close();
      await simulator.close();
    },
  };
});
