/**
 * Migration 0013: user-type drift (docs/architecture.md, "Drift reconciliation"). A platform account whose user
 * type or primary context is not the one governance decides is a finding of kind `user-type`; like every kind it
 * has a flag column, so the admin API filters by it, and the two types are kept beside it as the admin CSV shows
 * them (`ADMIN`, `RETAILER:199`, `LOCATION:134`). Existing findings were judged without a type: their flag is 0
 * and their types unknown (NULL) until the next run sees them again.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';

export function driftUserTypeMigration(dialect: DialectName): Migration {
  // Byte-order collation, as in the other text columns of drift_findings (0006).
  const t = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>) {
      await sql`alter table drift_findings add column user_type integer not null default 0`.execute(db);
      await sql`alter table drift_findings add column user_type_expected ${t}`.execute(db);
      await sql`alter table drift_findings add column user_type_actual ${t}`.execute(db);
    },
  };
}
