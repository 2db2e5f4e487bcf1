import { afterAll, describe } from 'vitest';
import { ensureSchema, openPostgres } from '../connection/postgres.ts';
import { adminIndexesMigrationTest } from '../testing/admin-indexes-migration.ts';
import { dropSchema, TEST_DATABASE_URL } from '../testing/postgres.ts';

const schema = `admin_migration_${process.pid}_${Date.now().toString(36)}`;
afterAll(() => dropSchema(schema));

describe('migration 0007_admin_indexes on PostgreSQL', () => {
  adminIndexesMigrationTest({
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
