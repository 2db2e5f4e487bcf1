/**
 * `scim-rules diff <rulesA> <rulesB> --events file [--platform fixture] [--json]`: replays one log under two rule
 * folders and lists every user whose outcome, status or roles differ, both sides shown. Exit 0 with "no
 * differences" when there are none, 1 when there are (so a pull-request check flags a change in behaviour),
 * 2 on bad input.
 */
import type { Command } from 'commander';
import { compareOutcomes, type OutcomeComparison } from '../diff/compare-outcomes.ts';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes.ts';
import { loadStartingPlatform } from '../input/load-catalogue.ts';
import { loadPlatformOptionsFile } from '../input/load-platform-options.ts';
import { loadRuleSet } from '../input/load-rule-set.ts';
import type { CliIo } from '../io.ts';
import { withBadInputReport } from '../output/bad-input.ts';
import { renderDifferences } from '../output/diff-report.ts';
import { createProgress } from '../output/progress.ts';
import { readEventLog } from '../replay/event-log.ts';
import { replayEventsFile } from '../replay/replay-file.ts';

export interface DiffOptions {
  events: string;
  platform?: string;
  catalog?: string;
  platformOptions?: string;
  json?: boolean;
}

/** The `--json` document. */
export interface DiffDocument extends OutcomeComparison {
  rulesA: string;
  rulesB: string;
  events: string;
}

export function registerDiff(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('diff')
    .description(
      'replay a log under two rule folders and list the users whose outcome, status or roles differ',
    )
    .argument('<rulesA>', 'the rules folder as it is (e.g. the main branch)')
    .argument('<rulesB>', 'the rules folder as proposed')
    .requiredOption('--events <file>', 'the sync-event log (JSON Lines)')
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
    .action(async (rulesA: string, rulesB: string, options: DiffOptions) => {
      setExitCode(await withBadInputReport(io, options.json, () => diffCommand(rulesA, rulesB, options, io)));
    });
}

async function diffCommand(rulesA: string, rulesB: string, options: DiffOptions, io: CliIo): Promise<number> {
  const [ruleSetA, ruleSetB] = [await loadRuleSet(rulesA), await loadRuleSet(rulesB)];
  const fixture = await loadStartingPlatform(options);
  const platformOptions = options.platformOptions
    ? await loadPlatformOptionsFile(options.platformOptions)
    : undefined;
  const lines = await readEventLog(options.events);
  const progress = createProgress(io, 2 * lines.length, 'lines replayed (both rule folders)');
  const replay = (rules: typeof ruleSetA, offset: number) =>
    replayEventsFile({
      file: options.events,
      lines,
      rules,
      ...(fixture ? { fixture } : {}),
      ...(platformOptions ? { platformOptions } : {}),
      onProgress: (done) => progress.advance(offset + done),
    });
  const a = await replay(ruleSetA, 0);
  const b = await replay(ruleSetB, lines.length);
  progress.finish();

  const comparison = compareOutcomes(a, b);
  if (options.json) {
    const document: DiffDocument = { rulesA, rulesB, events: options.events, ...comparison };
    io.out(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    io.out(renderDifferences(comparison, { rulesA, rulesB }, io.color));
  }
  return comparison.differences.length > 0 ? EXIT_FAILED : EXIT_OK;
}
