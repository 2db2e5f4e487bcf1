/**
 * The PostgreSQL edge: a pg Pool whose connections use the store's schema as their search_path, so one database
 * can hold several independent stores (one per test file, or per deployment).
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema/database.ts';

// Lower case only: search_path folds unquoted names, so `MySchema` would silently name another schema.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `PostgreSQL schema "${schema}" is not a plain identifier: use lower-case letters, digits and underscores, not starting with a digit`,
    );
  }
}

export function openPostgres(connectionString: string, schema: string): Kysely<Database> {
  assertSchemaName(schema);
  const pool = new pg.Pool({ connectionString, options: `-c search_path=${schema}` });
  // An idle client losing its connection must not crash the process; the next query reports the problem.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export async function ensureSchema(db: Kysely<Database>, schema: string): Promise<void> {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
}
