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
}

/** A multi-valued attribute kept in a side table, one row per element. */
export interface ElementTable {
  table: 'user_emails' | 'memberships';
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
}

/**
 * `record[key]` for a key taken from a request, only when it is the record's own entry: a filter on
 * `constructor` or `__proto__` must name no column rather than reach `Object.prototype`.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

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
