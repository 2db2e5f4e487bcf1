import { describe } from 'vitest';
import { postgresMigrationTarget } from '../testing/migration-target.ts';
import { rulesVersionTest } from '../testing/rules-version.ts';

describe('migration 0010_rules_version on PostgreSQL', () => {
  rulesVersionTest(postgresMigrationTarget('rules_version'));
});
