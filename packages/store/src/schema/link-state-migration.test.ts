import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openSqlite } from '../connection/sqlite.ts';
import { linkStateMigrationTest } from '../testing/link-state-migration.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-link-migration-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = join(folder, 'links.db');

describe('migration 0005_link_state on SQLite', () => {
  linkStateMigrationTest({ dialect: 'sqlite', open: async () => openSqlite(file), url: `sqlite:${file}` });
});
