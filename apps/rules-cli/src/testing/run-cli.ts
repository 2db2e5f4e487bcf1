/**
 * Running the CLI in tests: as users do (`node bin/scim-rules.js` as a child process, from the repository root)
 * or in-process through runCli with captured output, for the many checks that need no process boundary.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../io.ts';
import { runCli } from '../program.ts';

export const BIN = fileURLToPath(new URL('../../bin/scim-rules.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCliProcess(args: readonly string[], cwd = REPO_ROOT): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** In-process run; `progress` pretends stderr is a terminal. Relative paths resolve from the current directory. */
export async function runCliInProcess(
  args: readonly string[],
  options: { color?: boolean; progress?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    color: options.color ?? false,
    progress: options.progress ?? false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
