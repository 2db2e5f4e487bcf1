/**
 * The two databases every end-to-end suite runs on: SQLite in a temporary file, and PostgreSQL in a schema of
 * the test file's own (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test). A PostgreSQL suite
 * that cannot connect fails; it never skips.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '@scim-connector/store';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

/** The minimum of `pg` used here to drop a test schema. */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
type PgModule = { Client: new (options: { connectionString: string }) => PgClient };

/**
 * `pg` is the store's dependency, not the app's; the tests borrow it from there only to drop their schema
 * (the store has no "drop everything" operation, rightly).
 */
function loadPg(): PgModule {
  const storeRequire = createRequire(new URL('../../../../packages/store/package.json', import.meta.url));
  return storeRequire('pg') as PgModule;
}

export async function dropSchema(schema: string): Promise<void> {
  const { Client } = loadPg();
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
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
