import { describe } from 'vitest';
import { adminIndexesMigrationTest } from '../testing/admin-indexes-migration.ts';
import { postgresMigrationTarget } from '../testing/migration-target.ts';

describe('migration 0007_admin_indexes on PostgreSQL', () => {
  adminIndexesMigrationTest(postgresMigrationTarget('admin_migration'));
});
