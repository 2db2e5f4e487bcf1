import { afterAll, describe } from 'vitest';
import { ensureSchema, openPostgres } from '../connection/postgres.ts';
import { linkStateMigrationTest } from '../testing/link-state-migration.ts';
import { dropSchema, TEST_DATABASE_URL } from '../testing/postgres.ts';

const schema = `link_migration_${process.pid}_${Date.now().toString(36)}`;
afterAll(() => dropSchema(schema));

describe('migration 0005_link_state on PostgreSQL', () => {
  linkStateMigrationTest({
    dialect: 'postgres',
    open: async () => {
      const db = openPostgres(TEST_DATABASE_URL, schema);
      await ensureSchema(db, schema);
      return db;
    },
    url: TEST_DATABASE_URL,
    schema,
  });
});
