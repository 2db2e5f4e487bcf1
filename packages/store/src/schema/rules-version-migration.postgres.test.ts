import { afterAll, describe } from 'vitest';
import { postgresTarget } from '../testing/link-state-migration.ts';
import { dropSchema } from '../testing/postgres.ts';
import { rulesVersionTest } from '../testing/rules-version.ts';

const schema = `rules_version_${process.pid}_${Date.now().toString(36)}`;
afterAll(() => dropSchema(schema));

describe('migration 0010_rules_version on PostgreSQL', () => {
  rulesVersionTest(postgresTarget(schema));
});
