import { describe } from 'vitest';
import { postgresMigrationTarget } from '../testing/migration-target.ts';
import { userAttributesMigrationTest } from '../testing/user-attributes-migration.ts';

describe('migration 0008_user_attributes on PostgreSQL', () => {
  userAttributesMigrationTest(postgresMigrationTarget('user_attributes_migration'));
});
