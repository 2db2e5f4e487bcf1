/**
 * Migration 0006: drift reconciliation (docs/architecture.md, "Drift reconciliation").
 * - `reconcile_runs`: one row per run, with the platform cursor of the last page it finished, so a run whose
 *   process died resumes from there.
 * - `drift_findings`: the current finding per platform account that differs from what the IdP and the rules
 *   grant, or that the connector does not manage; one flag column per kind, so the admin API filters by kind.
 * - an index on deleted users' userName, to find the owner of a deleted user's account.
 * - `reconcile_lease`: one row; whoever holds it unexpired runs reconciliation, so replicas never run it twice.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';

export function reconcileMigration(dialect: DialectName): Migration {
  // Byte-order collation, as in the other tables: cursor paging by text compares the same on both databases.
  const t = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('reconcile_runs')
        .addColumn('id', t, (c) => c.primaryKey())
        .addColumn('mode', t, (c) => c.notNull())
        .addColumn('requested_by', t, (c) => c.notNull())
        .addColumn('state', t, (c) => c.notNull())
        .addColumn('started_at', t, (c) => c.notNull())
        .addColumn('updated_at', t, (c) => c.notNull())
        .addColumn('finished_at', t)
        .addColumn('cursor', 'text')
        .addColumn('accounts_read', 'integer', (c) => c.notNull())
        .addColumn('accounts_expected', 'integer')
        .addColumn('counts', 'text')
        .addColumn('errors', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .execute();
      await db.schema
        .createIndex('reconcile_runs_started')
        .on('reconcile_runs')
        .columns(['started_at', 'id'])
        .execute();
      await db.schema.createIndex('reconcile_runs_state').on('reconcile_runs').column('state').execute();

      await db.schema
        .createTable('drift_findings')
        .addColumn('platform_username', t, (c) => c.primaryKey())
        .addColumn('platform_user_id', t, (c) => c.notNull())
        .addColumn('user_id', t)
        .addColumn('run_id', t, (c) => c.notNull())
        .addColumn('detected_at', t, (c) => c.notNull())
        .addColumn('seen_at', t, (c) => c.notNull())
        .addColumn('unmanaged', 'integer', (c) => c.notNull())
        .addColumn('extra_roles', 'integer', (c) => c.notNull())
        .addColumn('missing_roles', 'integer', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('profile', 'integer', (c) => c.notNull())
        .addColumn('differences', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('drift_findings_run').on('drift_findings').column('run_id').execute();
      await db.schema.createIndex('drift_findings_user').on('drift_findings').column('user_id').execute();

      // A deleted user's account is still the connector's: reconciliation finds its owner by the exact userName.
      await db.schema
        .createIndex('deleted_users_user_name')
        .on('deleted_users')
        .column('user_name')
        .execute();

      await db.schema
        .createTable('reconcile_lease')
        .addColumn('name', t, (c) => c.primaryKey())
        .addColumn('owner', t, (c) => c.notNull())
        .addColumn('lease_until', t, (c) => c.notNull())
        .execute();
    },
  };
}
