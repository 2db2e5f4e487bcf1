/**
 * Migration 0005: the link's state as one JSON document. Until now a link row spelled the sync engine's state in
 * columns (`last_status` ACTIVE | INACTIVE | CREATING | ABSENT | NOT_LINKED, an empty `platform_user_id` for
 * every state but a link, the last decision as JSON); the sync engine now keeps a discriminated union
 * (`@scim-connector/sync`, link-state.ts) that the store stores without reading. This converts each existing row
 * once into that document, and it is the only place the store knows its shape.
 *
 * A row that does not read as one of the old states (say `ACTIVE` without an account id) is kept as
 * `{"unconverted": {...the old columns}}`: the sync engine reads that as an unreadable link, never as a link to
 * an account, and the next push of that user writes a proper state.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { JsonValue } from '../types.ts';

/** The columns the state replaces, as 0002_sync created them. */
export interface OldLinkRow {
  user_id: string;
  platform_user_id: string;
  username: string;
  created_by_connector: number | string;
  last_status: string;
  last_roles: string;
  last_decision: string;
}

const OLD_COLUMNS = [
  'platform_user_id',
  'username',
  'created_by_connector',
  'last_status',
  'last_roles',
  'last_decision',
] as const;

/** Rows converted per read, so a large table is never held in memory at once. */
const PAGE = 1000;

export const linkStateMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // Every row gets its state below; the default only fills the column while it is added.
    await db.schema
      .alterTable('platform_links')
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('null'))
      .execute();
    let after = '';
    for (;;) {
      const { rows } = await sql<OldLinkRow>`
        select user_id, platform_user_id, username, created_by_connector, last_status, last_roles, last_decision
        from platform_links where user_id > ${after} order by user_id limit ${PAGE}`.execute(db);
      for (const row of rows) {
        await sql`update platform_links set state = ${JSON.stringify(convertLinkRow(row))} where user_id = ${row.user_id}`.execute(
          db,
        );
      }
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE) break;
      after = last.user_id;
    }
    // One column per statement: SQLite drops one at a time.
    for (const column of OLD_COLUMNS)
      await db.schema.alterTable('platform_links').dropColumn(column).execute();
  },
};

/** The state document for one old row (exported for the migration's tests). */
export function convertLinkRow(row: OldLinkRow): JsonValue {
  const lastDecision = parseOrNull(row.last_decision);
  const username = row.username;
  switch (row.last_status) {
    case 'ACTIVE':
    case 'INACTIVE': {
      const roles = parseOrNull(row.last_roles);
      if (row.platform_user_id === '' || !isStringArray(roles)) break;
      const link: JsonValue = {
        kind: 'linked',
        platformUserId: row.platform_user_id,
        username,
        status: row.last_status,
        createdByConnector: Number(row.created_by_connector) === 1,
        roles,
      };
      return { link, lastDecision };
    }
    case 'CREATING':
      return { link: { kind: 'creating', username }, lastDecision };
    case 'ABSENT':
      return { link: { kind: 'absent' }, lastDecision };
    case 'NOT_LINKED':
      return { link: { kind: 'not-linked', username }, lastDecision };
  }
  const { user_id: _userId, ...columns } = row;
  return { unconverted: { ...columns, created_by_connector: Number(row.created_by_connector) } };
}

function parseOrNull(text: string): JsonValue {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isStringArray(value: JsonValue): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
