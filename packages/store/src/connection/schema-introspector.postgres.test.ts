/**
 * The store's PostgreSQL introspector reads its own schema only, so migrations neither see nor trip over other
 * schemas. Kysely's own introspector read every schema's tables by name, and one dropped meanwhile made test runs
 * sharing a database fail at random with `schema "..." does not exist` inside the Migrator (the race itself is too
 * narrow to reproduce on demand; what rules it out is that no other schema is read, which this checks).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import { dropSchema, TEST_DATABASE_URL as url, withPgClient } from '../testing/postgres.ts';
import { openPostgres } from './postgres.ts';

const prefix = `introspect_${process.pid}`;
const ours = `${prefix}_ours`;
const other = `${prefix}_other`;

describe('schema-scoped introspection on PostgreSQL', () => {
  afterAll(async () => {
    for (const schema of [ours, other]) await dropSchema(schema);
  });

  it('lists the tables of its own schema only, Kysely bookkeeping on request', async () => {
    const store = await openStore(url, { schema: ours });
    await store.close();
    await withPgClient(async (client) => {
      await client.query(`create schema if not exists "${other}"`);
      await client.query(`create table if not exists "${other}".users (id text primary key, elsewhere text)`);
    });
    const db = openPostgres(url, ours);
    try {
      const tables = await db.introspection.getTables();
      const names = tables.map((table) => table.name);
      expect(names).toContain('users');
      expect(names).toContain('sync_queue');
      expect(names).not.toContain('kysely_migration');
      expect(tables.every((table) => table.schema === ours)).toBe(true);
      const users = tables.find((table) => table.name === 'users');
      expect(users?.columns.map((column) => column.name)).not.toContain('elsewhere');
      expect(users?.columns.find((column) => column.name === 'id')).toMatchObject({
        dataType: 'text',
        isNullable: false,
      });
      const withKysely = await db.introspection.getTables({ withInternalKyselyTables: true });
      expect(withKysely.map((table) => table.name)).toContain('kysely_migration');
      expect(await db.introspection.getSchemas()).toEqual([{ name: ours }]);
    } finally {
      await db.destroy();
    }
  });
});
