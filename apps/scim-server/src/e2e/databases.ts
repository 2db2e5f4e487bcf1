/**
 * The two databases every end-to-end suite runs on: SQLite in a temporary file, and PostgreSQL in a schema of
 * the test file's own on the test server (`@scim-connector/store/testing/postgres`: TEST_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/test). A PostgreSQL suite that cannot connect fails; it never
 * skips.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '@scim-connector/store';
import { dropSchema, TEST_DATABASE_URL } from '@scim-connector/store/testing/postgres';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

export function testDatabases(fileTag: string): TestDatabase[] {
  return [
    {
      name: 'sqlite',
      async open() {
        const dir = await mkdtemp(path.join(tmpdir(), `scim-server-${fileTag}-`));
        const store = await openStore(`sqlite:${path.join(dir, 'connector.db')}`);
        return {
          store,
          async dispose() {
            await store.close();
            await rm(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      name: 'postgres',
      async open() {
        const schema = `scim_server_${fileTag}_${process.pid}`;
        await dropSchema(schema);
        const store = await openStore(TEST_DATABASE_URL, { schema });
        return {
          store,
          async dispose() {
            await store.close();
            await dropSchema(schema);
          },
        };
      },
    },
  ];
}
