/**
 * Schema migrations, defined in code and run by Kysely's Migrator when a store opens. Each migration takes the
 * dialect because a few column types differ at the edge (identity columns, PostgreSQL's byte-order collation so
 * comparisons and sorting match SQLite's and JavaScript's); everything else is one definition.
 */
import {
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  sql,
} from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';
import { adminIndexesMigration } from './admin-indexes-migration.ts';
import { driftUserTypeMigration } from './drift-user-type-migration.ts';
import { emailFillfactorMigration } from './email-fillfactor-migration.ts';
import { linkStateMigration } from './link-state-migration.ts';
import { offboardingIndexMigration } from './offboarding-index-migration.ts';
import { reconcileMigration } from './reconcile-migration.ts';
import { rulesVersionMigration } from './rules-version-migration.ts';
import { userAttributesMigration } from './user-attributes-migration.ts';
import { userCountsMigration } from './user-counts-migration.ts';
import { userRolesMigration } from './user-roles-migration.ts';

function text(dialect: DialectName) {
  // "C" collation: byte order, like SQLite's BINARY, so `<`, `ORDER BY` and LIKE behave the same on both.
  return dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
}

function directory(dialect: DialectName): Migration {
  const t = text(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', t, (c) => c.primaryKey())
        .addColumn('user_name', t, (c) => c.notNull())
        .addColumn('user_name_folded', t, (c) => c.notNull())
        .addColumn('external_id', t)
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created', t, (c) => c.notNull())
        .addColumn('last_modified', t, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('users_user_name_folded_unique')
        .on('users')
        .column('user_name_folded')
        .unique()
        .execute();
      await db.schema.createIndex('users_external_id').on('users').column('external_id').execute();
      await db.schema.createIndex('users_last_modified').on('users').column('last_modified').execute();

      await db.schema
        .createTable('user_emails')
        .addColumn('user_id', t, (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('value_folded', t)
        .addColumn('type_folded', t)
        .addColumn('is_primary', 'integer')
        .addPrimaryKeyConstraint('user_emails_pk', ['user_id', 'position'])
        .execute();
      await db.schema.createIndex('user_emails_value').on('user_emails').column('value_folded').execute();

      await db.schema
        .createTable('deleted_users')
        .addColumn('id', t, (c) => c.primaryKey())
        .addColumn('user_name', t, (c) => c.notNull())
        .addColumn('external_id', t)
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created', t, (c) => c.notNull())
        .addColumn('last_modified', t, (c) => c.notNull())
        .addColumn('deleted_at', t, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('groups')
        .addColumn('id', t, (c) => c.primaryKey())
        .addColumn('display_name', t, (c) => c.notNull())
        .addColumn('display_name_folded', t, (c) => c.notNull())
        .addColumn('external_id', t)
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created', t, (c) => c.notNull())
        .addColumn('last_modified', t, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('groups_display_name').on('groups').column('display_name_folded').execute();
      await db.schema.createIndex('groups_external_id').on('groups').column('external_id').execute();

      await db.schema
        .createTable('memberships')
        .addColumn('group_id', t, (c) => c.notNull().references('groups.id').onDelete('cascade'))
        .addColumn('member_id', t, (c) => c.notNull())
        .addColumn('member_type', t, (c) => c.notNull())
        .addColumn('display', 'text')
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['group_id', 'member_id'])
        .execute();
      await db.schema.createIndex('memberships_member').on('memberships').column('member_id').execute();

      await db.schema
        .createTable('journal')
        .addColumn('seq', 'integer', (c) => identity(c, dialect))
        .addColumn('at', t, (c) => c.notNull())
        .addColumn('method', t, (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('body', 'text')
        .addColumn('resource_id', t)
        .execute();
    },
  };
}

function sync(dialect: DialectName): Migration {
  const t = text(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sync_queue')
        .addColumn('user_id', t, (c) => c.primaryKey())
        .addColumn('generation', 'integer', (c) => c.notNull())
        .addColumn('synced_generation', 'integer', (c) => c.notNull())
        .addColumn('pending', 'integer', (c) => c.notNull())
        .addColumn('queued_at', t, (c) => c.notNull())
        .addColumn('last_marked_at', t, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('not_before', t)
        .addColumn('last_error', 'text')
        .addColumn('lease_owner', t)
        .addColumn('lease_until', t)
        .addColumn('parked', 'integer', (c) => c.notNull())
        .addColumn('parked_at', t)
        .execute();
      await db.schema
        .createIndex('sync_queue_claimable')
        .on('sync_queue')
        .columns(['pending', 'parked', 'queued_at'])
        .execute();

      await db.schema
        .createTable('sync_triggers')
        .addColumn('user_id', t, (c) => c.notNull())
        .addColumn('trigger', t, (c) => c.notNull())
        .addColumn('generation', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_triggers_pk', ['user_id', 'trigger'])
        .execute();

      await db.schema
        .createTable('platform_links')
        .addColumn('user_id', t, (c) => c.primaryKey())
        .addColumn('platform_user_id', t, (c) => c.notNull())
        .addColumn('username', t, (c) => c.notNull())
        .addColumn('created_by_connector', 'integer', (c) => c.notNull())
        .addColumn('last_status', t, (c) => c.notNull())
        .addColumn('last_roles', 'text', (c) => c.notNull())
        .addColumn('last_decision', 'text', (c) => c.notNull())
        .addColumn('last_synced_at', t, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => identity(c, dialect))
        .addColumn('user_id', t, (c) => c.notNull())
        .addColumn('trigger', t, (c) => c.notNull())
        .addColumn('outcome', t, (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('changes', 'text', (c) => c.notNull())
        .addColumn('explanation', 'text', (c) => c.notNull())
        .addColumn('at', t, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_user').on('audit_log').columns(['user_id', 'seq']).execute();
    },
  };
}

function identity(column: ColumnDefinitionBuilder, dialect: DialectName): ColumnDefinitionBuilder {
  return dialect === 'postgres'
    ? column.primaryKey().generatedByDefaultAsIdentity()
    : column.primaryKey().autoIncrement();
}

/**
 * What a PATCH adding or removing a batch of members needs without scanning a large group: finding a few
 * members by id, compared case-insensitively as SCIM compares member values, and the group's last position.
 */
const membershipLookup: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create index memberships_group_member_folded on memberships (group_id, lower(member_id))`.execute(
      db,
    );
    await db.schema
      .createIndex('memberships_group_position')
      .on('memberships')
      .columns(['group_id', 'position'])
      .execute();
  },
};

/**
 * Claims take the longest-waiting users, `order by queued_at, user_id`. The first index stopped at queued_at, so
 * PostgreSQL sorted every pending user (100,000 after an initial load: 160 ms, spilling to disk) on each claim of
 * a batch; with user_id in the index the claim reads the first rows of it and stops.
 */
const claimOrder: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('sync_queue_claim_order')
      .on('sync_queue')
      .columns(['pending', 'parked', 'queued_at', 'user_id'])
      .execute();
    await db.schema.dropIndex('sync_queue_claimable').execute();
  },
};

export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    async getMigrations() {
      return {
        '0001_directory': directory(dialect),
        '0002_sync': sync(dialect),
        '0003_membership_lookup': membershipLookup,
        '0004_claim_order': claimOrder,
        '0005_link_state': linkStateMigration,
        '0006_reconcile': reconcileMigration(dialect),
        '0007_admin_indexes': adminIndexesMigration(dialect),
        '0008_user_attributes': userAttributesMigration(dialect),
        '0009_user_roles': userRolesMigration(dialect),
        '0010_rules_version': rulesVersionMigration(dialect),
        '0011_user_counts': userCountsMigration(dialect),
        '0012_email_fillfactor': emailFillfactorMigration(dialect),
        '0013_drift_user_type': driftUserTypeMigration(dialect),
        '0014_offboarding_index': offboardingIndexMigration,
      };
    },
  };
}
