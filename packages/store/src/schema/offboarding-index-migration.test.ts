import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openSqlite } from '../connection/sqlite.ts';
import { offboardingIndexMigrationTest } from '../testing/offboarding-index-migration.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-offboarding-index-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = join(folder, 'offboarding-index.db');

describe('migration 0014_offboarding_index on SQLite', () => {
  offboardingIndexMigrationTest({
    dialect: 'sqlite',
    open: async () => openSqlite(file),
    url: `sqlite:${file}`,
  });
});
