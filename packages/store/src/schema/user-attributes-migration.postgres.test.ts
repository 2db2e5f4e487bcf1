import { afterAll, describe } from 'vitest';
import { postgresMigrationTarget } from '../testing/migration-target.ts';
import { dropSchema } from '../testing/postgres.ts';
import { userAttributesMigrationTest } from '../testing/user-attributes-migration.ts';

const schema = `user_attributes_migration_${process.pid}_${Date.now().toString(36)}`;
afterAll(() => dropSchema(schema));

describe('migration 0008_user_attributes on PostgreSQL', () => {
  userAttributesMigrationTest(postgresMigrationTarget(schema));
});
