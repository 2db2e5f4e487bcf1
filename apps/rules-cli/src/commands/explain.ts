/**
 * `scim-rules explain <userName> --events file [--rules dir] [--platform fixture] [--json]`: replays the log and
 * tells one user's story (explain/user-story.ts). `--test file.test.json` instead replays a rule test's events from
 * the test's own platform, so a failing test can be explained: its events are read by the rule-test loader, and
 * each step names its line in the test file. A userName no event touches is bad input (exit 2), with the
 * userNames the events do touch as a hint.
 */
import { dirname } from 'node:path';
import type { RuleSet } from '@scim-connector/governance';
import type { PlatformFixture } from '@scim-connector/platform-plugins';
import type { Command } from 'commander';
import { EXIT_OK } from '../exit-codes.ts';
import { userStoryCollector } from '../explain/user-story.ts';
import { BadInputError } from '../input/input-problem.ts';
import {
  assertLoadsWithCatalogue,
  loadCatalogueFixture,
  loadStartingPlatform,
  startingPlatform,
} from '../input/load-catalogue.ts';
import { loadPlatformOptionsFile } from '../input/load-platform-options.ts';
import { loadRuleSet } from '../input/load-rule-set.ts';
import type { CliIo } from '../io.ts';
import { withBadInputReport } from '../output/bad-input.ts';
import { renderUserStory } from '../output/explain-report.ts';
import { createProgress } from '../output/progress.ts';
import { readEventLog } from '../replay/event-log.ts';
import { type ReplayFileResult, replayEventsFile } from '../replay/replay-file.ts';
import { openReplaySession } from '../replay/replay-session.ts';
import { runReplay } from '../replay/run-replay.ts';
import { loadRuleTest } from '../rule-tests/test-file.ts';
import { DEFAULT_RULES_DIR } from './validate.ts';

export interface ExplainOptions {
  events?: string;
  test?: string;
  rules?: string;
  platform?: string;
  catalog?: string;
  platformOptions?: string;
  json?: boolean;
}

export function registerExplain(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('explain')
    .description(
      "one user's story through a log: each event, the facts, the rules that fired, roles and sources",
    )
    .argument('<userName>', 'the user, as the IdP names them (case-insensitive)')
    .option('--events <file>', 'the sync-event log (JSON Lines)')
    .option('--test <file>', "a rule test (*.test.json): the user's story at the end of its events")
    .option(
      '--rules <dir>',
      `the rules folder (default: ${DEFAULT_RULES_DIR}; with --test, the folder holding the tests folder)`,
    )
    .option('--platform <fixture>', 'platform fixture to start from (default: the simulator seed)')
    .option(
      '--catalog <fixture>',
      "the platform's catalogue (scim-rules catalog export): its roles, contexts and settings replace the seed's",
    )
    .option(
      '--platform-options <file>',
      "the platform plugin's options (JSON), as PLATFORM_OPTIONS_FILE sets them",
    )
    .option('--json', 'print one JSON document on stdout')
    .action(async (userName: string, options: ExplainOptions) => {
      setExitCode(await withBadInputReport(io, options.json, () => explainCommand(userName, options, io)));
    });
}

async function explainCommand(userName: string, options: ExplainOptions, io: CliIo): Promise<number> {
  const source = explainSource(options);
  const rules = await loadRuleSet(
    options.rules ?? (source.kind === 'test' ? dirname(dirname(source.file)) : DEFAULT_RULES_DIR),
  );
  const catalogue =
    source.kind === 'test' && options.catalog ? await loadCatalogueFixture(options.catalog) : undefined;
  const platformOptions = options.platformOptions
    ? await loadPlatformOptionsFile(options.platformOptions)
    : undefined;
  const story = userStoryCollector(userName);
  const replayed =
    source.kind === 'test'
      ? await replayTest(source.file, rules, catalogue, options.catalog, story, platformOptions)
      : await replayLog(source.file, rules, options, story, platformOptions, io);

  if (story.steps.length === 0) {
    const known = [...new Set(replayed.report.decisions.map((decision) => decision.userName))].sort();
    const hint =
      known.length > 0
        ? `; users in ${source.kind === 'test' ? 'this test' : 'this log'}: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}`
        : '';
    throw new BadInputError([
      {
        file: source.file,
        line: 1,
        column: 1,
        message: `no event in ${source.kind === 'test' ? 'this test' : 'this log'} touches user "${userName}"${hint}`,
      },
    ]);
  }
  const wanted = userName.toLowerCase();
  const platform = replayed.platformUsers.find((user) => user.username.toLowerCase() === wanted);
  const document = { userName: story.userName(), steps: story.steps, ...(platform ? { platform } : {}) };
  io.out(options.json ? `${JSON.stringify(document, null, 2)}\n` : renderUserStory(document, io.color));
  return EXIT_OK;
}

/** A usage mistake (exit 2, reported by the program as `scim-rules: ...`). */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type ExplainSource = { kind: 'events'; file: string } | { kind: 'test'; file: string };

function explainSource(options: ExplainOptions): ExplainSource {
  if (options.events !== undefined && options.test !== undefined) {
    throw new UsageError('give either --events or --test, not both');
  }
  if (options.test !== undefined) {
    if (options.platform !== undefined) {
      throw new UsageError("--platform does not apply to --test: a rule test starts from its own 'platform'");
    }
    return { kind: 'test', file: options.test };
  }
  if (options.events !== undefined) return { kind: 'events', file: options.events };
  throw new UsageError('give the events to replay: --events file.jsonl or --test file.test.json');
}

type StoryCollector = ReturnType<typeof userStoryCollector>;

async function replayLog(
  file: string,
  rules: RuleSet,
  options: ExplainOptions,
  story: StoryCollector,
  platformOptions: Readonly<Record<string, unknown>> | undefined,
  io: CliIo,
): Promise<ReplayFileResult> {
  const fixture = await loadStartingPlatform(options);
  const lines = await readEventLog(file);
  const progress = createProgress(io, lines.length, 'lines replayed');
  const result = await replayEventsFile({
    file,
    lines,
    rules,
    ...(fixture ? { fixture } : {}),
    ...(platformOptions ? { platformOptions } : {}),
    onApplied: (request, applied, session) => story.step(request, applied, session),
    onProgress: (done) => progress.advance(done),
  });
  progress.finish();
  return result;
}

/** The test's events, from its platform (over the catalogue, as `test --catalog` runs it), as `test` replays them. */
async function replayTest(
  file: string,
  rules: RuleSet,
  catalogue: PlatformFixture | undefined,
  catalogFile: string | undefined,
  story: StoryCollector,
  platformOptions: Readonly<Record<string, unknown>> | undefined,
): Promise<ReplayFileResult> {
  const test = await loadRuleTest(file);
  const fixture = startingPlatform(catalogue, test.fixture);
  if (fixture !== undefined && catalogue !== undefined)
    assertLoadsWithCatalogue(fixture, file, catalogFile ?? '');
  const session = await openReplaySession({
    rules,
    ...(fixture ? { fixture } : {}),
    ...(platformOptions ? { platformOptions } : {}),
  });
  try {
    const report = await runReplay(session, test.events, {
      onApplied: (request, applied) => story.step(request, applied, session),
    });
    return { report, platformUsers: session.platformUsers() };
  } finally {
    await session.close();
  }
}
