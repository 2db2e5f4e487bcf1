/**
 * Named statements against a real PostgreSQL: repeated statements are parsed once per connection (visible in
 * pg_prepared_statements), results stay right when parameters change, and long parameter lists stay unnamed.
 */
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { dropSchema, TEST_DATABASE_URL as url } from '../testing/postgres.ts';
import { MAX_NAMED_PARAMETERS, statementName } from './named-statements.ts';
import { ensureSchema, openPostgres } from './postgres.ts';

const schema = `named_statements_${process.pid}`;
const db = openPostgres(url, schema);

afterAll(async () => {
  await dropSchema(schema);
  await db.destroy();
});

describe('named statements', () => {
  // Each test starts from an empty table `t` of its own, so none depends on what another left behind.
  beforeEach(async () => {
    await ensureSchema(db, schema);
    await sql`drop table if exists t`.execute(db);
    await sql`create table t (x integer)`.execute(db);
  });

  it('prepares a repeated statement once per connection and binds fresh parameters each time', async () => {
    await db.connection().execute(async (connection) => {
      for (let x = 1; x <= 5; x++) await sql`insert into t (x) values (${x})`.execute(connection);
      const sums: unknown[] = [];
      for (const min of [1, 3, 5]) {
        sums.push(
          (await sql<{ total: string }>`select sum(x) as total from t where x >= ${min}`.execute(connection))
            .rows[0],
        );
      }
      expect(sums).toEqual([{ total: '15' }, { total: '12' }, { total: '5' }]);
      const insertName = statementName('insert into t (x) values ($1)');
      const prepared = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(
        connection,
      );
      const names = prepared.rows.map((row) => row.name);
      expect(names).toContain(insertName);
      expect(names.filter((name) => name === insertName)).toHaveLength(1);
    });
  });

  it('leaves statements with long parameter lists unnamed', async () => {
    await sql`insert into t (x) select generate_series(1, 5)`.execute(db);
    await db.connection().execute(async (connection) => {
      const values = Array.from({ length: MAX_NAMED_PARAMETERS + 1 }, (_, index) => index);
      const found = await sql<{
        x: number;
      }>`select x from t where x in (${sql.join(values)}) order by x`.execute(connection);
      expect(found.rows.map((row) => row.x)).toEqual([1, 2, 3, 4, 5]);
      const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(
        connection,
      );
      expect(prepared.rows.some((row) => row.statement.includes('x in ('))).toBe(false);
    });
  });
});
