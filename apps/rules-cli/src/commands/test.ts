/**
 * `scim-rules test [dir] [--rules dir] [--catalog fixture] [--json]`: runs every `*.test.json` in `dir` (default `rules/tests`)
 * against a rules folder (default: the folder holding `dir`), reporting pass/fail per test with a diff of
 * expected and actual state per user. With `--catalog` each test starts from the catalogue, its own `platform` over it. Exit 1 when a test fails, 2 when a test file or the rules are bad.
 */
import { dirname } from 'node:path';
import type { PlatformFixture } from '@scim-connector/platform-plugins';
import type { Command } from 'commander';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from '../exit-codes.ts';
import { BadInputError, formatProblem, type InputProblem } from '../input/input-problem.ts';
import { assertLoadsWithCatalogue, loadCatalogueFixture, startingPlatform } from '../input/load-catalogue.ts';
import { loadRuleSet } from '../input/load-rule-set.ts';
import type { CliIo } from '../io.ts';
import { withBadInputReport } from '../output/bad-input.ts';
import { paint } from '../output/paint.ts';
import { streamingTable } from '../output/streaming-table.ts';
import { renderFailure } from '../output/test-report.ts';
import { runRuleTest, type TestFailure, type TestResult } from '../rule-tests/run-rule-test.ts';
import { findRuleTests, loadRuleTest, type RuleTest } from '../rule-tests/test-file.ts';

export const DEFAULT_TESTS_DIR = 'rules/tests';

/** The `--json` document (docs/rules.md); `problems` lists test files that could not be run. */
export interface TestDocument {
  passed: number;
  failed: number;
  tests: { file: string; name: string; passed: boolean; failures: TestFailure[] }[];
  problems: InputProblem[];
}

export function registerTest(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('test')
    .description('run the rule tests (*.test.json); exit 1 when any fails')
    .argument('[dir]', 'the folder of *.test.json files', DEFAULT_TESTS_DIR)
    .option('--rules <dir>', 'the rules folder to test (default: the folder that holds the tests folder)')
    .option(
      '--catalog <fixture>',
      "the platform's catalogue (scim-rules catalog export), under each test's own platform",
    )
    .option('--json', 'print one JSON document on stdout')
    .action(async (dir: string, options: TestOptions) => {
      setExitCode(await withBadInputReport(io, options.json, () => testCommand(dir, options, io)));
    });
}

interface TestOptions {
  rules?: string;
  catalog?: string;
  json?: boolean;
}

async function testCommand(dir: string, options: TestOptions, io: CliIo): Promise<number> {
  const rules = await loadRuleSet(options.rules ?? dirname(dir));
  const catalogue = options.catalog ? await loadCatalogueFixture(options.catalog) : undefined;
  const files = await findRuleTests(dir);
  const tests: RuleTest[] = [];
  const problems: InputProblem[] = [];
  for (const file of files) {
    try {
      tests.push(withCatalogue(await loadRuleTest(file), catalogue, options.catalog));
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      problems.push(...error.problems);
    }
  }

  const p = paint(io.color);
  const table = streamingTable(
    ['RESULT', 'FILE', 'TEST'],
    [4, Math.max(...tests.map((test) => test.file.length))],
  );
  if (!options.json && tests.length > 0) io.out(p.bold(table.header()));
  const results: TestResult[] = [];
  for (const test of tests) {
    const result = await runRuleTest(test, rules);
    results.push(result);
    if (options.json) continue;
    io.out(table.row([result.passed ? p.green('pass') : p.red('FAIL'), result.file, result.name]));
    for (const failure of result.failures) io.out(renderFailure(failure, p));
    for (const rejection of result.rejections) {
      io.out(
        p.yellow(
          `       note: ${rejection.file}:${rejection.line}: ${rejection.method} ${rejection.path} was rejected: ${rejection.status} ${rejection.detail}\n`,
        ),
      );
    }
  }

  const passed = results.filter((result) => result.passed).length;
  const failed = results.length - passed;
  if (options.json) {
    const document: TestDocument = {
      passed,
      failed,
      tests: results.map(({ file, name, passed, failures }) => ({ file, name, passed, failures })),
      problems,
    };
    io.out(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    if (problems.length > 0) io.err(problems.map((problem) => `${formatProblem(problem)}\n`).join(''));
    const counts = `${passed} passed, ${failed} failed`;
    const unusable =
      problems.length > 0
        ? p.red(`, ${new Set(problems.map((x) => x.file)).size} test file(s) not run (see above)`)
        : '';
    io.out(`${failed > 0 ? p.red(counts) : p.green(counts)}${unusable}\n`);
  }
  if (problems.length > 0) return EXIT_BAD_INPUT;
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}

/** The test starting from the catalogue, its own platform over it; a test that cannot is bad input at its file. */
function withCatalogue(
  test: RuleTest,
  catalogue: PlatformFixture | undefined,
  catalogFile: string | undefined,
): RuleTest {
  const fixture = startingPlatform(catalogue, test.fixture);
  if (fixture === undefined || catalogue === undefined) return test;
  assertLoadsWithCatalogue(fixture, test.file, catalogFile ?? '');
  return { ...test, fixture };
}
