import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redact } from './database-url.ts';

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:./data/connector.db', { dialect: 'sqlite', file: './data/connector.db' }],
    ['sqlite::memory:', { dialect: 'sqlite', file: ':memory:' }],
    ['sqlite://./x.db', { dialect: 'sqlite', file: './x.db' }],
    ['sqlite:///var/lib/x.db', { dialect: 'sqlite', file: '/var/lib/x.db' }],
    [
      ' postgres://u@127.0.0.1:5432/db ',
      { dialect: 'postgres', connectionString: 'postgres://u@127.0.0.1:5432/db' },
    ],
    ['postgresql://u@h/db', { dialect: 'postgres', connectionString: 'postgresql://u@h/db' }],
  ])('reads %s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });

  it('says which forms are accepted, without echoing a password', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/x')).toThrow(
      'DATABASE_URL "mysql://root:***@db/x" is not supported: use sqlite:./path/to/file.db, sqlite::memory: or postgres://user@host:5432/database',
    );
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/names no SQLite file/);
  });

  it('redacts only the password', () => {
    expect(redact('postgres://app:s3cr3t@db:5432/prod')).toBe('postgres://app:***@db:5432/prod');
    expect(redact('postgres://app@db/prod')).toBe('postgres://app@db/prod');
  });
});
