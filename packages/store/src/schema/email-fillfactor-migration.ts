/**
 * Migration 0012: room on PostgreSQL's `user_emails` pages for updated rows (issue #13). An IdP that changes the
 * type or primary flag of a user's addresses (Entra sends such PATCHes) rewrites those rows; when the new row
 * version fits on the same page and no indexed column changed, PostgreSQL updates it without touching the
 * indexes (a heap-only tuple, "HOT" in the PostgreSQL documentation on storage and fillfactor). Full pages (the
 * default fillfactor 100) leave no room, so every such update also wrote the primary-key and address indexes
 * and left the table to bloat: 1,000 rows took 9.6 ms and grew to 15.8 ms over six rounds, against 1.5 ms at
 * fillfactor 70 (docs/benchmarks.md, the PATCH section).
 *
 * The setting applies to pages written from now on; existing rows keep their pages until they move (an operator
 * may run `vacuum full user_emails` in a maintenance window to apply it at once). SQLite has no such setting.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';

export const USER_EMAILS_FILLFACTOR = 70;

export function emailFillfactorMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`alter table user_emails set (fillfactor = ${sql.lit(USER_EMAILS_FILLFACTOR)})`.execute(db);
    },
  };
}
