/** Dropping and inspecting PostgreSQL schemas for the suites that run servers as child processes. */
import pg from 'pg';

export { TEST_DATABASE_URL } from './databases.ts';

export async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function dropSchema(url: string, schema: string): Promise<void> {
  return withPgClient(url, async (client) => {
    await client.query(`drop schema if exists "${schema}" cascade`);
  });
}
