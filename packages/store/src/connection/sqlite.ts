/**
 * The SQLite edge: one better-sqlite3 connection in WAL mode with foreign keys on and a busy timeout, and
 * transactions opened with BEGIN IMMEDIATE so a writer takes the write lock up front instead of failing with
 * SQLITE_BUSY half-way through when another process holds the file.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  SqliteDialect,
  SqliteDriver,
} from 'kysely';
import type { Database } from '../schema/database.ts';
import { type PreparingDatabase, withStatementCache } from './statement-cache.ts';

const BUSY_TIMEOUT_MS = 5000;

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: PreparingDatabase;

  constructor(database: PreparingDatabase) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

/**
 * WAL pages (4 KiB) after which a commit checkpoints the WAL into the database file (SQLite's default: 1,000).
 * A checkpoint copies pages and fsyncs twice inside whichever commit crosses the threshold, on the one thread that
 * serves every request; at 1,000 pages that was one SCIM write in ~80 and, on a busy disk, most of a write's
 * average cost. Ten times fewer checkpoints copy the hot index pages once instead of many times, for a WAL of at
 * most ~40 MiB between checkpoints.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** The database, its WAL and shared-memory files hold personal data: owner-only, like the token file. */
export const SQLITE_FILE_MODE = 0o600;
/** A folder the store creates for its database is owner-only too; an existing folder is left as it is. */
export const SQLITE_DIR_MODE = 0o700;

export function openSqlite(file: string): Kysely<Database> {
  const inMemory = file === ':memory:';
  if (!inMemory) createOwnerOnly(file);
  const database = new SqliteDatabase(file);
  if (!inMemory) {
    database.pragma('journal_mode = WAL');
    database.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    // SQLite gives the -wal and -shm files the database file's mode; ones left by an older version are tightened.
    for (const companion of [`${file}-wal`, `${file}-shm`]) {
      if (existsSync(companion)) chmodSync(companion, SQLITE_FILE_MODE);
    }
  }
  // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(withStatementCache(database)) });
}

/**
 * Creates the database file (empty: SQLite initialises it) with mode 0600 before SQLite opens it, since SQLite
 * itself creates files 0644; a file from an earlier version is tightened to 0600.
 */
function createOwnerOnly(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: SQLITE_DIR_MODE });
  closeSync(openSync(file, 'a', SQLITE_FILE_MODE));
  chmodSync(file, SQLITE_FILE_MODE);
}
