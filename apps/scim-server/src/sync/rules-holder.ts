/**
 * The rules the worker decides with, swapped whole on reload (SIGHUP, POST /admin/rules/reload, the console). A
 * reload validates the folder first; a folder with problems is rejected and the rules in force stay. A successful
 * reload records a new rules version in the database, then marks every user dirty (`rules.changed`), since any
 * decision may now differ. The other processes on the same database see the version move and `follow` it: they load
 * their own folder again (docs/architecture.md, "Rules reload across replicas").
 */
import { loadRules, type RuleProblem, type RuleSet } from '@scim-connector/governance';

export class RulesFolderError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: readonly RuleProblem[],
  ) {
    super(`the rules folder ${dir} has problems:\n${problems.map(describeProblem).join('\n')}`);
    this.name = 'RulesFolderError';
  }
}

export function describeProblem(problem: RuleProblem): string {
  return `  ${problem.file}:${problem.line}:${problem.column} ${problem.message}`;
}

export type ReloadResult = { ok: true; markedUsers: number } | { ok: false; problems: RuleProblem[] };

/** The last reload attempt, kept so the console can show whether the folder on disk is the one in force. */
export interface ReloadAttempt {
  at: string;
  ok: boolean;
  /** The problems of a rejected attempt (none when it succeeded). */
  problems: RuleProblem[];
}

/** The rules version kept in the database (the store's rulesVersion / bumpRulesVersion). */
export interface RulesVersions {
  read(): Promise<number>;
  /** Records a successful reload; returns the new version. */
  bump(): Promise<number>;
}

/** Where this process stands against the rules version in the database. */
export interface RulesVersionState {
  /** The version of the rules in force here (0: no reload recorded yet). */
  version: number;
  /** A newer version this process failed to load, and why; the rules of `version` stay in force. */
  pending?: { version: number; problems: RuleProblem[] };
}

export interface RulesHolder {
  readonly dir: string;
  current(): RuleSet;
  /** When the rules in force were loaded (ISO 8601). */
  loadedAt(): string;
  /** The last reload attempt since the start, or undefined when none was made. */
  lastReload(): ReloadAttempt | undefined;
  /** Loads the folder again; on success swaps the rules in, records a new version and marks every user dirty. */
  reload(): Promise<ReloadResult>;
  versionState(): RulesVersionState;
  /**
   * Loads the folder again because another process recorded `version`; marks every user dirty only when
   * `remark` (this process may have decided with the old rules after that process marked them).
   */
  follow(version: number, remark: boolean): Promise<ReloadResult>;
}

/** Without a database to share a version with (tests of one process), the version stays 0. */
const UNVERSIONED: RulesVersions = { read: async () => 0, bump: async () => 0 };

export async function createRulesHolder(
  dir: string,
  markAllDirty: () => Promise<number>,
  versions: RulesVersions = UNVERSIONED,
): Promise<RulesHolder> {
  // The version first: a reload elsewhere after this read is followed at the next poll, never missed.
  let state: RulesVersionState = { version: await versions.read() };
  const first = await loadRules(dir);
  if (!first.ok) throw new RulesFolderError(dir, first.problems);
  let rules = first.rules;
  let loadedAt = new Date().toISOString();
  let lastReload: ReloadAttempt | undefined;
  let reloading: Promise<ReloadResult> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  /** Reloads and follows run one at a time, so the version in force always matches the rules in force. */
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function reload(): Promise<ReloadResult> {
    const loaded = await loadRules(dir);
    const at = new Date().toISOString();
    if (!loaded.ok) {
      lastReload = { at, ok: false, problems: loaded.problems };
      return { ok: false, problems: loaded.problems };
    }
    rules = loaded.rules;
    loadedAt = at;
    lastReload = { at, ok: true, problems: [] };
    // The version before the marks: a process that still decides with the old rules after the marks has
    // necessarily read the old version before this bump, and re-marks when it follows (rules-version-poller.ts).
    state = { version: await versions.bump() };
    return { ok: true, markedUsers: await markAllDirty() };
  }

  async function follow(version: number, remark: boolean): Promise<ReloadResult> {
    if (version <= state.version) return { ok: true, markedUsers: 0 };
    const loaded = await loadRules(dir);
    if (!loaded.ok) {
      state = { version: state.version, pending: { version, problems: loaded.problems } };
      return { ok: false, problems: loaded.problems };
    }
    rules = loaded.rules;
    loadedAt = new Date().toISOString();
    state = { version };
    return { ok: true, markedUsers: remark ? await markAllDirty() : 0 };
  }

  return {
    dir,
    current: () => rules,
    loadedAt: () => loadedAt,
    lastReload: () => lastReload,
    versionState: () => state,
    reload() {
      // Two reloads at once (a SIGHUP during an admin call) would only do the same work twice.
      reloading ??= serially(reload).finally(() => {
        reloading = undefined;
      });
      return reloading;
    },
    follow: (version, remark) => serially(() => follow(version, remark)),
  };
}
