/**
 * The package has two entry points (package.json `exports`): the protocol core, which the store, the sync worker
 * and the CLI load, and `/express`, which only the server loads. Each entry is imported by its package name in a
 * fresh Node process, so the `exports` map is what resolves it and nothing loaded earlier can hide a dependency.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Imports `specifier` and prints whether express was loaded. express is CommonJS, so loading it from ESM goes
 * through Node's CommonJS loader, which records every file it reads in `require.cache`.
 */
const probe = (specifier: string) => `
  import { createRequire } from 'node:module';
  await import(${JSON.stringify(specifier)});
  const loaded = Object.keys(createRequire(import.meta.url).cache);
  console.log(JSON.stringify(loaded.some((file) => /[\\\\/]node_modules[\\\\/]express[\\\\/]/.test(file))));
`;

async function loadsExpress(specifier: string): Promise<boolean> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', probe(specifier)],
    { cwd: packageDir },
  );
  return JSON.parse(stdout.trim()) as boolean;
}

describe('entry points', () => {
  it('the core entry loads no express: the store, sync and CLI can use SCIM without an HTTP framework', async () => {
    expect(await loadsExpress('@scim-connector/scim')).toBe(false);
  });

  it('the /express entry loads express (so the check above can see it when it happens)', async () => {
    expect(await loadsExpress('@scim-connector/scim/express')).toBe(true);
  });
});
