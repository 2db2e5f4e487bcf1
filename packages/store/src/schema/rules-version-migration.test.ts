import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openSqlite } from '../connection/sqlite.ts';
import { rulesVersionTest } from '../testing/rules-version.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-rules-version-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = join(folder, 'rules-version.db');

describe('migration 0010_rules_version on SQLite', () => {
  rulesVersionTest({ dialect: 'sqlite', open: async () => openSqlite(file), url: `sqlite:${file}` });
});
