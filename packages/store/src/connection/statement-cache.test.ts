import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withStatementCache } from './statement-cache.ts';

describe('withStatementCache', () => {
  const opened: SqliteDatabase.Database[] = [];
  const open = () => {
    const database = new SqliteDatabase(':memory:');
    opened.push(database);
    database.exec('create table t (x integer)');
    return database;
  };
  afterEach(() => {
    for (const database of opened.splice(0)) if (database.open) database.close();
  });

  it('prepares each SQL text once and reuses the statement', () => {
    const database = open();
    const prepare = vi.spyOn(database, 'prepare');
    const cached = withStatementCache(database);
    const insert = cached.prepare('insert into t (x) values (?)');
    insert.run(1);
    expect(cached.prepare('insert into t (x) values (?)')).toBe(insert);
    cached.prepare('insert into t (x) values (?)').run(2);
    expect(cached.prepare('select sum(x) as total from t').get()).toEqual({ total: 3 });
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it('evicts the least recently used statement beyond its capacity', () => {
    const database = open();
    const prepare = vi.spyOn(database, 'prepare');
    const cached = withStatementCache(database, 2);
    const first = cached.prepare('select 1');
    cached.prepare('select 2');
    cached.prepare('select 1'); // now the most recently used
    cached.prepare('select 3'); // evicts "select 2"
    expect(cached.prepare('select 1')).toBe(first);
    cached.prepare('select 2');
    expect(prepare.mock.calls.map(([sql]) => sql)).toEqual(['select 1', 'select 2', 'select 3', 'select 2']);
  });

  it('closes the database', () => {
    const database = open();
    withStatementCache(database).close();
    expect(database.open).toBe(false);
  });
});
