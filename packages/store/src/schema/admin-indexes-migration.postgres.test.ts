import { afterAll, describe } from 'vitest';
import { adminIndexesMigrationTest } from '../testing/admin-indexes-migration.ts';
import { postgresTarget } from '../testing/link-state-migration.ts';
import { dropSchema } from '../testing/postgres.ts';

const schema = `admin_migration_${process.pid}_${Date.now().toString(36)}`;
afterAll(() => dropSchema(schema));

describe('migration 0007_admin_indexes on PostgreSQL', () => {
  adminIndexesMigrationTest(postgresTarget(schema));
});
