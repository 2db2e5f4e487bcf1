import { describe } from 'vitest';
import { postgresMigrationTarget } from '../testing/migration-target.ts';
import { userCountsMigrationTest } from '../testing/user-counts-migration.ts';

describe('migration 0011_user_counts on PostgreSQL', () => {
  userCountsMigrationTest((name) => postgresMigrationTarget(`user_counts_${name}`));
});
