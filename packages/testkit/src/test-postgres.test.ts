import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  ensureTestPostgres,
  freePort,
  probeServer,
  redactUrl,
  TestPostgresUnavailable,
} from './test-postgres.ts';

const WRAPPER = fileURLToPath(new URL('./with-test-postgres.ts', import.meta.url));

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]?.server_version ?? '';
  } finally {
    await client.end();
  }
}

/**
 * These start real PostgreSQL servers (initdb included) and tsx processes: seconds alone, tens of seconds on a busy
 * two-core machine, so the bound is generous; it catches a hang, it measures nothing.
 */
const SERVER_TEST_TIMEOUT_MS = 180_000;

describe('the test run’s PostgreSQL', { timeout: SERVER_TEST_TIMEOUT_MS }, () => {
  it('starts a real embedded server with a database "test" when asked, and removes it on stop', async () => {
    const server = await ensureTestPostgres({ TEST_POSTGRES: 'embedded' });
    try {
      expect(server.source).toBe('embedded');
      expect(new URL(server.url).pathname).toBe('/test');
      expect(await serverVersion(server.url)).toMatch(/^18\./);
    } finally {
      await server.stop();
    }
    expect((await probeServer(server.url)).kind).toBe('nothing-listens');
  });

  it('uses TEST_DATABASE_URL as it is when it is set', async () => {
    const server = await ensureTestPostgres({ TEST_DATABASE_URL: 'postgres://someone@db.example:6543/ci' });
    expect(server).toMatchObject({ source: 'environment', url: 'postgres://someone@db.example:6543/ci' });
  });

  it('refuses a TEST_POSTGRES value it does not understand, in one line', async () => {
    await expect(ensureTestPostgres({ TEST_POSTGRES: 'docker' })).rejects.toThrow(TestPostgresUnavailable);
    await expect(ensureTestPostgres({ TEST_POSTGRES: 'docker' })).rejects.toThrow(/^[^\n]*"embedded"[^\n]*$/);
  });

  it('tells "nothing listens" apart from "a server refused us"', async () => {
    expect((await probeServer(`postgres://postgres@127.0.0.1:${await freePort()}/test`)).kind).toBe(
      'nothing-listens',
    );
    const server = await ensureTestPostgres({ TEST_POSTGRES: 'embedded' });
    try {
      const noSuchDatabase = new URL(server.url);
      noSuchDatabase.pathname = '/no_such_database';
      const probe = await probeServer(noSuchDatabase.toString());
      expect(probe).toMatchObject({
        kind: 'refused-us',
        reason: expect.stringContaining('no_such_database'),
      });
    } finally {
      await server.stop();
    }
  });

  it('never shows a password in a message', () => {
    expect(redactUrl('postgres://postgres:s3cret@127.0.0.1:5555/test')).toBe(
      'postgres://postgres:***@127.0.0.1:5555/test',
    );
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/test')).toBe(
      'postgres://postgres@127.0.0.1:5432/test',
    );
  });
});

describe('with-test-postgres', { timeout: SERVER_TEST_TIMEOUT_MS }, () => {
  const run = (env: NodeJS.ProcessEnv, ...command: string[]) =>
    spawnSync('npx', ['tsx', WRAPPER, ...command], { env: { ...process.env, ...env }, encoding: 'utf8' });

  it('runs the command against one server, without TEST_POSTGRES, and stops an embedded server after it', async () => {
    const result = run(
      { TEST_POSTGRES: 'embedded', TEST_DATABASE_URL: '' },
      process.execPath,
      '-e',
      'console.log(JSON.stringify({ url: process.env.TEST_DATABASE_URL, forced: process.env.TEST_POSTGRES ?? null }))',
    );
    expect(result.status).toBe(0);
    const seen = JSON.parse(result.stdout.trim()) as { url: string; forced: string | null };
    expect(seen.forced).toBeNull();
    expect(new URL(seen.url).hostname).toBe('127.0.0.1');
    expect((await probeServer(seen.url)).kind).toBe('nothing-listens');
  });

  it('exits with the command’s own status', () => {
    const result = run(
      { TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' },
      process.execPath,
      '-e',
      'process.exit(3)',
    );
    expect(result.status).toBe(3);
  });

  it('fails with one clear line when it cannot have a server', () => {
    const result = run({ TEST_POSTGRES: 'docker' }, process.execPath, '-e', 'process.exit(0)');
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: TEST_POSTGRES=docker is not understood/);
  });
});
