/**
 * Replicas starting at once against a fresh database: every one must open its store, and the schema and its
 * migrations must come out exactly once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import { dropSchema, TEST_DATABASE_URL, withPgClient } from '../testing/postgres.ts';

const SCHEMA = `store_concurrent_start_${process.pid}`;

describe('several replicas opening one PostgreSQL schema at once', () => {
  afterAll(() => dropSchema(SCHEMA));

  it('all succeed, on a schema that did not exist, and the migrations run once', async () => {
    for (let round = 0; round < 3; round++) {
      await dropSchema(SCHEMA);
      const opened = await Promise.allSettled(
        Array.from({ length: 6 }, () => openStore(TEST_DATABASE_URL, { schema: SCHEMA })),
      );
      const failures = opened.flatMap((result) =>
        result.status === 'rejected' ? [String(result.reason)] : [],
      );
      for (const result of opened) if (result.status === 'fulfilled') await result.value.close();
      expect(failures).toEqual([]);
      const migrations = await withPgClient((client) =>
        client.query<{ name: string; count: string }>(
          `select name, count(*) as count from "${SCHEMA}".kysely_migration group by name`,
        ),
      );
      expect(migrations.rows.length).toBeGreaterThan(0);
      expect(migrations.rows.every((row) => row.count === '1')).toBe(true);
    }
  });
});
