import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openStore } from './open-store.ts';
import { storeContract } from './testing/store-contract.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// One schema for this file, emptied before every store the suite opens; other test files use their own.
const schema = `store_contract_${process.pid}_${Date.now().toString(36)}`;
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
  const tables = rows.map((row) => `"${schema}"."${row.tablename}"`).join(', ');
  await admin.query(`truncate ${tables} restart identity`);
}

storeContract({
  parallelTransactions: true,
  async fresh(options) {
    await emptySchema();
    return openStore(url, { ...options, schema });
  },
  another(options) {
    return openStore(url, { ...options, schema });
  },
});
