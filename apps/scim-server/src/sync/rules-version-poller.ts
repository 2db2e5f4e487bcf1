/**
 * Follows rules reloads made by other processes on the same database (docs/architecture.md, "Rules reload across
 * replicas"): every RULES_POLL_INTERVAL_MS it reads the rules version, and when another process has recorded a newer
 * one, loads this process's rules folder again. The reloading process marked every user dirty; this one may have
 * decided some of them with its old rules after that, so it marks them again if it decided anyone since the last poll
 * that still saw the old version. A folder that fails to load here keeps the old rules in force and is reported
 * (`onChange`); it is tried again when the version moves once more (fix the folder, then reload any replica).
 */
import type { Logger } from 'pino';
import { describeProblem, type RulesHolder } from './rules-holder.ts';

export interface RulesVersionPollerOptions {
  rules: RulesHolder;
  /** The version recorded in the database. */
  readVersion: () => Promise<number>;
  intervalMs: number;
  /** Decisions this process's worker has made so far (a counter that only grows). */
  decisionsMade: () => number;
  logger: Logger;
  /** After each poll that found a newer version, whether it loaded or not (the worker gate, wake-ups). */
  onChange: () => void;
}

export interface RulesVersionPoller {
  /** One poll now (tests, and the first poll at start). */
  poll(): Promise<void>;
  stop(): Promise<void>;
}

export function startRulesVersionPoller(options: RulesVersionPollerOptions): RulesVersionPoller {
  const { rules, logger } = options;
  let decisionsAtLastPoll = options.decisionsMade();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;

  async function pollOnce(): Promise<void> {
    const decisionsNow = options.decisionsMade();
    let version: number;
    try {
      version = await options.readVersion();
    } catch (error) {
      // The database is away: the next poll tries again; the rules in force stay.
      logger.warn({ err: error }, 'could not read the rules version; will try again');
      return;
    }
    const state = rules.versionState();
    if (version <= state.version || version === state.pending?.version) {
      decisionsAtLastPoll = decisionsNow;
      return;
    }
    const remark = options.decisionsMade() > decisionsAtLastPoll;
    const result = await rules.follow(version, remark);
    if (result.ok) {
      decisionsAtLastPoll = decisionsNow;
      logger.info(
        { version, markedUsers: result.markedUsers },
        'rules reloaded: another process recorded a new rules version',
      );
    } else {
      logger.error(
        { version, problems: result.problems.map(describeProblem) },
        'rules version recorded by another process cannot be loaded from this rules folder; the previous rules stay in force and the sync worker waits',
      );
    }
    options.onChange();
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      polling = pollOnce()
        .catch((error: unknown) => logger.error({ err: error }, 'rules version poll failed'))
        .finally(() => {
          polling = undefined;
          schedule();
        });
    }, options.intervalMs);
    timer.unref();
  }

  schedule();
  return {
    poll: pollOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await polling;
    },
  };
}
