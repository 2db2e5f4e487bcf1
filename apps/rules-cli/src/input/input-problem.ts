/**
 * Bad input (exit 2): a file the CLI cannot use as given, placed at file:line:column with what is wrong, so an
 * editor can jump to it. Commands throw BadInputError; the program prints the problems and exits 2.
 */
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
