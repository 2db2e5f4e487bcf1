import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openSqlite } from '../connection/sqlite.ts';
import { userCountsMigrationTest } from '../testing/user-counts-migration.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-user-counts-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('migration 0011_user_counts on SQLite', () => {
  userCountsMigrationTest((name) => {
    const file = join(folder, `${name}.db`);
    return { dialect: 'sqlite', open: async () => openSqlite(file), url: `sqlite:${file}` };
  });
});
