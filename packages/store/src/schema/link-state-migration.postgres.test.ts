import { describe } from 'vitest';
import { linkStateMigrationTest } from '../testing/link-state-migration.ts';
import { postgresMigrationTarget } from '../testing/migration-target.ts';

describe('migration 0005_link_state on PostgreSQL', () => {
  linkStateMigrationTest(postgresMigrationTarget('link_migration'));
});
