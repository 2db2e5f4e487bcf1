import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openSqlite } from '../connection/sqlite.ts';
import { adminIndexesMigrationTest } from '../testing/admin-indexes-migration.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-admin-migration-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = join(folder, 'admin.db');

describe('migration 0007_admin_indexes on SQLite', () => {
  adminIndexesMigrationTest({ dialect: 'sqlite', open: async () => openSqlite(file), url: `sqlite:${file}` });
});
