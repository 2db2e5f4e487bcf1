/**
 * Replays a sync-event log file in a fresh session and returns what happened and the platform's final state.
 * Without `skipBad` every line is checked before anything is replayed, so a malformed line deep in a long log
 * fails at once instead of after minutes of replay.
 */

import type { RuleSet } from '@scim-connector/governance';
import type { PlatformFixture } from '@scim-connector/platform-plugins';
import { BadInputError, type InputProblem } from '../input/input-problem.ts';
import { type LogLine, type ParsedLine, parseLogLine, readEventLog } from './event-log.ts';
import type { ReplayRequest } from './replay-request.ts';
import {
  type AppliedRequest,
  openReplaySession,
  type PlatformUserState,
  type ReplaySession,
} from './replay-session.ts';
import { type ReplayReport, runReplay } from './run-replay.ts';

export interface ReplayFileOptions {
  file: string;
  rules: RuleSet;
  fixture?: PlatformFixture;
  platformOptions?: Readonly<Record<string, unknown>>;
  skipBad?: boolean;
  /** The log's lines, when already read (`file` then only names them). */
  lines?: readonly LogLine[];
  onApplied?(request: ReplayRequest, applied: AppliedRequest, session: ReplaySession): void | Promise<void>;
  onBadLine?(problem: InputProblem): void;
  /** Called with lines done (applied or bad) out of the total, after each. */
  onProgress?(done: number, total: number): void;
}

export interface ReplayFileResult {
  report: ReplayReport;
  platformUsers: PlatformUserState[];
}

export async function replayEventsFile(options: ReplayFileOptions): Promise<ReplayFileResult> {
  const lines = options.lines ?? (await readEventLog(options.file));
  if (!options.skipBad) assertAllLinesUsable(lines);
  const session = await openReplaySession({
    rules: options.rules,
    ...(options.fixture ? { fixture: options.fixture } : {}),
    ...(options.platformOptions ? { platformOptions: options.platformOptions } : {}),
  });
  try {
    let done = 0;
    const total = lines.length;
    function* parsed(): Generator<ParsedLine> {
      for (const line of lines) {
        yield parseLogLine(line);
        done++;
      }
    }
    const report = await runReplay(session, parsed(), {
      ...(options.skipBad ? { skipBad: true } : {}),
      onApplied: async (request, applied) => {
        await options.onApplied?.(request, applied, session);
        options.onProgress?.(done + 1, total);
      },
      onBadLine: (problem) => {
        options.onBadLine?.(problem);
        options.onProgress?.(done + 1, total);
      },
    });
    return { report, platformUsers: session.platformUsers() };
  } finally {
    await session.close();
  }
}

function assertAllLinesUsable(lines: readonly LogLine[]): void {
  for (const line of lines) {
    const parsed = parseLogLine(line);
    if (!parsed.ok) throw new BadInputError([parsed.problem]);
  }
}
