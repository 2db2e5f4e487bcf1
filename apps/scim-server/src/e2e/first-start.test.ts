/**
 * A newcomer's first `pnpm start`, as the README tells it: the server starts on its embedded defaults (SQLite, the
 * built-in simulator, generated tokens), prints its banner, and the two curl commands printed there, pasted into a
 * shell as they are, provision a user and show its account on the platform. A second start over the same data
 * folder shows no token, and its commands still work.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_USER } from '../start-banner.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

const run = promisify(execFile);
const TIMEOUT_MS = 120_000;

/** The commands of the banner's "Try it" block. */
function bannerCommands(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('  curl '))
    .map((line) => line.trim());
}

async function shell(command: string): Promise<unknown> {
  const { stdout } = await run('sh', ['-c', command], { timeout: 30_000 });
  return JSON.parse(stdout);
}

interface AdminView {
  userName: string;
  effectiveRoles: { name: string }[];
  platform: { account: { status: string; roles: string[] } | null };
}

/** Runs the admin command until the sync worker has pushed the user (it runs right after the write commits). */
async function provisionedView(command: string): Promise<AdminView> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const view = (await shell(command)) as AdminView;
    if (typeof view.userName !== 'string')
      throw new Error(`the command did not answer a user: ${JSON.stringify(view)}`);
    if (view.platform.account?.status === 'ACTIVE') return view;
    if (Date.now() > deadline)
      throw new Error(`the user did not reach the platform: ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the first start', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'prints commands that, pasted as they are, provision a user and show it on the platform',
    async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'scim-first-start-'));
      server = await startServerProcess({
        name: 'first-start',
        dataDir,
        env: { SIMULATOR_PORT: '0', DATABASE_URL: `sqlite:${path.join(dataDir, 'connector.db')}` },
      });
      const banner = server.output();
      const tokens = JSON.parse(await readFile(path.join(dataDir, 'tokens.json'), 'utf8')) as {
        scimToken: string;
        adminToken: string;
      };
      expect(banner).toContain(`SCIM token    ${tokens.scimToken}`);
      expect(banner).toContain('Platform      the built-in Fluent simulator');
      expect(banner).toMatch(/Memory {8}connector \d+ MB resident, simulator \d+ MB in its own process/);
      expect(banner).toContain(`Data folder   ${dataDir}`);
      expect(banner).toContain('docs/entra-id.md');

      const [create, view] = bannerCommands(banner);
      expect(create).toContain(`Bearer ${tokens.scimToken}`);
      expect(view).toContain(`Bearer ${tokens.adminToken}`);
      const created = (await shell(create ?? '')) as { id?: string; userName?: string };
      expect(created).toMatchObject({ userName: EXAMPLE_USER.userName, id: expect.any(String) });

      const shown = await provisionedView(view ?? '');
      expect(shown.userName).toBe(EXAMPLE_USER.userName);
      expect(shown.effectiveRoles.map((role) => role.name)).toEqual([EXAMPLE_USER.role]);
      expect(shown.platform.account?.roles).toEqual([EXAMPLE_USER.role]);

      await server.stop();
      server = await startServerProcess({
        name: 'second-start',
        dataDir,
        env: { SIMULATOR_PORT: '0', DATABASE_URL: `sqlite:${path.join(dataDir, 'connector.db')}` },
      });
      const again = server.output();
      expect(again).not.toContain(tokens.scimToken);
      expect(again).not.toContain(tokens.adminToken);
      const [, viewAgain] = bannerCommands(again);
      // The simulator starts from its seed again; the restarted server pushes the directory back to it.
      expect((await provisionedView(viewAgain ?? '')).platform.account?.roles).toEqual([EXAMPLE_USER.role]);
    },
    TIMEOUT_MS,
  );
});
