import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../connection/sqlite.ts';
import { openStore } from '../open-store.ts';
import { emailWritesTest } from '../testing/email-writes.ts';
import { emailDiff } from './emails.ts';

const row = (position: number, value: string, type: string | null = 'work') => ({
  position,
  value_folded: value,
  type_folded: type,
  is_primary: null,
});
const content = (value: string, type: string | null = 'work') => ({
  value_folded: value,
  type_folded: type,
  is_primary: null,
});

describe('emailDiff', () => {
  it('keeps equal rows, updates changed ones in place by address, and deletes or inserts the rest', () => {
    const stored = [row(0, 'a'), row(1, 'b'), row(2, 'c'), row(5, 'd')];
    expect(emailDiff(stored, [content('d'), content('b', 'home'), content('a')])).toEqual({
      removed: [2],
      changed: [row(1, 'b', 'home')],
      added: [],
    });
    expect(emailDiff(stored, [content('a'), content('x'), content('y'), content('b'), content('z')])).toEqual(
      {
        removed: [],
        changed: [row(2, 'x'), row(5, 'y')],
        added: [row(6, 'z')],
      },
    );
  });

  it('treats a repeated email as that many rows', () => {
    expect(emailDiff([row(0, 'a'), row(1, 'a')], [content('a')])).toEqual({
      removed: [1],
      changed: [],
      added: [],
    });
    expect(emailDiff([row(0, 'a')], [content('a'), content('a')])).toEqual({
      removed: [],
      changed: [],
      added: [row(1, 'a')],
    });
  });
});

describe('email rows on SQLite', () => {
  const folder = mkdtempSync(join(tmpdir(), 'scim-emails-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const file = join(folder, 'emails.db');
  emailWritesTest({
    dialect: 'sqlite',
    open: () => openStore(`sqlite:${file}`),
    connect: () => openSqlite(file),
  });
});
