/**
 * Which filter attributes have columns, per resource type. Folded columns hold NFC-normalised lower-case text
 * for `caseExact: false` attributes; exact ones hold the value as sent (`id`, `externalId` are caseExact in
 * RFC 7643). Anything not listed here is evaluated in memory.
 */
export type FieldKind = 'folded' | 'exact' | 'boolean' | 'datetime';

export interface ColumnField {
  kind: FieldKind;
  /** A qualified column reference, e.g. `users.user_name_folded`. */
  column: string;
  nullable: boolean;
  /** A `folded` field whose column holds unfolded text: compared as `lower(column)` (ASCII values only). */
  foldInSql?: boolean;
  /**
   * The value comes from other tables instead of `column`: the first source that has a row for the resource
   * gives it. A condition on the value becomes `id in (rows of a source where the condition holds on its value)`,
   * so the database seeks the sources' indexes instead of computing the value for every resource.
   */
  derived?: { resourceId: string; sources: readonly ValueSource[] };
}

/** One table a value is read from: `select key from <from> where <where>`, the value being `value`. */
export interface ValueSource {
  /** Table and alias, e.g. `platform_links status_link`. */
  from: string;
  key: string;
  /** A condition every row of the source must meet (`parked = 1`), or undefined. */
  where?: string;
  value: string;
}

/**
 * An extension attribute: a value computed for the row, or a side table with one row per value. `inResource`:
 * the attribute also lives in the stored resource (the enterprise extension), so the in-memory predicate sees it
 * and a filter that SQL cannot decide whole still has a correct fallback; it is found by its URN only, as the
 * predicate finds it.
 */
export type ExtensionAttribute = { field: ColumnField; inResource?: true } | { table: ElementTable };

/** A multi-valued attribute kept in a side table, one row per element. */
export interface ElementTable {
  table: 'user_emails' | 'memberships' | 'platform_links';
  alias: string;
  /** `alias.foreignKey = parent id`. */
  foreignKey: string;
  fields: Record<string, ColumnField>;
}

export interface FilterTarget {
  table: 'users' | 'groups';
  coreSchema: string;
  /** Lower-cased attribute path (`username`, `meta.lastmodified`) -> column. */
  fields: Record<string, ColumnField>;
  /** Lower-cased multi-valued attribute name -> side table. */
  elements: Record<string, ElementTable>;
  /**
   * Lower-cased extension schema URN -> its attributes (lower-cased) kept in a side table. A filter on one of
   * these schemas must translate exactly, or the listing refuses it (`invalidFilter`): the in-memory predicate
   * does not see what the side table holds.
   */
  extensions?: Record<string, Record<string, ExtensionAttribute>>;
}

/**
 * `record[key]` for a key taken from a request, only when it is the record's own entry: a filter on
 * `constructor` or `__proto__` must name no column rather than reach `Object.prototype`.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The connector extension of users (`platformStatus`, `blockedReasons`, `lastSyncedAt`), from the link summary
 * columns (migration 0007). A user has at most one link, so "any row" is "the row". `blockedReasons` holds a
 * JSON array: only `pr` (present) maps onto it.
 */
const linkTable = (field: string, column: ColumnField): ElementTable => ({
  table: 'platform_links',
  alias: 'link',
  foreignKey: 'user_id',
  fields: { [field]: column },
});

export const CONNECTOR_USER_URN = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:user';

import { ENTERPRISE_USER_URN } from '../directory/attribute-columns.ts';

const connectorUserAttributes: Record<string, ExtensionAttribute> = {
  // As the extension shows it: PARKED while the user is parked, else the link's status (lower-cased: folded).
  // Both sources have indexes: sync_queue_parked (0007) and platform_links_status_folded (0008).
  platformstatus: {
    field: {
      kind: 'folded',
      column: 'platform_status',
      nullable: true,
      derived: {
        resourceId: 'users.id',
        sources: [
          {
            from: 'sync_queue parked_user',
            key: 'parked_user.user_id',
            where: 'parked_user.parked = 1',
            value: `'parked'`,
          },
          {
            from: 'platform_links status_link',
            key: 'status_link.user_id',
            value: 'lower(status_link.platform_status)',
          },
        ],
      },
    },
  },
  blockedreasons: {
    table: linkTable('present', { kind: 'boolean', column: 'link.blocked_reasons', nullable: true }),
  },
  lastsyncedat: {
    table: linkTable('value', { kind: 'datetime', column: 'link.last_synced_at', nullable: false }),
  },
};

/** The enterprise attributes with columns (migration 0008, directory/attribute-columns.ts). */
const enterpriseUserAttributes: Record<string, ExtensionAttribute> = {
  employeenumber: {
    field: { kind: 'folded', column: 'users.employee_number_folded', nullable: true },
    inResource: true,
  },
  department: {
    field: { kind: 'folded', column: 'users.department_folded', nullable: true },
    inResource: true,
  },
};

const common = (table: string): Record<string, ColumnField> => ({
  id: { kind: 'exact', column: `${table}.id`, nullable: false },
  externalid: { kind: 'exact', column: `${table}.external_id`, nullable: true },
  'meta.created': { kind: 'datetime', column: `${table}.created`, nullable: false },
  'meta.lastmodified': { kind: 'datetime', column: `${table}.last_modified`, nullable: false },
});

export const userTarget: FilterTarget & { table: 'users' } = {
  table: 'users',
  coreSchema: 'urn:ietf:params:scim:schemas:core:2.0:User',
  fields: {
    ...common('users'),
    username: { kind: 'folded', column: 'users.user_name_folded', nullable: false },
    active: { kind: 'boolean', column: 'users.active', nullable: false },
    // Migration 0008: what IdPs and admins filter and sort on (issue #13).
    displayname: { kind: 'folded', column: 'users.display_name_folded', nullable: true },
    title: { kind: 'folded', column: 'users.title_folded', nullable: true },
    'name.givenname': { kind: 'folded', column: 'users.given_name_folded', nullable: true },
    'name.familyname': { kind: 'folded', column: 'users.family_name_folded', nullable: true },
  },
  elements: {
    emails: {
      table: 'user_emails',
      alias: 'email',
      foreignKey: 'user_id',
      fields: {
        value: { kind: 'folded', column: 'email.value_folded', nullable: true },
        type: { kind: 'folded', column: 'email.type_folded', nullable: true },
        primary: { kind: 'boolean', column: 'email.is_primary', nullable: true },
      },
    },
    // The read-only `groups`: the user's direct memberships. `value` is caseExact false like every SCIM id
    // reference; group ids are server-made lower-case UUIDs, so comparing them with the folded value is exact.
    // `display` and `type` are left to the in-memory predicate.
    groups: {
      table: 'memberships',
      alias: 'membership',
      foreignKey: 'member_id',
      fields: {
        value: { kind: 'folded', column: 'membership.group_id', nullable: false },
      },
    },
  },
  extensions: {
    [CONNECTOR_USER_URN]: connectorUserAttributes,
    [ENTERPRISE_USER_URN.toLowerCase()]: enterpriseUserAttributes,
  },
};

export const groupTarget: FilterTarget & { table: 'groups' } = {
  table: 'groups',
  coreSchema: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  fields: {
    ...common('groups'),
    displayname: { kind: 'folded', column: 'groups.display_name_folded', nullable: false },
  },
  elements: {},
};
