/**
 * `scim-rules simulate <events.jsonl> [--rules dir] [--platform fixture.json] [--json] [--explain] [--skip-bad]
 * [--fail-on-block]`: replays a sync-event log through the server's SCIM apply logic and sync cycle against the
 * in-process simulator, printing each decision as it happens, then the platform's final state and a summary.
 */
import type { Command } from 'commander';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes.ts';
import { loadStartingPlatform } from '../input/load-catalogue.ts';
import { loadPlatformOptionsFile } from '../input/load-platform-options.ts';
import { loadRuleSet } from '../input/load-rule-set.ts';
import type { CliIo } from '../io.ts';
import { withBadInputReport } from '../output/bad-input.ts';
import { createProgress } from '../output/progress.ts';
import {
  type DecisionReporter,
  decisionReporter,
  renderPlatformUsers,
  renderSummary,
} from '../output/simulate-report.ts';
import { readEventLog } from '../replay/event-log.ts';
import { replayEventsFile } from '../replay/replay-file.ts';
import type { PlatformUserState } from '../replay/replay-session.ts';
import type { LocatedDecision } from '../replay/run-replay.ts';
import { type DecisionDetails, decisionDetails } from '../simulation/decision-details.ts';
import { type SimulationSummary, summarize, usersLeftBlocked } from '../simulation/summary.ts';
import { DEFAULT_RULES_DIR } from './validate.ts';

export interface SimulateOptions {
  rules: string;
  platform?: string;
  catalog?: string;
  platformOptions?: string;
  json?: boolean;
  explain?: boolean;
  skipBad?: boolean;
  failOnBlock?: boolean;
}

/** The `--json` document (docs/rules.md); keys beyond the documented ones are additions. */
export interface SimulateDocument {
  summary: SimulationSummary;
  decisions: (Omit<LocatedDecision, 'file' | 'userId'> & { explanation?: DecisionDetails })[];
  platform: { users: PlatformUserState[] };
  /** Users whose latest decision is a block. */
  blockedUsers: string[];
  rejections: {
    line: number;
    method: string;
    path: string;
    status: number;
    scimType?: string;
    detail: string;
  }[];
  pushFailures: { line: number; userName: string | undefined; error: string }[];
  badLines: { file: string; line: number; column: number; message: string }[];
}

export function registerSimulate(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('simulate')
    .description('replay a sync-event log (JSON Lines) through the server logic against a simulated platform')
    .argument('<events>', 'the log: one SCIM request a line, as GET /admin/journal exports or hand-written')
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
    .option('--explain', 'show, for each decision, the rules that decided and the roles that did not resolve')
    .option('--skip-bad', 'report bad lines and go on instead of stopping at the first')
    .option('--fail-on-block', 'exit 1 when any user ends the log blocked')
    .action(async (events: string, options: SimulateOptions) => {
      setExitCode(
        await withBadInputReport(
          io,
          options.json,
          () => simulateCommand(events, options, io),
          (problems) =>
            !options.skipBad && problems.some((problem) => problem.file === events)
              ? 'simulate stopped at the first bad line (--skip-bad reports bad lines and goes on)'
              : undefined,
        ),
      );
    });
}

async function simulateCommand(file: string, options: SimulateOptions, io: CliIo): Promise<number> {
  const rules = await loadRuleSet(options.rules);
  const fixture = await loadStartingPlatform(options);
  const platformOptions = options.platformOptions
    ? await loadPlatformOptionsFile(options.platformOptions)
    : undefined;
  const lines = await readEventLog(file);
  const progress = createProgress(io, lines.length, 'lines replayed');
  const reporter: DecisionReporter | undefined = options.json ? undefined : decisionReporter(io.color, lines);
  const print = (text: string) => progress.print(text);
  /** Explanations by decision number, in the order decisions happen. */
  const details = new Map<number, DecisionDetails>();
  let decisionCount = 0;

  const { report, platformUsers } = await replayEventsFile({
    file,
    lines,
    rules,
    ...(fixture ? { fixture } : {}),
    ...(platformOptions ? { platformOptions } : {}),
    ...(options.skipBad ? { skipBad: true } : {}),
    onProgress: (done) => progress.advance(done),
    onBadLine: (problem) => reporter && print(reporter.badLine(problem)),
    onApplied: (request, applied) => {
      const line = request.origin.position.line;
      for (const decision of applied.decisions) {
        const failed = applied.pushFailures.some((failure) => failure.userId === decision.userId);
        const explained = options.explain && !failed ? decisionDetails(decision) : undefined;
        if (explained) details.set(decisionCount, explained);
        decisionCount++;
        if (reporter) print(reporter.decision(line, decision, explained));
      }
      if (!reporter) return;
      for (const failure of applied.pushFailures) print(reporter.pushFailure(line, failure));
      if (applied.rejection) print(reporter.rejection(line, request, applied.rejection));
    },
  });
  progress.finish();

  const summary = summarize(report);
  const blockedUsers = usersLeftBlocked(report.decisions);
  if (options.json) {
    const document: SimulateDocument = {
      summary,
      decisions: report.decisions.map(({ file: _file, userId: _userId, ...decision }, index) => {
        const explanation = details.get(index);
        return explanation ? { ...decision, explanation } : decision;
      }),
      platform: { users: platformUsers },
      blockedUsers,
      rejections: report.rejections.map(({ file: _file, ...rejection }) => rejection),
      pushFailures: report.pushFailures.map(({ line, userName, error }) => ({ line, userName, error })),
      badLines: report.badLines,
    };
    io.out(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    if (report.decisions.length === 0 && report.rejections.length === 0)
      io.out('no decisions: the log changed nobody\n');
    io.out(`\n${renderPlatformUsers(platformUsers, io.color)}`);
    io.out(`\n${renderSummary(summary, blockedUsers, io.color)}`);
  }
  return options.failOnBlock && blockedUsers.length > 0 ? EXIT_FAILED : EXIT_OK;
}
