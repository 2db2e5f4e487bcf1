/**
 * How bad input reaches the user: `file:line:column: message` lines on stderr (the form editors and CI annotate),
 * or with `--json` one document on stdout, `{"error": "bad-input", "problems": [...]}`. Either way exit 2.
 */
import { EXIT_BAD_INPUT } from '../exit-codes.ts';
import { BadInputError, formatProblem, type InputProblem } from '../input/input-problem.ts';
import type { CliIo } from '../io.ts';

/** Runs a command's work, turning BadInputError into its report and exit code 2; other errors propagate. */
export async function withBadInputReport(
  io: CliIo,
  json: boolean | undefined,
  work: () => Promise<number>,
  /** A closing line for the human report, given the problems (e.g. how to go past them). */
  hint?: (problems: readonly InputProblem[]) => string | undefined,
): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof BadInputError)) throw error;
    if (json) {
      io.out(`${JSON.stringify({ error: 'bad-input', problems: error.problems }, null, 2)}\n`);
    } else {
      io.err(error.problems.map((problem) => `${formatProblem(problem)}\n`).join(''));
      const closing = hint?.(error.problems);
      if (closing) io.err(`${closing}\n`);
    }
    return EXIT_BAD_INPUT;
  }
}
