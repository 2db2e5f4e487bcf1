/**
 * Migration 0008: columns for the user attributes IdPs and admins filter and sort on (issue #13): title,
 * name.givenName, name.familyName, the enterprise employeeNumber and department, folded like every
 * `caseExact: false` column (directory/attribute-columns.ts). displayName has had its column since 0007; it is
 * recomputed here because 0007 kept an empty displayName as NULL, which `displayName eq ""` must find.
 *
 * Each column gets an index on (column, id): equality and prefix filters seek it, and `sortBy` walks it in order
 * with ties by id, so a page reads its rows and stops (docs/architecture.md section 7). The link's status gets
 * one on its lower-cased form, which the connector extension's platformStatus filter compares.
 *
 * Existing rows get their values here, a page at a time, from the stored resource.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';
import { userAttributeColumnsOfText } from '../directory/attribute-columns.ts';

const PAGE = 1000;

/** The new columns and their indexes (display_name_folded and its index exist since 0007). */
export const USER_ATTRIBUTE_COLUMNS = [
  'title_folded',
  'given_name_folded',
  'family_name_folded',
  'employee_number_folded',
  'department_folded',
] as const;

export function userAttributesMigration(dialect: DialectName): Migration {
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>) {
      for (const column of USER_ATTRIBUTE_COLUMNS)
        await sql`alter table users add column ${sql.id(column)} ${text}`.execute(db);
      await backfill(db);
      for (const column of USER_ATTRIBUTE_COLUMNS)
        await sql`create index ${sql.id(`users_${column}`)} on users (${sql.id(column)}, id)`.execute(db);
      // The connector's platformStatus filter compares the link's status lower-cased, as the extension shows it.
      await sql`create index platform_links_status_folded on platform_links (lower(platform_status), user_id)`.execute(
        db,
      );
    },
  };
}

async function backfill(db: Kysely<unknown>): Promise<void> {
  let after = '';
  for (;;) {
    const { rows } = await sql<{ id: string; resource: string }>`
      select id, resource from users where id > ${after} order by id limit ${PAGE}`.execute(db);
    for (const row of rows) {
      const c = userAttributeColumnsOfText(row.resource);
      await sql`update users set display_name_folded = ${c.display_name_folded}, title_folded = ${c.title_folded},
        given_name_folded = ${c.given_name_folded}, family_name_folded = ${c.family_name_folded},
        employee_number_folded = ${c.employee_number_folded}, department_folded = ${c.department_folded}
        where id = ${row.id}`.execute(db);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return;
    after = last.id;
  }
}
