/**
 * The PostgreSQL setup every package and app tests with, in one place: the server (TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test, as the README asks for), the schema each test file names for
 * itself and drops afterwards, so files and processes running at once never see each other's rows. Exported
 * as `@scim-connector/store/testing/postgres`; `pg` is the store's dependency, so callers need none of their
 * own. A test that cannot reach the server fails; it never skips.
 */
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A client for one piece of work, closed whatever the work does. */
export async function withPgClient<T>(
  work: (client: pg.Client) => Promise<T>,
  url = TEST_DATABASE_URL,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const dropStatement = (schema: string) => `drop schema if exists "${schema}" cascade`;

/** The store has no "drop everything" operation (rightly), so tests remove their schema themselves. */
export function dropSchema(schema: string, url = TEST_DATABASE_URL): Promise<void> {
  return withPgClient(async (client) => {
    await client.query(dropStatement(schema));
  }, url);
}

export interface SharedTestSchema {
  url: string;
  schema: string;
  /** Empties every table of the schema, keeping the tables and their migrations: a fresh store, quickly. */
  empty(): Promise<void>;
}

/**
 * For a test file whose stores all live in `schema`: one admin connection for the whole file, and the schema
 * dropped after its last test. Call it at the top level of the file (it registers beforeAll and afterAll).
 */
export function useSharedTestSchema(schema: string): SharedTestSchema {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });

  beforeAll(async () => {
    // A PostgreSQL test that cannot reach its server fails here; it never skips.
    await admin.connect();
  });

  afterAll(async () => {
    await admin.query(dropStatement(schema));
    await admin.end();
  });

  return {
    url: TEST_DATABASE_URL,
    schema,
    async empty() {
      // kysely_* are the migration tables: emptying them would make the next store migrate again.
      const { rows } = await admin.query<{ tablename: string }>(
        "select tablename from pg_tables where schemaname = $1 and tablename not like 'kysely_%'",
        [schema],
      );
      if (rows.length === 0) return;
      const tables = rows.map((row) => `"${schema}"."${row.tablename}"`).join(', ');
      await admin.query(`truncate ${tables} restart identity`);
    },
  };
}
