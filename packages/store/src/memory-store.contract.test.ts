import { createMemoryStore, type MemoryStore } from '@scim-connector/scim/testing';
import { scimStoreContract } from './testing/store-contract.ts';

// The SCIM service's unit tests run on this in-memory store, so it is held to the same SCIM contract as the
// databases (docs/architecture.md section 8: contract suites hold every implementation of a port).
scimStoreContract<MemoryStore & { close(): Promise<void> }>({
  parallelTransactions: false,
  fresh: async (options) => Object.assign(createMemoryStore(options), { close: async () => {} }),
  journal: async (store) => store.journal(),
});
