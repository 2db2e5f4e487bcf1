import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openSqlite } from '../connection/sqlite.ts';
import { driftUserTypeMigrationTest } from '../testing/drift-user-type-migration.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-drift-user-type-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = join(folder, 'drift-user-type.db');

describe('migration 0013_drift_user_type on SQLite', () => {
  driftUserTypeMigrationTest({
    dialect: 'sqlite',
    open: async () => openSqlite(file),
    url: `sqlite:${file}`,
  });
});
