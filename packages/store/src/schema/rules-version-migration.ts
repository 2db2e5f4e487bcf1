/**
 * Migration 0010: the rules version (docs/architecture.md, "Rules reload across replicas"). One row, whose
 * `version` a successful rules reload on any process increments. Every process polls it and loads its rules folder
 * again when the version moves, so a reload by signal or by the admin API on one replica reaches every replica on
 * the same database. The row starts at version 0: no reload recorded.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';

export const RULES_VERSION_ROW = 'rules';

export function rulesVersionMigration(dialect: DialectName): Migration {
  // Byte-order collation, as in the other tables.
  const t = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>) {
      await sql`create table rules_version (name ${t} primary key, version integer not null,
        updated_at ${t} not null, updated_by ${t})`.execute(db);
      await sql`insert into rules_version (name, version, updated_at) values (${RULES_VERSION_ROW}, 0, ${new Date().toISOString()})`.execute(
        db,
      );
    },
  };
}
