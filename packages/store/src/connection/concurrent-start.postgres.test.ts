/**
 * Replicas starting at once against a fresh database: every one must open its store, and the schema and its
 * migrations must come out exactly once.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.ts';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `store_concurrent_start_${process.pid}`;

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const dropSchema = () => withClient((client) => client.query(`drop schema if exists "${SCHEMA}" cascade`));

describe('several replicas opening one PostgreSQL schema at once', () => {
  afterAll(dropSchema);

  it('all succeed, on a schema that did not exist, and the migrations run once', async () => {
    for (let round = 0; round < 3; round++) {
      await dropSchema();
      const opened = await Promise.allSettled(
        Array.from({ length: 6 }, () => openStore(TEST_DATABASE_URL, { schema: SCHEMA })),
      );
      const failures = opened.flatMap((result) =>
        result.status === 'rejected' ? [String(result.reason)] : [],
      );
      for (const result of opened) if (result.status === 'fulfilled') await result.value.close();
      expect(failures).toEqual([]);
      const migrations = await withClient((client) =>
        client.query<{ name: string; count: string }>(
          `select name, count(*) as count from "${SCHEMA}".kysely_migration group by name`,
        ),
      );
      expect(migrations.rows.length).toBeGreaterThan(0);
      expect(migrations.rows.every((row) => row.count === '1')).toBe(true);
    }
  });
});
