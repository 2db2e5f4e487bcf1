import { openStore } from '@scim-connector/store';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { syncEngineSuite } from './testing/sync-suite.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// This file's own schema, emptied before every store a test opens.
const schema = `sync_engine_${process.pid}_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: url });

beforeAll(async () => {
  // A PostgreSQL test that cannot reach its server fails here; it never skips.
  await admin.connect();
});

afterAll(async () => {
  await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.end();
});

async function emptySchema(): Promise<void> {
  const { rows } = await admin.query<{ tablename: string }>(
    "select tablename from pg_tables where schemaname = $1 and tablename not like 'kysely_%'",
    [schema],
  );
  if (rows.length === 0) return;
  await admin.query(
    `truncate ${rows.map((row) => `"${schema}"."${row.tablename}"`).join(', ')} restart identity`,
  );
}

syncEngineSuite('PostgreSQL', async (options) => {
  await emptySchema();
  return openStore(url, { ...options, schema });
});
