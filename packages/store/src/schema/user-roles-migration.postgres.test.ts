import { describe } from 'vitest';
import { postgresMigrationTarget } from '../testing/migration-target.ts';
import { userRolesMigrationTest } from '../testing/user-roles-migration.ts';

describe('migration 0009_user_roles on PostgreSQL', () => {
  userRolesMigrationTest(postgresMigrationTarget('user_roles_migration'));
});
