import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openSqlite } from '../connection/sqlite.ts';
import { userRolesMigrationTest } from '../testing/user-roles-migration.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-user-roles-migration-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = join(folder, 'roles.db');

describe('migration 0009_user_roles on SQLite', () => {
  userRolesMigrationTest({ dialect: 'sqlite', open: async () => openSqlite(file), url: `sqlite:${file}` });
});
