/** Process entry point (bin/scim-rules.js imports it): run the CLI on argv and exit with its code. */
import { processIo } from './io.ts';
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2), processIo());
