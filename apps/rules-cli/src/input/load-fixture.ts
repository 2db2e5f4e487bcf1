/**
 * Platform fixtures (docs/rules.md) for `--platform` and a rule test's `platform`, validated by the simulator
 * itself. The simulator names each problem by path (`users[2].roles[0] ...`); the path is turned back into a
 * JSON pointer so the problem is reported at its line and column.
 */
import {
  createPlatformModel,
  FixtureError,
  type PlatformFixture,
  parseFixture,
} from '@scim-connector/platform-plugins';
import { parseLocatedJson, type TextPosition } from '../json/located-json.ts';
import { BadInputError, type InputProblem, readInputFile } from './input-problem.ts';

export async function loadFixtureFile(file: string): Promise<PlatformFixture> {
  const text = await readInputFile(file, 'the platform fixture');
  const located = parseLocatedJson(text);
  if (!located.ok) {
    throw new BadInputError([{ file, ...located.position, message: `not valid JSON: ${located.message}` }]);
  }
  return checkFixture(located.value, file, located.positionOf);
}

/**
 * Validates a fixture already parsed; `positionOf` places a pointer relative to the fixture (for an inline one,
 * inside its test file). The model is built once here, so a fixture the simulator would refuse fails now.
 */
export function checkFixture(
  value: unknown,
  file: string,
  positionOf: (pointer: string) => TextPosition,
): PlatformFixture {
  try {
    const fixture = parseFixture(value, file);
    createPlatformModel(fixture, { source: file });
    return fixture;
  } catch (error) {
    if (!(error instanceof FixtureError)) throw error;
    throw new BadInputError(error.problems.map((problem) => placeProblem(problem, file, positionOf)));
  }
}

const LEADING_PATH = /^([A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*)/;

function placeProblem(
  problem: string,
  file: string,
  positionOf: (pointer: string) => TextPosition,
): InputProblem {
  const path = LEADING_PATH.exec(problem)?.[1];
  const pointer = path === undefined ? '' : pathToPointer(path);
  return { file, ...positionOf(pointer), message: `platform fixture: ${problem}` };
}

/** `users[2].roles[0]` -> `/users/2/roles/0`. */
export function pathToPointer(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((segment) => `/${segment}`)
    .join('');
}
