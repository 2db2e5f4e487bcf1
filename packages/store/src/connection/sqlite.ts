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
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';

const BUSY_TIMEOUT_MS = 5000;

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #checkpointer: WalCheckpointer | undefined;

  constructor(database: PreparingDatabase, checkpointer: WalCheckpointer | undefined) {
    super({ database });
    this.#checkpointer = checkpointer;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /** The checkpointer's connection closes first, so the server's is the last and SQLite removes the WAL. */
  override async destroy(): Promise<void> {
    await this.#checkpointer?.stop();
    await super.destroy();
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: PreparingDatabase;
  readonly #checkpointer: WalCheckpointer | undefined;

  constructor(database: PreparingDatabase, checkpointer: WalCheckpointer | undefined) {
    super({ database });
    this.#database = database;
    this.#checkpointer = checkpointer;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#database, this.#checkpointer);
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

/**
 * With checkpoints in the background (wal-checkpointer.ts), the server's own connection checkpoints only past this
 * many pages (~200 MiB): a backstop for a checkpointer that falls behind or stops, never the normal path.
 */
export const WAL_BACKSTOP_CHECKPOINT_PAGES = 50_000;

export interface SqliteOptions {
  /**
   * Checkpoint the WAL from a worker thread instead of inside the commits of this connection
   * (docs/architecture.md, "SQLite checkpoints off the event loop"). `onError` hears a checkpoint that fails.
   */
  backgroundCheckpoints?: { onError: (error: Error) => void };
}

/** The database, its WAL and shared-memory files hold personal data: owner-only, like the token file. */
export const SQLITE_FILE_MODE = 0o600;
/** A folder the store creates for its database is owner-only too; an existing folder is left as it is. */
export const SQLITE_DIR_MODE = 0o700;

export function openSqlite(file: string, options: SqliteOptions = {}): Kysely<Database> {
  const inMemory = file === ':memory:';
  if (!inMemory) createOwnerOnly(file);
  const database = new SqliteDatabase(file);
  const background = inMemory ? undefined : options.backgroundCheckpoints;
  if (!inMemory) {
    database.pragma('journal_mode = WAL');
    const threshold = background ? WAL_BACKSTOP_CHECKPOINT_PAGES : WAL_AUTOCHECKPOINT_PAGES;
    database.pragma(`wal_autocheckpoint = ${threshold}`);
    // SQLite gives the -wal and -shm files the database file's mode; ones left by an older version are tightened.
    for (const companion of [`${file}-wal`, `${file}-shm`]) {
      if (existsSync(companion)) chmodSync(companion, SQLITE_FILE_MODE);
    }
  }
  // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Started once WAL mode is set, so the worker's connection opens a database already in WAL mode.
  const checkpointer = background && startWalCheckpointer({ file, onError: background.onError });
  return new Kysely<Database>({
    dialect: new ImmediateSqliteDialect(withStatementCache(database), checkpointer || undefined),
  });
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
