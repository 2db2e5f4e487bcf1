import { describe } from 'vitest';
import { driftUserTypeMigrationTest } from '../testing/drift-user-type-migration.ts';
import { postgresMigrationTarget } from '../testing/migration-target.ts';

describe('migration 0013_drift_user_type on PostgreSQL', () => {
  driftUserTypeMigrationTest(postgresMigrationTarget('drift_user_type'));
});
