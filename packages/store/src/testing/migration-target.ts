/**
 * What a migration test runs against, on either database: a database at no migration yet, migrated by the test
 * to the version before the one under test, filled with rows of that version, then opened as a store.
 */
import { type Kysely, Migrator } from 'kysely';
import { afterAll, expect } from 'vitest';
import type { DialectName } from '../connection/dialect-name.ts';
import { ensureSchema, openPostgres } from '../connection/postgres.ts';
import type { Database } from '../schema/database.ts';
import { migrationProvider } from '../schema/migrations.ts';
import { dropSchema, TEST_DATABASE_URL } from './postgres.ts';

export interface MigrationTarget {
  dialect: DialectName;
  /** A database at no migration yet. */
  open(): Promise<Kysely<Database>>;
  url: string;
  schema?: string;
}

/** Runs the migrations up to and including `name` on `db`; the test fails when one does. */
export async function migrateTo(target: MigrationTarget, db: Kysely<Database>, name: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(target.dialect),
    ...(target.schema !== undefined && { migrationTableSchema: target.schema }),
  });
  const { error } = await migrator.migrateTo(name);
  expect(error).toBeUndefined();
}

/** A fresh PostgreSQL schema of its own (named from `prefix`), dropped after the test file. */
export function postgresMigrationTarget(prefix: string): MigrationTarget {
  const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  afterAll(() => dropSchema(schema));
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
