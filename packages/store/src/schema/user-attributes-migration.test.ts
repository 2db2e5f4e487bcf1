import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openSqlite } from '../connection/sqlite.ts';
import { userAttributesMigrationTest } from '../testing/user-attributes-migration.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-user-attributes-migration-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = join(folder, 'attributes.db');

describe('migration 0008_user_attributes on SQLite', () => {
  userAttributesMigrationTest({
    dialect: 'sqlite',
    open: async () => openSqlite(file),
    url: `sqlite:${file}`,
  });
});
