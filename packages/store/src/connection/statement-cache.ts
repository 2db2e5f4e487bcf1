/**
 * Prepared statements reused by SQL text. Kysely's SQLite driver prepares every query afresh, and preparing
 * (parsing and planning) cost about as much as running the statement for the small queries a SCIM request
 * makes. The store builds the same few dozen SQL texts over and over, so a small LRU keeps nearly all of them.
 * `in (?, ?, ...)` lists of varying length make distinct texts; the bound keeps those from growing the cache.
 */
import type SqliteDatabase from 'better-sqlite3';

export const DEFAULT_STATEMENT_CACHE_SIZE = 256;

/** The part of better-sqlite3's Database that Kysely's SqliteDialect uses. */
export interface PreparingDatabase {
  prepare(sql: string): SqliteDatabase.Statement;
  close(): void;
}

export function withStatementCache(
  database: SqliteDatabase.Database,
  capacity = DEFAULT_STATEMENT_CACHE_SIZE,
): PreparingDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached) {
        // Map iteration order is insertion order: re-inserting marks the statement most recently used.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > capacity) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      return statement;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}
