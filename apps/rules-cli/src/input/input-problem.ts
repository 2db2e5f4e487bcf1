/**
 * Bad input (exit 2): a file the CLI cannot use as given, placed at file:line:column with what is wrong, so an
 * editor can jump to it. Commands throw BadInputError; the program prints the problems and exits 2.
 */
import { readFile } from 'node:fs/promises';
import type { TextPosition } from '../json/located-json.ts';

export interface InputProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export class BadInputError extends Error {
  constructor(readonly problems: readonly InputProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'BadInputError';
  }
}

export function problemAt(file: string, position: TextPosition, message: string): InputProblem {
  return { file, line: position.line, column: position.column, message };
}

export function formatProblem(problem: InputProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** The file's text; a file that cannot be read is bad input at 1:1, `what` naming what it should have held. */
export async function readInputFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : String(error);
    throw new BadInputError([problemAt(file, { line: 1, column: 1 }, `cannot read ${what}: ${reason}`)]);
  }
}
