/**
 * vitest global setup for the packages whose tests use PostgreSQL: finds or starts the run's server once
 * (test-postgres.ts) before any test file loads, hands its URL to the test workers as TEST_DATABASE_URL, and
 * stops an embedded server after the last file. Under the root `pnpm test` the URL is already set by
 * with-test-postgres.ts, so every package shares that one server and this setup changes nothing.
 */
import { ensureTestPostgres } from './test-postgres.ts';

export default async function setupTestPostgres(): Promise<() => Promise<void>> {
  const server = await ensureTestPostgres(process.env);
  if (server.source === 'embedded') console.error('tests use an embedded PostgreSQL started for this run');
  // Workers start after global setup and inherit this environment.
  process.env.TEST_DATABASE_URL = server.url;
  delete process.env.TEST_POSTGRES;
  return () => server.stop();
}
