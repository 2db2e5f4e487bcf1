import { afterAll, describe } from 'vitest';
import { linkStateMigrationTest, postgresTarget } from '../testing/link-state-migration.ts';
import { dropSchema } from '../testing/postgres.ts';

const schema = `link_migration_${process.pid}_${Date.now().toString(36)}`;
afterAll(() => dropSchema(schema));

describe('migration 0005_link_state on PostgreSQL', () => {
  linkStateMigrationTest(postgresTarget(schema));
});
