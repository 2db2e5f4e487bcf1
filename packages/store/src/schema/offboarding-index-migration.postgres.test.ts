import { describe } from 'vitest';
import { postgresMigrationTarget } from '../testing/migration-target.ts';
import { offboardingIndexMigrationTest } from '../testing/offboarding-index-migration.ts';

describe('migration 0014_offboarding_index on PostgreSQL', () => {
  offboardingIndexMigrationTest(postgresMigrationTarget('offboarding_index'));
});
