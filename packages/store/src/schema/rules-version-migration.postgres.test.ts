import { afterAll, describe } from 'vitest';
import { ensureSchema, openPostgres } from '../connection/postgres.ts';
import { dropSchema, TEST_DATABASE_URL } from '../testing/postgres.ts';
import { rulesVersionTest } from '../testing/rules-version.ts';

const schema = `rules_version_${process.pid}_${Date.now().toString(36)}`;
afterAll(() => dropSchema(schema));

describe('migration 0010_rules_version on PostgreSQL', () => {
  rulesVersionTest({
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
