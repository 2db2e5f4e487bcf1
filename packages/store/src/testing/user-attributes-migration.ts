/**
 * The test of migration 0008 (user attribute columns) on either database: a store migrated to 0007 with users
 * written before the columns existed, opened again so 0008 fills them, then filtered and sorted through the SCIM
 * listing with a bound of one row, so an attribute left to the in-memory side would be refused.
 */
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import type { Database } from '../schema/database.ts';
import { filter } from './fixtures.ts';
import { type MigrationTarget, migrateTo } from './migration-target.ts';

const AT = '2025-03-01T12:00:00.000Z';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** id -> resource written before 0008 (one of them not an object, as a damaged row might be). */
const RESOURCES: [string, string][] = [
  [
    'u1',
    JSON.stringify({
      userName: 'ada',
      displayName: '',
      title: 'Engineer',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      [ENTERPRISE]: { employeeNumber: 'E1', department: 'R&D' },
    }),
  ],
  ['u2', JSON.stringify({ userName: 'bob', Title: 'ENGINEERING LEAD', name: { FamilyName: 'Babbage' } })],
  ['u3', '[1]'],
];

export function userAttributesMigrationTest(target: MigrationTarget): void {
  it('fills the attribute columns of rows written before 0008, and filters and sorts them in SQL', async () => {
    const db: Kysely<Database> = await target.open();
    try {
      await migrateTo(target, db, '0007_admin_indexes');
      for (const [id, resource] of RESOURCES) {
        await sql`insert into users (id, user_name, user_name_folded, external_id, active, resource, version, created,
          last_modified) values (${id}, ${id}, ${id}, null, 1, ${resource}, 1, ${AT}, ${AT})`.execute(db);
      }
    } finally {
      await db.destroy();
    }

    const store = await openStore(target.url, {
      maxInMemoryRows: 1,
      ...(target.schema !== undefined && { schema: target.schema }),
    });
    try {
      const ids = async (text: string, sortBy?: string) =>
        (
          await store.listUsers({
            filter: filter(text),
            ...(sortBy !== undefined && { sortBy }),
            startIndex: 1,
            count: 10,
          })
        ).items.map((user) => user.id);
      expect(await ids('title sw "engineer"', 'title')).toEqual(['u1', 'u2']);
      expect(await ids('title sw "engineer"', 'name.familyName')).toEqual(['u2', 'u1']);
      expect(await ids('name.givenName eq "ADA" and name.familyName pr')).toEqual(['u1']);
      expect(await ids(`${ENTERPRISE}:department eq "r&d" and ${ENTERPRISE}:employeeNumber pr`)).toEqual([
        'u1',
      ]);
      // 0007 kept an empty displayName as NULL; `eq ""` finds it now.
      expect(await ids('displayName eq ""')).toEqual(['u1']);
      expect(await ids('id pr', 'title')).toEqual(['u1', 'u2', 'u3']);
    } finally {
      await store.close();
    }
  });
}
