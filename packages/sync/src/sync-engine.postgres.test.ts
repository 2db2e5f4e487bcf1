import { openStore } from '@scim-connector/store';
import { useSharedTestSchema } from '@scim-connector/store/testing/postgres';
import { syncEngineSuite } from './testing/sync-suite.ts';

// This file's own schema, emptied before every store a test opens.
const { url, schema, empty } = useSharedTestSchema(`sync_engine_${process.pid}_${Date.now().toString(36)}`);

syncEngineSuite('PostgreSQL', async (options) => {
  await empty();
  return openStore(url, { ...options, schema });
});
