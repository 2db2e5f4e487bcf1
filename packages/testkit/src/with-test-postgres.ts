/**
 * Runs a command (the root `pnpm test` and `pnpm bench`: `turbo run ...`) with TEST_DATABASE_URL pointing at
 * one PostgreSQL server for the whole run, found or started by test-postgres.ts, so packages that turbo runs
 * in parallel share it instead of each starting their own. An embedded server is stopped when the command
 * ends, however it ends. Exits with the command's own status.
 *
 *   tsx packages/testkit/src/with-test-postgres.ts <command> [args...]
 */
import { spawn } from 'node:child_process';
import { ensureTestPostgres, TestPostgresUnavailable } from './test-postgres.ts';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  console.error('usage: with-test-postgres <command> [args...]');
  process.exit(2);
}

let server: Awaited<ReturnType<typeof ensureTestPostgres>>;
try {
  server = await ensureTestPostgres(process.env);
} catch (error) {
  if (error instanceof TestPostgresUnavailable) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
if (server.source === 'embedded') console.error('tests use an embedded PostgreSQL started for this run');

const env: NodeJS.ProcessEnv = { ...process.env, TEST_DATABASE_URL: server.url };
delete env.TEST_POSTGRES;
const child = spawn(command, args, { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code) => {
  // A command killed by a signal has no code: the run failed.
  void server.stop().finally(() => process.exit(code ?? 1));
});
