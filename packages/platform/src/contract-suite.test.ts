import { createMemoryPlatform } from '../test/memory-platform.ts';
import { platformContractSuite } from './contract-suite.ts';

// The suite run against a minimal reference implementation, so a change to the suite that no correct
// platform could pass shows up here first.
platformContractSuite('in-memory reference client', async () => {
  const platform = createMemoryPlatform(['STORE', 'GRAPHQL'], ['AGENT:134', 'RETAILER:199']);
  platform.settings.set('fc.example', { enabled: true });
  return {
    client: platform,
    seed: {
      roles: ['STORE', 'GRAPHQL'],
      contexts: [
        { contextType: 'AGENT', contextId: '134' },
        { contextType: 'RETAILER', contextId: '199' },
      ],
      missingContext: { contextType: 'AGENT', contextId: '999999' },
      setting: { name: 'fc.example', value: { enabled: true } },
    },
    failRequests: (status) => {
      platform.failWith = status;
    },
    clearFaults: () => {
      platform.failWith = undefined;
    },
  };
});
