/** Where a migration test runs: a database at no migration yet, on either dialect, and how to bring it forward. */
import { type Kysely, Migrator } from 'kysely';
import { expect } from 'vitest';
import type { DialectName } from '../connection/dialect-name.ts';
import { ensureSchema, openPostgres } from '../connection/postgres.ts';
import type { Database } from '../schema/database.ts';
import { migrationProvider } from '../schema/migrations.ts';
import { TEST_DATABASE_URL } from './postgres.ts';

export interface MigrationTarget {
  dialect: DialectName;
  /** A database at no migration yet. */
  open(): Promise<Kysely<Database>>;
  url: string;
  schema?: string;
}

/** A fresh PostgreSQL schema of the test server as a migration target. */
export function postgresMigrationTarget(schema: string): MigrationTarget {
  return {
    dialect: 'postgres',
    open: async () => {
      const db = openPostgres(TEST_DATABASE_URL, schema);
      await ensureSchema(db, schema);
      return db;
    },
    url: TEST_DATABASE_URL,
    schema,
  };
}

/** Runs the migrations up to and including `version`, as a store of that version would have. */
export async function migrateTo(
  target: MigrationTarget,
  db: Kysely<Database>,
  version: string,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(target.dialect),
    ...(target.schema !== undefined && { migrationTableSchema: target.schema }),
  });
  expect((await migrator.migrateTo(version)).error).toBeUndefined();
}
