/**
 * `openStore(url)`: connects (SQLite file or PostgreSQL pool), runs the migrations and returns the store.
 * The dialect is chosen here, at the edge; everything behind it is one query layer.
 */
import { type Kysely, Migrator, sql } from 'kysely';
import { parseDatabaseUrl, redact } from './connection/database-url.ts';
import type { DialectName } from './connection/dialect-name.ts';
import { ensureSchema, openPostgres } from './connection/postgres.ts';
import { openSqlite } from './connection/sqlite.ts';
import { createContext } from './context.ts';
import { createReconcileStore } from './reconcile/reconcile-store.ts';
import { createRulesVersionStore } from './rules/rules-version.ts';
import type { Database } from './schema/database.ts';
import { migrationProvider } from './schema/migrations.ts';
import { createScimStore } from './scim-store.ts';
import { createSyncStore } from './sync-store.ts';
import { TransactionScope } from './transaction-scope.ts';
import type { OpenStoreOptions, Store } from './types.ts';

async function migrate(
  db: Kysely<Database>,
  dialect: DialectName,
  schema: string | undefined,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    // Kysely looks for its bookkeeping table in every schema unless told which one is ours.
    ...(schema !== undefined && { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration ${failed} failed: ${reason}`, { cause: error });
  }
}

/** Connection failures are often AggregateErrors with an empty message (one attempt per resolved address). */
function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.message === '')
    return error.errors.map(describeError).join('; ');
  if (error instanceof Error)
    return error.message || String((error as { code?: unknown }).code ?? error.name);
  return String(error);
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseDatabaseUrl(url);
  let db: Kysely<Database>;
  let schema: string | undefined;
  if (target.dialect === 'sqlite') {
    db = openSqlite(
      target.file,
      options.sqliteBackgroundCheckpoints
        ? { backgroundCheckpoints: options.sqliteBackgroundCheckpoints }
        : {},
    );
  } else {
    schema = options.schema ?? 'public';
    db = openPostgres(target.connectionString, schema);
  }
  try {
    if (schema !== undefined) await ensureSchema(db, schema);
    await migrate(db, target.dialect, schema);
  } catch (error) {
    await db.destroy();
    throw new Error(`cannot open the database ${redact(url)}: ${describeError(error)}`, { cause: error });
  }
  const ctx = createContext(target.dialect, options.now, options.maxInMemoryRows);
  const scope = new TransactionScope(options.detectCallsInsideTransactions ?? true);
  let closing: Promise<void> | undefined;
  return scope.guard<Store>({
    ...createScimStore(db, ctx, scope),
    ...createSyncStore(db, ctx),
    ...createReconcileStore(db, ctx),
    ...createRulesVersionStore(db, ctx),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close() {
      // Closing twice is harmless: both callers wait for the same shutdown.
      closing ??= db.destroy();
      return closing;
    },
  });
}
