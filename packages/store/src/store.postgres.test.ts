import { openStore } from './open-store.ts';
import { useSharedTestSchema } from './testing/postgres.ts';
import { storeContract } from './testing/store-contract.ts';

// One schema for this file, emptied before every store the suite opens; other test files use their own.
const { url, schema, empty } = useSharedTestSchema(
  `store_contract_${process.pid}_${Date.now().toString(36)}`,
);

storeContract({
  parallelTransactions: true,
  async fresh(options) {
    await empty();
    return openStore(url, { ...options, schema });
  },
  another(options) {
    return openStore(url, { ...options, schema });
  },
});
