/**
 * `scim-rules explain <userName> --events file [--rules dir] [--platform fixture] [--json]`: replays the log and
 * tells one user's story (explain/user-story.ts). A userName no event touches is bad input (exit 2), with the
 * userNames the log does touch as a hint.
 */
import type { Command } from 'commander';
import { EXIT_OK } from '../exit-codes.ts';
import { userStoryCollector } from '../explain/user-story.ts';
import { BadInputError } from '../input/input-problem.ts';
import { loadStartingPlatform } from '../input/load-catalogue.ts';
import { loadPlatformOptionsFile } from '../input/load-platform-options.ts';
import { loadRuleSet } from '../input/load-rule-set.ts';
import type { CliIo } from '../io.ts';
import { withBadInputReport } from '../output/bad-input.ts';
import { renderUserStory } from '../output/explain-report.ts';
import { createProgress } from '../output/progress.ts';
import { readEventLog } from '../replay/event-log.ts';
import { replayEventsFile } from '../replay/replay-file.ts';
import { DEFAULT_RULES_DIR } from './validate.ts';

export interface ExplainOptions {
  events: string;
  rules: string;
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
    .requiredOption('--events <file>', 'the sync-event log (JSON Lines)')
    .option('--rules <dir>', 'the rules folder', DEFAULT_RULES_DIR)
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
  const rules = await loadRuleSet(options.rules);
  const fixture = await loadStartingPlatform(options);
  const platformOptions = options.platformOptions
    ? await loadPlatformOptionsFile(options.platformOptions)
    : undefined;
  const lines = await readEventLog(options.events);
  const progress = createProgress(io, lines.length, 'lines replayed');
  const story = userStoryCollector(userName);
  const { report, platformUsers } = await replayEventsFile({
    file: options.events,
    lines,
    rules,
    ...(fixture ? { fixture } : {}),
    ...(platformOptions ? { platformOptions } : {}),
    onApplied: (request, applied, session) => story.step(request, applied, session),
    onProgress: (done) => progress.advance(done),
  });
  progress.finish();

  if (story.steps.length === 0) {
    const known = [...new Set(report.decisions.map((decision) => decision.userName))].sort();
    const hint =
      known.length > 0
        ? `; users in this log: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}`
        : '';
    throw new BadInputError([
      {
        file: options.events,
        line: 1,
        column: 1,
        message: `no event in this log touches user "${userName}"${hint}`,
      },
    ]);
  }
  const wanted = userName.toLowerCase();
  const platform = platformUsers.find((user) => user.username.toLowerCase() === wanted);
  const document = { userName: story.userName(), steps: story.steps, ...(platform ? { platform } : {}) };
  io.out(options.json ? `${JSON.stringify(document, null, 2)}\n` : renderUserStory(document, io.color));
  return EXIT_OK;
}
