/**
 * Runs SQL statements against a store's database as they are (benchmarks that seed 100,000 rows in one
 * `insert ... select` instead of 100,000 store calls). For tests and benchmarks only: nothing here is checked.
 */
import { sql } from 'kysely';
import { parseDatabaseUrl } from '../connection/database-url.ts';
import { openPostgres } from '../connection/postgres.ts';
import { openSqlite } from '../connection/sqlite.ts';

export async function executeStatements(
  url: string,
  statements: readonly string[],
  options: { schema?: string } = {},
): Promise<void> {
  const target = parseDatabaseUrl(url);
  const db =
    target.dialect === 'sqlite'
      ? openSqlite(target.file)
      : openPostgres(target.connectionString, options.schema ?? 'public');
  try {
    for (const statement of statements) await sql.raw(statement).execute(db);
  } finally {
    await db.destroy();
  }
}
