/**
 * The rules version over one Kysely executor (migration 0010). Incrementing is one UPDATE, so two replicas
 * reloading at once get two distinct versions and neither is lost.
 */
import { type Kysely, sql } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { Database } from '../schema/database.ts';
import { RULES_VERSION_ROW } from '../schema/rules-version-migration.ts';
import type { RulesVersion, RulesVersionStore } from '../types.ts';

export function createRulesVersionStore(db: Kysely<Database>, ctx: StoreContext): RulesVersionStore {
  return {
    async rulesVersion() {
      const row = await db
        .selectFrom('rules_version')
        .select(['version', 'updated_at', 'updated_by'])
        .where('name', '=', RULES_VERSION_ROW)
        .executeTakeFirstOrThrow();
      return toVersion(row);
    },

    async bumpRulesVersion(updatedBy) {
      const { rows } = await sql<{ version: number | string; updated_at: string; updated_by: string | null }>`
        update rules_version set version = version + 1, updated_at = ${ctx.now()}, updated_by = ${updatedBy}
        where name = ${RULES_VERSION_ROW} returning version, updated_at, updated_by`.execute(db);
      const row = rows[0];
      if (row === undefined) throw new Error('the rules_version row is missing (migration 0010 not applied)');
      return toVersion(row);
    },
  };
}

function toVersion(row: {
  version: number | string;
  updated_at: string;
  updated_by: string | null;
}): RulesVersion {
  return {
    version: Number(row.version),
    updatedAt: row.updated_at,
    ...(row.updated_by === null ? {} : { updatedBy: row.updated_by }),
  };
}
