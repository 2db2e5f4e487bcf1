/**
 * The `scim-rules` program: one module per command in src/commands, all writing through a CliIo.
 * Returns the exit code instead of exiting, so it can run in-process.
 */
import { Command, CommanderError } from 'commander';
import { registerCatalog } from './commands/catalog.ts';
import { registerDiff } from './commands/diff.ts';
import { registerExplain } from './commands/explain.ts';
import { registerJournal } from './commands/journal.ts';
import { registerParseRole } from './commands/parse-role.ts';
import { registerReconcile } from './commands/reconcile.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerTest } from './commands/test.ts';
import { registerValidate } from './commands/validate.ts';
import { EXIT_BAD_INPUT, EXIT_OK } from './exit-codes.ts';
import type { CliIo } from './io.ts';

export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const program = new Command('scim-rules')
    .description('Check and try SCIM connector governance rules (rules/ folder) before they reach the server')
    .exitOverride()
    .showHelpAfterError('(run scim-rules --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerValidate(program, io, setExitCode);
  registerParseRole(program, io, setExitCode);
  registerSimulate(program, io, setExitCode);
  registerTest(program, io, setExitCode);
  registerExplain(program, io, setExitCode);
  registerDiff(program, io, setExitCode);
  registerReconcile(program, io, setExitCode);
  registerCatalog(program, io, setExitCode);
  registerJournal(program, io, setExitCode);

  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other commander error is a usage mistake: bad input.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    io.err(`scim-rules: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_BAD_INPUT;
  }
  return exitCode;
}
